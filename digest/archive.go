package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrNoDigest is returned for a day with no digest: a date in the
// future, or one whose articles are no longer (or never were) stored.
var ErrNoDigest = errors.New("no digest for that day")

// Archive is what a Store may offer to read past days' digests. A Store
// without it still gives today's digest and past days built from the
// articles still stored.
type Archive interface {
	// DigestOnDate returns the newest stored digest of country for window
	// whose local date is date (YYYY-MM-DD), and false when there is none.
	DigestOnDate(ctx context.Context, country string, window time.Duration, date string) (Digest, bool, error)
	// DailyDigests returns the newest stored digest of each of the n most
	// recent dates of country, newest first.
	DailyDigests(ctx context.Context, country string, window time.Duration, n int) ([]Digest, error)
}

// Today returns country's local date now, as YYYY-MM-DD (the UTC date
// for WorldCode).
func (s *Service) Today(country string) string {
	return s.now().In(s.zone(country)).Format(time.DateOnly)
}

// DigestOn returns country's digest of the local date day (YYYY-MM-DD):
// the current digest for today; for a past day the last digest stored
// that day, or one built from the articles of the day's 24 hours still
// stored. ErrNoDigest when the day is in the future or has no articles.
func (s *Service) DigestOn(ctx context.Context, country, day string) (Digest, error) {
	country = strings.ToLower(country)
	loc := s.zone(country)
	start, err := time.ParseInLocation(time.DateOnly, day, loc)
	if err != nil {
		return Digest{}, fmt.Errorf("digest %s on %q: %w", country, day, ErrNoDigest)
	}
	today := s.Today(country)
	switch {
	case day == today:
		return s.Digest(ctx, country)
	case day > today:
		return Digest{}, fmt.Errorf("digest %s on %s: %w", country, day, ErrNoDigest)
	}
	if a, ok := s.Store.(Archive); ok {
		d, found, err := a.DigestOnDate(ctx, country, s.Builder.Options.withDefaults().Window, day)
		if err != nil {
			return Digest{}, fmt.Errorf("digest %s on %s: %w", country, day, err)
		}
		if found {
			return d, nil
		}
	}
	// The day's own 24 hours: the window ends at the next local midnight.
	end := time.Date(start.Year(), start.Month(), start.Day()+1, 0, 0, 0, 0, loc).Add(-time.Second)
	d, err := s.DigestAt(ctx, country, end)
	if err != nil {
		return Digest{}, err
	}
	if d.Articles == 0 {
		return Digest{}, fmt.Errorf("digest %s on %s: %w", country, day, ErrNoDigest)
	}
	return d, nil
}

// Daily returns one digest per day of country, newest first, at most n:
// today's current digest, then the last stored digest of each earlier
// day (none without an Archive store).
func (s *Service) Daily(ctx context.Context, country string, n int) ([]Digest, error) {
	country = strings.ToLower(country)
	cur, err := s.Digest(ctx, country)
	if err != nil {
		return nil, err
	}
	out := []Digest{cur}
	a, ok := s.Store.(Archive)
	if !ok || n <= 1 {
		return out, nil
	}
	past, err := a.DailyDigests(ctx, country, s.Builder.Options.withDefaults().Window, n+1)
	if err != nil {
		return nil, fmt.Errorf("digest %s: daily: %w", country, err)
	}
	return appendOlder(out, past, n, func(d Digest) string { return d.Date }), nil
}

// appendOlder appends to out, whose first element is today's, the days of
// past (newest first) older than today, until out holds n.
func appendOlder[T any](out, past []T, n int, date func(T) string) []T {
	today := date(out[0])
	for _, x := range past {
		if len(out) == n {
			break
		}
		if date(x) < today {
			out = append(out, x)
		}
	}
	return out
}

// zone is the time zone of country's local date; the world edition's is
// UTC.
func (s *Service) zone(country string) *time.Location {
	if country == WorldCode {
		return time.UTC
	}
	if s.Builder != nil && s.Builder.Zones != nil {
		if l := s.Builder.Zones(country); l != nil {
			return l
		}
	}
	return time.UTC
}
