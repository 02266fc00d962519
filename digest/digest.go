package digest

import "time"

// Digest is one country's top stories of a window, independent of any chat
// platform. Its JSON form is the one `worldbrief digest --format json`
// prints.
type Digest struct {
	// Country is the ISO 3166-1 alpha-2 code in lower case.
	Country string `json:"country"`
	// Date is the country's local date at GeneratedAt, as YYYY-MM-DD.
	Date string `json:"date"`
	// GeneratedAt is the end of the window the digest covers.
	GeneratedAt time.Time `json:"generated_at"`
	// Stories are ranked, best first.
	Stories []Story `json:"stories"`

	// CountryName is the country's English name, e.g. "Chad".
	CountryName string `json:"-"`
	// Window is the span of publication times considered.
	Window time.Duration `json:"-"`
	// Articles is the number of the country's articles in the window.
	Articles int `json:"-"`
	// Past is true for a digest of a past window (Service.DigestAt): it
	// speaks of "the 24 hours to" its end rather than "the last 24 hours".
	Past bool `json:"-"`
}

// Story is one event as the country's press covers it.
type Story struct {
	// Headline is the English headline of the most representative article.
	Headline string `json:"headline"`
	// Summary is one or two sentences, at most about 300 characters.
	Summary string `json:"summary"`
	// Score orders stories; higher is more prominent.
	Score float64 `json:"score"`
	// Blindspot is true when at least two of the country's sites carry the
	// story and no US/UK site of the catalog does.
	Blindspot bool `json:"blindspot"`
	// Sources are the articles of the story, one per site, most
	// representative first.
	Sources []Source `json:"sources"`
	// AlternativeTakes are up to three other countries' coverage of the
	// same story, one per country.
	AlternativeTakes []Take `json:"alternative_takes"`
	// ImageURL is the lead image of the first of its articles whose feed
	// had one; empty when none had.
	ImageURL string `json:"image_url,omitempty"`

	// leads are the articles' titles and leads, for a Summarizer; they
	// are not stored.
	leads []string
}

// Source is one article of a story.
type Source struct {
	// SiteID is the catalog id of the site (empty in digests stored
	// before it was recorded).
	SiteID string `json:"site_id,omitempty"`
	// Name is the site's display name.
	Name string `json:"name"`
	// URL is the article's link.
	URL string `json:"url"`
	// Language is the BCP 47 tag of the original text.
	Language string `json:"language"`
	// OriginalHeadline is the headline as published.
	OriginalHeadline string `json:"original_headline"`
}

// Take is how another country's press covers a story.
type Take struct {
	// Country is the other country's code.
	Country string `json:"country"`
	// CountryName is its English name (empty in digests stored before it
	// was recorded).
	CountryName string `json:"country_name,omitempty"`
	// SiteID is the catalog id of the foreign outlet (empty in digests
	// stored before it was recorded).
	SiteID string `json:"site_id,omitempty"`
	// Source is the foreign outlet's display name.
	Source string `json:"source"`
	// Headline is the foreign article's English headline.
	Headline string `json:"headline"`
	// URL is the foreign article's link.
	URL string `json:"url"`
}
