package backoff

import (
	"math"
	"net/http"
	"strings"
	"time"
)

// ParseRetryAfter reads an HTTP Retry-After header value (RFC 9110
// §10.2.3): delay-seconds (digits only) or an HTTP-date, which counts
// from now. A date in the past gives 0; a delay too large for a
// time.Duration gives the largest one (callers bound what they honour).
// It reports false for an empty or malformed value, which the server
// did not mean as a delay.
func ParseRetryAfter(header string, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(header)
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		const maxSecs = math.MaxInt64 / int64(time.Second)
		var secs int64
		for i := 0; i < len(v); i++ {
			secs = secs*10 + int64(v[i]-'0')
			if secs > maxSecs {
				return time.Duration(math.MaxInt64), true
			}
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
