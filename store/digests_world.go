package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"gorm.io/gorm"
)

// The world edition is kept in the digests table under the country
// digest.WorldCode (no catalog country has that code), its body the
// edition's JSON, with the same pruning: the newest digestsKept editions
// and the last of each UTC day for archiveDays.

// SaveWorld stores a built world edition under (window, generated-at).
// Saving the same key twice keeps the first.
func (s *Store) SaveWorld(ctx context.Context, w digest.World) error {
	body, err := json.Marshal(w)
	if err != nil {
		return fmt.Errorf("store: save world edition: %w", err)
	}
	row := digestRow{Country: digest.WorldCode, WindowSeconds: int64(w.Window / time.Second), BuiltAt: dbTime(w.GeneratedAt), Date: w.Date, Body: string(body)}
	if err := s.saveRow(ctx, row); err != nil {
		return fmt.Errorf("store: save world edition: %w", err)
	}
	return nil
}

// WorldOnDate returns the newest stored world edition for window whose
// UTC date is date; false when there is none.
func (s *Store) WorldOnDate(ctx context.Context, window time.Duration, date string) (digest.World, bool, error) {
	var row digestRow
	err := s.db.WithContext(ctx).
		Where("country = ? AND window_seconds = ? AND date = ?", digest.WorldCode, int64(window/time.Second), date).
		Order("built_at DESC").Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return digest.World{}, false, nil
	}
	if err != nil {
		return digest.World{}, false, fmt.Errorf("store: load world edition of %s: %w", date, err)
	}
	w, err := row.decodeWorld(window)
	return w, err == nil, err
}

// DailyWorlds returns the newest stored world edition of each of the n
// most recent dates for window, newest first.
func (s *Store) DailyWorlds(ctx context.Context, window time.Duration, n int) ([]digest.World, error) {
	rows, err := s.dailyRows(ctx, digest.WorldCode, window, n)
	if err != nil {
		return nil, fmt.Errorf("store: list daily world editions: %w", err)
	}
	out := make([]digest.World, 0, len(rows))
	for _, r := range rows {
		w, err := r.decodeWorld(window)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// decodeWorld returns the world edition a row stores.
func (row digestRow) decodeWorld(window time.Duration) (digest.World, error) {
	var w digest.World
	if err := json.Unmarshal([]byte(row.Body), &w); err != nil {
		return digest.World{}, fmt.Errorf("store: decode world edition built %s: %w", row.BuiltAt.Format(time.RFC3339), err)
	}
	w.Window, w.GeneratedAt = window, row.BuiltAt.UTC()
	return w, nil
}
