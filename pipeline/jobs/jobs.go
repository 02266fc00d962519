// Package jobs runs worldbrief's periodic work — feed fetches,
// translation, pruning and the minute tick of deliveries — on
// robfig/cron, with panics recovered and logged and overlapping runs of
// a job skipped.
package jobs

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Scheduler runs jobs on cron specs in UTC.
type Scheduler struct {
	c   *cron.Cron
	log *slog.Logger

	mu  sync.Mutex
	ctx context.Context
}

// New returns a Scheduler logging to log (nil: discarded).
func New(log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := cronLogger{log}
	return &Scheduler{log: log, ctx: context.Background(), c: cron.New(
		cron.WithLocation(time.UTC),
		cron.WithLogger(l),
		// Recover sits inside SkipIfStillRunning: v3.0.1's skip wrapper
		// releases its slot without defer, so a panic crossing it would
		// stop the job for good.
		cron.WithChain(cron.SkipIfStillRunning(l), cron.Recover(l)),
	)}
}

// Add schedules fn under a standard cron spec ("* * * * *") or a
// descriptor ("@every 30m"). fn gets the context Run was given; its error
// is logged.
func (s *Scheduler) Add(name, spec string, fn func(ctx context.Context) error) error {
	_, err := s.c.AddFunc(spec, func() {
		s.mu.Lock()
		ctx := s.ctx
		s.mu.Unlock()
		if ctx.Err() != nil {
			return
		}
		start := time.Now()
		if err := fn(ctx); err != nil {
			s.log.Error("job failed", "job", name, "err", err)
			return
		}
		s.log.Debug("job done", "job", name, "took", time.Since(start))
	})
	if err != nil {
		return fmt.Errorf("jobs: %s: bad spec %q: %w", name, spec, err)
	}
	return nil
}

// Run starts the jobs and blocks until ctx ends, then waits for running
// jobs to return (they see ctx cancelled).
func (s *Scheduler) Run(ctx context.Context) error {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
	s.c.Start()
	<-ctx.Done()
	<-s.c.Stop().Done()
	return nil
}

// Slot tells whether key belongs to the slot of now when keys are spread
// over slots consecutive ticks of tick each: a fetch every minute of the
// sites in the current slot fetches every site once per slots×tick,
// spread over the interval instead of all at once.
func Slot(key string, now time.Time, tick time.Duration, slots int) bool {
	if slots <= 1 {
		return true
	}
	h := fnv.New32a()
	h.Write([]byte(key))
	cur := (now.UnixNano() / int64(tick)) % int64(slots)
	return int64(h.Sum32()%uint32(slots)) == cur
}

// cronLogger adapts slog to cron.Logger.
type cronLogger struct{ l *slog.Logger }

// Info logs cron's routine messages at debug level.
func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }

// Error logs cron's errors, recovered panics included.
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
