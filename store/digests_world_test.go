package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
)

// The store keeps the digest service's world editions.
var _ digest.WorldArchive = (*Store)(nil)

func testWorld(at time.Time, headline string) digest.World {
	return digest.World{
		Date: at.Format(time.DateOnly), GeneratedAt: at, Countries: 3, Window: 24 * time.Hour,
		Stories: []digest.WorldStory{{Headline: headline, Take: "Three countries cover it.", Countries: 2,
			Coverage: []digest.Coverage{
				{Country: "fr", CountryName: "France", SiteID: "lemonde", Source: "Le Monde", Headline: headline, OriginalHeadline: "Vol au Louvre", Language: "fr", URL: "https://lemonde.example/1", Sites: 2},
				{Country: "jp", CountryName: "Japan", Source: "NHK", Headline: "Louvre theft", OriginalHeadline: "ルーブル", Language: "ja", URL: "https://nhk.example/2", Sites: 1},
			}}},
		Overlooked: []digest.Overlooked{{Country: "br", CountryName: "Brazil", Story: digest.Story{Headline: "Floods in the south",
			Sources: []digest.Source{{Name: "Folha", URL: "https://folha.example/3"}}, AlternativeTakes: []digest.Take{}}}},
	}
}

// TestWorldArchive: world editions are kept like a country's digests (the
// newest builds, and the last of each day), read back whole by date and
// one per day, and never mixed up with a country's digests.
func TestWorldArchive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
		const days, perDay = 3, 20
		for day := range days {
			for i := range perDay {
				at := t0.AddDate(0, 0, day).Add(time.Duration(i) * time.Hour)
				if err := s.SaveWorld(ctx, testWorld(at, "Louvre heist "+at.Format(time.DateTime))); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.SaveDigest(ctx, testDigest("fr", t0.AddDate(0, 0, 5))); err != nil {
			t.Fatal(err)
		}
		daily, err := s.DailyWorlds(ctx, 24*time.Hour, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(daily) != days {
			t.Fatalf("DailyWorlds = %d editions, want %d (one per day)", len(daily), days)
		}
		for i, w := range daily {
			want := t0.AddDate(0, 0, days-1-i).Add((perDay - 1) * time.Hour)
			if !w.GeneratedAt.Equal(want) || w.Date != want.Format(time.DateOnly) {
				t.Errorf("daily[%d] built %s on %s, want the day's last build %s", i, w.GeneratedAt, w.Date, want)
			}
		}
		last := t0.AddDate(0, 0, days-1).Add((perDay - 1) * time.Hour)
		if w, ok, err := s.LatestWorld(ctx, 24*time.Hour, last.Add(-time.Minute)); err != nil || !ok || !w.GeneratedAt.Equal(last) {
			t.Errorf("LatestWorld = %s, %v, %v; want the newest build %s", w.GeneratedAt, ok, err, last)
		}
		if _, ok, err := s.LatestWorld(ctx, 24*time.Hour, last.Add(time.Minute)); ok || err != nil {
			t.Errorf("LatestWorld after the newest build = %v, %v; want none", ok, err)
		}
		first := t0.Format(time.DateOnly)
		got, ok, err := s.WorldOnDate(ctx, 24*time.Hour, first)
		if err != nil || !ok {
			t.Fatalf("WorldOnDate(%s) = %v, %v", first, ok, err)
		}
		if want := testWorld(t0.Add((perDay-1)*time.Hour), "Louvre heist 2026-03-10 19:00:00"); !reflect.DeepEqual(got, want) {
			t.Errorf("WorldOnDate(%s) = %+v\nwant %+v", first, got, want)
		}
		if _, ok, err := s.WorldOnDate(ctx, 24*time.Hour, "2026-01-01"); ok || err != nil {
			t.Errorf("WorldOnDate of a day without an edition = %v, %v; want none", ok, err)
		}
		if _, ok, _ := s.WorldOnDate(ctx, 12*time.Hour, first); ok {
			t.Error("WorldOnDate returned an edition of another window")
		}
	})
}
