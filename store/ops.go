package store

import (
	"context"
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/bot/delivery"
	"gorm.io/gorm"
)

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// OutboxDepth counts the deliveries not yet finished: pending rows and
// rows being sent (leased). It is a single COUNT, cheap enough for every
// metrics scrape.
func (s *Store) OutboxDepth(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&deliveryRow{}).
		Where("status IN ?", []string{delivery.StatusPending, delivery.StatusSending}).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: outbox depth: %w", err)
	}
	return n, nil
}

// ReleaseDeliveries puts back in the queue, due at once, every delivery
// still leased to owner (a stopping worker's unsent claims), so another
// worker need not wait for the lease to lapse. The interrupted claim does
// not count as an attempt. It returns the number of rows released.
func (s *Store) ReleaseDeliveries(ctx context.Context, owner string) (int64, error) {
	res := s.db.WithContext(ctx).Model(&deliveryRow{}).
		Where("status = ? AND lease_owner = ?", delivery.StatusSending, owner).
		Updates(map[string]any{
			"status": delivery.StatusPending, "lease_until": nil,
			"attempts": gorm.Expr("CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END"), "updated_at": time.Now().UTC(),
		})
	if res.Error != nil {
		return 0, fmt.Errorf("store: release deliveries of %s: %w", owner, res.Error)
	}
	return res.RowsAffected, nil
}
