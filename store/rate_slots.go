package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// rateSlotRow is the runtime mapping of the rate_slots table: for each
// key (a platform's global limit, one chat's limit) the earliest time, in
// Unix nanoseconds, at which its next message may go.
type rateSlotRow struct {
	Key    string `gorm:"column:key;primaryKey"`
	NextNS int64  `gorm:"column:next_ns;not null"`
}

func (rateSlotRow) TableName() string { return "rate_slots" }

// migration0006RateSlots creates the rate_slots table that spaces sends
// across every serve process sharing the database.
func migration0006RateSlots() *gormigrate.Migration {
	type rateSlot struct {
		Key    string `gorm:"column:key;primaryKey;size:200"`
		NextNS int64  `gorm:"column:next_ns;not null"`
	}
	return &gormigrate.Migration{
		ID: "0006_rate_slots",
		Migrate: func(tx *gorm.DB) error {
			return tx.Table("rate_slots").Migrator().CreateTable(&rateSlot{})
		},
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("rate_slots") },
	}
}

// ReserveSlot books one send under several limits at once, shared by
// every process on this database: it returns the earliest time not
// before now at which each key's previous booking is at least that key's
// interval old, and books that time for all of them. The caller sends at
// the returned time, so a platform's global and per-chat limits hold
// whatever the number of processes. Keys are locked in a fixed order
// (FOR UPDATE on PostgreSQL; SQLite serialises writers), so concurrent
// bookings neither deadlock nor share a slot.
func (s *Store) ReserveSlot(ctx context.Context, now time.Time, intervals map[string]time.Duration) (time.Time, error) {
	keys := make([]string, 0, len(intervals))
	for k := range intervals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	start := now.UnixNano()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fresh := make([]rateSlotRow, len(keys))
		for i, k := range keys {
			fresh[i] = rateSlotRow{Key: k}
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&fresh).Error; err != nil {
			return err
		}
		var rows []rateSlotRow
		q := tx.Where("key IN ?", keys).Order("key")
		if s.dialect == DialectPostgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			start = max(start, r.NextNS)
		}
		for _, k := range keys {
			next := start + int64(intervals[k])
			if err := tx.Model(&rateSlotRow{}).Where("key = ?", k).Update("next_ns", next).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("store: reserve send slot: %w", err)
	}
	return time.Unix(0, start), nil
}
