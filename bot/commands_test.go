package bot

import (
	"regexp"
	"strings"
	"testing"
)

// TestCommandTableFitsEveryPlatform checks the table against Telegram's
// and Discord's rules for command menus.
func TestCommandTableFitsEveryPlatform(t *testing.T) {
	name := regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	seen := map[string]bool{}
	for _, c := range Commands() {
		if !name.MatchString(c.Name) || seen[c.Name] {
			t.Errorf("%q: bad or duplicate name", c.Name)
		}
		seen[c.Name] = true
		if n := len([]rune(c.Description)); n < 3 || n > 100 { // Telegram 3–256, Discord 1–100
			t.Errorf("/%s: description of %d characters", c.Name, n)
		}
		if c.run == nil {
			t.Errorf("/%s has no handler", c.Name)
		}
		if (c.Args == "") != (len(c.Params) == 0) {
			t.Errorf("/%s: Args %q but %d params", c.Name, c.Args, len(c.Params))
		}
		if c.Args != "" && !strings.HasPrefix(c.Example, "For example: /"+c.Name) {
			t.Errorf("/%s: example %q", c.Name, c.Example)
		}
		optional := false
		for _, p := range c.Params {
			if !name.MatchString(p.Name) || p.Description == "" {
				t.Errorf("/%s: param %+v", c.Name, p)
			}
			if p.Required && optional {
				t.Errorf("/%s: required %s after an optional one", c.Name, p.Name)
			}
			optional = optional || !p.Required
		}
		if got, ok := Lookup(strings.ToUpper(c.Name)); !ok || got.Name != c.Name {
			t.Errorf("Lookup(%q) failed", strings.ToUpper(c.Name))
		}
	}
	for _, must := range []string{"start", "help", "countries", "subscribe", "unsubscribe", "list", "headlines", "digest", "time", "timezone", "sources", "filter", "settings"} {
		if !seen[must] {
			t.Errorf("the table lacks /%s", must)
		}
	}
}
