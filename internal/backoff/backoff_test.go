package backoff

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"
)

func seeded(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

func TestStepDoublesUpToTheCap(t *testing.T) {
	p := Policy{Base: time.Second, Cap: time.Minute}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second, time.Minute, time.Minute}
	for i, w := range want {
		if got := p.Step(i + 1); got != w {
			t.Errorf("Step(%d) = %v, want %v", i+1, got, w)
		}
	}
	// Attempt 0 or less is the first step; huge attempts never overflow.
	if got := p.Step(0); got != time.Second {
		t.Errorf("Step(0) = %v", got)
	}
	for _, n := range []int{63, 64, 1000, math.MaxInt} {
		if got := p.Step(n); got != time.Minute {
			t.Errorf("Step(%d) = %v, want the cap", n, got)
		}
		if got := (Policy{Base: time.Hour}).Step(n); got <= 0 {
			t.Errorf("uncapped Step(%d) = %v, overflowed", n, got)
		}
	}
	if got := (Policy{}).Delay(5); got != 0 {
		t.Errorf("zero policy waits %v", got)
	}
}

// TestDelayStaysInTheUpperHalfOfEachStep: whatever the draws, a delay is
// never above the step (nor the cap) and never below half of it, and
// below the cap each retry waits at least as long as the one before.
func TestDelayStaysInTheUpperHalfOfEachStep(t *testing.T) {
	for seed := range uint64(200) {
		p := Policy{Base: 15 * time.Minute, Cap: 24 * time.Hour, Rand: seeded(seed)}
		prev := time.Duration(0)
		for n := 1; n <= 12; n++ {
			step, d := p.Step(n), p.Delay(n)
			if d < step/2 || d > step || d > p.Cap {
				t.Fatalf("seed %d: Delay(%d) = %v outside [%v, %v]", seed, n, d, step/2, step)
			}
			if step < p.Cap && d < prev {
				t.Fatalf("seed %d: Delay(%d) = %v shrank from %v", seed, n, d, prev)
			}
			prev = d
		}
	}
}

// spread simulates n clients failing at once and returns their first
// retry delays, sorted.
func spread(n int, delay func() time.Duration) []time.Duration {
	ds := make([]time.Duration, n)
	for i := range ds {
		ds[i] = delay()
	}
	slices.Sort(ds)
	return ds
}

// TestThousandClientsDoNotRetryTogether: 1,000 clients (replicas
// restarting together, chats refused in one second) that failed at the
// same moment spread their first retries over about half a step, each
// at a moment of its own; without jitter they all came back at once.
func TestThousandClientsDoNotRetryTogether(t *testing.T) {
	const clients = 1000
	base := time.Second
	for _, tc := range []struct {
		name string
		r    Rand
	}{{"seeded", seeded(1)}, {"global", nil}} {
		t.Run(tc.name, func(t *testing.T) {
			p := Policy{Base: base, Cap: time.Minute, Rand: tc.r}
			before := spread(clients, func() time.Duration { return p.Step(1) })
			after := spread(clients, func() time.Duration { return p.Delay(1) })
			distinct := len(slices.Compact(slices.Clone(after)))
			t.Logf("first retry of %d clients, base %v: before %d distinct value(s) in [%v, %v]; after %d distinct in [%v, %v]",
				clients, base, len(slices.Compact(slices.Clone(before))), before[0], before[clients-1], distinct, after[0], after[clients-1])
			if distinct < clients*99/100 {
				t.Errorf("only %d distinct first-retry delays among %d clients", distinct, clients)
			}
			if width := after[clients-1] - after[0]; width < base*2/5 {
				t.Errorf("first retries span only %v of the %v available", width, base/2)
			}
			// No crowd: at most 5% of the clients in any tenth of the window (the
			// expectation is 5%, i.e. 50 clients in each of 10 bins of 0.05 s).
			bins := make([]int, 10)
			for _, d := range after {
				bins[min(int((d-base/2)*10/(base/2)), 9)]++
			}
			if m := slices.Max(bins); m > clients/10+clients/20 {
				t.Errorf("%d of %d clients retry within the same 50 ms (bins %v)", m, clients, bins)
			}
		})
	}
}

func TestStaggerNeverShortensTheServersWait(t *testing.T) {
	r := seeded(7)
	for _, d := range []time.Duration{time.Nanosecond, time.Second, 7 * time.Second, 5 * time.Minute, 7 * 24 * time.Hour} {
		got := spread(1000, func() time.Duration { return Stagger(d, r) })
		if got[0] < d || got[len(got)-1] > d+d/4 {
			t.Errorf("Stagger(%v) ranged over [%v, %v], want within [%v, %v]", d, got[0], got[len(got)-1], d, d+d/4)
		}
		if d >= time.Second && len(slices.Compact(got)) < 990 {
			t.Errorf("Stagger(%v): 1,000 clients told the same wait come back at only %d moments", d, len(slices.Compact(got)))
		}
	}
	if got := Stagger(-time.Second, r); got != 0 {
		t.Errorf("Stagger(-1s) = %v", got)
	}
	if got := Stagger(time.Duration(math.MaxInt64), r); got != time.Duration(math.MaxInt64) {
		t.Errorf("Stagger(max) = %v, overflowed", got)
	}
}

// TestPolicyIsSafeForConcurrentUse: loops share one Policy value with the
// global source (run with -race).
func TestPolicyIsSafeForConcurrentUse(t *testing.T) {
	p := Policy{Base: time.Second, Cap: time.Minute}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for n := range 100 {
				if d := p.Delay(n); d < p.Step(n)/2 || d > p.Step(n) {
					t.Errorf("Delay(%d) = %v", n, d)
				}
				_ = Stagger(time.Second, nil)
			}
		})
	}
	wg.Wait()
}
