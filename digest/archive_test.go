package digest

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestServiceDigestOn: today is the current digest; a past day is built
// from the day's own articles; a future day, a day without articles and
// a malformed date are ErrNoDigest.
func TestServiceDigestOn(t *testing.T) {
	cat := testCatalog(t)
	arts := &memArticles{arts: articlesOf(loadLabelled(t, cat))}
	now := labelledAt.Add(30 * time.Hour) // 2026-03-12 00:00 UTC, 01:00 in Paris
	s := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Now: func() time.Time { return now }}
	ctx := context.Background()

	if got := s.Today("fr"); got != "2026-03-12" {
		t.Fatalf("Today(fr) = %s, want 2026-03-12", got)
	}
	past, err := s.DigestOn(ctx, "fr", "2026-03-10")
	if err != nil {
		t.Fatal(err)
	}
	want := NewBuilder(cat, Options{}).Build("fr", arts.arts, labelledAt)
	if past.Date != "2026-03-10" || len(past.Stories) == 0 || past.Stories[0].Headline != want.Stories[0].Headline {
		t.Errorf("DigestOn(2026-03-10) = %s with %d stories, want that day's digest led by %q", past.Date, len(past.Stories), want.Stories[0].Headline)
	}
	today, err := s.DigestOn(ctx, "fr", "2026-03-12")
	if err != nil {
		t.Fatal(err)
	}
	if cur, _ := s.Digest(ctx, "fr"); !cur.GeneratedAt.Equal(today.GeneratedAt) {
		t.Errorf("DigestOn(today) built at %s, the current digest at %s", today.GeneratedAt, cur.GeneratedAt)
	}
	for _, day := range []string{"2026-03-13", "2026-01-01", "2026-3-1", "yesterday"} {
		if _, err := s.DigestOn(ctx, "fr", day); !errors.Is(err, ErrNoDigest) {
			t.Errorf("DigestOn(%q) = %v, want ErrNoDigest", day, err)
		}
	}
}
