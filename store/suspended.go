package store

import (
	"context"
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/bot"
)

// PurgeSuspended deletes the subscriptions suspended (their chat refused
// messages) since before olderThan and not resubscribed since, and
// returns how many went.
func (s *Store) PurgeSuspended(ctx context.Context, olderThan time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("status = ? AND updated_at < ?", bot.StatusSuspended, dbTime(olderThan)).
		Delete(&subscriptionRow{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: purge suspended subscriptions: %w", res.Error)
	}
	return res.RowsAffected, nil
}
