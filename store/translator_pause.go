package store

import (
	"context"
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/translate"
	"gorm.io/gorm/clause"
)

// translatorPauseKey is the rate_slots key of a provider's pause: like a
// send's slot, it is the earliest time the provider may be asked again.
func translatorPauseKey(provider string) string { return "translator_pause:" + provider }

// TranslatorPausedUntil implements translate.PauseStore: the end of the
// provider's pause, shared by every process on this database; the zero
// time when it has none.
func (s *Store) TranslatorPausedUntil(ctx context.Context, provider string) (time.Time, error) {
	var rows []rateSlotRow
	if err := s.db.WithContext(ctx).Where("key = ?", translatorPauseKey(provider)).Limit(1).Find(&rows).Error; err != nil {
		return time.Time{}, fmt.Errorf("store: translator pause of %s: %w", provider, err)
	}
	if len(rows) == 0 {
		return time.Time{}, nil
	}
	return time.Unix(0, rows[0].NextNS).UTC(), nil
}

// PauseTranslator implements translate.PauseStore: it records the end of
// the provider's pause; the zero time ends it.
func (s *Store) PauseTranslator(ctx context.Context, provider string, until time.Time) error {
	key := translatorPauseKey(provider)
	db := s.db.WithContext(ctx)
	var err error
	if until.IsZero() {
		err = db.Where("key = ?", key).Delete(&rateSlotRow{}).Error
	} else {
		err = db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"next_ns"})}).
			Create(&rateSlotRow{Key: key, NextNS: until.UnixNano()}).Error
	}
	if err != nil {
		return fmt.Errorf("store: pause translator %s: %w", provider, err)
	}
	return nil
}

var _ translate.PauseStore = (*Store)(nil)
