package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// digestRow is the runtime mapping of the digests table: one built digest
// as a JSON document, keyed by country, window and build time.
type digestRow struct {
	Country       string    `gorm:"column:country;primaryKey"`
	WindowSeconds int64     `gorm:"column:window_seconds;primaryKey"`
	BuiltAt       time.Time `gorm:"column:built_at;primaryKey"`
	Date          string    `gorm:"column:date"`
	Body          string    `gorm:"column:body"`
}

// TableName tells gorm the table of digestRow.
func (digestRow) TableName() string { return "digests" }

// storedDigest is the JSON body of a digest row: the digest's public JSON
// plus what it does not print.
type storedDigest struct {
	Digest      digest.Digest `json:"digest"`
	CountryName string        `json:"country_name"`
	Articles    int           `json:"articles"`
}

// digestsKept is how many digests per country and window are kept; older
// ones are deleted when a new one is saved, except the last of each day
// (the archive of the web pages and feeds) for archiveDays.
const digestsKept = 48

// archiveDays is how many days' last digests are kept for the archive.
const archiveDays = 62

// SaveDigest stores a built digest under (country, window, generated-at).
// Saving the same key twice keeps the first, so two processes racing to
// build the same digest store one.
func (s *Store) SaveDigest(ctx context.Context, d digest.Digest) error {
	body, err := json.Marshal(storedDigest{Digest: d, CountryName: d.CountryName, Articles: d.Articles})
	if err != nil {
		return fmt.Errorf("store: save digest %s: %w", d.Country, err)
	}
	row := digestRow{Country: d.Country, WindowSeconds: int64(d.Window / time.Second), BuiltAt: dbTime(d.GeneratedAt), Date: d.Date, Body: string(body)}
	if err := s.saveRow(ctx, row); err != nil {
		return fmt.Errorf("store: save digest %s: %w", d.Country, err)
	}
	return nil
}

// saveRow inserts row (keeping the first of a key saved twice) and prunes
// the rows of its country and window: the newest digestsKept, and the
// last of each day for archiveDays.
func (s *Store) saveRow(ctx context.Context, row digestRow) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
			return err
		}
		var keep []time.Time
		if err := tx.Model(&digestRow{}).Where("country = ? AND window_seconds = ?", row.Country, row.WindowSeconds).
			Order("built_at DESC").Limit(digestsKept).Pluck("built_at", &keep).Error; err != nil {
			return fmt.Errorf("prune: %w", err)
		}
		if len(keep) < digestsKept {
			return nil
		}
		lastOfDay := tx.Model(&digestRow{}).Select("MAX(built_at)").
			Where("country = ? AND window_seconds = ?", row.Country, row.WindowSeconds).Group("date")
		err := tx.Where("country = ? AND window_seconds = ? AND built_at < ?", row.Country, row.WindowSeconds, keep[len(keep)-1]).
			Where("built_at NOT IN (?) OR built_at < ?", lastOfDay, row.BuiltAt.AddDate(0, 0, -archiveDays)).
			Delete(&digestRow{}).Error
		if err != nil {
			return fmt.Errorf("prune: %w", err)
		}
		return nil
	})
}

// LatestDigest returns the newest digest of country for window built at
// or after notBefore; false when there is none.
func (s *Store) LatestDigest(ctx context.Context, country string, window time.Duration, notBefore time.Time) (digest.Digest, bool, error) {
	row, ok, err := s.latestRow(ctx, country, window, notBefore)
	if err != nil || !ok {
		return digest.Digest{}, false, err
	}
	d, err := row.decode(window)
	return d, err == nil, err
}

// latestRow returns the newest row of country for window built at or
// after notBefore; false when there is none.
func (s *Store) latestRow(ctx context.Context, country string, window time.Duration, notBefore time.Time) (digestRow, bool, error) {
	var row digestRow
	err := s.db.WithContext(ctx).
		Where("country = ? AND window_seconds = ? AND built_at >= ?", country, int64(window/time.Second), dbTime(notBefore)).
		Order("built_at DESC").Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return digestRow{}, false, nil
	}
	if err != nil {
		return digestRow{}, false, fmt.Errorf("store: load %s: %w", country, err)
	}
	return row, true, nil
}

// DigestOnDate returns the newest stored digest of country for window
// whose local date is date; false when there is none.
func (s *Store) DigestOnDate(ctx context.Context, country string, window time.Duration, date string) (digest.Digest, bool, error) {
	row, ok, err := s.rowOnDate(ctx, country, window, date)
	if err != nil || !ok {
		return digest.Digest{}, false, err
	}
	d, err := row.decode(window)
	return d, err == nil, err
}

// rowOnDate returns the newest row of country for window whose date is
// date; false when there is none.
func (s *Store) rowOnDate(ctx context.Context, country string, window time.Duration, date string) (digestRow, bool, error) {
	var row digestRow
	err := s.db.WithContext(ctx).
		Where("country = ? AND window_seconds = ? AND date = ?", country, int64(window/time.Second), date).
		Order("built_at DESC").Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return digestRow{}, false, nil
	}
	if err != nil {
		return digestRow{}, false, fmt.Errorf("store: load %s of %s: %w", country, date, err)
	}
	return row, true, nil
}

// DailyDigests returns the newest stored digest of each of the n most
// recent dates of country for window, newest first.
func (s *Store) DailyDigests(ctx context.Context, country string, window time.Duration, n int) ([]digest.Digest, error) {
	rows, err := s.dailyRows(ctx, country, window, n)
	if err != nil {
		return nil, fmt.Errorf("store: list daily digests %s: %w", country, err)
	}
	return decodeRows(rows, func(r digestRow) (digest.Digest, error) { return r.decode(window) })
}

// decodeRows decodes rows in order.
func decodeRows[T any](rows []digestRow, decode func(digestRow) (T, error)) ([]T, error) {
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		v, err := decode(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// dailyRows returns the last row of each of the n most recent dates of
// country for window, newest first.
func (s *Store) dailyRows(ctx context.Context, country string, window time.Duration, n int) ([]digestRow, error) {
	secs := int64(window / time.Second)
	lastOfDay := s.db.Model(&digestRow{}).Select("MAX(built_at)").
		Where("country = ? AND window_seconds = ?", country, secs).Group("date")
	var rows []digestRow
	err := s.db.WithContext(ctx).
		Where("country = ? AND window_seconds = ? AND built_at IN (?)", country, secs, lastOfDay).
		Order("built_at DESC").Limit(n).Find(&rows).Error
	return rows, err
}

// decode returns the digest a row stores.
func (row digestRow) decode(window time.Duration) (digest.Digest, error) {
	var sd storedDigest
	if err := json.Unmarshal([]byte(row.Body), &sd); err != nil {
		return digest.Digest{}, fmt.Errorf("store: decode digest %s built %s: %w", row.Country, row.BuiltAt.Format(time.RFC3339), err)
	}
	d := sd.Digest
	d.CountryName, d.Articles, d.Window = sd.CountryName, sd.Articles, window
	d.GeneratedAt = row.BuiltAt.UTC()
	return d, nil
}
