package pipeline

import (
	"context"
	"testing"
)

// TestPagesNeverKeepAnEmptyEdition: pages asked for before the feeds were
// read (serve's web pages at start, before the first fetch) show the
// articles as soon as the tick has stored them, within the interval: the
// country's digest and the world edition alike.
func TestPagesNeverKeepAnEmptyEdition(t *testing.T) {
	s, _, feeds, _ := newService(t)
	ctx := context.Background()
	pages := s.Pages()
	if d, err := pages.Digest(ctx, "fr"); err != nil || d.Articles != 0 {
		t.Fatalf("France before any fetch = %d articles, %v", d.Articles, err)
	}
	if w, err := pages.World(ctx); err != nil || w.Countries != 0 {
		t.Fatalf("world before any fetch = %d countries, %v", w.Countries, err)
	}
	feeds.set("/lemonde", "Vol au Louvre : les bijoux de la couronne dérobés", "Grève des trains")
	feeds.set("/lefigaro", "Louvre : vol des bijoux de la couronne", "La grève des trains")
	feeds.set("/bbc", "Louvre heist: crown jewels stolen (vol des bijoux de la couronne au Louvre)")
	if _, err := s.Refresh(ctx, nil, RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	w, err := pages.World(ctx)
	if err != nil || w.Countries != 2 || len(w.Stories) != 1 || w.Stories[0].Countries != 2 {
		t.Fatalf("world after the tick = %+v, %v; want the Louvre story of 2 countries", w, err)
	}
	if d, err := pages.Digest(ctx, "fr"); err != nil || d.Articles != 4 {
		t.Fatalf("France after the tick = %d articles, %v; want 4", d.Articles, err)
	}
	if d, err := pages.DigestOn(ctx, "fr", pages.Today("fr")); err != nil || d.Articles != 4 {
		t.Fatalf("France's page of today = %d articles, %v; want 4", d.Articles, err)
	}
	if w, err := pages.WorldOn(ctx, pages.Today("world")); err != nil || w.Countries != 2 {
		t.Fatalf("the world page of today = %d countries, %v; want 2", w.Countries, err)
	}
	if ws, err := pages.DailyWorlds(ctx, 14); err != nil || len(ws) != 1 || ws[0].Countries != 2 {
		t.Fatalf("the world feed = %d editions, %v; want today's of 2 countries", len(ws), err)
	}
}
