package sources

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// FeedStore is what the Ingester needs from storage.
type FeedStore interface {
	// Feeds returns the stored feeds of the given sites (all when empty).
	Feeds(ctx context.Context, siteIDs []string) ([]Feed, error)
	// SaveFeed stores a feed's fetch state.
	SaveFeed(ctx context.Context, f Feed) error
	// SaveArticles stores new articles and returns how many were new.
	SaveArticles(ctx context.Context, arts []Article) (int, error)
}

// Ingester runs fetch cycles: fetch → parse → normalise → store, one
// goroutine per feed, bounded by the Fetcher's global and per-host limits.
// One bad feed never affects the others.
type Ingester struct {
	Store   FeedStore
	Fetcher *Fetcher
	Catalog *Catalog
	Log     *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxBackoff, when set, caps how long a failing feed waits before it
	// is fetched again (counted from the start of the cycle that failed):
	// always while its failures look like an outage (no answer, 5xx, 408,
	// 429), and for its first three failures of any kind; a feed its
	// server keeps refusing (404, a page that is not a feed) then backs off
	// in full. A server's Retry-After still holds beyond it. serve sets
	// fetch.interval, so a cycle after a short outage reads the feeds
	// again and /readyz, which tolerates two intervals without a
	// successful cycle, recovers at once.
	MaxBackoff time.Duration

	flights flights
}

// CycleOptions adjusts one cycle.
type CycleOptions struct {
	// Force fetches feeds that are backing off after failures.
	Force bool
	// StaleOnly fetches only feeds not fetched within MaxAge.
	StaleOnly bool
	// MaxAge is the freshness limit used with StaleOnly.
	MaxAge time.Duration
	// Progress, when set, is called after each feed this cycle fetches
	// with the counts so far.
	Progress func(done, total int)
}

// CycleReport summarises one fetch cycle.
type CycleReport struct {
	Feeds       int `json:"feeds"`
	OK          int `json:"ok"`
	NotModified int `json:"not_modified"`
	Failed      int `json:"failed"`
	// Skipped counts the feeds not fetched: fresh enough, backing off,
	// or being fetched by an overlapping cycle (which this one waited for).
	Skipped int `json:"skipped"`
	// Unreachable counts the failed feeds whose server sent no answer
	// (DNS, connection, TLS, timeout); the others answered with an error.
	Unreachable int   `json:"unreachable"`
	NewArticles int   `json:"new_articles"`
	WireBytes   int64 `json:"wire_bytes"`
	// Failures maps a feed URL to its error text.
	Failures map[string]string `json:"failures,omitempty"`
	// FreshAnsweredAt is when the latest of the feeds skipped as fresh
	// (StaleOnly) last answered: a cycle with nothing due still shows
	// that the feeds were read lately, e.g. by the process before a
	// restart. Zero when none was skipped so.
	FreshAnsweredAt time.Time `json:"-"`
}

// Succeeded reports whether at least one feed answered (200 or 304).
func (r CycleReport) Succeeded() bool { return r.OK+r.NotModified > 0 }

// FirstFailures returns up to n failed feeds as "URL: error", by URL,
// and how many more failed.
func (r CycleReport) FirstFailures(n int) (lines []string, more int) {
	urls := slices.Sorted(maps.Keys(r.Failures))
	for _, u := range urls[:min(n, len(urls))] {
		lines = append(lines, u+": "+r.Failures[u])
	}
	return lines, max(len(urls)-n, 0)
}

// NoServerAnswered reports whether feeds were fetched and every one failed
// without its server sending any answer (DNS, connection, TLS, timeout):
// the network, not the sites, is the likely cause.
func (r CycleReport) NoServerAnswered() bool {
	return r.Failed > 0 && !r.Succeeded() && r.Unreachable == r.Failed
}

func (in *Ingester) now() time.Time {
	if in.Now != nil {
		return in.Now()
	}
	return time.Now()
}

// Run fetches the feeds of the given sites (every site of the catalog
// when sites is empty) and stores what they hold. The error is non-nil
// only when the store could not be read; feed failures are reported in
// the CycleReport and stored on each feed.
func (in *Ingester) Run(ctx context.Context, sites []Site, opts CycleOptions) (CycleReport, error) {
	if len(sites) == 0 {
		sites = in.Catalog.Sites()
	}
	byID := make(map[string]Site, len(sites))
	ids := make([]string, 0, len(sites))
	for _, s := range sites {
		byID[s.ID] = s
		ids = append(ids, s.ID)
	}
	feeds, err := in.Store.Feeds(ctx, ids)
	if err != nil {
		return CycleReport{}, fmt.Errorf("load feeds: %w", err)
	}
	rep := CycleReport{Failures: map[string]string{}}
	now := in.now()
	var due []Feed
	for _, f := range feeds {
		if _, ok := byID[f.SiteID]; !ok {
			continue
		}
		switch {
		case opts.StaleOnly && !f.LastFetchedAt.IsZero() && now.Sub(f.LastFetchedAt) < opts.MaxAge:
			rep.Skipped++
			if f.LastSuccessAt.After(rep.FreshAnsweredAt) {
				rep.FreshAnsweredAt = f.LastSuccessAt
			}
		case !opts.Force && f.NextFetchAt.After(now):
			rep.Skipped++
		default:
			due = append(due, f)
		}
	}
	due, others := in.flights.claim(due)
	rep.Skipped += len(others)
	rep.Feeds = len(due)

	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		done int
	)
	for _, f := range due {
		wg.Go(func() {
			res, added := in.one(ctx, byID[f.SiteID], f, now)
			in.flights.land(f)
			mu.Lock()
			defer mu.Unlock()
			rep.WireBytes += res.WireBytes
			rep.NewArticles += added
			switch res.Status {
			case StatusOK:
				rep.OK++
			case StatusNotModified:
				rep.NotModified++
			default:
				rep.Failed++
				if res.StatusCode == 0 {
					rep.Unreachable++
				}
				rep.Failures[displayURL(f.URL)] = errText(res.Err)
			}
			done++
			if opts.Progress != nil {
				opts.Progress(done, len(due))
			}
		})
	}
	wg.Wait()
	// What an overlapping cycle was fetching is stored when this returns,
	// so the caller reads it as if fetched here.
	wait(ctx, others)
	return rep, nil
}

// one fetches, parses and stores a single feed and records its state;
// cycle is the start of the cycle, from which MaxBackoff counts.
func (in *Ingester) one(ctx context.Context, site Site, f Feed, cycle time.Time) (FetchResult, int) {
	log := in.Log.With("site", site.ID, "feed", displayURL(f.URL))
	res := in.Fetcher.Fetch(ctx, FetchRequest{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified})
	now := in.now()
	f.LastFetchedAt = now
	added := 0
	if res.Status == StatusOK {
		arts, perr := ParseFeed(res.Body, res.ContentType, site, now)
		switch {
		case len(arts) == 0 && perr != nil:
			res.Status, res.Err = StatusFailed, perr
		default:
			n, err := in.Store.SaveArticles(ctx, arts)
			if err != nil {
				res.Status, res.Err = StatusFailed, fmt.Errorf("store articles: %w", err)
				break
			}
			added = n
			f.ETag, f.LastModified = res.ETag, res.LastModified
			f.LastError = ""
			if perr != nil {
				f.LastError = perr.Error()
				log.Warn("feed salvaged", "err", perr, "articles", len(arts))
			}
		}
	}
	if res.PermanentURL != "" && res.PermanentURL != f.URL {
		log.Info("feed moved permanently", "to", displayURL(res.PermanentURL))
		f.URL = res.PermanentURL
	}
	f.LastStatus = res.Status
	if res.Status == StatusFailed {
		f.ErrorCount++
		f.LastError = errText(res.Err)
		f.NextFetchAt = now.Add(Backoff(f.ErrorCount, 0))
		if in.MaxBackoff > 0 && (transient(res) || f.ErrorCount <= refusalsCapped) {
			// Less a tenth (at most a minute), so the cycle one interval
			// later still finds the feed due when it ticks a little early.
			f.NextFetchAt = minTime(f.NextFetchAt, cycle.Add(in.MaxBackoff-min(in.MaxBackoff/10, time.Minute)))
		}
		if res.RetryAfter > 0 {
			f.NextFetchAt = maxTime(f.NextFetchAt, now.Add(Backoff(0, res.RetryAfter)))
		}
		// A failure or two is routine (the feed shows it in `sources`, the
		// cycle in its report); a feed that keeps failing deserves the
		// operator's attention.
		lvl := slog.LevelDebug
		if f.ErrorCount >= 3 {
			lvl = slog.LevelWarn
		}
		log.Log(ctx, lvl, "feed failed", "err", f.LastError, "errors", f.ErrorCount)
	} else {
		f.ErrorCount = 0
		f.LastSuccessAt = now
		f.NextFetchAt = time.Time{}
		if res.RetryAfter > 0 {
			f.NextFetchAt = now.Add(res.RetryAfter)
		}
		if res.Status == StatusNotModified {
			f.LastError = ""
		}
	}
	// Saving the state must not be undone by a cancelled cycle.
	if err := in.Store.SaveFeed(context.WithoutCancel(ctx), f); err != nil {
		log.Error("save feed state", "err", err)
	}
	return res, added
}

// refusalsCapped is how many consecutive failures of any kind MaxBackoff
// caps; beyond them only an outage's failures are capped (see
// transient), and a feed its server keeps refusing (404, 410, 403, a page
// that is not a feed) backs off in full, up to a day, instead of being
// asked again every interval.
const refusalsCapped = 3

// transient reports whether a failure looks like an outage that ends by
// itself: no answer at all, a server error, a timeout or a rate limit.
func transient(res FetchResult) bool {
	c := res.StatusCode
	return c == 0 || c >= 500 || c == http.StatusRequestTimeout || c == http.StatusTooManyRequests
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func errText(err error) string {
	if err == nil {
		return "unknown error"
	}
	if errors.Is(err, context.Canceled) {
		return "cancelled"
	}
	return err.Error()
}

// displayURL is a feed URL fit for logs and reports: any user info
// (credentials) is removed.
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(invalid URL)"
	}
	u.User = nil
	return u.String()
}
