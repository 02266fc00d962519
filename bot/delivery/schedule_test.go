package delivery

import (
	"testing"
	"time"
)

func mustSchedule(t *testing.T, hhmm, zone string) Schedule {
	t.Helper()
	s, err := ParseSchedule(hhmm, zone)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// walk returns the instants Next yields from start until end.
func walk(s Schedule, start, end time.Time) (instants []time.Time, dates []string) {
	for t := start; ; {
		at, d := s.Next(t)
		if at.After(end) {
			return
		}
		instants = append(instants, at)
		dates = append(dates, d)
		t = at
	}
}

func TestScheduleDSTNeitherSkipsNorRepeats(t *testing.T) {
	for _, tc := range []struct {
		zone, hhmm string
		from       string // a UTC instant a week before a transition
	}{
		{"Europe/Berlin", "07:00", "2026-03-22T00:00:00Z"},
		{"Europe/Berlin", "07:00", "2026-10-18T00:00:00Z"},
		{"America/New_York", "06:30", "2026-03-01T00:00:00Z"},
		{"America/New_York", "01:30", "2026-10-25T00:00:00Z"},    // ambiguous on 11-01
		{"Europe/Berlin", "02:30", "2026-03-22T00:00:00Z"},       // in the gap on 03-29
		{"Europe/Berlin", "02:30", "2026-10-18T00:00:00Z"},       // ambiguous on 10-25
		{"Australia/Lord_Howe", "02:15", "2026-09-27T00:00:00Z"}, // 30-minute shift
	} {
		s := mustSchedule(t, tc.hhmm, tc.zone)
		from, _ := time.Parse(time.RFC3339, tc.from)
		instants, dates := walk(s, from, from.Add(14*24*time.Hour))
		if len(instants) < 13 {
			t.Fatalf("%s %s: %d deliveries in 14 days", tc.zone, tc.hhmm, len(instants))
		}
		loc, _ := time.LoadLocation(tc.zone)
		for i := 1; i < len(dates); i++ {
			prev, _ := time.ParseInLocation(DateLayout, dates[i-1], loc)
			cur, _ := time.ParseInLocation(DateLayout, dates[i], loc)
			if cur.AddDate(0, 0, -1) != prev {
				t.Errorf("%s %s: date %s follows %s: a morning skipped or repeated", tc.zone, tc.hhmm, dates[i], dates[i-1])
			}
			if got := instants[i].In(loc).Format(DateLayout); got != dates[i] {
				t.Errorf("%s %s: instant %v lies on %s, not %s", tc.zone, tc.hhmm, instants[i], got, dates[i])
			}
			if gap := instants[i].Sub(instants[i-1]); gap < 22*time.Hour || gap > 26*time.Hour {
				t.Errorf("%s %s: %v between deliveries %s and %s", tc.zone, tc.hhmm, gap, dates[i-1], dates[i])
			}
		}
	}
}

func TestScheduleTransitionDays(t *testing.T) {
	for _, tc := range []struct {
		zone, hhmm, date, want string
	}{
		// Ordinary mornings on transition days keep their wall time.
		{"Europe/Berlin", "07:00", "2026-03-29", "2026-03-29T05:00:00Z"},
		{"Europe/Berlin", "07:00", "2026-10-25", "2026-10-25T06:00:00Z"},
		// Inside the spring-forward gap (02:00 → 03:00): delivered at the jump.
		{"Europe/Berlin", "02:30", "2026-03-29", "2026-03-29T01:00:00Z"},
		{"America/New_York", "02:00", "2026-03-08", "2026-03-08T07:00:00Z"},
		// Twice on the fall-back day: the first occurrence (summer time).
		{"Europe/Berlin", "02:30", "2026-10-25", "2026-10-25T00:30:00Z"},
		{"America/New_York", "01:30", "2026-11-01", "2026-11-01T05:30:00Z"},
	} {
		s := mustSchedule(t, tc.hhmm, tc.zone)
		d, _ := time.Parse(DateLayout, tc.date)
		got := s.On(d.Year(), d.Month(), d.Day()).UTC().Format(time.RFC3339)
		if got != tc.want {
			t.Errorf("%s %s on %s = %s, want %s", tc.zone, tc.hhmm, tc.date, got, tc.want)
		}
	}
}

// TestScheduleCatchUpOnce drives a minute ticker in fake time with three
// days of downtime: the missed mornings are owed once, not three times.
func TestScheduleCatchUpOnce(t *testing.T) {
	s := mustSchedule(t, "07:00", "Asia/Tokyo")
	created := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) // 21:00 in Tokyo
	sent := map[string]int{}
	down := func(t time.Time) bool {
		return t.After(time.Date(2026, 5, 3, 0, 0, 0, 0, time.UTC)) && t.Before(time.Date(2026, 5, 6, 3, 0, 0, 0, time.UTC))
	}
	for now := created; now.Before(created.Add(7 * 24 * time.Hour)); now = now.Add(time.Minute) {
		if down(now) {
			continue
		}
		if date, ok := s.Due(now, created); ok {
			sent[date]++ // the ledger's unique key (subscription, date) keeps one
		}
	}
	// Up: 05-02 and 05-03 (07:00 JST is 22:00 UTC the day before); down
	// 05-03 00:00 UTC … 05-06 03:00 UTC (05-04, 05-05, 05-06 mornings
	// missed, 05-06 owed on restart); up again 05-07, 05-08.
	want := []string{"2026-05-02", "2026-05-03", "2026-05-06", "2026-05-07", "2026-05-08"}
	if len(sent) != len(want) {
		t.Fatalf("owed dates %v, want %v", sent, want)
	}
	for _, d := range want {
		if sent[d] == 0 {
			t.Errorf("no delivery owed for %s (owed: %v)", d, sent)
		}
	}
	if _, ok := s.Due(created, created); ok {
		t.Error("a subscription made after today's time owes today's digest")
	}
}

func TestParseScheduleRejects(t *testing.T) {
	for _, tc := range [][2]string{{"25:00", "UTC"}, {"7", "UTC"}, {"07:00", "Mars/Olympus"}, {"07:60", "UTC"}} {
		if _, err := ParseSchedule(tc[0], tc[1]); err == nil {
			t.Errorf("ParseSchedule(%q, %q) accepted", tc[0], tc[1])
		}
	}
}
