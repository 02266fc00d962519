// Package bottest holds what the tests of the chat packages and of the
// command share: a migrated in-memory store, a chat core over the
// embedded catalog, and a log buffer safe for concurrent writers. Only
// tests import it.
package bottest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/store"
)

// Buffer is a bytes.Buffer safe for concurrent use: a log written by
// several goroutines and read by the test.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p.
func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns what was written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// Store returns a migrated, empty in-memory SQLite store, closed when the
// test ends.
func Store(tb testing.TB) *store.Store {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite::memory:", nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return st
}

// Core returns a chat core over the embedded catalog whose
// subscriptions, articles and feed health are in st.
func Core(tb testing.TB, st *store.Store) *bot.Core {
	tb.Helper()
	cat, err := sources.DefaultCatalog()
	if err != nil {
		tb.Fatal(err)
	}
	return &bot.Core{Catalog: cat, Subs: st, Store: st, Health: st}
}

// Connector is a chat adapter whose connection a test watches
// (*telegram.Bot, *discord.Bot).
type Connector interface {
	Connected() error
}

// WaitConnected waits, inside a testing/synctest bubble, until ok accepts
// what a.Connected returns: at each instant of fake time it lets every
// goroutine of the bubble settle (synctest.Wait) and checks, then lets
// 20ms of fake time pass. It fails the test, naming what it waited for,
// after 15 seconds of fake time.
func WaitConnected(tb testing.TB, a Connector, what string, ok func(error) bool) {
	tb.Helper()
	var err error
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		synctest.Wait()
		if err = a.Connected(); ok(err) {
			return
		}
	}
	tb.Fatalf("%s: Connected() = %v", what, err)
}
