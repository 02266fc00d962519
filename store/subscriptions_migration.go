package store

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// migration0004Subscriptions creates the chats and subscriptions tables
// of the chat bots.
func migration0004Subscriptions() *gormigrate.Migration {
	type chat struct {
		Platform     string    `gorm:"column:platform;primaryKey;size:32"`
		ChatID       string    `gorm:"column:chat_id;primaryKey;size:128"`
		DeliveryTime string    `gorm:"column:delivery_time;not null;default:'07:00'"`
		Timezone     string    `gorm:"column:timezone;not null;default:'UTC'"`
		CreatedAt    time.Time `gorm:"column:created_at;not null"`
		UpdatedAt    time.Time `gorm:"column:updated_at;not null"`
	}
	type subscription struct {
		ID           int64     `gorm:"column:id;primaryKey;autoIncrement"`
		Platform     string    `gorm:"column:platform;not null;size:32;uniqueIndex:subscriptions_chat_country_key,priority:1;index:subscriptions_status_idx,priority:2"`
		ChatID       string    `gorm:"column:chat_id;not null;size:128;uniqueIndex:subscriptions_chat_country_key,priority:2"`
		Country      string    `gorm:"column:country;not null;size:8;uniqueIndex:subscriptions_chat_country_key,priority:3"`
		ThreadID     string    `gorm:"column:thread_id;not null;default:''"`
		DeliveryTime string    `gorm:"column:delivery_time;not null;default:'07:00'"`
		Timezone     string    `gorm:"column:timezone;not null;default:'UTC'"`
		Include      string    `gorm:"column:include_words;not null;default:''"`
		Exclude      string    `gorm:"column:exclude_words;not null;default:''"`
		Status       string    `gorm:"column:status;not null;default:'active';index:subscriptions_status_idx,priority:1"`
		CreatedBy    string    `gorm:"column:created_by;not null;default:''"`
		CreatedAt    time.Time `gorm:"column:created_at;not null"`
		UpdatedAt    time.Time `gorm:"column:updated_at;not null"`
	}
	return &gormigrate.Migration{
		ID: "0004_subscriptions",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Table("chats").Migrator().CreateTable(&chat{}); err != nil {
				return err
			}
			return tx.Table("subscriptions").Migrator().CreateTable(&subscription{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("subscriptions", "chats")
		},
	}
}
