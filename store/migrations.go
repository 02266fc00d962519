package store

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// migrationsTable records which migrations have run.
const migrationsTable = "schema_migrations"

// migrations is the ordered schema history. Never edit or reorder a
// migration that has shipped: append a new one. Each migration declares
// its own frozen row structs, so later changes to the runtime rows
// (rows.go) cannot alter what an old migration does.
func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		migration0001FeedsArticles(),
		migration0002Translations(),
		migration0003Digests(),
		migration0004Subscriptions(),
		migration0005Deliveries(),
		migration0006RateSlots(),
		migration0007TranslationUsage(),
	}
}

// migration0001FeedsArticles creates the feeds and articles tables.
func migration0001FeedsArticles() *gormigrate.Migration {
	type feed struct {
		ID            int64      `gorm:"column:id;primaryKey;autoIncrement"`
		SiteID        string     `gorm:"column:site_id;not null;uniqueIndex:feeds_site_id_catalog_url_key,priority:1"`
		CatalogURL    string     `gorm:"column:catalog_url;not null;uniqueIndex:feeds_site_id_catalog_url_key,priority:2"`
		URL           string     `gorm:"column:url;not null"`
		InCatalog     bool       `gorm:"column:in_catalog;not null;default:false"`
		ETag          string     `gorm:"column:etag;not null;default:''"`
		LastModified  string     `gorm:"column:last_modified;not null;default:''"`
		LastFetchedAt *time.Time `gorm:"column:last_fetched_at"`
		LastSuccessAt *time.Time `gorm:"column:last_success_at"`
		LastStatus    string     `gorm:"column:last_status;not null;default:''"`
		LastError     string     `gorm:"column:last_error;not null;default:''"`
		ErrorCount    int        `gorm:"column:error_count;not null;default:0"`
		NextFetchAt   *time.Time `gorm:"column:next_fetch_at"`
	}
	type article struct {
		ID            string    `gorm:"column:id;primaryKey"`
		SiteID        string    `gorm:"column:site_id;not null;index:articles_site_id_published_at_idx,priority:1"`
		Country       string    `gorm:"column:country;not null;index:articles_country_published_at_idx,priority:1"`
		Language      string    `gorm:"column:language;not null;default:''"`
		Title         string    `gorm:"column:title;not null;default:''"`
		OriginalTitle string    `gorm:"column:original_title;not null;default:''"`
		Summary       string    `gorm:"column:summary;not null;default:''"`
		URL           *string   `gorm:"column:url;uniqueIndex:articles_url_key"`
		ImageURL      string    `gorm:"column:image_url;not null;default:''"`
		GUID          string    `gorm:"column:guid;not null;default:''"`
		PublishedAt   time.Time `gorm:"column:published_at;not null;index:articles_country_published_at_idx,priority:2;index:articles_site_id_published_at_idx,priority:2;index:articles_published_at_idx"`
		FirstSeenAt   time.Time `gorm:"column:first_seen_at;not null"`
	}
	return &gormigrate.Migration{
		ID: "0001_feeds_articles",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Table("feeds").Migrator().CreateTable(&feed{}); err != nil {
				return err
			}
			return tx.Table("articles").Migrator().CreateTable(&article{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("articles", "feeds")
		},
	}
}

// migration0003Digests creates the digests table: built digests as JSON,
// keyed by country, window and build time.
func migration0003Digests() *gormigrate.Migration {
	type digest struct {
		Country       string    `gorm:"column:country;primaryKey"`
		WindowSeconds int64     `gorm:"column:window_seconds;primaryKey;autoIncrement:false"`
		BuiltAt       time.Time `gorm:"column:built_at;primaryKey"`
		Date          string    `gorm:"column:date;not null;default:''"`
		Body          string    `gorm:"column:body;not null"`
	}
	return &gormigrate.Migration{
		ID: "0003_digests",
		Migrate: func(tx *gorm.DB) error {
			return tx.Table("digests").Migrator().CreateTable(&digest{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("digests")
		},
	}
}
