package sources

import "time"

// Article is one normalised news item, ready to be stored.
type Article struct {
	// ID is stable across fetches: hex sha256 of site id + guid, or of
	// site id + canonical link when the item has no guid.
	ID string `json:"id"`
	// SiteID is the catalog id of the site that published it.
	SiteID string `json:"site_id"`
	// Country is the site's country code.
	Country string `json:"country"`
	// Language is the BCP 47 tag of the original text.
	Language string `json:"language"`
	// Title is the English title once translated; until then it equals OriginalTitle.
	Title string `json:"title"`
	// OriginalTitle is the title as published, as plain text.
	OriginalTitle string `json:"original_title"`
	// Summary is plain text, at most about 600 characters: the English
	// summary once translated; until then it equals OriginalSummary.
	Summary string `json:"summary"`
	// OriginalSummary is the summary as published; empty means the same as
	// Summary (the ingester does not fill it).
	OriginalSummary string `json:"original_summary"`
	// TranslatedTo is the language Title and Summary are in once the
	// translation step has looked at the article (e.g. "en", also for
	// articles published in it); empty until then, or after a failure.
	TranslatedTo string `json:"translated_to,omitempty"`
	// SourceLanguage is the language the text was translated from: the
	// site's language, or the provider's detection when the text's script
	// contradicted it. Empty until translated.
	SourceLanguage string `json:"source_language,omitempty"`
	// URL is the absolute canonical link with tracking parameters removed.
	URL string `json:"url"`
	// ImageURL is the item's image, when the feed has one.
	ImageURL string `json:"image_url,omitempty"`
	// GUID is the feed's own identifier for the item, if any.
	GUID string `json:"guid,omitempty"`
	// PublishedAt is the publication time (fallback: updated, then first seen), never in the future.
	PublishedAt time.Time `json:"published_at"`
	// FirstSeenAt is when worldbrief first read the item.
	FirstSeenAt time.Time `json:"first_seen_at"`
}

// Feed is one feed URL of a site together with its fetch state.
type Feed struct {
	// SiteID is the catalog id of the site the feed belongs to.
	SiteID string
	// URL is the feed's current URL (updated on permanent redirects).
	URL string
	// CatalogURL is the URL as written in the catalog; it identifies the feed.
	CatalogURL string
	// ETag and LastModified are the validators of the last 200 response.
	ETag         string
	LastModified string
	// LastFetchedAt is the time of the last attempt; zero if never fetched.
	LastFetchedAt time.Time
	// LastSuccessAt is the time of the last 200 or 304 response.
	LastSuccessAt time.Time
	// LastStatus is "ok", "not_modified" or "failed"; empty if never fetched.
	LastStatus string
	// LastError is the reason of the last failure, empty after a success.
	LastError string
	// ErrorCount counts consecutive failures; it drives the backoff.
	ErrorCount int
	// NextFetchAt is the earliest time the feed may be fetched again
	// (backoff after failures, Retry-After); zero means any time.
	NextFetchAt time.Time
}

// Feed statuses stored in Feed.LastStatus.
const (
	StatusOK          = "ok"
	StatusNotModified = "not_modified"
	StatusFailed      = "failed"
)

// ArticleQuery selects articles; zero fields do not filter.
type ArticleQuery struct {
	// Country keeps articles of this country code only.
	Country string
	// SiteIDs keeps articles of these sites only.
	SiteIDs []string
	// Since keeps articles published at or after this time.
	Since time.Time
	// Limit caps the number of articles; zero or less means no cap.
	Limit int
}
