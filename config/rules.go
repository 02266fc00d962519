package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A setting's constraints are written once, in struct tags next to its
// help text, and both Validate and the help (hence README.md's reference)
// read them:
//
//	min:"1" max:"1024"   inclusive bounds of a number or duration
//	above:"0"            exclusive lower bound
//	oneof:"text|json"    the accepted values (the help text must name each)
//	check:"url"          a named check of stringChecks
//	required:"true"      must not be empty
//
// Constraints that tie several settings together are crossRules.

// stringChecks are the named checks of the check tag. Each gets a
// non-empty value (an empty one is valid unless the setting is required)
// and returns what is wrong, without echoing a secret.
var stringChecks = map[string]func(s string) error{
	"url":   checkHTTPURL,
	"https": checkHTTPSURL,
	"dsn":   checkDSN,
	"listen": func(s string) error {
		if _, port, err := net.SplitHostPort(s); err != nil || port == "" {
			return fmt.Errorf("%q is not a listen address (host:port or :port, e.g. :8080; empty disables)", s)
		}
		return nil
	},
	"lang": func(s string) error {
		if !langTag.MatchString(s) {
			return fmt.Errorf("%q is not a language tag (e.g. en, en-GB, de)", s)
		}
		return nil
	},
	"email": func(s string) error {
		if !strings.Contains(s, "@") {
			return fmt.Errorf("%q is not an e-mail address", s)
		}
		return nil
	},
	"digits": func(s string) error {
		if strings.Trim(s, "0123456789") != "" {
			return fmt.Errorf("%q is not a Discord id (digits only)", s)
		}
		return nil
	},
	"telegram_token": func(s string) error {
		if !telegramToken.MatchString(s) {
			return fmt.Errorf("does not look like a bot token: @BotFather gives one like 123456789:AAE…, " +
				"the bot's id in digits, a colon, then about 35 letters, digits, - or _")
		}
		return nil
	},
	"webhook_secret": func(s string) error {
		if !webhookSecret.MatchString(s) {
			return fmt.Errorf("use 1–256 of A-Z a-z 0-9 _ - (Telegram's rule)")
		}
		return nil
	},
}

var (
	// langTag matches the BCP 47 tags worldbrief accepts as targets.
	langTag       = regexp.MustCompile(`^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$`)
	telegramToken = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$`)
	webhookSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
)

// checkHTTPURL is the one check of an http:// or https:// URL with a host.
func checkHTTPURL(s string) error { return checkURL(s, "http(s)", "http", "https") }

// checkHTTPSURL accepts only https:// URLs with a host.
func checkHTTPSURL(s string) error { return checkURL(s, "https", "https") }

// checkURL accepts an absolute URL with a host and one of schemes; its
// error names the URL (password masked) as "not an <what> URL".
func checkURL(s, what string, schemes ...string) error {
	if u, err := url.Parse(s); err != nil || !slices.Contains(schemes, u.Scheme) || u.Host == "" {
		return fmt.Errorf("%q is not an %s URL", redactDSN(s), what)
	}
	return nil
}

// limitsText renders a setting's bounds for its help text, e.g. "1–1024",
// "at least 1s" or "more than 0, at most 10000"; "" when it has none.
func (f Field) limitsText() string {
	lo, hi, above := f.tag.Get("min"), f.tag.Get("max"), f.tag.Get("above")
	switch {
	case lo != "" && hi != "":
		return lo + "–" + hi
	case above != "" && hi != "":
		return "more than " + above + ", at most " + hi
	case lo == "0" || lo == "0s":
		return "not negative"
	case lo != "":
		return "at least " + lo
	case above != "":
		return "more than " + above
	case hi != "":
		return "at most " + hi
	}
	return ""
}

// number returns the field's value, or a bound written in its tag, as a
// float64 comparable with the others (durations in nanoseconds).
func (f Field) number(bound string) (float64, error) {
	if _, ok := f.value.Interface().(time.Duration); ok {
		d, err := time.ParseDuration(bound)
		return float64(d), err
	}
	return strconv.ParseFloat(bound, 64)
}

// valueNumber returns the field's current value as number does for bounds.
func (f Field) valueNumber() (float64, bool) {
	switch v := f.value.Interface().(type) {
	case time.Duration:
		return float64(v), true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

// problem returns what is wrong with the field's value by its tags, or "".
func (f Field) problem() string {
	s := f.String()
	if oneof := f.tag.Get("oneof"); oneof != "" {
		allowed := strings.Split(oneof, "|")
		for _, a := range allowed {
			if s == a {
				return ""
			}
		}
		return fmt.Sprintf("%q is not one of %s", s, strings.Join(allowed, ", "))
	}
	if v, ok := f.valueNumber(); ok {
		return f.rangeProblem(v)
	}
	name := f.tag.Get("check")
	if strings.TrimSpace(s) == "" {
		switch {
		case f.tag.Get("required") != "true":
			return ""
		case name == "":
			if def := f.defaultValue(); def != "" {
				return "must not be empty (default " + def + ")"
			}
			return "must not be empty"
		}
	}
	if name != "" {
		check, ok := stringChecks[name]
		if !ok {
			return fmt.Sprintf("unknown check %q (a bug)", name)
		}
		if err := check(s); err != nil {
			return err.Error()
		}
	}
	return ""
}

// rangeProblem checks v against the min, above and max tags.
func (f Field) rangeProblem(v float64) string {
	shown := f.String()
	if d, ok := f.value.Interface().(time.Duration); ok {
		shown = shortDuration(d)
	}
	limits := f.limitsText()
	bad := func(bound string, fails func(b, v float64) bool) bool {
		if bound == "" {
			return false
		}
		b, err := f.number(bound)
		return err != nil || fails(b, v)
	}
	tooLow := bad(f.tag.Get("min"), func(b, v float64) bool { return v < b }) ||
		bad(f.tag.Get("above"), func(b, v float64) bool { return v <= b })
	tooHigh := bad(f.tag.Get("max"), func(b, v float64) bool { return v > b })
	if !tooLow && !tooHigh {
		return ""
	}
	if limits == "not negative" {
		return shown + " cannot be negative"
	}
	words := "is out of range " + limits
	if f.tag.Get("max") == "" {
		words = "is too small (" + limits
		if f.value.Type() == durationType {
			words = "is too short (" + limits
		}
		if def := f.defaultValue(); def != "" {
			words += "; default " + def
		}
		return shown + " " + words + ")"
	}
	if def := f.defaultValue(); def != "" {
		words += " (default " + def + ")"
	}
	return shown + " " + words
}

// defaultValue is the setting's default as a user writes it, as an example
// of a valid value; "" for a secret or an empty default.
func (f Field) defaultValue() string {
	def := Default()
	for _, d := range Fields(&def) {
		if d.Key != f.Key || d.Secret != "" {
			continue
		}
		if dur, ok := d.value.Interface().(time.Duration); ok {
			return shortDuration(dur)
		}
		return d.String()
	}
	return ""
}
