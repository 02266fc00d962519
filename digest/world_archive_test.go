package digest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// memWorlds is a Store in memory that keeps world editions too.
type memWorlds struct {
	memStore
	wmu    sync.Mutex
	worlds []World
}

func (m *memWorlds) SaveWorld(_ context.Context, w World) error {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	m.worlds = append(m.worlds, w)
	return nil
}

func (m *memWorlds) LatestWorld(_ context.Context, window time.Duration, notBefore time.Time) (World, bool, error) {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	for i := len(m.worlds) - 1; i >= 0; i-- {
		if w := m.worlds[i]; w.Window == window && !w.GeneratedAt.Before(notBefore) {
			return w, true, nil
		}
	}
	return World{}, false, nil
}

func (m *memWorlds) WorldOnDate(_ context.Context, window time.Duration, date string) (World, bool, error) {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	for i := len(m.worlds) - 1; i >= 0; i-- {
		if w := m.worlds[i]; w.Date == date && w.Window == window {
			return w, true, nil
		}
	}
	return World{}, false, nil
}

func (m *memWorlds) DailyWorlds(_ context.Context, window time.Duration, n int) ([]World, error) {
	m.wmu.Lock()
	defer m.wmu.Unlock()
	var out []World
	for i := len(m.worlds) - 1; i >= 0 && len(out) < n; i-- {
		if w := m.worlds[i]; w.Window == window && (len(out) == 0 || out[len(out)-1].Date != w.Date) {
			out = append(out, w)
		}
	}
	return out, nil
}

// TestServiceWorldArchive: each world edition built is stored; a past
// day's edition is the one stored that day (not one rebuilt from its
// articles), the editions of several days come one per day, newest
// first; another process within the interval hands out the stored
// edition; a day in the future, a day with no article and a malformed date
// are ErrNoDigest; an edition of no article is never stored.
func TestServiceWorldArchive(t *testing.T) {
	cat := testCatalog(t)
	arts := &memArticles{arts: articlesOf(loadLabelled(t, cat))}
	for _, a := range articlesOf(loadLabelled(t, cat)) { // the same news a day later
		a.ID += "-next"
		a.URL += "-next"
		a.PublishedAt = a.PublishedAt.Add(24 * time.Hour)
		arts.arts = append(arts.arts, a)
	}
	st := &memWorlds{}
	now := labelledAt
	s := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Store: st, Now: func() time.Time { return now }}
	ctx := context.Background()

	first, err := s.World(ctx)
	if err != nil || first.Countries == 0 {
		t.Fatalf("world edition of %s: %d countries, %v", first.Date, first.Countries, err)
	}
	now = labelledAt.Add(24 * time.Hour)
	second, err := s.World(ctx)
	if err != nil || second.Date != "2026-03-11" {
		t.Fatalf("next day's edition: %s, %v", second.Date, err)
	}
	if len(st.worlds) != 2 {
		t.Fatalf("%d editions stored after two builds, want 2", len(st.worlds))
	}

	daily, err := s.DailyWorlds(ctx, 14)
	if err != nil {
		t.Fatal(err)
	}
	if len(daily) != 2 || daily[0].Date != "2026-03-11" || daily[1].Date != "2026-03-10" {
		t.Fatalf("DailyWorlds = %d editions %v, want 2026-03-11 and 2026-03-10", len(daily), dates(daily))
	}
	past, err := s.WorldOn(ctx, "2026-03-10")
	if err != nil {
		t.Fatal(err)
	}
	if !past.GeneratedAt.Equal(labelledAt) || len(past.Stories) == 0 || past.Stories[0].Headline != first.Stories[0].Headline {
		t.Errorf("WorldOn(2026-03-10) built %s led by %q; want the stored edition of %s led by %q",
			past.GeneratedAt, headlineOf(past), labelledAt, headlineOf(first))
	}
	if today, err := s.WorldOn(ctx, s.Today(WorldCode)); err != nil || !today.GeneratedAt.Equal(second.GeneratedAt) {
		t.Errorf("WorldOn(today %s) = %s, %v; want the current edition", s.Today(WorldCode), today.GeneratedAt, err)
	}
	for _, day := range []string{"2026-03-12", "2026-03-01", "2026-3-10", "yesterday"} {
		if _, err := s.WorldOn(ctx, day); !errors.Is(err, ErrNoDigest) {
			t.Errorf("WorldOn(%q) = %v, want ErrNoDigest", day, err)
		}
	}

	// Another process (or this one after a restart) within the interval
	// hands out the stored edition: the articles are not read again.
	calls := arts.calls.Load()
	other := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Store: st, Now: func() time.Time { return now.Add(10 * time.Minute) }}
	if w, err := other.World(ctx); err != nil || !w.GeneratedAt.Equal(second.GeneratedAt) || arts.calls.Load() != calls {
		t.Errorf("a second process's edition: built %s (%v), articles read %d times; want the stored one of %s",
			w.GeneratedAt, err, arts.calls.Load()-calls, second.GeneratedAt)
	}

	empty := &memWorlds{}
	s = &Service{Builder: NewBuilder(cat, Options{}), Articles: &memArticles{}, Store: empty, Now: func() time.Time { return now }}
	if _, err := s.World(ctx); err != nil || len(empty.worlds) != 0 {
		t.Errorf("an edition of no article: %v, %d stored; want none stored", err, len(empty.worlds))
	}
}

func dates(ws []World) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Date)
	}
	return out
}

func headlineOf(w World) string {
	if len(w.Stories) == 0 {
		return ""
	}
	return w.Stories[0].Headline
}
