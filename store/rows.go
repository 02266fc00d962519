package store

import (
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// feedRow is the runtime mapping of the feeds table.
type feedRow struct {
	ID            int64      `gorm:"column:id;primaryKey"`
	SiteID        string     `gorm:"column:site_id"`
	CatalogURL    string     `gorm:"column:catalog_url"`
	URL           string     `gorm:"column:url"`
	InCatalog     bool       `gorm:"column:in_catalog"`
	ETag          string     `gorm:"column:etag"`
	LastModified  string     `gorm:"column:last_modified"`
	LastFetchedAt *time.Time `gorm:"column:last_fetched_at"`
	LastSuccessAt *time.Time `gorm:"column:last_success_at"`
	LastStatus    string     `gorm:"column:last_status"`
	LastError     string     `gorm:"column:last_error"`
	ErrorCount    int        `gorm:"column:error_count"`
	NextFetchAt   *time.Time `gorm:"column:next_fetch_at"`
}

// TableName tells gorm the table of feedRow.
func (feedRow) TableName() string { return "feeds" }

// articleRow is the runtime mapping of the articles table. The columns
// original_summary, translated_to, translated_from and translated_at come
// from migration 0002 (translations.go).
type articleRow struct {
	ID              string     `gorm:"column:id;primaryKey"`
	SiteID          string     `gorm:"column:site_id"`
	Country         string     `gorm:"column:country"`
	Language        string     `gorm:"column:language"`
	Title           string     `gorm:"column:title"`
	OriginalTitle   string     `gorm:"column:original_title"`
	Summary         string     `gorm:"column:summary"`
	OriginalSummary string     `gorm:"column:original_summary"`
	TranslatedTo    string     `gorm:"column:translated_to"`
	TranslatedFrom  string     `gorm:"column:translated_from"`
	TranslatedAt    *time.Time `gorm:"column:translated_at"`
	URL             *string    `gorm:"column:url"` // NULL when empty, so the unique index ignores it
	ImageURL        string     `gorm:"column:image_url"`
	GUID            string     `gorm:"column:guid"`
	PublishedAt     time.Time  `gorm:"column:published_at"`
	FirstSeenAt     time.Time  `gorm:"column:first_seen_at"`
}

// TableName tells gorm the table of articleRow.
func (articleRow) TableName() string { return "articles" }

// dbTime normalises a time for storage: UTC, millisecond precision.
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

// dbTimePtr stores the zero time as NULL.
func dbTimePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	v := dbTime(t)
	return &v
}

// fromTimePtr reads a nullable time column; NULL is the zero time.
func fromTimePtr(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return p.UTC()
}

func toFeedRow(f sources.Feed) feedRow {
	url := f.URL
	if url == "" {
		url = f.CatalogURL
	}
	return feedRow{
		SiteID:        f.SiteID,
		CatalogURL:    f.CatalogURL,
		URL:           url,
		ETag:          f.ETag,
		LastModified:  f.LastModified,
		LastFetchedAt: dbTimePtr(f.LastFetchedAt),
		LastSuccessAt: dbTimePtr(f.LastSuccessAt),
		LastStatus:    f.LastStatus,
		LastError:     f.LastError,
		ErrorCount:    f.ErrorCount,
		NextFetchAt:   dbTimePtr(f.NextFetchAt),
	}
}

func (r feedRow) feed() sources.Feed {
	return sources.Feed{
		SiteID:        r.SiteID,
		URL:           r.URL,
		CatalogURL:    r.CatalogURL,
		ETag:          r.ETag,
		LastModified:  r.LastModified,
		LastFetchedAt: fromTimePtr(r.LastFetchedAt),
		LastSuccessAt: fromTimePtr(r.LastSuccessAt),
		LastStatus:    r.LastStatus,
		LastError:     r.LastError,
		ErrorCount:    r.ErrorCount,
		NextFetchAt:   fromTimePtr(r.NextFetchAt),
	}
}

func toArticleRow(a sources.Article) articleRow {
	var url *string
	if a.URL != "" {
		u := a.URL
		url = &u
	}
	return articleRow{
		ID:              a.ID,
		SiteID:          a.SiteID,
		Country:         a.Country,
		Language:        a.Language,
		Title:           a.Title,
		OriginalTitle:   a.OriginalTitle,
		Summary:         a.Summary,
		OriginalSummary: originalSummary(a),
		TranslatedTo:    a.TranslatedTo,
		TranslatedFrom:  a.SourceLanguage,
		URL:             url,
		ImageURL:        a.ImageURL,
		GUID:            a.GUID,
		PublishedAt:     dbTime(a.PublishedAt),
		FirstSeenAt:     dbTime(a.FirstSeenAt),
	}
}

func (r articleRow) article() sources.Article {
	a := sources.Article{
		ID:              r.ID,
		SiteID:          r.SiteID,
		Country:         r.Country,
		Language:        r.Language,
		Title:           r.Title,
		OriginalTitle:   r.OriginalTitle,
		Summary:         r.Summary,
		OriginalSummary: r.OriginalSummary,
		TranslatedTo:    r.TranslatedTo,
		SourceLanguage:  r.TranslatedFrom,
		ImageURL:        r.ImageURL,
		GUID:            r.GUID,
		PublishedAt:     r.PublishedAt.UTC(),
		FirstSeenAt:     r.FirstSeenAt.UTC(),
	}
	if r.URL != nil {
		a.URL = *r.URL
	}
	return a
}
