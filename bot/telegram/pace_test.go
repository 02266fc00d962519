package telegram

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"
)

// bookerFunc is a SlotBooker from a function.
type bookerFunc func(now time.Time, intervals map[string]time.Duration) (time.Time, error)

func (f bookerFunc) ReserveSlot(_ context.Context, now time.Time, intervals map[string]time.Duration) (time.Time, error) {
	return f(now, intervals)
}

// With shared slots the pacer books the bot's global limit and the chat's
// own limit together and waits for the slot it is given.
func TestPacerBooksSharedSlots(t *testing.T) {
	var got map[string]time.Duration
	p := newPacer(time.Second, 3*time.Second)
	p.Global = 40 * time.Millisecond
	p.Shared = bookerFunc(func(now time.Time, iv map[string]time.Duration) (time.Time, error) {
		got = maps.Clone(iv)
		return now.Add(30 * time.Millisecond), nil
	})
	start := time.Now()
	if err := p.wait(context.Background(), "-100123"); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 30*time.Millisecond {
		t.Errorf("sent after %v, before the booked slot", waited)
	}
	want := map[string]time.Duration{"telegram:global": 40 * time.Millisecond, "telegram:chat:-100123": 3 * time.Second}
	if !maps.Equal(got, want) {
		t.Errorf("booked %v, want %v", got, want)
	}
}

// When the shared booking fails the pacer still paces, locally.
func TestPacerFallsBackToLocalPacing(t *testing.T) {
	p := newPacer(50*time.Millisecond, time.Second)
	p.Shared = bookerFunc(func(time.Time, map[string]time.Duration) (time.Time, error) {
		return time.Time{}, errors.New("database down")
	})
	start := time.Now()
	for range 2 {
		if err := p.wait(context.Background(), "42"); err != nil {
			t.Fatal(err)
		}
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("two messages to one chat %v apart, want the chat interval", waited)
	}
}
