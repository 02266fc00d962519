package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// browserPath returns the Chromium to drive: $WORLDBRIEF_TEST_BROWSER
// (a path, or any value to require the one on PATH), else chromium on
// PATH; the test skips loudly when there is none and none is required.
func browserPath(t *testing.T) string {
	t.Helper()
	want := os.Getenv("WORLDBRIEF_TEST_BROWSER")
	if want != "" {
		if st, err := os.Stat(want); err == nil && !st.IsDir() {
			return want
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if want != "" {
		t.Fatalf("WORLDBRIEF_TEST_BROWSER=%q but no Chromium found (apt-get install -y chromium)", want)
	}
	t.Skip("SKIPPED: the real-browser test needs Chromium (apt-get install -y chromium, or WORLDBRIEF_TEST_BROWSER=/path/to/chromium); .ci/run installs it and requires this test to run")
	return ""
}

// artefactDir is where screenshots are kept: $WORLDBRIEF_TEST_ARTIFACTS,
// or a temporary directory that is logged.
func artefactDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("WORLDBRIEF_TEST_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d, err := os.MkdirTemp("", "worldbrief-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// pageFacts is what the browser measures on a page.
type pageFacts struct {
	Stories    int      `json:"stories"`
	Takes      int      `json:"takes"`
	Links      int      `json:"links"`
	EmptyLinks int      `json:"emptyLinks"`
	Width      int      `json:"width"`
	ScrollW    int      `json:"scrollWidth"`
	Overflow   []string `json:"overflow"`
	Background string   `json:"background"`
	H1         string   `json:"h1"`
}

// measure is run in the page: counts stories, takes and links, and lists
// the elements whose box reaches past the viewport's right edge.
const measure = `(() => {
  const w = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > w + 1 || r.left < -1) && !el.classList.contains('skip')) {
      over.push(el.tagName + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
  }
  const links = [...document.querySelectorAll('a[href]')];
  return {
    stories: document.querySelectorAll('article.story').length,
    takes: document.querySelectorAll('.takes li, .coverage li').length,
    links: links.length,
    emptyLinks: links.filter(a => !a.getAttribute('href') || !a.textContent.trim()).length,
    width: w,
    scrollWidth: document.documentElement.scrollWidth,
    overflow: over.slice(0, 10),
    background: getComputedStyle(document.body).backgroundColor,
    h1: (document.querySelector('h1') || {}).textContent || '',
  };
})()`

// TestInRealBrowser loads the country picker, a country page, a page of
// hostile text and the world edition in headless Chromium at a phone's
// width (390 px): the stories, takes and links are there, nothing
// overflows horizontally, dark mode applies; screenshots (the whole page,
// and its first screen as -top.png) are kept.
func TestInRealBrowser(t *testing.T) {
	exe := browserPath(t)
	started := time.Now()
	s, f := newTestServer(t)
	hostile := hostileDigest()
	hostile.Country, hostile.CountryName = "mx", "Mexico"
	f.days["mx"] = append(f.days["mx"][:0:0], hostile)
	srv := httptest.NewServer(s)
	defer srv.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true), chromedp.Flag("hide-scrollbars", true), chromedp.WindowSize(390, 844),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2))); err != nil {
		t.Fatalf("start Chromium %s: %v", exe, err)
	}
	dir := artefactDir(t)
	t.Logf("screenshots in %s", dir)

	fr, world := f.days["fr"][0], f.world
	frTakes := 0
	for _, st := range fr.Stories {
		frTakes += len(st.AlternativeTakes)
	}
	worldCoverage := 0
	for _, st := range world.Stories {
		worldCoverage += st.Countries
	}
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
	} {
		scheme := "light"
		if c.dark {
			scheme = "dark"
		}
		media := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
		if _, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, media); err != nil {
			t.Fatalf("emulate %s mode: %v", scheme, err)
		}
		if err := chromedp.Do(bctx, chromedp.Navigate(srv.URL+c.path), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatalf("load %s: %v", c.path, err)
		}
		facts, err := chromedp.Run(bctx, chromedp.Evaluate[pageFacts](measure))
		if err != nil {
			t.Fatalf("measure %s: %v", c.path, err)
		}
		shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", c.path, err)
		}
		top, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %s: %v", c.path, err)
		}
		if err := os.WriteFile(filepath.Join(dir, c.name+"-top.png"), top, 0o644); err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, c.name+".png")
		if err := os.WriteFile(file, shot, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d stories, %d takes, %d links, width %d, scroll width %d, background %s → %s", c.path, facts.Stories, facts.Takes, facts.Links, facts.Width, facts.ScrollW, facts.Background, file)
		if facts.Stories != c.stories || facts.Takes != c.takes {
			t.Errorf("%s: %d stories and %d takes in the browser, want %d and %d", c.path, facts.Stories, facts.Takes, c.stories, c.takes)
		}
		if facts.Links < 10 || facts.EmptyLinks > 0 {
			t.Errorf("%s: %d links, %d empty", c.path, facts.Links, facts.EmptyLinks)
		}
		if facts.Width > 390 || facts.ScrollW > facts.Width || len(facts.Overflow) > 0 {
			t.Errorf("%s overflows the %d-px viewport (scroll width %d): %v", c.path, facts.Width, facts.ScrollW, facts.Overflow)
		}
		if dark := facts.Background == "rgb(21, 21, 21)"; dark != c.dark {
			t.Errorf("%s: background %s with prefers-color-scheme %s", c.path, facts.Background, scheme)
		}
	}
	t.Logf("browser test wall time %s", time.Since(started).Round(time.Millisecond))
}
