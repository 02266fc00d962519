package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/worldbrief/worldbrief/sources"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// batchSize bounds the rows of one multi-row INSERT.
const batchSize = 200

// feedKey is the conflict target identifying a feed.
var feedKey = []clause.Column{{Name: "site_id"}, {Name: "catalog_url"}}

// feedStateColumns are the columns SaveFeed writes.
var feedStateColumns = []string{
	"url", "etag", "last_modified", "last_fetched_at", "last_success_at",
	"last_status", "last_error", "error_count", "next_fetch_at",
}

// SyncFeeds makes the stored feeds match the catalog sites: every
// (site id, feed URL) gets a row, existing rows keep their fetch state,
// and rows no longer in the catalog are kept (with their state) but no
// longer returned by Feeds.
func (s *Store) SyncFeeds(ctx context.Context, sites []sources.Site) error {
	var rows []feedRow
	seen := make(map[[2]string]bool)
	for _, site := range sites {
		if site.ID == "" {
			return errors.New("store: sync feeds: site without id")
		}
		for _, u := range site.Feeds {
			k := [2]string{site.ID, u}
			if u == "" || seen[k] {
				continue
			}
			seen[k] = true
			rows = append(rows, feedRow{SiteID: site.ID, CatalogURL: u, URL: u, InCatalog: true})
		}
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&feedRow{}).Where("in_catalog = ?", true).Update("in_catalog", false).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   feedKey,
			DoUpdates: clause.AssignmentColumns([]string{"in_catalog"}),
		}).CreateInBatches(&rows, batchSize).Error
	})
	if err != nil {
		return fmt.Errorf("store: sync feeds: %w", err)
	}
	return nil
}

// Feeds returns the catalog-synced feeds of the given sites (all sites
// when siteIDs is empty), ordered by site id then catalog URL.
func (s *Store) Feeds(ctx context.Context, siteIDs []string) ([]sources.Feed, error) {
	q := s.db.WithContext(ctx).Where("in_catalog = ?", true)
	if len(siteIDs) > 0 {
		q = q.Where("site_id IN ?", siteIDs)
	}
	var rows []feedRow
	if err := q.Order("site_id, catalog_url").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list feeds: %w", err)
	}
	feeds := make([]sources.Feed, len(rows))
	for i, r := range rows {
		feeds[i] = r.feed()
	}
	return feeds, nil
}

// SaveFeed stores the fetch state of f, keyed by (SiteID, CatalogURL),
// including a changed URL after a permanent redirect. An empty URL means
// the catalog URL. A feed saved without SyncFeeds is stored but is not
// returned by Feeds until a sync lists it.
func (s *Store) SaveFeed(ctx context.Context, f sources.Feed) error {
	if f.SiteID == "" || f.CatalogURL == "" {
		return fmt.Errorf("store: save feed: site id %q and catalog URL %q are both required", f.SiteID, f.CatalogURL)
	}
	row := toFeedRow(f)
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   feedKey,
		DoUpdates: clause.AssignmentColumns(feedStateColumns),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("store: save feed %s %s: %w", f.SiteID, f.CatalogURL, err)
	}
	return nil
}
