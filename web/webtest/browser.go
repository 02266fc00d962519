// Package webtest drives a real browser over the web pages for tests:
// headless Chromium (Debian's chromium package) through chromedp, at a
// phone's width, measuring what a reader sees and keeping screenshots.
// Only tests import it.
package webtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Width is the viewport width pages are checked at: a phone's (390 px).
const Width = 390

// Chromium returns the browser to drive: $WORLDBRIEF_TEST_BROWSER (a
// path, or any value to require the one on PATH), else chromium on PATH.
// Without one the test is skipped, saying so loudly, unless
// WORLDBRIEF_TEST_BROWSER is set, which makes it fail.
func Chromium(t testing.TB) string {
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

// ArtefactDir is where screenshots are kept: $WORLDBRIEF_TEST_ARTIFACTS,
// or a new temporary directory (logged) that outlives the test.
func ArtefactDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("WORLDBRIEF_TEST_ARTIFACTS")
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	} else {
		d, err := os.MkdirTemp("", "worldbrief-screenshots-")
		if err != nil {
			t.Fatal(err)
		}
		dir = d
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// Facts is what the browser measures on a page.
type Facts struct {
	// Stories counts article.story elements; Takes the items of takes
	// and of world coverage lists.
	Stories, Takes int
	// Links counts a[href]; EmptyLinks those without a target or text.
	Links, EmptyLinks int
	// Width is the viewport's; ScrollWidth the document's.
	Width, ScrollWidth int
	// Overflow lists elements reaching past the viewport's edges.
	Overflow []string
	// Background is the body's computed background colour.
	Background string
	// H1 is the page's first heading.
	H1 string
}

// measure runs in the page.
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
    Stories: document.querySelectorAll('article.story').length,
    Takes: document.querySelectorAll('.takes li, .coverage li').length,
    Links: links.length,
    EmptyLinks: links.filter(a => !a.getAttribute('href') || !a.textContent.trim()).length,
    Width: w,
    ScrollWidth: document.documentElement.scrollWidth,
    Overflow: over.slice(0, 10),
    Background: getComputedStyle(document.body).backgroundColor,
    H1: (document.querySelector('h1') || {}).textContent || '',
  };
})()`

// Browser is one headless Chromium with a fresh profile, closed when the
// test ends.
type Browser struct {
	ctx context.Context
	dir string
}

// Open starts Chromium at a 390-px-wide viewport.
func Open(t testing.TB) *Browser {
	t.Helper()
	exe := Chromium(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true), chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(Width, 844),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(Width, 844, chromedp.EmulateScale(2))); err != nil {
		t.Fatalf("start Chromium %s: %v", exe, err)
	}
	return &Browser{ctx: bctx, dir: ArtefactDir(t)}
}

// Visit loads url (in dark mode when dark), measures the page and keeps
// two screenshots named after name: the whole page and its first screen
// (name-top.png).
func (b *Browser) Visit(t testing.TB, url, name string, dark bool) Facts {
	t.Helper()
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	media := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, media); err != nil {
		t.Fatalf("emulate %s mode: %v", scheme, err)
	}
	if err := chromedp.Do(b.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	facts, err := chromedp.Run(b.ctx, chromedp.Evaluate[Facts](measure))
	if err != nil {
		t.Fatalf("measure %s: %v", url, err)
	}
	for file, shot := range map[string]chromedp.Action[[]byte]{name + ".png": chromedp.FullScreenshot(100), name + "-top.png": chromedp.CaptureScreenshot()} {
		png, err := chromedp.Run(b.ctx, shot)
		if err != nil {
			t.Fatalf("screenshot %s: %v", url, err)
		}
		if err := os.WriteFile(filepath.Join(b.dir, file), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%s: %d stories, %d takes, %d links, width %d, scroll width %d, background %s → %s",
		url, facts.Stories, facts.Takes, facts.Links, facts.Width, facts.ScrollWidth, facts.Background, filepath.Join(b.dir, name+".png"))
	return facts
}

// CheckFits fails the test when the page is wider than the phone's
// viewport or has links without a target or text.
func CheckFits(t testing.TB, url string, f Facts) {
	t.Helper()
	if f.Width > Width || f.ScrollWidth > f.Width || len(f.Overflow) > 0 {
		t.Errorf("%s overflows the %d-px viewport (scroll width %d): %v", url, f.Width, f.ScrollWidth, f.Overflow)
	}
	if f.EmptyLinks > 0 {
		t.Errorf("%s: %d links without a target or text", url, f.EmptyLinks)
	}
}
