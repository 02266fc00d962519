package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/worldbrief/worldbrief/digest"
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

// LatestWorld returns the newest world edition for window built at or
// after notBefore; false when there is none.
func (s *Store) LatestWorld(ctx context.Context, window time.Duration, notBefore time.Time) (digest.World, bool, error) {
	row, ok, err := s.latestRow(ctx, digest.WorldCode, window, notBefore)
	if err != nil || !ok {
		return digest.World{}, false, err
	}
	w, err := row.decodeWorld(window)
	return w, err == nil, err
}

// WorldOnDate returns the newest stored world edition for window whose
// UTC date is date; false when there is none.
func (s *Store) WorldOnDate(ctx context.Context, window time.Duration, date string) (digest.World, bool, error) {
	row, ok, err := s.rowOnDate(ctx, digest.WorldCode, window, date)
	if err != nil || !ok {
		return digest.World{}, false, err
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
	return decodeRows(rows, func(r digestRow) (digest.World, error) { return r.decodeWorld(window) })
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
