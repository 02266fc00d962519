package config

import (
	"strings"
	"time"
)

// Empty is how Reference shows a setting whose default is empty.
const Empty = "(empty)"

// Reference renders the configuration reference: a Markdown table with one
// row per setting of Fields, in declaration order, giving its YAML key, its
// environment variable (and, for secrets, the X_FILE variable naming a file
// that holds it), its default as written in YAML or the environment, and its
// help text. A secret's default is never shown. README.md embeds the output
// between <!-- config-reference:begin --> and <!-- config-reference:end -->.
func Reference() string {
	def := Default()
	// The default User-Agent names the binary's version; the reference
	// shows its form, the same whichever build renders it.
	def.Fetch.UserAgent = Build{Version: "VERSION"}.UserAgent()
	def.DB = "$XDG_DATA_HOME/worldbrief/worldbrief.db"
	var b strings.Builder
	b.WriteString("| key | environment | default | meaning |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, f := range Fields(&def) {
		env := code(f.Env)
		if f.Secret != "" { // secrets and database URLs with passwords
			env += " or " + code(f.Env+"_FILE")
		}
		b.WriteString("| " + code(f.Key) + " | " + env + " | " + defaultCell(f) + " | " + cell(f.Help) + " |\n")
	}
	return b.String()
}

// defaultCell renders the field's current value for the reference: as a code
// span written the way a user would write it (durations as 30m rather than
// 30m0s), Empty when it is empty, Redacted for a non-empty secret, and a
// database URL with its password masked.
func defaultCell(f Field) string {
	s := f.String()
	if d, ok := f.value.Interface().(time.Duration); ok {
		s = shortDuration(d)
	}
	switch {
	case s == "":
		return Empty
	case f.Secret == "true":
		return Redacted
	case f.Secret == "dsn":
		s = redactDSN(s)
	}
	return code(s)
}

// shortDuration drops the zero minutes and seconds time.Duration.String
// appends: 15m0s is 15m, 336h0m0s is 336h, 1h30m0s is 1h30m.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// code renders s as a Markdown code span inside a table cell.
func code(s string) string {
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}

// cell escapes the characters that would break a Markdown table cell or be
// taken for HTML.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", "\n", " ").Replace(s)
}
