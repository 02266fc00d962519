package delivery

import (
	"fmt"
	"time"
)

// DateLayout is the layout of a delivery's local date, "2006-01-02".
const DateLayout = "2006-01-02"

// Schedule is a daily delivery time in an IANA zone. Its instants follow
// the zone's rules: a daylight-saving change neither skips nor repeats a
// morning.
type Schedule struct {
	hour, minute int
	loc          *time.Location
}

// ParseSchedule reads "HH:MM" and an IANA zone name ("" means UTC).
func ParseSchedule(hhmm, zone string) (Schedule, error) {
	var h, m int
	if n, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err != nil || n != 2 || h < 0 || h > 23 || m < 0 || m > 59 {
		return Schedule{}, fmt.Errorf("bad delivery time %q: want HH:MM", hhmm)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return Schedule{}, fmt.Errorf("bad time zone %q: %w", zone, err)
	}
	return Schedule{hour: h, minute: m, loc: loc}, nil
}

// On returns the delivery instant of the local date y-mo-d. A time inside
// a spring-forward gap is delivered when the gap ends (02:30 on a day
// clocks jump from 02:00 to 03:00 → 03:00); a time that occurs twice on a
// fall-back day is delivered at its first occurrence.
func (s Schedule) On(y int, mo time.Month, d int) time.Time {
	t := time.Date(y, mo, d, s.hour, s.minute, 0, 0, s.loc)
	if t.Hour() != s.hour || t.Minute() != s.minute {
		// In a gap: time.Date moved the wall clock across the jump one
		// way or the other; the jump bounds the zone period containing t.
		start, end := t.ZoneBounds()
		if t.Day() == d && t.Hour()*60+t.Minute() < s.hour*60+s.minute {
			if !end.IsZero() {
				return end
			}
		} else if !start.IsZero() {
			return start
		}
		return t
	}
	// Ambiguous wall clock: prefer the earlier of the two instants.
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t
	}
	_, prevOffset := start.Add(-time.Nanosecond).Zone()
	alt := time.Date(y, mo, d, s.hour, s.minute, 0, 0, time.FixedZone("", prevOffset))
	if alt.Before(start) {
		if a := alt.In(s.loc); a.Hour() == s.hour && a.Minute() == s.minute && a.Day() == d {
			return a
		}
	}
	return t
}

// Next returns the first delivery instant strictly after t, and its local
// date (DateLayout).
func (s Schedule) Next(t time.Time) (time.Time, string) {
	l := t.In(s.loc)
	for i := -1; i <= 2; i++ {
		day := time.Date(l.Year(), l.Month(), l.Day()+i, 12, 0, 0, 0, s.loc)
		at := s.On(day.Year(), day.Month(), day.Day())
		if at.After(t) {
			return at, day.Format(DateLayout)
		}
	}
	panic("bot: no delivery instant within three days") // unreachable: every local day has one
}

// Last returns the latest delivery instant at or before t, and its local
// date. After any downtime this is the only occurrence still owed: missed
// days are caught up once, not once per day.
func (s Schedule) Last(t time.Time) (time.Time, string) {
	l := t.In(s.loc)
	for i := 1; i >= -2; i-- {
		day := time.Date(l.Year(), l.Month(), l.Day()+i, 12, 0, 0, 0, s.loc)
		at := s.On(day.Year(), day.Month(), day.Day())
		if !at.After(t) {
			return at, day.Format(DateLayout)
		}
	}
	panic("bot: no delivery instant within three days")
}

// Due returns the local date of the delivery owed at now to a
// subscription created at created, and whether one is owed: the latest
// occurrence at or before now, when it is not before created (a new
// subscription waits for its first morning).
func (s Schedule) Due(now, created time.Time) (string, bool) {
	at, date := s.Last(now)
	if at.Before(created) {
		return "", false
	}
	return date, true
}
