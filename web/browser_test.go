package web

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/web/webtest"
)

// TestInRealBrowser loads the country picker, a country page, a page of
// hostile text, the world edition and a past day's in headless Chromium at a phone's
// width (390 px): the stories, takes and links are there, nothing
// overflows horizontally, dark mode applies; screenshots (the whole page,
// and its first screen as -top.png) are kept.
func TestInRealBrowser(t *testing.T) {
	webtest.Chromium(t)
	started := time.Now()
	s, f := newTestServer(t)
	hostile := hostileDigest()
	hostile.Country, hostile.CountryName = "mx", "Mexico"
	f.days["mx"] = append(f.days["mx"][:0:0], hostile)
	srv := httptest.NewServer(s)
	defer srv.Close()
	b := webtest.Open(t)

	fr, world := f.days["fr"][0], f.world
	frTakes := 0
	for _, st := range fr.Stories {
		frTakes += len(st.AlternativeTakes)
	}
	coverage := func(w digest.World) int {
		n := 0
		for _, st := range w.Stories {
			n += st.Countries
		}
		return n
	}
	worldCoverage, past := coverage(world), f.worlds[1]
	for _, c := range []struct {
		name, path     string
		stories, takes int
		dark           bool
	}{
		{"home", "/", 0, 0, false},
		{"fr", "/fr", len(fr.Stories), frTakes, false},
		{"hostile", "/mx", 1, 1, false},
		{"world", "/world", len(world.Stories) + len(world.Overlooked), worldCoverage, false},
		{"world-dark", "/world", len(world.Stories) + len(world.Overlooked), worldCoverage, true},
		{"fr-dark", "/fr", len(fr.Stories), frTakes, true},
		{"world-past-day", "/world/" + past.Date, len(past.Stories) + len(past.Overlooked), coverage(past), false},
	} {
		facts := b.Visit(t, srv.URL+c.path, c.name, c.dark)
		if facts.Stories != c.stories || facts.Takes != c.takes {
			t.Errorf("%s: %d stories and %d takes in the browser, want %d and %d", c.path, facts.Stories, facts.Takes, c.stories, c.takes)
		}
		if facts.Links < 10 {
			t.Errorf("%s: %d links", c.path, facts.Links)
		}
		webtest.CheckFits(t, c.path, facts)
		if dark := facts.Background == "rgb(21, 21, 21)"; dark != c.dark {
			t.Errorf("%s: background %s with dark mode %v", c.path, facts.Background, c.dark)
		}
	}
	t.Logf("browser test wall time %s", time.Since(started).Round(time.Millisecond))
}
