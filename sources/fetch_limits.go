package sources

import (
	"context"
	"sync"
	"time"

	"github.com/worldbrief/worldbrief/internal/backoff"
)

// feedBackoff is the backoff policy of failing feeds.
var feedBackoff = backoff.Policy{Base: 15 * time.Minute, Cap: 24 * time.Hour}

// Backoff returns how long to wait before fetching a feed again after
// errorCount consecutive failures: the steps 15m, 30m, 1h, … double up to
// 24h, and each wait is drawn from the upper half of its step (7.5–15m,
// 15–30m, …), so feeds that failed together, or replicas that restarted
// together, are not retried in one burst. It is never less than the
// server's retryAfter (itself honoured up to 7 days), which gets up to a
// quarter more within that bound. With no failures it returns just that.
func Backoff(errorCount int, retryAfter time.Duration) time.Duration {
	var d time.Duration
	if errorCount > 0 {
		d = feedBackoff.Delay(errorCount)
	}
	ra := min(max(retryAfter, 0), maxRetryAfter)
	return max(d, min(backoff.Stagger(ra, feedBackoff.Rand), maxRetryAfter))
}

// acquire waits for a slot of u's host and then a global slot, so that a
// fetch waiting on a busy host never holds a global slot others could use.
// The returned func releases both.
func (f *Fetcher) acquire(ctx context.Context, host string) (release func(), err error) {
	releaseHost, err := f.hosts.acquire(ctx, host)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		releaseHost()
		return nil, err
	}
	select {
	case f.global <- struct{}{}:
	case <-ctx.Done():
		releaseHost()
		return nil, ctx.Err()
	}
	return func() {
		<-f.global
		releaseHost()
	}, nil
}

// hostLimiter bounds the requests in flight per host. A host's semaphore
// lives only while some fetch uses or waits for it.
type hostLimiter struct {
	limit int
	mu    sync.Mutex
	hosts map[string]*hostSlots
}

// hostSlots is one host's semaphore and the number of fetches holding or
// waiting for it.
type hostSlots struct {
	sem   chan struct{}
	users int
}

// newHostLimiter returns a limiter allowing limit requests per host.
func newHostLimiter(limit int) *hostLimiter {
	return &hostLimiter{limit: limit, hosts: make(map[string]*hostSlots)}
}

// acquire waits for a slot of host or for ctx to end.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	l.mu.Lock()
	s := l.hosts[host]
	if s == nil {
		s = &hostSlots{sem: make(chan struct{}, l.limit)}
		l.hosts[host] = s
	}
	s.users++
	l.mu.Unlock()

	if err := ctx.Err(); err != nil {
		l.leave(host, s)
		return nil, err
	}
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		l.leave(host, s)
		return nil, ctx.Err()
	}
	return sync.OnceFunc(func() {
		<-s.sem
		l.leave(host, s)
	}), nil
}

// leave drops one user of host's slots and forgets them when unused.
func (l *hostLimiter) leave(host string, s *hostSlots) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s.users--
	if s.users == 0 {
		delete(l.hosts, host)
	}
}
