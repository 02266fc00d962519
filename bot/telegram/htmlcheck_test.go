package telegram

import (
	"fmt"
	"html"
	"regexp"
	"strings"
)

// allowedTags is Telegram's HTML subset.
var allowedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true, "strike": true,
	"del": true, "a": true, "code": true, "pre": true, "blockquote": true, "tg-spoiler": true,
}

var (
	openTagRE = regexp.MustCompile(`^<([a-z-]+)((?:\s+[a-z]+="[^"<>]*")*)\s*>`)
	closeRE   = regexp.MustCompile(`^</([a-z-]+)\s*>`)
	entityRE  = regexp.MustCompile(`^&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});`)
	attrRE    = regexp.MustCompile(`([a-z]+)="([^"]*)"`)
)

// checkHTML parses s as strictly as Telegram does and returns its visible
// text, or an error like Telegram's "can't parse entities".
func checkHTML(s string) (string, error) {
	var (
		text  strings.Builder
		stack []string
	)
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			if m := closeRE.FindStringSubmatch(s[i:]); m != nil {
				if len(stack) == 0 || stack[len(stack)-1] != m[1] {
					return "", fmt.Errorf("can't parse entities: unexpected end tag %q at byte offset %d", m[1], i)
				}
				stack = stack[:len(stack)-1]
				i += len(m[0])
				continue
			}
			m := openTagRE.FindStringSubmatch(s[i:])
			if m == nil || !allowedTags[m[1]] {
				return "", fmt.Errorf("can't parse entities: unsupported start tag at byte offset %d", i)
			}
			attrs := attrRE.FindAllStringSubmatch(m[2], -1)
			if m[1] == "a" {
				if len(attrs) != 1 || attrs[0][1] != "href" {
					return "", fmt.Errorf("can't parse entities: <a> needs exactly one href at byte offset %d", i)
				}
			} else if len(attrs) > 0 && !(m[1] == "code" || m[1] == "pre") {
				return "", fmt.Errorf("can't parse entities: unexpected attribute at byte offset %d", i)
			}
			stack = append(stack, m[1])
			i += len(m[0])
		case '&':
			m := entityRE.FindString(s[i:])
			if m == "" {
				return "", fmt.Errorf("can't parse entities: bare & at byte offset %d", i)
			}
			text.WriteString(html.UnescapeString(m))
			i += len(m)
		case '>':
			return "", fmt.Errorf("can't parse entities: bare > at byte offset %d", i)
		default:
			text.WriteByte(s[i])
			i++
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("can't parse entities: unclosed tag %q", stack[len(stack)-1])
	}
	return text.String(), nil
}
