// Command worldbrief reads the national press of 100 countries and turns it
// into English headlines and digests. Run `worldbrief --help` for commands.
//
// This package is the only one that reads configuration. It opens the
// catalog and the store, builds the process's one pipeline (package
// pipeline: one fetcher, one translator, one digest service; wire.go), the
// chat adapters and the operations endpoints, and hands them to the
// commands; the workflows themselves live in the packages.
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
