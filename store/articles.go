package store

import (
	"context"
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/sources"
	"gorm.io/gorm/clause"
)

// SaveArticles inserts the articles not stored yet and returns how many
// it inserted. An article is skipped when its ID is already stored (same
// site, same guid) or when another article, of any site, already has its
// URL. Stored articles are never modified. Every article needs an ID.
func (s *Store) SaveArticles(ctx context.Context, arts []sources.Article) (int, error) {
	rows := make([]articleRow, 0, len(arts))
	ids := make(map[string]bool, len(arts))
	urls := make(map[string]bool, len(arts))
	for i, a := range arts {
		if a.ID == "" {
			return 0, fmt.Errorf("store: save articles: article %d (%q) has no id", i, a.URL)
		}
		if ids[a.ID] || (a.URL != "" && urls[a.URL]) {
			continue
		}
		ids[a.ID] = true
		urls[a.URL] = true
		rows = append(rows, toArticleRow(a))
	}
	if len(rows) == 0 {
		return 0, nil
	}
	// ON CONFLICT DO NOTHING without a target skips rows that collide on
	// either unique key: the primary key (id) or the url index.
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&rows, batchSize)
	if res.Error != nil {
		return 0, fmt.Errorf("store: save articles: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}

// Articles returns the articles matching q, newest first by publication
// time, ties broken by ID.
func (s *Store) Articles(ctx context.Context, q sources.ArticleQuery) ([]sources.Article, error) {
	db := s.db.WithContext(ctx)
	if q.Country != "" {
		db = db.Where("country = ?", q.Country)
	}
	if len(q.SiteIDs) > 0 {
		db = db.Where("site_id IN ?", q.SiteIDs)
	}
	if !q.Since.IsZero() {
		db = db.Where("published_at >= ?", dbTime(q.Since))
	}
	if q.Limit > 0 {
		db = db.Limit(q.Limit)
	}
	var rows []articleRow
	if err := db.Order("published_at DESC, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	arts := make([]sources.Article, len(rows))
	for i, r := range rows {
		arts[i] = r.article()
	}
	return arts, nil
}

// ArticleCounts returns the number of stored articles per site id.
func (s *Store) ArticleCounts(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		SiteID string
		N      int64
	}
	err := s.db.WithContext(ctx).Model(&articleRow{}).
		Select("site_id, COUNT(*) AS n").Group("site_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: count articles: %w", err)
	}
	counts := make(map[string]int64, len(rows))
	for _, r := range rows {
		counts[r.SiteID] = r.N
	}
	return counts, nil
}

// PruneArticles deletes the articles both published and first seen
// before olderThan, and returns how many it deleted. An old article that
// was first seen recently is kept, so that it is not re-inserted by the
// next fetch of a feed that still lists it.
func (s *Store) PruneArticles(ctx context.Context, olderThan time.Time) (int64, error) {
	cutoff := dbTime(olderThan)
	res := s.db.WithContext(ctx).
		Where("published_at < ? AND first_seen_at < ?", cutoff, cutoff).
		Delete(&articleRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: prune articles: %w", res.Error)
	}
	return res.RowsAffected, nil
}
