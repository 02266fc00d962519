package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrLeaseLost is returned when a worker finishes a delivery whose claim
// was taken over by another worker after its lease ran out.
var ErrLeaseLost = errors.New("store: delivery lease lost")

// deliveryRow is the runtime mapping of the deliveries table.
type deliveryRow struct {
	ID             int64      `gorm:"column:id;primaryKey"`
	SubscriptionID int64      `gorm:"column:subscription_id"`
	LocalDate      string     `gorm:"column:local_date"`
	Platform       string     `gorm:"column:platform"`
	ChatID         string     `gorm:"column:chat_id"`
	ThreadID       string     `gorm:"column:thread_id"`
	Country        string     `gorm:"column:country"`
	Include        string     `gorm:"column:include_words"`
	Exclude        string     `gorm:"column:exclude_words"`
	Status         string     `gorm:"column:status"`
	Attempts       int        `gorm:"column:attempts"`
	NextAttemptAt  time.Time  `gorm:"column:next_attempt_at"`
	LeaseOwner     string     `gorm:"column:lease_owner"`
	LeaseUntil     *time.Time `gorm:"column:lease_until"`
	MessageID      string     `gorm:"column:message_id"`
	LastError      string     `gorm:"column:last_error"`
	SentAt         *time.Time `gorm:"column:sent_at"`
	CreatedAt      time.Time  `gorm:"column:created_at"`
	UpdatedAt      time.Time  `gorm:"column:updated_at"`
}

// TableName tells gorm the table of deliveryRow.
func (deliveryRow) TableName() string { return "deliveries" }

func (r deliveryRow) delivery() delivery.Delivery {
	d := delivery.Delivery{
		ID: r.ID, SubscriptionID: r.SubscriptionID, ChatKey: bot.ChatKey{Platform: r.Platform, ChatID: r.ChatID},
		ThreadID: r.ThreadID, Country: r.Country, Include: splitWords(r.Include), Exclude: splitWords(r.Exclude), Date: r.LocalDate, Status: r.Status, Attempts: r.Attempts,
		NextAttemptAt: r.NextAttemptAt.UTC(), LeaseOwner: r.LeaseOwner, MessageID: r.MessageID,
		LastError: r.LastError, CreatedAt: r.CreatedAt.UTC(),
	}
	if r.LeaseUntil != nil {
		d.LeaseUntil = r.LeaseUntil.UTC()
	}
	if r.SentAt != nil {
		d.SentAt = r.SentAt.UTC()
	}
	return d
}

// EnqueueDeliveries inserts pending deliveries due at their
// NextAttemptAt; a (subscription, date) already in the outbox is left as
// it is. It returns how many rows were new.
func (s *Store) EnqueueDeliveries(ctx context.Context, ds []delivery.Delivery) (int, error) {
	if len(ds) == 0 {
		return 0, nil
	}
	now := time.Now().UTC()
	rows := make([]deliveryRow, len(ds))
	for i, d := range ds {
		rows[i] = deliveryRow{
			SubscriptionID: d.SubscriptionID, LocalDate: d.Date, Platform: d.Platform, ChatID: d.ChatID,
			ThreadID: d.ThreadID, Country: d.Country, Include: joinWords(d.Include), Exclude: joinWords(d.Exclude), Status: delivery.StatusPending,
			NextAttemptAt: d.NextAttemptAt.UTC(), CreatedAt: now, UpdatedAt: now,
		}
	}
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(&rows, 500)
	if res.Error != nil {
		return 0, fmt.Errorf("store: enqueue deliveries: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}

// ClaimDeliveries leases up to limit due deliveries to owner until
// now+lease and counts an attempt on each: pending rows whose
// NextAttemptAt has come, and sending rows whose lease ran out (their
// worker died). On PostgreSQL rows locked by another claim are skipped
// (FOR UPDATE SKIP LOCKED); SQLite serialises writers.
func (s *Store) ClaimDeliveries(ctx context.Context, owner string, now time.Time, limit int, lease time.Duration) ([]delivery.Delivery, error) {
	now = now.UTC()
	until := now.Add(lease)
	var out []delivery.Delivery
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		q := tx.Where("(status = ? AND next_attempt_at <= ?) OR (status = ? AND lease_until < ?)",
			delivery.StatusPending, now, delivery.StatusSending, now).
			Order("next_attempt_at, id").Limit(limit)
		if s.dialect == "postgres" {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var rows []deliveryRow
		if err := q.Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		if err := tx.Model(&deliveryRow{}).Where("id IN ?", ids).Updates(map[string]any{
			"status": delivery.StatusSending, "lease_owner": owner, "lease_until": until,
			"attempts": gorm.Expr("attempts + 1"), "updated_at": now,
		}).Error; err != nil {
			return err
		}
		for _, r := range rows {
			r.Status, r.LeaseOwner, r.LeaseUntil, r.Attempts = delivery.StatusSending, owner, &until, r.Attempts+1
			out = append(out, r.delivery())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries: %w", err)
	}
	return out, nil
}

// finish updates a delivery still leased to owner; ErrLeaseLost when
// another worker has claimed it since.
func (s *Store) finish(ctx context.Context, id int64, owner string, set map[string]any) error {
	set["updated_at"] = time.Now().UTC()
	res := s.db.WithContext(ctx).Model(&deliveryRow{}).
		Where("id = ? AND status = ? AND lease_owner = ?", id, delivery.StatusSending, owner).Updates(set)
	if res.Error != nil {
		return fmt.Errorf("store: delivery %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("delivery %d: %w", id, ErrLeaseLost)
	}
	return nil
}

// MarkDeliverySent records a sent delivery and the platform message id.
// A suspended subscription whose chat accepted it is active again.
func (s *Store) MarkDeliverySent(ctx context.Context, id int64, owner, messageID string, at time.Time) error {
	err := s.finish(ctx, id, owner, map[string]any{
		"status": delivery.StatusSent, "message_id": messageID, "sent_at": at.UTC(), "last_error": "",
	})
	if err != nil {
		return err
	}
	sub := s.db.Model(&deliveryRow{}).Select("subscription_id").Where("id = ?", id)
	res := s.db.WithContext(ctx).Model(&subscriptionRow{}).
		Where("id = (?) AND status = ?", sub, bot.StatusSuspended).
		Updates(map[string]any{"status": bot.StatusActive, "updated_at": dbTime(time.Now())})
	if res.Error != nil {
		return fmt.Errorf("store: reactivate subscription of delivery %d: %w", id, res.Error)
	}
	return nil
}

// RetryDelivery puts a delivery back in the queue, due at at, noting why.
func (s *Store) RetryDelivery(ctx context.Context, id int64, owner string, at time.Time, reason string) error {
	return s.finish(ctx, id, owner, map[string]any{
		"status": delivery.StatusPending, "next_attempt_at": at.UTC(), "last_error": reason, "lease_until": nil,
	})
}

// EndDelivery closes a delivery as failed or suspended, with the reason.
func (s *Store) EndDelivery(ctx context.Context, id int64, owner, status, reason string) error {
	if status != delivery.StatusFailed && status != delivery.StatusSuspended {
		return fmt.Errorf("store: end delivery %d: bad status %q", id, status)
	}
	return s.finish(ctx, id, owner, map[string]any{"status": status, "last_error": reason, "lease_until": nil})
}

// Deliveries lists deliveries matching f, newest date first.
func (s *Store) Deliveries(ctx context.Context, f delivery.Filter) ([]delivery.Delivery, error) {
	q := s.db.WithContext(ctx).Order("local_date DESC, id")
	if f.Date != "" {
		q = q.Where("local_date = ?", f.Date)
	}
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []deliveryRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	out := make([]delivery.Delivery, len(rows))
	for i, r := range rows {
		out[i] = r.delivery()
	}
	return out, nil
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
