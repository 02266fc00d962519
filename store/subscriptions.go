package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/bot"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// chatRow is the runtime mapping of the chats table.
type chatRow struct {
	Platform     string    `gorm:"column:platform;primaryKey"`
	ChatID       string    `gorm:"column:chat_id;primaryKey"`
	DeliveryTime string    `gorm:"column:delivery_time"`
	Timezone     string    `gorm:"column:timezone"`
	CreatedAt    time.Time `gorm:"column:created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at"`
}

// TableName tells gorm the table of chatRow.
func (chatRow) TableName() string { return "chats" }

// subscriptionRow is the runtime mapping of the subscriptions table.
type subscriptionRow struct {
	ID           int64     `gorm:"column:id;primaryKey"`
	Platform     string    `gorm:"column:platform"`
	ChatID       string    `gorm:"column:chat_id"`
	Country      string    `gorm:"column:country"`
	ThreadID     string    `gorm:"column:thread_id"`
	DeliveryTime string    `gorm:"column:delivery_time"`
	Timezone     string    `gorm:"column:timezone"`
	Include      string    `gorm:"column:include_words"`
	Exclude      string    `gorm:"column:exclude_words"`
	Status       string    `gorm:"column:status"`
	CreatedBy    string    `gorm:"column:created_by"`
	CreatedAt    time.Time `gorm:"column:created_at"`
	UpdatedAt    time.Time `gorm:"column:updated_at"`
}

// TableName tells gorm the table of subscriptionRow.
func (subscriptionRow) TableName() string { return "subscriptions" }

func (r subscriptionRow) subscription() bot.Subscription {
	return bot.Subscription{
		ID: r.ID, ChatKey: bot.ChatKey{Platform: r.Platform, ChatID: r.ChatID}, Country: r.Country,
		ThreadID: r.ThreadID, DeliveryTime: r.DeliveryTime, Timezone: r.Timezone,
		Include: splitWords(r.Include), Exclude: splitWords(r.Exclude), Status: r.Status,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
	}
}

func splitWords(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func joinWords(w []string) string { return strings.Join(w, "\n") }

func (s *Store) chatWhere(ctx context.Context, k bot.ChatKey) *gorm.DB {
	return s.db.WithContext(ctx).Where("platform = ? AND chat_id = ?", k.Platform, k.ChatID)
}

// ChatSettings returns the chat's settings, or the defaults (Saved false)
// for a chat that never saved any.
func (s *Store) ChatSettings(ctx context.Context, k bot.ChatKey) (bot.ChatSettings, error) {
	return chatSettings(s.db.WithContext(ctx), k)
}

func chatSettings(db *gorm.DB, k bot.ChatKey) (bot.ChatSettings, error) {
	var rows []chatRow
	if err := db.Where("platform = ? AND chat_id = ?", k.Platform, k.ChatID).Limit(1).Find(&rows).Error; err != nil {
		return bot.ChatSettings{}, fmt.Errorf("store: chat settings: %w", err)
	}
	if len(rows) == 0 {
		return bot.ChatSettings{ChatKey: k, DeliveryTime: bot.DefaultDeliveryTime, Timezone: bot.DefaultTimezone}, nil
	}
	return bot.ChatSettings{ChatKey: k, DeliveryTime: rows[0].DeliveryTime, Timezone: rows[0].Timezone, Saved: true}, nil
}

// SetSchedule saves the chat's delivery time and/or time zone (an empty
// value keeps the current one) and applies them to all its
// subscriptions. It returns the resulting settings.
func (s *Store) SetSchedule(ctx context.Context, k bot.ChatKey, deliveryTime, timezone string) (bot.ChatSettings, error) {
	var out bot.ChatSettings
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := chatSettings(tx, k)
		if err != nil {
			return err
		}
		if deliveryTime != "" {
			cur.DeliveryTime = deliveryTime
		}
		if timezone != "" {
			cur.Timezone = timezone
		}
		now := dbTime(time.Now())
		row := chatRow{Platform: k.Platform, ChatID: k.ChatID, DeliveryTime: cur.DeliveryTime, Timezone: cur.Timezone, CreatedAt: now, UpdatedAt: now}
		if err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "platform"}, {Name: "chat_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"delivery_time", "timezone", "updated_at"}),
		}).Create(&row).Error; err != nil {
			return err
		}
		if err := tx.Model(&subscriptionRow{}).Where("platform = ? AND chat_id = ?", k.Platform, k.ChatID).
			Updates(map[string]any{"delivery_time": cur.DeliveryTime, "timezone": cur.Timezone, "updated_at": now}).Error; err != nil {
			return err
		}
		cur.Saved = true
		out = cur
		return nil
	})
	if err != nil {
		return bot.ChatSettings{}, fmt.Errorf("store: set schedule: %w", err)
	}
	return out, nil
}

// Subscribe subscribes the chat to sub.Country with the chat's settings.
// An existing subscription of the chat to that country is kept (filters
// included), moved to sub.ThreadID and made active again. It returns the
// stored subscription and whether it is new.
func (s *Store) Subscribe(ctx context.Context, sub bot.Subscription) (bot.Subscription, bool, error) {
	var (
		out     bot.Subscription
		created bool
	)
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := dbTime(time.Now())
		var rows []subscriptionRow
		if err := tx.Where("platform = ? AND chat_id = ? AND country = ?", sub.Platform, sub.ChatID, sub.Country).Limit(1).Find(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 1 {
			r := rows[0]
			r.ThreadID, r.Status, r.UpdatedAt = sub.ThreadID, bot.StatusActive, now
			if err := tx.Model(&r).Updates(map[string]any{"thread_id": r.ThreadID, "status": r.Status, "updated_at": now}).Error; err != nil {
				return err
			}
			out = r.subscription()
			return nil
		}
		settings, err := chatSettings(tx, sub.ChatKey)
		if err != nil {
			return err
		}
		r := subscriptionRow{
			Platform: sub.Platform, ChatID: sub.ChatID, Country: sub.Country, ThreadID: sub.ThreadID,
			DeliveryTime: settings.DeliveryTime, Timezone: settings.Timezone,
			Include: joinWords(sub.Include), Exclude: joinWords(sub.Exclude),
			Status: bot.StatusActive, CreatedBy: sub.CreatedBy, CreatedAt: now, UpdatedAt: now,
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		out, created = r.subscription(), true
		return nil
	})
	if err != nil {
		return bot.Subscription{}, false, fmt.Errorf("store: subscribe: %w", err)
	}
	return out, created, nil
}

// Unsubscribe deletes the chat's subscriptions to the given countries, or
// all of them when countries is empty, and returns how many it deleted.
func (s *Store) Unsubscribe(ctx context.Context, k bot.ChatKey, countries []string) (int64, error) {
	db := s.chatWhere(ctx, k)
	if len(countries) > 0 {
		db = db.Where("country IN ?", countries)
	}
	res := db.Delete(&subscriptionRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: unsubscribe: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// Subscriptions returns the chat's subscriptions by country code.
func (s *Store) Subscriptions(ctx context.Context, k bot.ChatKey) ([]bot.Subscription, error) {
	var rows []subscriptionRow
	if err := s.chatWhere(ctx, k).Order("country").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list subscriptions: %w", err)
	}
	out := make([]bot.Subscription, len(rows))
	for i, r := range rows {
		out[i] = r.subscription()
	}
	return out, nil
}

// ActiveSubscriptions returns every active subscription of a platform
// (all platforms when platform is ""), by chat then country.
func (s *Store) ActiveSubscriptions(ctx context.Context, platform string) ([]bot.Subscription, error) {
	return s.subscriptionsWithStatus(ctx, platform, bot.StatusActive)
}

// DeliverableSubscriptions returns the subscriptions the morning tick
// schedules: the active ones and the suspended ones, whose delivery is a
// daily re-check of their chat (see MarkDeliverySent).
func (s *Store) DeliverableSubscriptions(ctx context.Context, platform string) ([]bot.Subscription, error) {
	return s.subscriptionsWithStatus(ctx, platform, bot.StatusActive, bot.StatusSuspended)
}

func (s *Store) subscriptionsWithStatus(ctx context.Context, platform string, statuses ...string) ([]bot.Subscription, error) {
	db := s.db.WithContext(ctx).Where("status IN ?", statuses)
	if platform != "" {
		db = db.Where("platform = ?", platform)
	}
	var rows []subscriptionRow
	if err := db.Order("platform, chat_id, country").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: list active subscriptions: %w", err)
	}
	out := make([]bot.Subscription, len(rows))
	for i, r := range rows {
		out[i] = r.subscription()
	}
	return out, nil
}

// SetFilter replaces the include and exclude words of the chat's
// subscription to country; bot.ErrNotSubscribed when it has none.
func (s *Store) SetFilter(ctx context.Context, k bot.ChatKey, country string, include, exclude []string) error {
	res := s.chatWhere(ctx, k).Model(&subscriptionRow{}).Where("country = ?", country).
		Updates(map[string]any{"include_words": joinWords(include), "exclude_words": joinWords(exclude), "updated_at": dbTime(time.Now())})
	if res.Error != nil {
		return fmt.Errorf("store: set filter: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: set filter for %s: %w", country, bot.ErrNotSubscribed)
	}
	return nil
}

// SuspendChat marks every subscription of the chat suspended (the chat
// blocked or removed the bot) and returns how many changed. Nothing is
// deleted.
func (s *Store) SuspendChat(ctx context.Context, k bot.ChatKey) (int64, error) {
	res := s.chatWhere(ctx, k).Model(&subscriptionRow{}).Where("status <> ?", bot.StatusSuspended).
		Updates(map[string]any{"status": bot.StatusSuspended, "updated_at": dbTime(time.Now())})
	if res.Error != nil {
		return 0, fmt.Errorf("store: suspend chat: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// SuspendThread marks the subscriptions made in one thread of the chat
// suspended (the thread was deleted) and returns how many changed; the
// chat's other subscriptions stay as they are.
func (s *Store) SuspendThread(ctx context.Context, k bot.ChatKey, threadID string) (int64, error) {
	res := s.chatWhere(ctx, k).Model(&subscriptionRow{}).Where("thread_id = ? AND status <> ?", threadID, bot.StatusSuspended).
		Updates(map[string]any{"status": bot.StatusSuspended, "updated_at": dbTime(time.Now())})
	if res.Error != nil {
		return 0, fmt.Errorf("store: suspend thread: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// MoveChat moves a chat's settings and subscriptions to a new chat id
// (a Telegram group upgraded to a supergroup). Subscriptions the new id
// already has win over the old ones.
func (s *Store) MoveChat(ctx context.Context, from bot.ChatKey, toChatID string) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var have []string
		if err := tx.Model(&subscriptionRow{}).Where("platform = ? AND chat_id = ?", from.Platform, toChatID).Pluck("country", &have).Error; err != nil {
			return err
		}
		if len(have) > 0 {
			if err := tx.Where("platform = ? AND chat_id = ? AND country IN ?", from.Platform, from.ChatID, have).Delete(&subscriptionRow{}).Error; err != nil {
				return err
			}
		}
		if err := tx.Model(&subscriptionRow{}).Where("platform = ? AND chat_id = ?", from.Platform, from.ChatID).
			Updates(map[string]any{"chat_id": toChatID, "updated_at": dbTime(time.Now())}).Error; err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&chatRow{}).Where("platform = ? AND chat_id = ?", from.Platform, toChatID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return tx.Where("platform = ? AND chat_id = ?", from.Platform, from.ChatID).Delete(&chatRow{}).Error
		}
		return tx.Model(&chatRow{}).Where("platform = ? AND chat_id = ?", from.Platform, from.ChatID).Update("chat_id", toChatID).Error
	})
	if err != nil {
		return fmt.Errorf("store: move chat: %w", err)
	}
	return nil
}
