package sources

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// maxClockSkew is how far in the future a publication time may lie before
// it is clamped to the fetch time.
const maxClockSkew = 10 * time.Minute

// earliestPlausibleDate rejects epoch-zero and other placeholder dates.
var earliestPlausibleDate = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)

// feedDateLayouts are tried in order after parseFeedDate has normalised the
// text (weekday dropped, month names in English, zone as a numeric offset
// separated by a space). Layouts without a zone read the time as UTC.
var feedDateLayouts = []string{
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -07:00",
	"2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04",
	"2 Jan 2006",
	"Jan 2, 2006 03:04 PM -0700",
	"Jan 2, 2006 03:04 PM",
	"Jan 2, 2006 03:04:05 PM",
	"Jan 2, 2006 15:04:05 -0700",
	"Jan 2, 2006 15:04:05",
	"Jan 2, 2006 15:04",
	"Jan 2, 2006",
	"Jan 2 2006 15:04:05 -0700",
	"Jan 2 15:04:05 -0700 2006",
	"Jan 2 15:04:05 2006",
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2.1.2006 15:04:05 -0700",
	"2.1.2006 15:04:05",
	"2.1.2006 15:04",
	"2.1.2006",
	"2006/1/2 15:04:05 -0700",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006/1/2",
}

// zoneOffsets maps the zone abbreviations feeds use to numeric offsets; Go
// would otherwise read an unknown abbreviation as UTC.
var zoneOffsets = map[string]string{
	"Z": "+0000", "UT": "+0000", "UTC": "+0000", "GMT": "+0000", "WET": "+0000",
	"BST": "+0100", "WEST": "+0100", "CET": "+0100", "MEZ": "+0100",
	"CEST": "+0200", "MESZ": "+0200", "EET": "+0200", "EEST": "+0300",
	"MSK": "+0300", "IST": "+0530", "SGT": "+0800", "HKT": "+0800", "AWST": "+0800",
	"JST": "+0900", "KST": "+0900", "AEST": "+1000", "AEDT": "+1100",
	"NZST": "+1200", "NZDT": "+1300", "BRT": "-0300", "ART": "-0300",
	"AST": "-0400", "EDT": "-0400", "EST": "-0500", "CDT": "-0500",
	"CST": "-0600", "MDT": "-0600", "MST": "-0700", "PDT": "-0700",
	"PST": "-0800", "AKST": "-0900", "HST": "-1000",
}

// monthAbbrev maps the first three letters of month names in English and
// in the languages of the catalog's Latin-script feeds (Portuguese, Spanish,
// Italian, French, German, Dutch) to the English abbreviation.
var monthAbbrev = map[string]string{
	"jan": "Jan", "feb": "Feb", "mar": "Mar", "apr": "Apr", "may": "May", "jun": "Jun",
	"jul": "Jul", "aug": "Aug", "sep": "Sep", "oct": "Oct", "nov": "Nov", "dec": "Dec",
	"fev": "Feb", "abr": "Apr", "mai": "May", "ago": "Aug", "set": "Sep", "out": "Oct", "dez": "Dec",
	"ene": "Jan", "dic": "Dec", "gen": "Jan", "mag": "May", "giu": "Jun", "lug": "Jul", "ott": "Oct",
	"fév": "Feb", "avr": "Apr", "jui": "Jul", "aoû": "Aug", "déc": "Dec",
	"mär": "Mar", "mrz": "Mar", "okt": "Oct", "mei": "May", "maa": "Mar",
}

var (
	gluedZone   = regexp.MustCompile(`(\d:\d\d)([+-]\d\d:?\d\d)$`)
	ordinalDay  = regexp.MustCompile(`\b(\d{1,2})(st|nd|rd|th)\b`)
	spaceRuns   = regexp.MustCompile(`\s+`)
	leadingWord = regexp.MustCompile(`^[^\d\s,]+,?\s+`)
)

// parseFeedDate reads the date formats feeds use in the wild when gofeed
// could not: "2022-12-30 16:22:13", "22.11.2022 12:16:00", "2020/1/10
// 14:33:00", "Friday, January 29, 2021 04:42 PM", Portuguese names ("Seg, 24
// Set 2018 19:42:40 -0300"), ISO 8601 without zone, "+0900" glued to the
// time, "Z", and zone abbreviations such as "EST". Implausibly old dates are
// rejected.
func parseFeedDate(s string) (time.Time, bool) {
	s = normaliseDateText(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range feedDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Before(earliestPlausibleDate) {
				return time.Time{}, false
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// normaliseDateText rewrites a date into the shapes feedDateLayouts know.
func normaliseDateText(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s), "<![CDATA["), "]]>"))
	s = spaceRuns.ReplaceAllString(s, " ")
	if len(s) > 64 || s == "" {
		return ""
	}
	// Drop a leading weekday ("Friday, ", "Seg, ", "Tue ") when a digit or
	// a month name follows.
	if loc := leadingWord.FindStringIndex(s); loc != nil {
		rest := s[loc[1]:]
		word := strings.TrimSpace(s[:loc[1]])
		if rest != "" && (strings.HasSuffix(word, ",") || !isMonthWord(word)) {
			s = rest
		}
	}
	s = ordinalDay.ReplaceAllString(s, "$1")
	s = gluedZone.ReplaceAllString(s, "$1 $2")
	fields := strings.Fields(s)
	kept := fields[:0]
	for _, f := range fields {
		if l := strings.ToLower(f); l != "de" && l != "of" && l != "um" {
			kept = append(kept, f)
		}
	}
	fields = kept
	for i, f := range fields {
		if i == len(fields)-1 && i > 0 {
			if off, ok := zoneOffsets[strings.ToUpper(strings.Trim(f, "()"))]; ok {
				fields[i] = off
				continue
			}
		}
		fields[i] = englishMonth(f)
	}
	return strings.Join(fields, " ")
}

// englishMonth turns a month name in any language monthAbbrev knows into
// the English abbreviation, keeping trailing punctuation; other words are
// returned unchanged.
func englishMonth(word string) string {
	trimmed := strings.TrimRight(word, ".,")
	if !isLetters(trimmed) {
		return word
	}
	lower := []rune(strings.ToLower(trimmed))
	if len(lower) < 3 {
		return word
	}
	m, ok := monthAbbrev[string(lower[:3])]
	if !ok {
		return word
	}
	if m == "Jul" && len(lower) > 3 && lower[3] == 'n' { // French "juin"
		m = "Jun"
	}
	return m + word[len(trimmed):]
}

// isMonthWord reports whether w (without trailing punctuation) is a month
// name monthAbbrev knows.
func isMonthWord(w string) bool {
	w = strings.TrimRight(w, ".,")
	lower := []rune(strings.ToLower(w))
	if len(lower) < 3 || !isLetters(w) {
		return false
	}
	_, ok := monthAbbrev[string(lower[:3])]
	return ok
}

// isLetters reports whether s consists of letters only.
func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// itemTime picks the publication time of an item: published, else updated,
// else now (first seen); times more than maxClockSkew in the future are
// clamped to now. The result is in UTC.
func itemTime(published *time.Time, publishedText string, updated *time.Time, updatedText string, now time.Time) time.Time {
	t, ok := pickTime(published, publishedText)
	if !ok {
		t, ok = pickTime(updated, updatedText)
	}
	if !ok || t.After(now.Add(maxClockSkew)) {
		t = now
	}
	return t.UTC()
}

// pickTime returns the parsed time when gofeed had one, else tries text.
func pickTime(parsed *time.Time, text string) (time.Time, bool) {
	if parsed != nil && !parsed.IsZero() && !parsed.Before(earliestPlausibleDate) {
		return *parsed, true
	}
	if text == "" {
		return time.Time{}, false
	}
	return parseFeedDate(text)
}
