package digest

import (
	"context"
	"fmt"
	"time"
)

// WorldArchive is what a Store may offer to keep the world editions: each
// built edition is saved, and past days' read back. A Store without it
// still gives the current edition and past days built from the articles
// still stored.
type WorldArchive interface {
	// SaveWorld stores a built world edition.
	SaveWorld(ctx context.Context, w World) error
	// LatestWorld returns the newest stored world edition for window
	// built at or after notBefore, and false when there is none.
	LatestWorld(ctx context.Context, window time.Duration, notBefore time.Time) (World, bool, error)
	// WorldOnDate returns the newest stored world edition for window
	// whose UTC date is date (YYYY-MM-DD), and false when there is none.
	WorldOnDate(ctx context.Context, window time.Duration, date string) (World, bool, error)
	// DailyWorlds returns the newest stored world edition of each of the
	// n most recent dates, newest first.
	DailyWorlds(ctx context.Context, window time.Duration, n int) ([]World, error)
}

// saveWorld stores a new edition when the Store keeps world editions.
func (s *Service) saveWorld(ctx context.Context, w World) error {
	a, ok := s.Store.(WorldArchive)
	if !ok {
		return nil
	}
	if err := a.SaveWorld(ctx, w); err != nil {
		return fmt.Errorf("digest world: save: %w", err)
	}
	return nil
}

// storedWorld returns the edition another process (or this one before a
// restart) stored within the Interval before now, so that every process
// hands out the same edition; false when there is none.
func (s *Service) storedWorld(ctx context.Context, now time.Time) (World, bool, error) {
	a, ok := s.Store.(WorldArchive)
	if !ok {
		return World{}, false, nil
	}
	w, found, err := a.LatestWorld(ctx, s.Builder.Options.withDefaults().Window, now.Add(-s.interval()))
	if err != nil {
		return World{}, false, fmt.Errorf("digest world: load stored: %w", err)
	}
	return w, found && w.Countries > 0 && !w.GeneratedAt.After(now), nil
}

// WorldOn returns the world edition of the UTC date day (YYYY-MM-DD; the
// world's "today" is Today(WorldCode)): the current edition for today;
// for a past day the last edition stored that day, or one built from the
// articles of the day's 24 hours still stored. ErrNoDigest when the day is
// in the future or has no articles.
func (s *Service) WorldOn(ctx context.Context, day string) (World, error) {
	start, err := time.ParseInLocation(time.DateOnly, day, time.UTC)
	if err != nil {
		return World{}, fmt.Errorf("world edition of %q: %w", day, ErrNoDigest)
	}
	today := s.Today(WorldCode)
	switch {
	case day == today:
		return s.World(ctx)
	case day > today:
		return World{}, fmt.Errorf("world edition of %s: %w", day, ErrNoDigest)
	}
	if a, ok := s.Store.(WorldArchive); ok {
		w, found, err := a.WorldOnDate(ctx, s.Builder.Options.withDefaults().Window, day)
		if err != nil {
			return World{}, fmt.Errorf("world edition of %s: %w", day, err)
		}
		if found {
			w.Past = true
			return w, nil
		}
	}
	w, err := s.WorldAt(ctx, start.AddDate(0, 0, 1).Add(-time.Second))
	if err != nil {
		return World{}, err
	}
	if w.Countries == 0 {
		return World{}, fmt.Errorf("world edition of %s: %w", day, ErrNoDigest)
	}
	return w, nil
}

// DailyWorlds returns one world edition per UTC day, newest first, at
// most n: the current edition, then the last stored edition of each
// earlier day (none without a WorldArchive store).
func (s *Service) DailyWorlds(ctx context.Context, n int) ([]World, error) {
	cur, err := s.World(ctx)
	if err != nil {
		return nil, err
	}
	out := []World{cur}
	a, ok := s.Store.(WorldArchive)
	if !ok || n <= 1 {
		return out, nil
	}
	past, err := a.DailyWorlds(ctx, s.Builder.Options.withDefaults().Window, n+1)
	if err != nil {
		return nil, fmt.Errorf("digest world: daily: %w", err)
	}
	return appendOlder(out, past, n, func(w World) string { return w.Date }), nil
}
