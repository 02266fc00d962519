package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// leaseRow is the runtime mapping of the leases table.
type leaseRow struct {
	Name   string    `gorm:"column:name;primaryKey"`
	Holder string    `gorm:"column:holder"`
	Until  time.Time `gorm:"column:until"`
}

// TableName tells gorm the table of leaseRow.
func (leaseRow) TableName() string { return "leases" }

// AcquireLease takes or renews the named lease for holder until now+ttl
// and reports whether holder has it: it succeeds when the lease is free,
// already holder's, or its previous holder let it lapse (died). One
// conditional UPDATE decides, so two processes never both win.
func (s *Store) AcquireLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	now = now.UTC()
	db := s.db.WithContext(ctx)
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).
		Create(&leaseRow{Name: name, Holder: "", Until: time.Unix(0, 0).UTC()}).Error; err != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, err)
	}
	res := db.Model(&leaseRow{}).Where("name = ? AND (holder = ? OR until < ?)", name, holder, now).
		Updates(map[string]any{"holder": holder, "until": now.Add(ttl)})
	if res.Error != nil {
		return false, fmt.Errorf("store: lease %s: %w", name, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ReleaseLease gives the lease up if holder has it, so another process
// takes over at once.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	err := s.db.WithContext(ctx).Model(&leaseRow{}).Where("name = ? AND holder = ?", name, holder).
		Updates(map[string]any{"holder": "", "until": time.Unix(0, 0).UTC()}).Error
	if err != nil {
		return fmt.Errorf("store: release lease %s: %w", name, err)
	}
	return nil
}
