package config

import (
	"net/url"
	"regexp"
	"strings"
)

// Redacted is the text that replaces a secret when configuration is shown.
const Redacted = "[redacted]"

// Redacted returns a copy of c in which every secret is replaced by
// "[redacted]" and every database password is masked, so the copy can be
// printed or logged.
func (c Config) Redacted() Config {
	out := c
	for _, f := range Fields(&out) {
		switch f.Secret {
		case "true":
			if f.String() != "" {
				_ = f.Set(Redacted)
			}
		case "dsn":
			_ = f.Set(redactDSN(f.String()))
		}
	}
	return out
}

var passwordParam = regexp.MustCompile(`(?i)(password=)[^&\s]*`)

// redactDSN masks the password of a URL-style DSN, in the user info or in
// a password= parameter.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Redacted)
			dsn = strings.Replace(u.String(), url.PathEscape(Redacted), Redacted, 1)
		}
	}
	return passwordParam.ReplaceAllString(dsn, "${1}"+Redacted)
}
