// Command worldbrief reads the national press of 50+ countries and turns it
// into English headlines and digests. Run `worldbrief --help` for commands.
//
// This package is the only one that reads configuration; it wires the
// catalog, the store, the fetcher and the commands together.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
