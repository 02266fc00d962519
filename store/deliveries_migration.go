package store

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// migration0005Deliveries creates the delivery outbox (one row per
// (subscription, local date)) and the leases that elect one process for
// single-instance work such as Telegram polling.
func migration0005Deliveries() *gormigrate.Migration {
	type delivery struct {
		ID             int64      `gorm:"column:id;primaryKey;autoIncrement"`
		SubscriptionID int64      `gorm:"column:subscription_id;not null;uniqueIndex:deliveries_subscription_date_key,priority:1"`
		LocalDate      string     `gorm:"column:local_date;not null;size:10;uniqueIndex:deliveries_subscription_date_key,priority:2;index:deliveries_date_idx"`
		Platform       string     `gorm:"column:platform;not null;size:32"`
		ChatID         string     `gorm:"column:chat_id;not null;size:128"`
		ThreadID       string     `gorm:"column:thread_id;not null;default:''"`
		Country        string     `gorm:"column:country;not null;size:8"`
		Include        string     `gorm:"column:include_words;not null;default:''"`
		Exclude        string     `gorm:"column:exclude_words;not null;default:''"`
		Status         string     `gorm:"column:status;not null;size:16;index:deliveries_due_idx,priority:1"`
		Attempts       int        `gorm:"column:attempts;not null;default:0"`
		NextAttemptAt  time.Time  `gorm:"column:next_attempt_at;not null;index:deliveries_due_idx,priority:2"`
		LeaseOwner     string     `gorm:"column:lease_owner;not null;default:''"`
		LeaseUntil     *time.Time `gorm:"column:lease_until"`
		MessageID      string     `gorm:"column:message_id;not null;default:''"`
		LastError      string     `gorm:"column:last_error;not null;default:''"`
		SentAt         *time.Time `gorm:"column:sent_at"`
		CreatedAt      time.Time  `gorm:"column:created_at;not null"`
		UpdatedAt      time.Time  `gorm:"column:updated_at;not null"`
	}
	type lease struct {
		Name   string    `gorm:"column:name;primaryKey;size:64"`
		Holder string    `gorm:"column:holder;not null;default:''"`
		Until  time.Time `gorm:"column:until;not null"`
	}
	return &gormigrate.Migration{
		ID: "0005_deliveries",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Table("deliveries").Migrator().CreateTable(&delivery{}); err != nil {
				return err
			}
			return tx.Table("leases").Migrator().CreateTable(&lease{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("leases", "deliveries")
		},
	}
}
