package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits that keep the parser and handlers cheap on hostile input.
const (
	// maxInputBytes is how much of a message is read at all.
	maxInputBytes = 4096
	// maxArgs is how many arguments a command keeps.
	maxArgs = 40
	// maxArgBytes caps one argument.
	maxArgBytes = 200
	// maxNameBytes caps a command or bot name.
	maxNameBytes = 64
)

// Command is a parsed command line such as "/subscribe@WorldBriefBot fr jp".
type Command struct {
	// Name is the command in lower case without the slash, e.g. "subscribe".
	Name string
	// Mention is the bot named after "@", as typed; "" when none.
	Mention string
	// Args are the words after the command, at most 40, each valid UTF-8
	// without control characters and at most 200 bytes.
	Args []string
}

// Parse reads a command from a message text. It accepts any case, extra
// spaces, "/cmd@BotName" and, when slashOptional is true (the console),
// a command without its slash. It reports false for text that is not a
// command. It never fails on binary or overlong input: such text is cut
// and cleaned first.
func Parse(text string, slashOptional bool) (Command, bool) {
	text = clean(text)
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "/") {
		text = text[1:]
	} else if !slashOptional {
		return Command{}, false
	}
	head, rest, _ := strings.Cut(text, " ")
	name, mention, _ := strings.Cut(head, "@")
	if name == "" || len(name) > maxNameBytes || len(mention) > maxNameBytes {
		return Command{}, false
	}
	for _, r := range name {
		if !(r == '_' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return Command{}, false
		}
	}
	cmd := Command{Name: strings.ToLower(name), Mention: mention}
	for _, f := range strings.Fields(rest) {
		if len(cmd.Args) == maxArgs {
			break
		}
		cmd.Args = append(cmd.Args, truncate(f, maxArgBytes))
	}
	return cmd, true
}

// clean cuts text to maxInputBytes, replaces invalid UTF-8 and turns
// control and other invisible characters into spaces.
func clean(text string) string {
	text = strings.ToValidUTF8(truncate(text, maxInputBytes), "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, text)
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
