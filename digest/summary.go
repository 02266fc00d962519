package digest

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/sources"
)

// maxSummary is the longest extractive summary, in characters.
const maxSummary = 300

// maxHeadline is the longest headline shown, in characters.
const maxHeadline = 200

var (
	spaceRun = regexp.MustCompile(`\s+`)
	// boilerplate matches feed trailers that are not part of the article.
	boilerplate = regexp.MustCompile(`(?i)(\s*(the post .* appeared first on .*|read more.*|continue reading.*|\[\+\d+ chars\]|\[…\]|\[\.\.\.\])\s*)$`)
	// dateline matches a leading agency dateline such as "PARIS (AFP) -".
	dateline = regexp.MustCompile(`^[A-ZÀ-Ý][A-ZÀ-Ý .,'-]{1,40}\s*\((?:AFP|AP|Reuters|dpa|EFE|ANSA|Xinhua|Kyodo|Yonhap|TASS)\)\s*[-–—:]\s*`)
)

// clean collapses white space of a headline and caps its length.
func clean(s string) string {
	return truncate(strings.TrimSpace(spaceRun.ReplaceAllString(s, " ")), maxHeadline)
}

// summarise returns the lead of an article's summary: whole sentences up
// to maxSummary characters, without feed boilerplate, or "" when the
// summary is empty or merely repeats the title.
func summarise(summary, title string) string {
	s := strings.TrimSpace(spaceRun.ReplaceAllString(summary, " "))
	s = boilerplate.ReplaceAllString(s, "")
	s = strings.TrimSpace(dateline.ReplaceAllString(s, ""))
	if s == "" || sources.Fold(s) == sources.Fold(strings.TrimSpace(title)) {
		return ""
	}
	return lead(s, maxSummary)
}

// lead returns the first sentences of s that fit in max characters, or
// s cut at a word boundary with an ellipsis when the first sentence is
// already longer.
func lead(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	end, n := 0, 0
	for i, r := range s {
		if n++; n > max {
			break
		}
		if (r == '.' || r == '!' || r == '?' || r == '。') && (i+1 == len(s) || s[i+1] == ' ' || r == '。') {
			end = i + utf8.RuneLen(r)
		}
	}
	if end > 0 {
		return s[:end]
	}
	return truncate(s, max)
}

// truncate cuts s to at most max characters at a word boundary, adding an
// ellipsis when it cuts.
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)[:max-1]
	cut := string(runes)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-–—") + "…"
}
