package backoff

import (
	"math/rand/v2"
	"time"
)

// Rand is a source of randomness; *rand.Rand of math/rand/v2 is one.
// Tests inject a seeded one.
type Rand interface {
	// Int64N returns a uniform value in [0, n); n > 0.
	Int64N(n int64) int64
}

// globalRand is math/rand/v2's shared, safely seeded source.
type globalRand struct{}

func (globalRand) Int64N(n int64) int64 { return rand.Int64N(n) }

// Policy is an exponential backoff: the step before retry n (counted
// from 1) is Base·2^(n-1), at most Cap, and the delay actually waited is
// drawn uniformly from the upper half of the step, [step/2, step] ("equal
// jitter"). Jitter spreads clients that failed together over half a step,
// never makes a wait longer than the step, and, below the cap, every
// delay is at least the previous one (the floor of step n+1 is step n).
//
// The zero Policy waits nothing; a Policy is safe for concurrent use when
// its Rand is (nil means math/rand/v2's global source, which is).
type Policy struct {
	// Base is the first step.
	Base time.Duration
	// Cap bounds every step; zero or less means no bound.
	Cap time.Duration
	// Rand draws the jitter; nil means math/rand/v2's global source.
	Rand Rand
}

// Step returns the step of retry attempt (1 for the first retry) before
// jitter: Base doubled attempt-1 times, at most Cap. It never overflows.
func (p Policy) Step(attempt int) time.Duration {
	d := max(p.Base, 0)
	limit := p.Cap
	if limit <= 0 {
		limit = time.Duration(1<<63 - 1)
	}
	for i := 1; i < attempt && d < limit; i++ {
		if d > limit/2 {
			d = limit
			break
		}
		d *= 2
	}
	return min(d, limit)
}

// Delay returns how long to wait before retry attempt (1 for the first
// retry): a uniform draw from [Step/2, Step].
func (p Policy) Delay(attempt int) time.Duration {
	step := p.Step(attempt)
	half := step / 2
	return step - half + draw(p.Rand, half)
}

// Stagger returns how long to wait when a server asked for at least d (a
// Retry-After or a retry_after): a uniform draw from [d, d + d/4], never
// less than d, so clients told the same wait do not return in one burst.
// A negative d counts as zero.
func Stagger(d time.Duration, r Rand) time.Duration {
	if d <= 0 {
		return 0
	}
	extra := draw(r, d/4)
	if d > time.Duration(1<<63-1)-extra {
		return d
	}
	return d + extra
}

// draw returns a uniform value in [0, n] (0 when n ≤ 0).
func draw(r Rand, n time.Duration) time.Duration {
	if n <= 0 {
		return 0
	}
	if r == nil {
		r = globalRand{}
	}
	if n == time.Duration(1<<63-1) {
		return time.Duration(r.Int64N(int64(n)))
	}
	return time.Duration(r.Int64N(int64(n) + 1))
}
