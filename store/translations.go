package store

import (
	"context"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// migration0002Translations adds the translation columns to articles
// (title and summary hold the target-language text, original_title and
// original_summary what was published) and the translation cache.
func migration0002Translations() *gormigrate.Migration {
	type article struct {
		OriginalSummary string     `gorm:"column:original_summary;not null;default:''"`
		TranslatedTo    string     `gorm:"column:translated_to;not null;default:'';index:articles_translated_to_idx"`
		TranslatedFrom  string     `gorm:"column:translated_from;not null;default:''"`
		TranslatedAt    *time.Time `gorm:"column:translated_at"`
	}
	type translation struct {
		SourceLang   string    `gorm:"column:source_lang;primaryKey;size:35"`
		TargetLang   string    `gorm:"column:target_lang;primaryKey;size:35"`
		TextHash     string    `gorm:"column:text_hash;primaryKey;size:64"`
		Text         string    `gorm:"column:text;not null"`
		DetectedLang string    `gorm:"column:detected_lang;not null;default:''"`
		CreatedAt    time.Time `gorm:"column:created_at;not null;index:translations_created_at_idx"`
	}
	return &gormigrate.Migration{
		ID: "0002_translations",
		Migrate: func(tx *gorm.DB) error {
			m := tx.Table("articles").Migrator()
			for _, col := range []string{"OriginalSummary", "TranslatedTo", "TranslatedFrom", "TranslatedAt"} {
				if err := m.AddColumn(&article{}, col); err != nil {
					return fmt.Errorf("add articles.%s: %w", col, err)
				}
			}
			if err := m.CreateIndex(&article{}, "articles_translated_to_idx"); err != nil {
				return err
			}
			if err := tx.Exec("UPDATE articles SET original_summary = summary").Error; err != nil {
				return err
			}
			return tx.Table("translations").Migrator().CreateTable(&translation{})
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("translations"); err != nil {
				return err
			}
			m := tx.Table("articles").Migrator()
			if err := m.DropIndex(&article{}, "articles_translated_to_idx"); err != nil {
				return err
			}
			for _, col := range []string{"original_summary", "translated_to", "translated_from", "translated_at"} {
				if err := m.DropColumn(&article{}, col); err != nil {
					return err
				}
			}
			return nil
		},
	}
}

// translationRow is the runtime mapping of the translations cache table.
type translationRow struct {
	SourceLang   string    `gorm:"column:source_lang;primaryKey"`
	TargetLang   string    `gorm:"column:target_lang;primaryKey"`
	TextHash     string    `gorm:"column:text_hash;primaryKey"`
	Text         string    `gorm:"column:text"`
	DetectedLang string    `gorm:"column:detected_lang"`
	CreatedAt    time.Time `gorm:"column:created_at"`
}

// TableName tells gorm the table of translationRow.
func (translationRow) TableName() string { return "translations" }

// originalSummary is what the ingester published as summary when the
// article does not say otherwise.
func originalSummary(a sources.Article) string {
	if a.OriginalSummary != "" {
		return a.OriginalSummary
	}
	return a.Summary
}

// lookupChunk bounds the hashes of one IN (…) query.
const lookupChunk = 500

// CachedTranslations returns the cached translations among hashes from
// source to target, by hash. It implements translate.Cache.
func (s *Store) CachedTranslations(ctx context.Context, source, target string, hashes []string) (map[string]translate.CacheEntry, error) {
	out := make(map[string]translate.CacheEntry, len(hashes))
	for start := 0; start < len(hashes); start += lookupChunk {
		chunk := hashes[start:min(start+lookupChunk, len(hashes))]
		var rows []translationRow
		err := s.db.WithContext(ctx).
			Where("source_lang = ? AND target_lang = ? AND text_hash IN ?", source, target, chunk).
			Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("store: read translation cache: %w", err)
		}
		for _, r := range rows {
			out[r.TextHash] = translate.CacheEntry{Hash: r.TextHash, Text: r.Text, Detected: r.DetectedLang}
		}
	}
	return out, nil
}

// CacheTranslations stores translations from source to target; entries
// already cached are kept. It implements translate.Cache.
func (s *Store) CacheTranslations(ctx context.Context, source, target string, entries []translate.CacheEntry) error {
	if len(entries) == 0 {
		return nil
	}
	now := dbTime(time.Now())
	rows := make([]translationRow, len(entries))
	for i, e := range entries {
		rows[i] = translationRow{SourceLang: source, TargetLang: target, TextHash: e.Hash, Text: e.Text, DetectedLang: e.Detected, CreatedAt: now}
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&rows, batchSize).Error
	if err != nil {
		return fmt.Errorf("store: write translation cache: %w", err)
	}
	return nil
}

// PruneTranslations deletes cached translations created before
// olderThan and returns how many it deleted.
func (s *Store) PruneTranslations(ctx context.Context, olderThan time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("created_at < ?", dbTime(olderThan)).Delete(&translationRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: prune translation cache: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// PendingTranslations returns up to limit articles of the given sites (all
// when empty), newest first, whose title and summary are not in target
// yet, with their original text. It implements translate.ArticleStore.
func (s *Store) PendingTranslations(ctx context.Context, target string, siteIDs []string, limit int) ([]translate.Article, error) {
	db := s.db.WithContext(ctx).Where("translated_to <> ?", target)
	if len(siteIDs) > 0 {
		db = db.Where("site_id IN ?", siteIDs)
	}
	if limit > 0 {
		db = db.Limit(limit)
	}
	var rows []articleRow
	if err := db.Order("published_at DESC, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list articles to translate: %w", err)
	}
	out := make([]translate.Article, len(rows))
	for i, r := range rows {
		sum := r.OriginalSummary
		if sum == "" {
			sum = r.Summary
		}
		out[i] = translate.Article{ID: r.ID, Language: r.Language, Title: r.OriginalTitle, Summary: sum,
			TitleDone: r.TranslatedFrom != "" && r.Title != r.OriginalTitle}
	}
	return out, nil
}

// SaveArticleTranslations stores the target-language titles and summaries
// of articles and marks them as being in target, except partial ones
// (title only), which stay pending. It implements
// translate.ArticleStore.
func (s *Store) SaveArticleTranslations(ctx context.Context, target string, ts []translate.ArticleTranslation) error {
	if len(ts) == 0 {
		return nil
	}
	now := dbTime(time.Now())
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, t := range ts {
			cols := map[string]any{"title": t.Title, "summary": t.Summary, "translated_from": t.Source}
			if !t.Partial {
				cols["translated_to"] = target
				cols["translated_at"] = now
			}
			err := tx.Model(&articleRow{}).Where("id = ?", t.ID).Updates(cols).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save translations: %w", err)
	}
	return nil
}

// PendingTranslationsOf returns those of the articles ids whose title and
// summary are not in target yet, with their original text: what a
// digest about to be read still needs translated.
func (s *Store) PendingTranslationsOf(ctx context.Context, target string, ids []string) ([]translate.Article, error) {
	var out []translate.Article
	for start := 0; start < len(ids); start += 500 {
		var rows []articleRow
		chunk := ids[start:min(start+500, len(ids))]
		if err := s.db.WithContext(ctx).Where("translated_to <> ? AND id IN ?", target, chunk).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: list articles to translate: %w", err)
		}
		for _, r := range rows {
			sum := r.OriginalSummary
			if sum == "" {
				sum = r.Summary
			}
			out = append(out, translate.Article{ID: r.ID, Language: r.Language, Title: r.OriginalTitle, Summary: sum,
				TitleDone: r.TranslatedFrom != "" && r.Title != r.OriginalTitle})
		}
	}
	return out, nil
}
