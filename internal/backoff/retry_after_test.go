package backoff

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{" 5\t", 5 * time.Second, true},
		{"0", 0, true},
		{"007", 7 * time.Second, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true}, // IMF-fixdate
		{now.Add(time.Hour).Format(time.RFC850), time.Hour, true},                   // obsolete RFC 850
		{now.Add(time.Hour).Format(time.ANSIC), time.Hour, true},                    // asctime
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},                      // past: retry now
		{"99999999999999999999999", time.Duration(math.MaxInt64), true},             // huge: the caller bounds it
		{"", 0, false}, {"   ", 0, false}, {"-5", 0, false}, {"+5", 0, false}, {"1.5", 0, false},
		{"5s", 0, false}, {"0x10", 0, false}, {"١٢", 0, false}, {"soon", 0, false},
		{"Tue, 01 Dec 2026 09:00:00", 0, false},
	}
	for _, tc := range tests {
		got, ok := ParseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// FuzzParseRetryAfter: untrusted header text never panics, never gives a
// negative wait, gives nothing when it is refused, and reads back what a
// server meant by seconds or by a date.
func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, s := range []string{"120", "0", "-1", "1.5", " 30 ", "Tue, 01 Dec 2026 09:01:00 GMT",
		"Tuesday, 01-Dec-26 09:01:00 GMT", "Tue Dec  1 09:01:00 2026", "99999999999999999999", "\x00", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseRetryAfter(s, now)
		if d < 0 {
			t.Fatalf("ParseRetryAfter(%q) = %v, negative", s, d)
		}
		if !ok && d != 0 {
			t.Fatalf("ParseRetryAfter(%q) refused but gave %v", s, d)
		}
		if secs, err := strconv.ParseUint(s, 10, 32); err == nil && s[0] != '+' {
			if !ok || d != time.Duration(secs)*time.Second {
				t.Fatalf("ParseRetryAfter(%q) = %v, %v; want %d s", s, d, ok, secs)
			}
		}
		if ok {
			v := strings.TrimSpace(s)
			if _, err := http.ParseTime(v); err != nil && !isDigits(v) {
				t.Fatalf("ParseRetryAfter(%q) accepted what is neither seconds nor a date", s)
			}
		}
	})
}

func FuzzParseRetryAfterDate(f *testing.F) {
	f.Add(int64(90))
	f.Add(int64(-3600))
	f.Fuzz(func(t *testing.T, secs int64) {
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		secs %= 10 * 365 * 24 * 3600
		at := now.Add(time.Duration(secs) * time.Second)
		d, ok := ParseRetryAfter(at.Format(http.TimeFormat), now)
		if !ok || d != max(time.Duration(secs)*time.Second, 0) {
			t.Fatalf("date %d s from now read as %v, %v", secs, d, ok)
		}
	})
}
