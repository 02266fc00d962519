package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// ArticleSource lists the articles, of every country, published in
// [since, until].
type ArticleSource interface {
	ArticlesBetween(ctx context.Context, since, until time.Time) ([]sources.Article, error)
}

// Store keeps built digests so that every caller asking for a country
// within an interval gets the same one, across restarts and processes.
type Store interface {
	// LatestDigest returns the newest stored digest of country for window
	// built at or after notBefore, and false when there is none.
	LatestDigest(ctx context.Context, country string, window time.Duration, notBefore time.Time) (Digest, bool, error)
	// SaveDigest stores d.
	SaveDigest(ctx context.Context, d Digest) error
}

// Service hands out digests, building each country's at most once per
// Interval however many callers ask, and storing it. A digest of no
// article is never stored nor served from the store: the country's feeds
// may just not have been read yet, and the next caller builds again.
type Service struct {
	// Builder builds digests; required.
	Builder *Builder
	// Articles supplies the window's articles; required.
	Articles ArticleSource
	// Store keeps built digests; nil keeps them in memory only.
	Store Store
	// Summarizer, when set, rewrites the summaries of a new digest;
	// any error keeps the extractive summary.
	Summarizer Summarizer
	// Interval is how long a built digest is served (default 30m).
	Interval time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log receives warnings (default: discarded).
	Log *slog.Logger

	mu      sync.Mutex
	flights map[string]*flight
	memory  map[string]Digest
	forgot  map[string]time.Time // see Forget

	// The last Index, shared by every country's build within Interval:
	// the window's articles are loaded and clustered once, not once per
	// country. ixMu serialises its rebuilds.
	ixMu sync.Mutex
	ix   *Index
	ixAt time.Time

	world worldCache
}

// flight is one build in progress; later callers wait for it.
type flight struct {
	done chan struct{}
	d    Digest
	err  error
}

// Digest returns country's current digest: the stored one if it was built
// within Interval, or a new one. Concurrent callers for one country share
// one build.
//
// The country WorldCode is the world edition in a digest's shape
// (World.AsDigest), so that chats can ask for and subscribe to it.
func (s *Service) Digest(ctx context.Context, country string) (Digest, error) {
	country = strings.ToLower(country)
	if country == WorldCode {
		w, err := s.World(ctx)
		return w.AsDigest(), err
	}
	now := s.now().Truncate(time.Second) // stored digests keep whole seconds
	if d, ok, err := s.cached(ctx, country, now); err != nil || ok {
		return d, err
	}
	s.mu.Lock()
	if s.flights == nil {
		s.flights = map[string]*flight{}
	}
	if f, ok := s.flights[country]; ok {
		s.mu.Unlock()
		select {
		case <-f.done:
			if f.err != nil && ctx.Err() == nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
				// The caller who ran the build gave up; this one has not.
				return s.Digest(ctx, country)
			}
			return f.d, f.err
		case <-ctx.Done():
			return Digest{}, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	s.flights[country] = f
	s.mu.Unlock()

	// A build that finished between the cache check and the flight
	// registration is reused.
	if d, ok, err := s.cached(ctx, country, now); err != nil || ok {
		f.d, f.err = d, err
	} else {
		f.d, f.err = s.build(ctx, country, now, true)
	}
	s.mu.Lock()
	delete(s.flights, country)
	s.mu.Unlock()
	close(f.done)
	return f.d, f.err
}

// DigestAt builds country's digest for the window ending at, without
// reading or writing the store: a look at the past, e.g. for --at.
func (s *Service) DigestAt(ctx context.Context, country string, at time.Time) (Digest, error) {
	var (
		d   Digest
		err error
	)
	if strings.EqualFold(country, WorldCode) {
		var w World
		w, err = s.WorldAt(ctx, at)
		d = w.AsDigest()
	} else {
		d, err = s.build(ctx, strings.ToLower(country), at, false)
	}
	d.Past = err == nil
	return d, err
}

func (s *Service) cached(ctx context.Context, country string, now time.Time) (Digest, bool, error) {
	notBefore := s.notBefore(country, now)
	window := s.Builder.Options.withDefaults().Window
	if s.Store == nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		d, ok := s.memory[country]
		return d, ok && !d.GeneratedAt.Before(notBefore) && d.Articles > 0, nil
	}
	d, ok, err := s.Store.LatestDigest(ctx, country, window, notBefore)
	if err != nil {
		return Digest{}, false, fmt.Errorf("digest %s: load stored: %w", country, err)
	}
	return d, ok && d.Articles > 0, nil
}

func (s *Service) build(ctx context.Context, country string, at time.Time, keep bool) (Digest, error) {
	if s.Builder == nil || s.Articles == nil {
		return Digest{}, errors.New("digest: service needs a Builder and an ArticleSource")
	}
	var (
		ix  *Index
		err error
	)
	if keep {
		ix, err = s.snapshot(ctx, at)
	} else {
		ix, err = s.index(ctx, at)
	}
	if err != nil {
		return Digest{}, fmt.Errorf("digest %s: %w", country, err)
	}
	d := ix.Digest(country)
	s.summarise(ctx, &d)
	if !keep || d.Articles == 0 {
		return d, nil
	}
	if s.Store == nil {
		s.mu.Lock()
		if s.memory == nil {
			s.memory = map[string]Digest{}
		}
		s.memory[country] = d
		s.mu.Unlock()
		return d, nil
	}
	if err := s.Store.SaveDigest(ctx, d); err != nil {
		return Digest{}, fmt.Errorf("digest %s: save: %w", country, err)
	}
	return d, nil
}

// Invalidate drops the shared Index, so the next build loads the window's
// articles again: call it when articles a digest should show arrived
// after the Index was built (e.g. a country's feeds were just read for the
// first time). Digests already built keep being served for Interval.
func (s *Service) Invalidate() {
	s.ixMu.Lock()
	s.ix = nil
	s.ixMu.Unlock()
}

// snapshot returns the shared Index if it was built within Interval
// before now, or builds a new one.
func (s *Service) snapshot(ctx context.Context, now time.Time) (*Index, error) {
	s.ixMu.Lock()
	defer s.ixMu.Unlock()
	if s.ix != nil && !s.ixAt.After(now) && now.Sub(s.ixAt) < s.interval() {
		return s.ix, nil
	}
	ix, err := s.index(ctx, now)
	if err != nil {
		return nil, err
	}
	s.ix, s.ixAt = ix, now
	return ix, nil
}

// index loads the window ending at and clusters it.
func (s *Service) index(ctx context.Context, at time.Time) (*Index, error) {
	window := s.Builder.Options.withDefaults().Window
	arts, err := s.Articles.ArticlesBetween(ctx, at.Add(-window), at)
	if err != nil {
		return nil, fmt.Errorf("load articles: %w", err)
	}
	return s.Builder.Index(arts, at), nil
}

// summarise replaces extractive summaries with the Summarizer's, story by
// story, keeping the extractive one whenever it fails.
func (s *Service) summarise(ctx context.Context, d *Digest) {
	if s.Summarizer == nil {
		return
	}
	for i := range d.Stories {
		st := &d.Stories[i]
		text, err := s.Summarizer.Summarize(ctx, SummaryInput{Country: d.CountryName, Headline: st.Headline, Texts: st.leads})
		if err != nil {
			s.logger().Warn("summarizer failed; keeping the extractive summary", "country", d.Country, "err", err)
			if ctx.Err() != nil {
				return
			}
			continue
		}
		st.Summary = text
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) interval() time.Duration {
	if s.Interval > 0 {
		return s.Interval
	}
	return 30 * time.Minute
}

func (s *Service) logger() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.DiscardHandler)
}
