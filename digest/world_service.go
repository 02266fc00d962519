package digest

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// worldCache is the Service's last world edition, rebuilt at most once
// per Interval.
type worldCache struct {
	mu sync.Mutex
	w  World
	at time.Time
	ok bool
}

// World returns the current world edition, built at most once per
// Interval from the same clustered window as the countries' digests, and
// stored when the Store is a WorldArchive: then an edition stored within
// the Interval (by another process, or before a restart) is handed out
// instead of a new one. An edition of no article is not kept.
// With a Summarizer each story's take is its synthesis of the countries'
// coverage; any error keeps the extractive take.
func (s *Service) World(ctx context.Context) (World, error) {
	if s.Builder == nil || s.Articles == nil {
		return World{}, fmt.Errorf("digest world: service needs a Builder and an ArticleSource")
	}
	now := s.now().Truncate(time.Second)
	c := &s.world
	c.mu.Lock()
	defer c.mu.Unlock()
	// Forget(WorldCode), after its texts were translated, makes the next
	// edition a new build too.
	if c.ok && !c.at.After(now) && now.Sub(c.at) < s.interval() && !s.forgotSince(WorldCode, c.at) {
		return c.w, nil
	}
	if w, ok, err := s.storedWorld(ctx, now); err != nil || ok {
		if ok {
			c.w, c.at, c.ok = w, w.GeneratedAt, true
		}
		return w, err
	}
	ix, err := s.snapshot(ctx, now)
	if err != nil {
		return World{}, fmt.Errorf("digest world: %w", err)
	}
	w := ix.World()
	if s.Summarizer != nil {
		for i := range w.Stories {
			st := &w.Stories[i]
			text, err := s.Summarizer.Summarize(ctx, SummaryInput{Country: "the world", Headline: st.Headline, Texts: st.leads})
			if err != nil {
				s.logger().Warn("summarizer failed; keeping the extractive world take", "err", err)
				if ctx.Err() != nil {
					break
				}
				continue
			}
			st.Take = text
		}
	}
	// An edition of no article (feeds not read yet) is neither kept nor
	// stored: the next caller builds again.
	c.w, c.at, c.ok = w, now, w.Countries > 0
	if c.ok {
		if err := s.saveWorld(ctx, w); err != nil {
			return World{}, err
		}
	}
	return w, nil
}

// WorldAt builds the world edition of the window ending at, without
// caching (and without the Summarizer): a look at the past, e.g. for --at.
func (s *Service) WorldAt(ctx context.Context, at time.Time) (World, error) {
	if s.Builder == nil || s.Articles == nil {
		return World{}, fmt.Errorf("digest world: service needs a Builder and an ArticleSource")
	}
	ix, err := s.index(ctx, at)
	if err != nil {
		return World{}, fmt.Errorf("digest world: %w", err)
	}
	w := ix.World()
	w.Past = true
	return w, nil
}
