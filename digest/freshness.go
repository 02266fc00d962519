package digest

import (
	"context"
	"strings"
	"time"
)

// Index returns the Index the Service's digests are built from now (the
// shared one, rebuilt once per Interval): what a translation planner
// reads to know which articles digests are about to show.
func (s *Service) Index(ctx context.Context) (*Index, error) {
	return s.snapshot(ctx, s.now().Truncate(time.Second))
}

// Forget makes the next digest of each country a new build, from a new
// Index: call it when texts those digests show were just translated.
// Digests built before are no longer served by this Service, from memory
// or from the store.
func (s *Service) Forget(countries ...string) {
	if len(countries) == 0 {
		return
	}
	now := s.now()
	s.mu.Lock()
	if s.forgot == nil {
		s.forgot = map[string]time.Time{}
	}
	for _, c := range countries {
		s.forgot[strings.ToLower(c)] = now
	}
	s.mu.Unlock()
	s.Invalidate()
}

// notBefore is the oldest build time of country's digest still served.
func (s *Service) notBefore(country string, now time.Time) time.Time {
	t := now.Add(-s.interval())
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.forgot[country]; ok && f.After(t) {
		return f
	}
	return t
}

// forgotSince reports whether country was forgotten after at.
func (s *Service) forgotSince(country string, at time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.forgot[country]
	return ok && f.After(at)
}

// Untranslated returns those of ids whose article in the Index has no
// translated text yet: when the store says otherwise, the Index is older
// than the translation.
func (ix *Index) Untranslated(ids []string) []string {
	var out []string
	for _, id := range ids {
		if i, ok := ix.byID[id]; ok && !translated(ix.arts[i]) {
			out = append(out, id)
		}
	}
	return out
}
