package store

import (
	"context"
	"fmt"

	"github.com/go-gormigrate/gormigrate/v2"
	"github.com/worldbrief/worldbrief/translate"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// translationUsageRow is the runtime mapping of the translation_usage
// table: the characters (and LLM tokens) one provider spent on one of its
// days, shared by every process on this database.
type translationUsageRow struct {
	Provider string `gorm:"column:provider;primaryKey"`
	Day      string `gorm:"column:day;primaryKey"`
	Chars    int64  `gorm:"column:chars;not null"`
	Tokens   int64  `gorm:"column:tokens;not null"`
}

func (translationUsageRow) TableName() string { return "translation_usage" }

// migration0007TranslationUsage creates the translation_usage table that
// holds the daily translation budget of every provider.
func migration0007TranslationUsage() *gormigrate.Migration {
	type translationUsage struct {
		Provider string `gorm:"column:provider;primaryKey;size:64"`
		Day      string `gorm:"column:day;primaryKey;size:10"`
		Chars    int64  `gorm:"column:chars;not null;default:0"`
		Tokens   int64  `gorm:"column:tokens;not null;default:0"`
	}
	return &gormigrate.Migration{
		ID: "0007_translation_usage",
		Migrate: func(tx *gorm.DB) error {
			return tx.Table("translation_usage").Migrator().CreateTable(&translationUsage{})
		},
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("translation_usage") },
	}
}

// ReserveTranslationChars implements translate.Ledger: it adds up to want
// characters to the provider's count for day without taking it above
// limit (limit ≤ 0: no limit) and returns how many it added. The row is
// locked for the read and the update (FOR UPDATE on PostgreSQL; SQLite
// serialises writers), so processes sharing the database never book the
// same characters twice.
func (s *Store) ReserveTranslationChars(ctx context.Context, provider, day string, want, limit int64) (int64, error) {
	if want <= 0 {
		return 0, nil
	}
	var got int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&translationUsageRow{Provider: provider, Day: day}).Error; err != nil {
			return err
		}
		var row translationUsageRow
		q := tx.Where("provider = ? AND day = ?", provider, day)
		if s.dialect == DialectPostgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Take(&row).Error; err != nil {
			return err
		}
		got = want
		if limit > 0 {
			got = max(min(want, limit-row.Chars), 0)
		}
		if got == 0 {
			return nil
		}
		return tx.Model(&translationUsageRow{}).Where("provider = ? AND day = ?", provider, day).
			Update("chars", gorm.Expr("chars + ?", got)).Error
	})
	if err != nil {
		return 0, fmt.Errorf("store: reserve translation characters: %w", err)
	}
	return got, nil
}

// AddTranslationUsage implements translate.Ledger: it adds chars (a
// negative number gives characters back, never below zero) and tokens to
// the provider's count for day.
func (s *Store) AddTranslationUsage(ctx context.Context, provider, day string, chars, tokens int64) error {
	if chars == 0 && tokens == 0 {
		return nil
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&translationUsageRow{Provider: provider, Day: day}).Error; err != nil {
			return err
		}
		return tx.Model(&translationUsageRow{}).Where("provider = ? AND day = ?", provider, day).Updates(map[string]any{
			"chars":  gorm.Expr("CASE WHEN chars + ? < 0 THEN 0 ELSE chars + ? END", chars, chars),
			"tokens": gorm.Expr("tokens + ?", tokens),
		}).Error
	})
	if err != nil {
		return fmt.Errorf("store: count translation usage: %w", err)
	}
	return nil
}

// TranslationUsage implements translate.Ledger: the provider's count for
// day (zero when nothing was spent).
func (s *Store) TranslationUsage(ctx context.Context, provider, day string) (translate.Usage, error) {
	var rows []translationUsageRow
	if err := s.db.WithContext(ctx).Where("provider = ? AND day = ?", provider, day).Limit(1).Find(&rows).Error; err != nil {
		return translate.Usage{}, fmt.Errorf("store: read translation usage: %w", err)
	}
	if len(rows) == 0 {
		return translate.Usage{}, nil
	}
	return translate.Usage{Chars: rows[0].Chars, Tokens: rows[0].Tokens}, nil
}
