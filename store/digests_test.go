package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
)

func testDigest(country string, at time.Time) digest.Digest {
	return digest.Digest{
		Country: country, CountryName: "France", Date: at.Format(time.DateOnly), GeneratedAt: at,
		Window: 24 * time.Hour, Articles: 12,
		Stories: []digest.Story{{
			Headline: "Pension strike", Summary: "Trains cancelled.", Score: 4.5, Blindspot: true,
			Sources:          []digest.Source{{Name: "Le Monde", URL: "https://lemonde.example/1", Language: "fr", OriginalHeadline: "Grève"}},
			AlternativeTakes: []digest.Take{{Country: "de", Source: "Die Zeit", Headline: "France strikes", URL: "https://zeit.example/2"}},
		}},
	}
}

func TestDigestsRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)
		if _, ok, err := s.LatestDigest(ctx, "fr", 24*time.Hour, t0.Add(-time.Hour)); err != nil || ok {
			t.Fatalf("LatestDigest on an empty store = %v, %v; want none", ok, err)
		}
		first, second := testDigest("fr", t0), testDigest("fr", t0.Add(30*time.Minute))
		second.Stories[0].Headline = "Later build"
		for _, d := range []digest.Digest{first, second, testDigest("de", t0.Add(time.Hour))} {
			if err := s.SaveDigest(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		got, ok, err := s.LatestDigest(ctx, "fr", 24*time.Hour, t0)
		if err != nil || !ok {
			t.Fatalf("LatestDigest = %v, %v", ok, err)
		}
		if !reflect.DeepEqual(got, second) {
			t.Errorf("LatestDigest = %+v\nwant %+v", got, second)
		}
		if _, ok, _ := s.LatestDigest(ctx, "fr", 24*time.Hour, t0.Add(31*time.Minute)); ok {
			t.Error("LatestDigest returned a digest built before notBefore")
		}
		if _, ok, _ := s.LatestDigest(ctx, "fr", 12*time.Hour, t0); ok {
			t.Error("LatestDigest returned a digest of another window")
		}
		// Two processes saving the same build: the first one stays.
		dup := testDigest("fr", t0.Add(30*time.Minute))
		dup.Stories[0].Headline = "racing duplicate"
		if err := s.SaveDigest(ctx, dup); err != nil {
			t.Fatalf("SaveDigest of an existing key: %v", err)
		}
		if got, _, _ := s.LatestDigest(ctx, "fr", 24*time.Hour, t0); got.Stories[0].Headline != "Later build" {
			t.Errorf("duplicate save replaced the stored digest: %q", got.Stories[0].Headline)
		}
	})
}

func TestDigestsPruned(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
		for i := range digestsKept + 5 {
			if err := s.SaveDigest(ctx, testDigest("fr", t0.Add(time.Duration(i)*30*time.Minute))); err != nil {
				t.Fatal(err)
			}
		}
		var n int64
		if err := s.db.Model(&digestRow{}).Count(&n).Error; err != nil || n != digestsKept {
			t.Fatalf("%d digests kept (err %v), want %d", n, err, digestsKept)
		}
	})
}

// TestDigestsArchive: beyond the newest builds, the last digest of each
// day is kept, and read back by date and as one digest per day.
func TestDigestsArchive(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
		const days, perDay = 4, 20
		for day := range days {
			for i := range perDay {
				at := t0.AddDate(0, 0, day).Add(time.Duration(i) * time.Hour)
				if err := s.SaveDigest(ctx, testDigest("fr", at)); err != nil {
					t.Fatal(err)
				}
			}
		}
		daily, err := s.DailyDigests(ctx, "fr", 24*time.Hour, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(daily) != days {
			t.Fatalf("DailyDigests = %d digests, want %d (one per day)", len(daily), days)
		}
		for i, d := range daily {
			want := t0.AddDate(0, 0, days-1-i).Add((perDay - 1) * time.Hour)
			if !d.GeneratedAt.Equal(want) || d.Date != want.Format(time.DateOnly) {
				t.Errorf("daily[%d] built %s on %s, want the day's last build %s", i, d.GeneratedAt, d.Date, want)
			}
		}
		first := t0.Format(time.DateOnly)
		d, ok, err := s.DigestOnDate(ctx, "fr", 24*time.Hour, first)
		if err != nil || !ok || !d.GeneratedAt.Equal(t0.Add((perDay-1)*time.Hour)) {
			t.Errorf("DigestOnDate(%s) = %s, %v, %v; want the day's last build", first, d.GeneratedAt, ok, err)
		}
		if _, ok, err := s.DigestOnDate(ctx, "fr", 24*time.Hour, "2026-01-01"); ok || err != nil {
			t.Errorf("DigestOnDate of a day without digests = %v, %v; want none", ok, err)
		}
	})
}
