package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A user fixing a config file sees every problem at once: unknown keys,
// values of the wrong type and values out of range, from the file and the
// environment together.
func TestProblemsReportedInOneRound(t *testing.T) {
	file := writeFile(t, "fetch:\n  concurrency: lots\n  per_hots: 3\ndigest:\n  stories: 99\n")
	_, err := Load(Options{File: file, Environ: []string{"WORLDBRIEF_FETCH_TIMEOUT=soon", "WORLDBRIEF_TRANSLATE_PROVIDER=bing"}})
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`:2: cannot unmarshal !!str ` + "`lots`",
		`:3: unknown key "per_hots"`,
		`WORLDBRIEF_FETCH_TIMEOUT: "soon" is not a duration`,
		"digest.stories: 99 is out of range 1–25",
		`translate.provider: "bing" is not one of`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
}

// The token check tells a user what a token looks like, without echoing
// the one given.
func TestTelegramTokenProblemShowsTheForm(t *testing.T) {
	_, err := Load(Options{Environ: []string{"WORLDBRIEF_TELEGRAM_TOKEN=123:abcsecret"}})
	if err == nil {
		t.Fatal("123:abcsecret accepted as a bot token")
	}
	if msg := err.Error(); !strings.Contains(msg, "123456789:AAE") || !strings.Contains(msg, "colon") || strings.Contains(msg, "abcsecret") {
		t.Fatalf("token problem %q: want the form of a token (123456789:AAE…), not the token given", msg)
	}
}

// The README's and compose file's example tokens are accepted, so a user
// pasting them gets past validation to the real error (Telegram refusing
// the placeholder), not a confusing rejection of the documentation.
func TestDocumentedTokenPlaceholdersValidate(t *testing.T) {
	tokenRe := regexp.MustCompile(`WORLDBRIEF_TELEGRAM_TOKEN=([^\s…` + "`" + `]+)`)
	found := 0
	for _, doc := range []string{"README.md", "docker-compose.yml"} {
		b, err := os.ReadFile(filepath.Join("..", doc))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tokenRe.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, err := Load(Options{Environ: []string{"WORLDBRIEF_TELEGRAM_TOKEN=" + m[1]}}); err != nil {
				t.Errorf("%s: example token %q is rejected: %v", doc, m[1], err)
			}
		}
	}
	if found == 0 {
		t.Fatal("no example token found in README.md or docker-compose.yml")
	}
}

// Every bound Validate enforces is the one the setting's help (and so
// README.md's reference) states: the bound itself is accepted, one step
// beyond is refused with a message naming the key and the range.
func TestLimitsSharedWithHelp(t *testing.T) {
	base := Default()
	checked := 0
	for _, f := range Fields(&base) {
		limits := f.limitsText()
		if limits == "" {
			continue
		}
		if !strings.HasSuffix(f.Help, limits+")") {
			t.Errorf("%s: help %q does not state %q", f.Key, f.Help, limits)
		}
		for _, tc := range []struct {
			tag  string
			step float64 // towards the invalid side
		}{{"min", -1}, {"above", 0}, {"max", +1}} {
			bound := f.tag.Get(tc.tag)
			if bound == "" {
				continue
			}
			checked++
			if tc.tag != "above" {
				if msg := withValue(t, f.Key, bound); msg != "" {
					t.Errorf("%s = %s (the bound) refused: %s", f.Key, bound, msg)
				}
			}
			beyond := stepBeyond(t, f, bound, tc.step)
			msg := withValue(t, f.Key, beyond)
			if !strings.HasPrefix(msg, f.Key+": ") || (!strings.Contains(msg, limits) && !strings.Contains(msg, "negative")) {
				t.Errorf("%s = %s: problem %q, want one naming the key and %q", f.Key, beyond, msg, limits)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d bounds checked", checked)
	}
}

// Every value a oneof setting accepts is named in its help text.
func TestChoicesNamedInHelp(t *testing.T) {
	cfg := Default()
	for _, f := range Fields(&cfg) {
		oneof := f.tag.Get("oneof")
		if oneof == "" {
			continue
		}
		for _, v := range strings.Split(oneof, "|") {
			if !strings.Contains(f.Help, v) {
				t.Errorf("%s: help %q does not name %q", f.Key, f.Help, v)
			}
			if msg := withValue(t, f.Key, v); msg != "" {
				t.Errorf("%s = %s refused: %s", f.Key, v, msg)
			}
		}
		if msg := withValue(t, f.Key, "bogus"); !strings.Contains(msg, strings.ReplaceAll(oneof, "|", ", ")) {
			t.Errorf("%s = bogus: problem %q does not list the choices", f.Key, msg)
		}
	}
}

// Each named check is used by some setting, and each setting's check exists.
func TestEveryCheckUsed(t *testing.T) {
	cfg := Default()
	used := map[string]bool{}
	for _, f := range Fields(&cfg) {
		if name := f.tag.Get("check"); name != "" {
			if stringChecks[name] == nil {
				t.Errorf("%s: unknown check %q", f.Key, name)
			}
			used[name] = true
		}
	}
	for name := range stringChecks {
		if !used[name] {
			t.Errorf("check %q is used by no setting", name)
		}
	}
}

// withValue sets key to v on the defaults (the webhook and translation
// settings need company) and returns the problem Validate reports for
// key, or "".
func withValue(t *testing.T, key, v string) string {
	t.Helper()
	c := Default()
	for _, f := range Fields(&c) {
		if f.Key == key {
			if err := f.Set(v); err != nil {
				t.Fatalf("%s: set %q: %v", key, v, err)
			}
		}
	}
	err := c.Validate()
	if err == nil {
		return ""
	}
	for _, p := range err.(*Error).Problems {
		if strings.HasPrefix(p, key+": ") {
			return p
		}
	}
	return ""
}

// stepBeyond returns bound moved by step units (1 for numbers, 1ms for
// durations; step 0 is the bound itself) written for Field.Set.
func stepBeyond(t *testing.T, f Field, bound string, step float64) string {
	t.Helper()
	if f.value.Type() == durationType {
		d, err := time.ParseDuration(bound)
		if err != nil {
			t.Fatalf("%s: bound %q: %v", f.Key, bound, err)
		}
		return (d + time.Duration(step)*time.Millisecond).String()
	}
	x, err := strconv.ParseFloat(bound, 64)
	if err != nil {
		t.Fatalf("%s: bound %q: %v", f.Key, bound, err)
	}
	if _, isFloat := f.value.Interface().(float64); isFloat {
		return strconv.FormatFloat(x+step/2, 'f', -1, 64)
	}
	return strconv.FormatFloat(x+step, 'f', 0, 64)
}
