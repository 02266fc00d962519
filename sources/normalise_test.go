package sources

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestPlainText(t *testing.T) {
	cases := map[string]string{
		"":                                         "",
		"plain":                                    "plain",
		"  lots \n\t of\r\n  space  ":              "lots of space",
		"<p>Hello <b>world</b></p><p>Two</p>":      "Hello world Two",
		"a<br>b<br/>c":                             "a b c",
		"<ul><li>one</li><li>two</li></ul>":        "one two",
		"Caf&eacute; &amp; th&#233; &#x263A;":      "Café & thé ☺",
		"Caf&amp;eacute; au lait":                  "Café au lait",
		"&amp;amp;lt; stays text":                  "< stays text",
		"AT&T &amp; R&D":                           "AT&T & R&D",
		"<script>alert('x')</script>News":          "News",
		"<style>p{color:red}</style>Text":          "Text",
		"<noscript><img src=x></noscript>Seen":     "Seen",
		"&lt;p&gt;escaped markup&lt;/p&gt;":        "<p>escaped markup</p>",
		"<![CDATA[wrapped]]> text":                 "wrapped text",
		"Europe\u00a0: vers":                       "Europe : vers",
		"bad\xffutf8 and \uFFFD and \x00ctl\u0085": "badutf8 and and ctl",
		"<img src=\"a.jpg\" alt=\"x\">Caption":     "Caption",
		"unclosed <b>bold":                         "unclosed bold",
		"a < b and c > d":                          "a < b and c > d",
		"\uFEFFBOM":                                "BOM",
		"<p>Москва</p>":                            "Москва",
	}
	for in, want := range cases {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	cases := []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"the quick brown fox jumps", 12, "the quick…"},
		{"the quick, brown fox", 12, "the quick…"},
		{"Привет мир и все", 9, "Привет…"},
		{"日本語のニュースです", 5, "日本語の…"},
		{"supercalifragilistic", 6, "super…"},
		{"anything", 0, ""},
		{"anything", 1, "…"},
	}
	for _, c := range cases {
		got := Truncate(c.in, c.max)
		if got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > max(c.max, 0) {
			t.Errorf("Truncate(%q, %d) = %q: invalid or too long", c.in, c.max, got)
		}
	}
}

func TestParseFeedDate(t *testing.T) {
	cases := map[string]string{
		"2022-12-30 16:22:13":                       "2022-12-30T16:22:13Z",
		"22.11.2022 12:16:00":                       "2022-11-22T12:16:00Z",
		"2020/1/10 14:33:00":                        "2020-01-10T14:33:00Z",
		"Friday, January 29, 2021 04:42 PM":         "2021-01-29T16:42:00Z",
		"Seg, 24 Set 2018 19:42:40 -0300":           "2018-09-24T22:42:40Z",
		"Qua, 3 Out 2018 08:00:00 -0300":            "2018-10-03T11:00:00Z",
		"Tue, 27 Dec 2005 13:30:33+0900":            "2005-12-27T04:30:33Z",
		"2006-01-04T13:53:35":                       "2006-01-04T13:53:35Z",
		"Tue, 15 Nov 2022 20:15:04 Z":               "2022-11-15T20:15:04Z",
		"Wed, 17 Jan 2018 15:50:00 EST":             "2018-01-17T20:50:00Z",
		"07 Jan 2017 17:12:53 +0300":                "2017-01-07T14:12:53Z",
		"2022-09-03 09:37:11+03:00":                 "2022-09-03T06:37:11Z",
		"<![CDATA[Wed, 29 May 2019 10:16:00 GMT]]>": "2019-05-29T10:16:00Z",
		"12 mars 2019 10:00":                        "2019-03-12T10:00:00Z",
		"3 juin 2020":                               "2020-06-03T00:00:00Z",
		"Mi, 4 Okt 2017 09:00:00 +0200":             "2017-10-04T07:00:00Z",
		"March 3rd, 2021":                           "2021-03-03T00:00:00Z",
	}
	for in, want := range cases {
		got, ok := parseFeedDate(in)
		if !ok {
			t.Errorf("parseFeedDate(%q) failed", in)
			continue
		}
		if s := got.UTC().Format(time.RFC3339); s != want {
			t.Errorf("parseFeedDate(%q) = %s, want %s", in, s, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "0000-00-00 00:00:00", "1970-01-01T00:00:00Z", "32.13.2020", strings.Repeat("9", 100)} {
		if got, ok := parseFeedDate(bad); ok {
			t.Errorf("parseFeedDate(%q) = %v, want failure", bad, got)
		}
	}
}

func TestItemTime(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	pub := time.Date(2026, 2, 28, 8, 0, 0, 0, time.FixedZone("x", 3600))
	upd := time.Date(2026, 2, 27, 8, 0, 0, 0, time.UTC)
	future := now.Add(3 * time.Hour)
	skewed := now.Add(5 * time.Minute)
	epoch := time.Unix(0, 0)
	cases := []struct {
		name          string
		published     *time.Time
		publishedText string
		updated       *time.Time
		updatedText   string
		want          time.Time
	}{
		{"published", &pub, "", &upd, "", pub.UTC()},
		{"published text only", nil, "2026-02-20 10:00:00", &upd, "", time.Date(2026, 2, 20, 10, 0, 0, 0, time.UTC)},
		{"updated when no published", nil, "", &upd, "", upd},
		{"updated text", nil, "garbage", nil, "27.02.2026 08:00", upd},
		{"first seen", nil, "", nil, "", now},
		{"future clamped", &future, "", nil, "", now},
		{"small skew kept", &skewed, "", nil, "", skewed},
		{"epoch ignored", &epoch, "", nil, "", now},
	}
	for _, c := range cases {
		got := itemTime(c.published, c.publishedText, c.updated, c.updatedText, now)
		if !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("%s: itemTime = %v, want %v (UTC)", c.name, got, c.want)
		}
	}
}

// normaliseTestFeed wraps items into an RSS 2.0 document.
func normaliseTestFeed(items string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Test</title><link>https://news.example/section/</link>` + items + `</channel></rss>`)
}

func TestParseFeedNormalisesItems(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	site := Site{ID: "ex", Country: "fr", Language: "fr", Homepage: "https://www.example.fr/"}
	body := normaliseTestFeed(`
<item><title>  &lt;b&gt;Bold&lt;/b&gt; title &amp;amp; more </title>
  <link>/story/1?utm_source=rss&amp;id=7&amp;fbclid=x</link>
  <description>&lt;p&gt;First&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;&lt;p&gt;second&lt;/p&gt;</description>
  <pubDate>Sun, 01 Mar 2026 09:00:00 +0100</pubDate>
  <media:content url="https://img.example/a.jpg" medium="image"/></item>
<item><title></title><link>https://news.example/story/2</link>
  <description>No title here. But a summary with two sentences.</description>
  <pubDate>Mon, 01 Jan 2035 00:00:00 GMT</pubDate>
  <enclosure url="/img/b.png" type="image/png" length="1"/></item>
<item><title></title><link></link><description></description></item>
<item><title>Duplicate</title><link>https://news.example/story/1?id=7</link></item>
<item><title>Permalink guid</title><guid>https://news.example/story/3</guid></item>
<item><title>No link at all</title></item>
<item><title>` + strings.Repeat("word ", 200) + `</title><link>https://news.example/long</link>
  <description>` + strings.Repeat("lorem ipsum ", 100) + `</description></item>
`)
	arts, err := ParseFeed(body, "application/rss+xml; charset=utf-8", site, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 5 {
		for _, a := range arts {
			t.Logf("%+v", a)
		}
		t.Fatalf("got %d articles, want 5 (empty item and duplicate dropped)", len(arts))
	}
	a := arts[0]
	if a.Title != "Bold title & more" || a.OriginalTitle != a.Title {
		t.Errorf("title %q", a.Title)
	}
	if a.Summary != "First second" {
		t.Errorf("summary %q", a.Summary)
	}
	if a.URL != "https://news.example/story/1?id=7" {
		t.Errorf("url %q", a.URL)
	}
	if a.ImageURL != "https://img.example/a.jpg" {
		t.Errorf("image %q", a.ImageURL)
	}
	if want := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC); !a.PublishedAt.Equal(want) || !a.FirstSeenAt.Equal(now) {
		t.Errorf("published %v first seen %v", a.PublishedAt, a.FirstSeenAt)
	}
	if a.ID != ArticleID("ex", "", a.URL) || a.SiteID != "ex" || a.Country != "fr" || a.Language != "fr" {
		t.Errorf("identity fields %+v", a)
	}
	b := arts[1]
	if b.Title != "No title here." || b.Summary == "" {
		t.Errorf("derived title %q summary %q", b.Title, b.Summary)
	}
	if !b.PublishedAt.Equal(now) {
		t.Errorf("future date not clamped: %v", b.PublishedAt)
	}
	if b.ImageURL != "https://news.example/img/b.png" {
		t.Errorf("relative enclosure image %q", b.ImageURL)
	}
	c := arts[2]
	if c.URL != "https://news.example/story/3" || c.GUID != "https://news.example/story/3" || c.ID != ArticleID("ex", c.GUID, "") {
		t.Errorf("guid permalink: %+v", c)
	}
	if d := arts[3]; d.Title != "No link at all" || d.URL != "" || !parseHexID.MatchString(d.ID) {
		t.Errorf("linkless item: %+v", d)
	}
	e := arts[4]
	if n := utf8.RuneCountInString(e.Title); n > maxTitleRunes || !strings.HasSuffix(e.Title, "…") {
		t.Errorf("long title not truncated: %d runes", n)
	}
	if n := utf8.RuneCountInString(e.Summary); n > maxSummaryRunes || !strings.HasSuffix(e.Summary, "…") {
		t.Errorf("long summary not truncated: %d runes", n)
	}
}

func TestParseFeedKeepsPostsThatDifferOnlyByFragment(t *testing.T) {
	body := normaliseTestFeed(`
<item><title>Post one</title><link>https://blog.example/2004_08_archive.html#1094</link></item>
<item><title>Post two</title><link>https://blog.example/2004_08_archive.html#1095</link></item>
<item><title>Post two again</title><link>https://blog.example/2004_08_archive.html#1095</link></item>`)
	arts, err := ParseFeed(body, "", Site{ID: "s"}, parseTestNow)
	if err != nil || len(arts) != 2 {
		t.Fatalf("got %d articles, %v; want 2", len(arts), err)
	}
	if arts[0].URL != "https://blog.example/2004_08_archive.html" || arts[0].URL != arts[1].URL || arts[0].ID == arts[1].ID {
		t.Errorf("want one canonical URL and two IDs: %+v", arts)
	}
}

func TestParseFeedUsesHomepageWhenFeedHasNoLink(t *testing.T) {
	body := []byte(`<rss version="2.0"><channel><title>t</title>
<item><title>Relative</title><link>news/1.html</link></item></channel></rss>`)
	arts, err := ParseFeed(body, "", Site{ID: "s", Homepage: "https://home.example/base/"}, parseTestNow)
	if err != nil || len(arts) != 1 || arts[0].URL != "https://home.example/base/news/1.html" {
		t.Fatalf("got %+v, %v", arts, err)
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{
		"", "plain", "<p>Hello <b>world</b></p>", "Caf&amp;eacute;", "<script>x</script>y",
		"a < b", "&lt;p&gt;", "<![CDATA[x]]>", "\xff\xfe", "<<<>>>", "&#0;&#xD800;&#1114112;",
		"<title>t</title><textarea>&amp;</textarea>", "<plaintext><b>", "ÃÂ©",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := PlainText(in)
		if !utf8.ValidString(out) || strings.ContainsRune(out, utf8.RuneError) {
			t.Fatalf("PlainText(%q) = %q: invalid UTF-8 or U+FFFD", in, out)
		}
		if out != strings.TrimSpace(out) || strings.Contains(out, "  ") {
			t.Fatalf("PlainText(%q) = %q: whitespace not collapsed", in, out)
		}
		for _, r := range out {
			if r < 0x20 || (r >= 0x7f && r < 0xa0) {
				t.Fatalf("PlainText(%q) = %q: control character %U", in, out, r)
			}
		}
		// Text with no markup or references left is a fixed point.
		if !strings.ContainsAny(out, "<&") {
			if again := PlainText(out); again != out {
				t.Fatalf("PlainText not idempotent: %q -> %q -> %q", in, out, again)
			}
		}
		// Well-formed tags around plain words never leave a '<'.
		if !strings.ContainsAny(in, "<>&") {
			wrapped := "<div><p class=\"x\">" + in + "</p><br/></div>"
			if got := PlainText(wrapped); got != PlainText(in) {
				t.Fatalf("tags changed the text: %q vs %q", got, PlainText(in))
			}
		}
		if tr := Truncate(out, 50); utf8.RuneCountInString(tr) > 50 || !utf8.ValidString(tr) {
			t.Fatalf("Truncate(%q, 50) = %q", out, tr)
		}
	})
}
