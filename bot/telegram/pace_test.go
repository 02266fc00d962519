package telegram

import (
	"context"
	"errors"
	"maps"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// bookerFunc is a SlotBooker from a function.
type bookerFunc func(now time.Time, intervals map[string]time.Duration) (time.Time, error)

func (f bookerFunc) ReserveSlot(_ context.Context, now time.Time, intervals map[string]time.Duration) (time.Time, error) {
	return f(now, intervals)
}

// With shared slots the pacer books the bot's global limit and the chat's
// own limit together and waits for the slot it is given.
func TestPacerBooksSharedSlots(t *testing.T) { synctest.Test(t, testPacerBooksSharedSlots) }

func testPacerBooksSharedSlots(t *testing.T) {
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
func TestPacerFallsBackToLocalPacing(t *testing.T) { synctest.Test(t, testPacerFallsBackToLocalPacing) }

func testPacerFallsBackToLocalPacing(t *testing.T) {
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

// rateRecorder is a pace.RateObserver that keeps what it is told.
type rateRecorder struct {
	mu    sync.Mutex
	count map[string]int           // "platform/cause"
	total map[string]time.Duration // "platform/cause"
}

func (r *rateRecorder) RateWait(platform, cause string, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.count == nil {
		r.count, r.total = map[string]int{}, map[string]time.Duration{}
	}
	r.count[platform+"/"+cause]++
	r.total[platform+"/"+cause] += d
}

func (r *rateRecorder) get(key string) (int, time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count[key], r.total[key]
}

// The pacer tells its observer how long a send waited for its slot (the
// rate_limit_waits metrics), and nothing when a send did not wait.
func TestPacerReportsWaits(t *testing.T) { synctest.Test(t, testPacerReportsWaits) }

func testPacerReportsWaits(t *testing.T) {
	rec := &rateRecorder{}
	p := newPacer(60*time.Millisecond, time.Second)
	p.Observer = rec
	for range 3 {
		if err := p.wait(context.Background(), "42"); err != nil {
			t.Fatal(err)
		}
	}
	n, total := rec.get("telegram/pacing")
	if n != 2 || total != 120*time.Millisecond {
		t.Errorf("pacing waits: %d totalling %v; want 2 of 60ms (in fake time nothing else passes)", n, total)
	}
	time.Sleep(2 * p.Global) // fake time: past the bot's global spacing
	if err := p.wait(context.Background(), "43"); err != nil {
		t.Fatal(err)
	}
	if n2, _ := rec.get("telegram/pacing"); n2 != n {
		t.Errorf("a first message to another chat, past the global spacing, was reported as a wait")
	}
}

func TestPacerSpacesMessagesToOneChat(t *testing.T) {
	synctest.Test(t, testPacerSpacesMessagesToOneChat)
}

func testPacerSpacesMessagesToOneChat(t *testing.T) {
	p := newPacer(200*time.Millisecond, 400*time.Millisecond)
	ctx := context.Background()
	start := time.Now()
	for range 3 {
		if err := p.wait(ctx, "42"); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("3 messages to one chat took %v, want ≥ 400ms", d)
	}
	// Another chat does not wait for this one's interval.
	slow := newPacer(time.Hour, time.Hour)
	slow.wait(ctx, "42")
	octx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := slow.wait(octx, "43"); err != nil {
		t.Errorf("another chat waited for chat 42's interval: %v", err)
	}
	start = time.Now()
	p.wait(ctx, "-100")
	p.wait(ctx, "-100")
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("2 messages to a group took %v, want ≥ 400ms", d)
	}
	cctx, ccancel := context.WithCancel(ctx)
	ccancel()
	if err := p.wait(cctx, "-100"); err == nil {
		t.Error("wait ignored a cancelled context")
	}
}
