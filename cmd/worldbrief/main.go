// Command worldbrief reads the national press of 50+ countries and turns it
// into English headlines and digests. Run `worldbrief --help` for commands.
//
// This package is the only one that reads configuration; it wires the
// catalog, the store, the fetcher and the commands together.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go exitOnSecondSignal(ctx, stop)
	code := run(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitOnSecondSignal waits for the first SIGINT/SIGTERM (ctx ends; the
// command shuts down gracefully), then exits at once on a second one.
func exitOnSecondSignal(ctx context.Context, stop context.CancelFunc) {
	<-ctx.Done()
	again := make(chan os.Signal, 1)
	signal.Notify(again, os.Interrupt, syscall.SIGTERM)
	stop()
	<-again
	fmt.Fprintln(os.Stderr, "worldbrief: second signal, exiting at once")
	os.Exit(1)
}
