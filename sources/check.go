package sources

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Outcomes of a feed probe, reported by Checker.Check.
const (
	// CheckOK: the URL answered 200 with a feed.
	CheckOK = "ok"
	// CheckRedirected: a feed was found, but at another URL (NewURL).
	CheckRedirected = "redirected"
	// CheckNotFeed: the URL answered, but with something that is not a
	// feed (an HTML page, a broken document).
	CheckNotFeed = "not a feed"
	// CheckDead: no usable answer (HTTP error, timeout, DNS, refused).
	CheckDead = "dead"
)

// CheckResult is the probe of one catalog feed.
type CheckResult struct {
	SiteID  string `json:"site"`
	Country string `json:"country"`
	URL     string `json:"url"`
	// Outcome is CheckOK, CheckRedirected, CheckNotFeed or CheckDead.
	Outcome string `json:"outcome"`
	// NewURL is where a redirected feed now lives.
	NewURL string `json:"new_url,omitempty"`
	// Permanent reports that every redirect was permanent (301/308), so
	// the catalog should take NewURL.
	Permanent bool `json:"permanent,omitempty"`
	// StatusCode is the HTTP status of the final response; 0 if none.
	StatusCode int `json:"status_code,omitempty"`
	// Items is the number of articles the feed holds.
	Items int `json:"items"`
	// Error says why the feed is dead or not a feed.
	Error string `json:"error,omitempty"`
	// Millis is how long the probe took.
	Millis int64 `json:"ms"`
}

// CheckReport is the outcome of probing a set of feeds.
type CheckReport struct {
	Feeds      int           `json:"feeds"`
	OK         int           `json:"ok"`
	Redirected int           `json:"redirected"`
	NotFeed    int           `json:"not_a_feed"`
	Dead       int           `json:"dead"`
	Elapsed    time.Duration `json:"elapsed_ns"`
	Results    []CheckResult `json:"results"`
}

// Healthy reports whether every probed feed answered with a feed, at its
// URL or after a redirect.
func (r CheckReport) Healthy() bool { return r.NotFeed+r.Dead == 0 }

// FeedHealthStore is where a Checker records what it found, so that
// `worldbrief sources` shows it. Feeds and SaveFeed behave as in FeedStore.
type FeedHealthStore interface {
	Feeds(ctx context.Context, siteIDs []string) ([]Feed, error)
	SaveFeed(ctx context.Context, f Feed) error
}

// Checker probes catalog feeds live: one fetch per feed through the
// Fetcher, so its global and per-host limits, timeout and size cap hold.
// Nothing is stored but the feeds' health: no articles, and no validators
// (the next fetch cycle must not be answered 304 for articles it never saw).
type Checker struct {
	Fetcher *Fetcher
	// Store, when set, receives each probed feed's health.
	Store FeedHealthStore
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Progress, when set, is called after each feed with the counts so far.
	Progress func(done, total int)
}

func (c *Checker) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Check probes every feed of sites concurrently and returns the results
// in catalog order. The error is non-nil only when the store could not be
// read or written; the report is complete either way.
func (c *Checker) Check(ctx context.Context, sites []Site) (CheckReport, error) {
	start := c.now()
	stored := map[[2]string]Feed{}
	if c.Store != nil {
		feeds, err := c.Store.Feeds(ctx, SiteIDs(sites))
		if err != nil {
			return CheckReport{}, err
		}
		for _, f := range feeds {
			stored[[2]string{f.SiteID, f.CatalogURL}] = f
		}
	}
	type job struct {
		i    int
		site Site
		url  string
	}
	var jobs []job
	for _, s := range sites {
		for _, u := range s.Feeds {
			jobs = append(jobs, job{len(jobs), s, u})
		}
	}
	rep := CheckReport{Feeds: len(jobs), Results: make([]CheckResult, len(jobs))}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		done    int
		saveErr error
	)
	for _, j := range jobs {
		wg.Go(func() {
			r := c.probe(ctx, j.site, j.url)
			var err error
			if f, ok := stored[[2]string{j.site.ID, j.url}]; ok {
				err = c.record(ctx, f, r)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil && saveErr == nil {
				saveErr = err
			}
			rep.Results[j.i] = r
			done++
			if c.Progress != nil {
				c.Progress(done, len(jobs))
			}
		})
	}
	wg.Wait()
	for _, r := range rep.Results {
		switch r.Outcome {
		case CheckOK:
			rep.OK++
		case CheckRedirected:
			rep.Redirected++
		case CheckNotFeed:
			rep.NotFeed++
		default:
			rep.Dead++
		}
	}
	rep.Elapsed = c.now().Sub(start)
	return rep, saveErr
}

// probe fetches one feed and classifies the answer.
func (c *Checker) probe(ctx context.Context, site Site, u string) CheckResult {
	start := time.Now()
	res := c.Fetcher.Fetch(ctx, FetchRequest{URL: u})
	r := CheckResult{SiteID: site.ID, Country: site.Country, URL: displayURL(u), StatusCode: res.StatusCode}
	defer func() { r.Millis = time.Since(start).Milliseconds() }()
	switch {
	case res.Status != StatusOK && errors.Is(res.Err, ErrNotFeed):
		r.Outcome, r.Error = CheckNotFeed, errText(res.Err)
		return r
	case res.Status != StatusOK:
		r.Outcome, r.Error = CheckDead, errText(res.Err)
		return r
	}
	arts, err := ParseFeed(res.Body, res.ContentType, site, c.now())
	if len(arts) == 0 && err != nil {
		r.Outcome, r.Error = CheckNotFeed, err.Error()
		return r
	}
	r.Items = len(arts)
	r.Outcome = CheckOK
	if res.FinalURL != "" && res.FinalURL != u {
		r.Outcome = CheckRedirected
		r.NewURL = displayURL(res.FinalURL)
		r.Permanent = res.PermanentURL != ""
	}
	return r
}

// record stores the probe's finding as the feed's health.
func (c *Checker) record(ctx context.Context, f Feed, r CheckResult) error {
	now := c.now()
	f.LastFetchedAt = now
	switch r.Outcome {
	case CheckOK, CheckRedirected:
		f.LastStatus, f.LastError, f.LastSuccessAt = StatusOK, "", now
	default:
		f.LastStatus, f.LastError = StatusFailed, "check: "+r.Outcome+": "+r.Error
	}
	// A cancelled check still records what it found.
	if err := c.Store.SaveFeed(context.WithoutCancel(ctx), f); err != nil {
		return fmt.Errorf("save health of feed %s: %w", displayURL(f.URL), err)
	}
	return nil
}

// ByOutcome sorts results worst first (dead, not a feed, redirected, ok),
// then by country and site, for people reading a long report.
func ByOutcome(rs []CheckResult) {
	rank := map[string]int{CheckDead: 0, CheckNotFeed: 1, CheckRedirected: 2, CheckOK: 3}
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if rank[a.Outcome] != rank[b.Outcome] {
			return rank[a.Outcome] < rank[b.Outcome]
		}
		if a.Country != b.Country {
			return a.Country < b.Country
		}
		return a.SiteID < b.SiteID
	})
}
