package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
)

// TestDigestWorldAtStoredDay: `digest world --at DATE` shows the world
// edition stored that day, not one rebuilt from articles; a day with no
// edition and no article shows the empty edition of that day.
func TestDigestWorldAtStoredDay(t *testing.T) {
	srv, _ := newDigestFeedServer(t)
	c := newCLI(t, "WORLDBRIEF_CATALOG="+digestCatalog(t, srv.URL))
	if code, _, errOut := c.run("migrate"); code != 0 {
		t.Fatalf("migrate: exit %d: %s", code, errOut)
	}
	at := time.Date(2026, 3, 9, 21, 0, 0, 0, time.UTC)
	w := digest.World{Date: "2026-03-09", GeneratedAt: at, Countries: 2, Window: 24 * time.Hour,
		Stories: []digest.WorldStory{{Headline: "Stored Louvre story", Take: "Both cover it.", Countries: 2,
			Coverage: []digest.Coverage{{Country: "fr", CountryName: "France", Source: "Le Monde", Headline: "Stored Louvre story", URL: "https://lemonde.example/1", Sites: 1},
				{Country: "gb", CountryName: "United Kingdom", Source: "BBC News", Headline: "Louvre heist", URL: "https://bbc.example/2", Sites: 1}}}}}
	if err := c.openStore().SaveWorld(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := c.run("digest", "world", "--at", "2026-03-09")
	if code != 0 || !strings.Contains(out, "The world's current take — 2026-03-09") || !strings.Contains(out, "Stored Louvre story (2 countries)") {
		t.Errorf("--at 2026-03-09: exit %d, %s\n%s", code, errOut, out)
	}
	// A day with nothing stored is an empty edition saying so, as a
	// country's empty digest is (exit 0), not a failure.
	code, out, errOut = c.run("digest", "world", "--at", "2026-03-01")
	if code != 0 || !strings.Contains(out, "The world's current take — 2026-03-01") || !strings.Contains(out, "No country's press has articles in the 24 hours to 2026-03-01 23:59 UTC.") {
		t.Errorf("--at a day without an edition: exit %d, %s\n%s", code, errOut, out)
	}
}
