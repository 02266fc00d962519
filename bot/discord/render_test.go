package discord

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/digest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// checkLimits fails the test for any message breaking one of Discord's
// limits.
func checkLimits(t *testing.T, msgs []*discordgo.MessageSend) {
	t.Helper()
	for n, m := range msgs {
		if textLen(m.Content) > MaxContent {
			t.Errorf("message %d: content of %d characters", n, textLen(m.Content))
		}
		if len(m.Embeds) == 0 && m.Content == "" {
			t.Errorf("message %d is empty", n)
		}
		if len(m.Embeds) > MaxEmbeds {
			t.Errorf("message %d: %d embeds", n, len(m.Embeds))
		}
		total := 0
		for k, e := range m.Embeds {
			if textLen(e.Title) > MaxEmbedTitle || textLen(e.Description) > MaxEmbedDescription || len(e.Fields) > MaxEmbedFields {
				t.Errorf("message %d embed %d: title %d, description %d, %d fields", n, k, textLen(e.Title), textLen(e.Description), len(e.Fields))
			}
			for _, f := range e.Fields {
				if textLen(f.Name) > MaxFieldName || textLen(f.Value) > MaxFieldValue {
					t.Errorf("message %d embed %d: field of %d/%d characters", n, k, textLen(f.Name), textLen(f.Value))
				}
			}
			if e.Title == "" && e.Description == "" {
				t.Errorf("message %d embed %d is empty", n, k)
			}
			if e.URL != "" && !safeURL(e.URL) {
				t.Errorf("message %d embed %d: URL %q", n, k, e.URL)
			}
			total += embedLen(e)
		}
		if total > MaxEmbedTotal {
			t.Errorf("message %d: %d characters in its embeds", n, total)
		}
	}
}

// percentEscape matches URL escapes, which links may gain or hold.
var percentEscape = regexp.MustCompile(`%[0-9A-Fa-f]{2}`)

// letters keeps the letters and digits of s: what a reader reads, without
// Markdown, escapes, URL escapes and spacing.
func letters(s string) string {
	s = percentEscape.ReplaceAllString(s, "")
	var sb strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// checkLossless fails the test unless the rendered text holds every
// span's text (and link URL), in order, with nothing added or dropped.
func checkLossless(t *testing.T, m bot.Message, msgs []*discordgo.MessageSend) {
	t.Helper()
	var want, got strings.Builder
	for _, b := range m.Blocks {
		for _, s := range b {
			want.WriteString(letters(s.Text))
			if s.Style == bot.Link && s.URL != s.Text {
				want.WriteString(letters(s.URL))
			}
		}
	}
	for _, msg := range msgs {
		for _, e := range msg.Embeds {
			got.WriteString(letters(e.Title) + letters(e.Description))
		}
	}
	if got.String() != want.String() {
		w, g := want.String(), got.String()
		i := 0
		for i < len(w) && i < len(g) && w[i] == g[i] {
			i++
		}
		t.Errorf("rendered text differs from the message at byte %d:\nwant …%.80s\ngot  …%.80s", i, w[i:], g[i:])
	}
}

func sampleDigest() digest.Digest {
	return digest.Digest{
		Country: "fr", CountryName: "France", Date: "2026-11-27",
		GeneratedAt: time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC),
		Stories: []digest.Story{
			{Headline: "Pension reform: the Senate adopts the *amended* text", Summary: "Senators voted 195 to 112 after a night of debate; the bill returns to the National Assembly on Monday.",
				Blindspot: true,
				Sources: []digest.Source{{Name: "Le Monde", URL: "https://www.lemonde.fr/politique/article/2026/11/26/retraites.html", Language: "fr"},
					{Name: "Libération", URL: "https://www.liberation.fr/politique/retraites_2026", Language: "fr"}}},
			{Headline: "Storm Ciarán: 40,000 homes still without power in Brittany", Summary: "Enedis expects to reconnect most homes by Friday.",
				Sources:          []digest.Source{{Name: "Ouest-France", URL: "https://www.ouest-france.fr/meteo/tempete", Language: "fr"}},
				AlternativeTakes: []digest.Take{{Country: "gb", CountryName: "United Kingdom", Source: "BBC News", Headline: "Storm batters Channel coast", URL: "https://www.bbc.co.uk/news/uk-1"}}},
			{Headline: "@everyone Lyon wins 3-1 (see [link]) #derby", Summary: "",
				Sources: []digest.Source{{Name: "L'Équipe", URL: "https://www.lequipe.fr/Football/Article/lyon-(2026)", Language: "fr"}}},
		},
	}
}

// bigDigest has stories whose headlines are too long for a title and
// whose summaries alone exceed an embed.
func bigDigest(stories int) digest.Digest {
	d := sampleDigest()
	d.Stories = nil
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"government", "élection", "Москва", "東京", "budget", "*strike*", "_union_", "crise", "🙂", "a"}
	phrase := func(n int) string {
		var w []string
		for range n {
			w = append(w, words[r.IntN(len(words))])
		}
		return strings.Join(w, " ")
	}
	for i := range stories {
		d.Stories = append(d.Stories, digest.Story{
			Headline: phrase(5 + i*7),
			Summary:  phrase(r.IntN(900)),
			Sources: []digest.Source{{Name: "Site " + fmt.Sprint(i), URL: fmt.Sprintf("https://example.fr/%d/%s", i, strings.Repeat("x", i*5)), Language: "fr"},
				{Name: "Other", URL: "https://other.example/" + fmt.Sprint(i), Language: "en"}},
		})
	}
	return d
}

func TestRenderGolden(t *testing.T) {
	for name, d := range map[string]digest.Digest{"digest_small": sampleDigest(), "digest_big": bigDigest(24)} {
		m := bot.DigestMessage(d)
		msgs := Render(m)
		checkLimits(t, msgs)
		checkLossless(t, m, msgs)
		got, err := json.MarshalIndent(msgs, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", name+".golden.json")
		if *update {
			if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
			t.Errorf("%s: rendering differs from %s (go test ./bot/discord -run Golden -update, then review the diff):\n%s", name, path, got)
		}
	}
}

func TestRenderSmallDigestReadsLikeDiscord(t *testing.T) {
	msgs := Render(bot.DigestMessage(sampleDigest()))
	if len(msgs) != 1 || len(msgs[0].Embeds) != 4 {
		t.Fatalf("got %d messages, want one with a heading embed and one embed per story", len(msgs))
	}
	e := msgs[0].Embeds
	if e[0].Title != "France — 2026-11-27" {
		t.Errorf("heading title = %q", e[0].Title)
	}
	if e[1].URL != "https://www.lemonde.fr/politique/article/2026/11/26/retraites.html" {
		t.Errorf("story title links to %q, want its first source", e[1].URL)
	}
	if !strings.Contains(e[1].Description, "[Libération](https://www.liberation.fr/politique/retraites_2026)") {
		t.Errorf("sources are not masked links: %s", e[1].Description)
	}
	if strings.Contains(e[3].Title, "@everyone") || !strings.Contains(e[3].Title, `\[link\]`) {
		t.Errorf("untrusted headline not made literal: %q", e[3].Title)
	}
	if !strings.Contains(e[3].Description, "lyon-%282026%29)") {
		t.Errorf("parentheses in a URL are not encoded: %s", e[3].Description)
	}
}

// TestRenderLeadImageAsThumbnail: a story's lead image is its embed's
// thumbnail; a story without one, or with a non-http image, has none.
func TestRenderLeadImageAsThumbnail(t *testing.T) {
	d := sampleDigest()
	d.Stories[0].ImageURL = "https://img.lemonde.fr/retraites.jpg"
	d.Stories[2].ImageURL = "javascript:alert(1)"
	e := Render(bot.DigestMessage(d))[0].Embeds
	if e[1].Thumbnail == nil || e[1].Thumbnail.URL != d.Stories[0].ImageURL {
		t.Errorf("first story's thumbnail = %+v, want its lead image", e[1].Thumbnail)
	}
	for _, i := range []int{0, 2, 3} {
		if e[i].Thumbnail != nil {
			t.Errorf("embed %d has thumbnail %q", i, e[i].Thumbnail.URL)
		}
	}
}

func TestRenderSplitsBigDigestWithoutLoss(t *testing.T) {
	for _, n := range []int{1, 9, 10, 11, 40} {
		m := bot.DigestMessage(bigDigest(n))
		msgs := Render(m)
		checkLimits(t, msgs)
		checkLossless(t, m, msgs)
		if n >= 11 && len(msgs) < 2 {
			t.Errorf("%d stories in %d message", n, len(msgs))
		}
	}
}

// FuzzRender checks that any message renders within Discord's limits and
// loses nothing. The input encodes blocks (split on NUL) of spans (split
// on \x01), the first byte of a span choosing its style.
func FuzzRender(f *testing.F) {
	f.Add("\x01France\x01 · press\x00\x01Headline\x02\nsummary\x04Le Monde")
	f.Add(strings.Repeat("word ", 3000))
	f.Add("\x01" + strings.Repeat("x", 300) + "\x00\x03`code`\x00\x04")
	f.Add(strings.Repeat("\x00\x01t\x00b", 40))
	f.Fuzz(func(t *testing.T, in string) {
		var m bot.Message
		for _, block := range strings.Split(in, "\x00") {
			var b bot.Block
			for _, raw := range strings.Split(block, "\x01") {
				if raw == "" {
					continue
				}
				s := bot.Span{Style: bot.Style(raw[0] % 5), Text: raw[1:]}
				if s.Style == bot.Link {
					s.URL = "https://example.com/" + strings.ReplaceAll(s.Text, " ", "_")
				}
				b = append(b, s)
			}
			m.Blocks = append(m.Blocks, b)
		}
		msgs := Render(m)
		checkLimits(t, msgs)
		checkLossless(t, m, msgs)
	})
}
