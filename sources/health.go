package sources

import "time"

// Site health values reported by SiteHealthOf.
const (
	HealthOK       = "ok"
	HealthDegraded = "degraded"      // some feeds fail
	HealthFailing  = "failing"       // every fetched feed fails
	HealthPending  = "never fetched" // no feed fetched yet
)

// SiteHealth is a site's feed health folded into one line, as shown by
// `worldbrief sources` and the chat command /sources.
type SiteHealth struct {
	Site Site
	// Feeds are the feeds' current URLs.
	Feeds []string
	// Status is one of HealthOK, HealthDegraded, HealthFailing, HealthPending.
	Status string
	// LastFetchedAt is the latest attempt over all feeds; zero if never.
	LastFetchedAt time.Time
	// LastError is the first failing feed's last error.
	LastError string
	// Articles is the number of stored articles of the site.
	Articles int64
}

// SiteHealthOf folds a site's stored feeds and article count into one
// SiteHealth.
func SiteHealthOf(s Site, feeds []Feed, articles int64) SiteHealth {
	h := SiteHealth{Site: s, Feeds: []string{}, Articles: articles}
	fetched, failed := 0, 0
	for _, f := range feeds {
		h.Feeds = append(h.Feeds, f.URL)
		if f.LastFetchedAt.IsZero() {
			continue
		}
		fetched++
		if f.LastFetchedAt.After(h.LastFetchedAt) {
			h.LastFetchedAt = f.LastFetchedAt
		}
		if f.LastStatus == StatusFailed {
			failed++
		}
		if h.LastError == "" {
			h.LastError = f.LastError
		}
	}
	switch {
	case fetched == 0:
		h.Status = HealthPending
	case failed == 0:
		h.Status = HealthOK
	case failed == fetched:
		h.Status = HealthFailing
	default:
		h.Status = HealthDegraded
	}
	return h
}
