package sources

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

// parseTestNow is the fetch time used by the parser tests.
var parseTestNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// parseTestSite is the site the fixtures are parsed for.
var parseTestSite = Site{ID: "fixture", Country: "xx", Language: "und", Homepage: "https://site.example/"}

// parseFixtureItems is the "Items" column of SOURCES.md.
var parseFixtureItems = map[string]int{
	"de-golem-rss2-iso8859-1.xml": 40, "de-heise-rdf-rss090.xml": 60, "de-heise-developer-atom.xml": 15,
	"de-finanzen-rss2-declared-iso8859-1-actually-utf8.xml": 15, "at-orf-rdf.xml": 50,
	"at-feuerwehr-weiz-rss091-iso8859-1.xml": 15, "fr-lemonde-rss2.xml": 21, "fr-lemonde-rss2-mojibake.xml": 18,
	"fr-reporterre-rss2-dcdate.xml": 1, "fr-lecerclepsy-rss2-noprolog-latin1.xml": 10,
	"fr-googlenews-rss2-source.xml": 1, "es-20minutos-rdf-mojibake.xml": 15, "pt-jn-rss2-iso8859-1.xml": 40,
	"br-uol-rss2-noprolog-latin1.xml": 15, "br-tjrs-rss091-iso8859-1.xml": 1, "it-dday-atom.xml": 1,
	"it-hdblog-rss2.xml": 1, "it-ilgiornale-rss2.xml": 1, "ru-newsru-rss2-koi8r.xml": 30,
	"ru-oren-rss2-windows1251.xml": 10, "ru-aif-rss2.xml": 1, "ru-motor-rss2-media.xml": 1,
	"ru-rutube-rss2-mediarss.xml": 20, "ru-yandex-news-rss2-mojibake.xml": 15,
	"ru-investing-rss2-nonrfc-dates.xml": 10, "ua-suspilne-rss2.xml": 20, "by-citydog-rss2-bom-noencoding.xml": 10,
	"cz-cdv-rss2-malformed-enclosure.xml": 1, "sk-aktuality-rss2.xml": 30,
	"hu-bbc-hungarian-rdf-windows1250.xml": 59, "hu-hirtv-rss091-iso8859-2.xml": 20,
	"gr-naftemporiki-rss2-iso8859-7.xml": 10, "gr-liberal-rss2-iso8859-7.xml": 1, "se-fz-rss2.xml": 20,
	"nl-fcutrecht-rss2-noprolog-crlf.xml": 20, "gb-guardian-world-rss2-unescaped-amp.xml": 54,
	"gb-mailonline-rss2-declared-iso8859-1-actually-utf8.xml": 1, "us-nytimes-rss2.xml": 33,
	"us-slashdot-rdf.xml": 15, "us-pcmag-rss2-nested-empty-items.xml": 10,
	"us-androidauthority-rss2-malformed-leading-whitespace.xml": 1, "ca-ctvnews-rss2-partial-mojibake.xml": 10,
	"za-koerant-rss2-afrikaans-partial-mojibake.xml": 5, "in-news18-hindi-rss2.xml": 1,
	"in-varthabharathi-rss2-kannada.xml": 15, "in-livemint-rss2.xml": 25, "pk-bbc-urdu-rss2.xml": 26,
	"jp-moonlight-theatre-news-rss2-shiftjis.xml": 15, "jp-arclamp-rdf-eucjp.xml": 15,
	"cn-oschina-rss2-unescaped-amp.xml": 50, "cn-kc0011-rss2-gb2312.xml": 20, "cn-cnblog-rss092-gb2312.xml": 16,
	"cn-tmioe-rss2-truncated.xml": 5, "tw-coolloud-rdf-big5-truncated-charref.xml": 20,
	"kr-acnnewswire-rss2-euckr.xml": 8, "il-infomed-rss2-windows1255.xml": 21,
	"th-opentle-rss091-tis620.xml": 25, "tr-divxplanet-rss091-iso8859-9.xml": 30,
}

// parseFixtureDropped lists the items ParseFeed rightly does not return.
var parseFixtureDropped = map[string]int{
	"fr-lecerclepsy-rss2-noprolog-latin1.xml": 1, // one <item> with empty title and link
	"hu-bbc-hungarian-rdf-windows1250.xml":    4, // four stories listed twice (same link, no guid)
	"ua-suspilne-rss2.xml":                    1, // one story listed twice
	"cn-tmioe-rss2-truncated.xml":             1, // the capture ends inside the fifth item
}

// parseFixtureMalformed are the documents that are not well-formed XML
// (SOURCES.md); the parser must salvage them or report why not.
var parseFixtureMalformed = map[string]bool{
	"fr-lecerclepsy-rss2-noprolog-latin1.xml": true, "br-uol-rss2-noprolog-latin1.xml": true,
	"gb-guardian-world-rss2-unescaped-amp.xml": true, "us-androidauthority-rss2-malformed-leading-whitespace.xml": true,
	"cn-oschina-rss2-unescaped-amp.xml": true, "cn-tmioe-rss2-truncated.xml": true,
	"tw-coolloud-rdf-big5-truncated-charref.xml": true, "us-pcmag-rss2-nested-empty-items.xml": true,
}

// parseFixtureScript says which script most titles of a feed must be in.
var parseFixtureScript = map[string][]*unicode.RangeTable{
	"ru-newsru-rss2-koi8r.xml":                    {unicode.Cyrillic},
	"ru-oren-rss2-windows1251.xml":                {unicode.Cyrillic},
	"ru-yandex-news-rss2-mojibake.xml":            {unicode.Cyrillic},
	"by-citydog-rss2-bom-noencoding.xml":          {unicode.Cyrillic},
	"ua-suspilne-rss2.xml":                        {unicode.Cyrillic},
	"gr-naftemporiki-rss2-iso8859-7.xml":          {unicode.Greek},
	"gr-liberal-rss2-iso8859-7.xml":               {unicode.Greek},
	"jp-moonlight-theatre-news-rss2-shiftjis.xml": {unicode.Hiragana, unicode.Katakana, unicode.Han},
	"jp-arclamp-rdf-eucjp.xml":                    {unicode.Hiragana, unicode.Katakana, unicode.Han},
	"cn-kc0011-rss2-gb2312.xml":                   {unicode.Han},
	"cn-cnblog-rss092-gb2312.xml":                 {unicode.Han},
	"cn-oschina-rss2-unescaped-amp.xml":           {unicode.Han},
	"cn-tmioe-rss2-truncated.xml":                 {unicode.Han},
	"tw-coolloud-rdf-big5-truncated-charref.xml":  {unicode.Han},
	"kr-acnnewswire-rss2-euckr.xml":               {unicode.Hangul},
	"il-infomed-rss2-windows1255.xml":             {unicode.Hebrew},
	"th-opentle-rss091-tis620.xml":                {unicode.Thai},
	"pk-bbc-urdu-rss2.xml":                        {unicode.Arabic},
	"in-news18-hindi-rss2.xml":                    {unicode.Devanagari},
}

// parseFixtureLetters are letters that only a correct decoding produces;
// at least one title or summary of the feed must contain one of them.
var parseFixtureLetters = map[string]string{
	"de-golem-rss2-iso8859-1.xml":                           "äöüß",
	"at-feuerwehr-weiz-rss091-iso8859-1.xml":                "äöüß",
	"de-finanzen-rss2-declared-iso8859-1-actually-utf8.xml": "äöüß",
	"pt-jn-rss2-iso8859-1.xml":                              "ãõçéí",
	"br-tjrs-rss091-iso8859-1.xml":                          "çãê",
	"br-uol-rss2-noprolog-latin1.xml":                       "çãõé",
	"fr-lecerclepsy-rss2-noprolog-latin1.xml":               "éèà",
	"fr-lemonde-rss2-mojibake.xml":                          "éèà",
	"es-20minutos-rdf-mojibake.xml":                         "áéíóñ",
	"hu-bbc-hungarian-rdf-windows1250.xml":                  "őű",
	"hu-hirtv-rss091-iso8859-2.xml":                         "őűá",
	"tr-divxplanet-rss091-iso8859-9.xml":                    "ışğç",
	"cz-cdv-rss2-malformed-enclosure.xml":                   "řžě",
}

// parseFixtureTitles pins the exact title of one item (by index).
var parseFixtureTitles = map[string]struct {
	index int
	title string
}{
	"ru-newsru-rss2-koi8r.xml":                    {0, "В Турции психически нездоровый мужчина взорвал хлопушку в здании Минюста"},
	"jp-moonlight-theatre-news-rss2-shiftjis.xml": {0, "2005年大晦日視聴率"},
	"gr-naftemporiki-rss2-iso8859-7.xml":          {0, "Μεγάλη η αύξηση στις πωλήσεις ημιαγωγών παγκοσμίως"},
	"il-infomed-rss2-windows1255.xml":             {0, "פותחה מערכת אלקטרו- אופטית למיפוי של גידולים במוח במהלך הניתוח"},
	"th-opentle-rss091-tis620.xml":                {0, "ซอฟแวร์โอเพนซอร์สจะสดใส ถ้าผู้ใช้งานมั่นใจ-ภาครัฐสนับสนุน"},
	"kr-acnnewswire-rss2-euckr.xml":               {1, "NTT DoCoMo, Aplix에 투자"},
	"tr-divxplanet-rss091-iso8859-9.xml":          {0, "Arctic Air English 1 CD altyazısı"},
	"br-uol-rss2-noprolog-latin1.xml":             {0, "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"},
	"fr-lemonde-rss2-mojibake.xml":                {0, "Piratage imputé à la Russie : Poutine mis en cause, Trump minimise"},
	"es-20minutos-rdf-mojibake.xml":               {1, `EEUU dice que Putin ordenó ciberataques por su "clara" preferencia por Trump`},
	"ru-yandex-news-rss2-mojibake.xml":            {0, "В Москве из-за сильных морозов объявлен «оранжевый» уровень опасности"},
	"hu-bbc-hungarian-rdf-windows1250.xml":        {0, "Rumsfeld: még évekig tarthat a lázadás Irakban"},
	"de-golem-rss2-iso8859-1.xml":                 {1, "Apple: Jony Ive übernimmt wieder Apples Produktdesign"},
}

// mojibakeMarkers are sequences double-encoded UTF-8 leaves in text.
var mojibakeMarkers = regexp.MustCompile("Ã[\u0080-\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|Â[\u0080-\u00BF]|[ÐÑ][\u0080-\u00BF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€[™œ\u009D“”˜¦¢\u0093\u0094]")

// looksMojibake reports whether s shows double-encoded UTF-8 such as "Ã©",
// "Ã¨", "Ã ", "Ð°", "Ñ\u0081", "â€™" or "â€œ".
func looksMojibake(s string) bool {
	return mojibakeMarkers.MatchString(s)
}

func TestLooksMojibake(t *testing.T) {
	for _, s := range []string{"imputÃ© Ã\u00a0 la", "Ð’ ÐœÐ¾Ñ\u0081ÐºÐ²Ðµ", "Trudeauâ€™s", "â€œquotedâ€", "Ã§a"} {
		if !looksMojibake(s) {
			t.Errorf("looksMojibake(%q) = false", s)
		}
	}
	for _, s := range []string{"imputé à la", "В Москве", "Trudeau’s", "NÃO", "São Paulo", "Ðóra"} {
		if looksMojibake(s) {
			t.Errorf("looksMojibake(%q) = true", s)
		}
	}
}

var parseHexID = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestParseFeedRealFixtures(t *testing.T) {
	if len(parseFixtureItems) != feedfixtures.Total {
		t.Errorf("the table knows %d fixtures, want all %d", len(parseFixtureItems), feedfixtures.Total)
	}
	feedfixtures.SkipLeftOut(t)
	for _, name := range feedfixtures.Names(t) {
		t.Run(name, func(t *testing.T) {
			body := feedfixtures.Read(t, name)
			arts, err := ParseFeed(body, "application/rss+xml", parseTestSite, parseTestNow)
			if err != nil {
				if !parseFixtureMalformed[name] {
					t.Fatalf("well-formed feed failed: %v", err)
				}
				if !errors.Is(err, ErrMalformedFeed) {
					t.Errorf("error %v does not wrap ErrMalformedFeed", err)
				}
				t.Logf("recorded error: %v", err)
			}
			want, known := parseFixtureItems[name]
			if !known {
				t.Fatalf("fixture %s missing from parseFixtureItems", name)
			}
			if want -= parseFixtureDropped[name]; len(arts) != want {
				t.Errorf("got %d articles, want %d", len(arts), want)
			}
			checkFixtureArticles(t, arts)
			checkFixtureText(t, name, arts)
		})
	}
}

// checkFixtureArticles asserts what holds for every article of every feed.
func checkFixtureArticles(t *testing.T, arts []Article) {
	t.Helper()
	ids := map[string]bool{}
	for i, a := range arts {
		if !parseHexID.MatchString(a.ID) || ids[a.ID] {
			t.Errorf("article %d: bad or duplicate ID %q", i, a.ID)
		}
		ids[a.ID] = true
		if (a.Title == "" && a.URL == "") || a.Title != a.OriginalTitle {
			t.Errorf("article %d: title %q, original %q", i, a.Title, a.OriginalTitle)
		}
		if a.URL != "" && !strings.HasPrefix(a.URL, "http://") && !strings.HasPrefix(a.URL, "https://") {
			t.Errorf("article %d: URL %q not absolute", i, a.URL)
		}
		if strings.Contains(a.URL, "utm_") || strings.Contains(a.URL, "wt_mc=") || strings.Contains(a.URL, "#") {
			t.Errorf("article %d: URL %q keeps tracking or fragment", i, a.URL)
		}
		if a.ImageURL != "" && !strings.HasPrefix(a.ImageURL, "http") {
			t.Errorf("article %d: image %q not absolute", i, a.ImageURL)
		}
		if a.SiteID != parseTestSite.ID || a.Country != parseTestSite.Country || a.Language != parseTestSite.Language {
			t.Errorf("article %d: site fields %q %q %q", i, a.SiteID, a.Country, a.Language)
		}
		if !a.FirstSeenAt.Equal(parseTestNow) || a.PublishedAt.After(parseTestNow) || a.PublishedAt.Year() < 1995 {
			t.Errorf("article %d: published %v first seen %v", i, a.PublishedAt, a.FirstSeenAt)
		}
		if n := utf8.RuneCountInString(a.Summary); n > maxSummaryRunes {
			t.Errorf("article %d: summary has %d runes", i, n)
		}
	}
}

// checkFixtureText asserts clean decoding: no U+FFFD or mojibake anywhere,
// the expected script and letters, and pinned titles.
func checkFixtureText(t *testing.T, name string, arts []Article) {
	t.Helper()
	var all strings.Builder
	for i, a := range arts {
		for field, s := range map[string]string{"title": a.Title, "summary": a.Summary} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, utf8.RuneError) {
				t.Errorf("article %d: %s %q has invalid UTF-8 or U+FFFD", i, field, s)
			}
			if looksMojibake(s) {
				t.Errorf("article %d: %s %q looks like mojibake", i, field, s)
			}
			if strings.ContainsAny(s, "<>") && strings.Contains(s, "</") {
				t.Errorf("article %d: %s %q keeps HTML tags", i, field, s)
			}
		}
		all.WriteString(a.Title + " " + a.Summary + "\n")
	}
	if tables := parseFixtureScript[name]; tables != nil {
		inScript := 0
		for _, a := range arts {
			if strings.IndexFunc(a.Title, func(r rune) bool { return unicode.In(r, tables...) }) >= 0 {
				inScript++
			}
		}
		if inScript*2 < len(arts) || inScript == 0 {
			t.Errorf("only %d of %d titles are in the expected script", inScript, len(arts))
		}
	}
	if letters := parseFixtureLetters[name]; letters != "" && !strings.ContainsAny(all.String(), letters) {
		t.Errorf("no title or summary contains any of %q", letters)
	}
	if want, ok := parseFixtureTitles[name]; ok {
		if want.index >= len(arts) {
			t.Fatalf("no article %d", want.index)
		}
		if got := arts[want.index].Title; got != want.title {
			t.Errorf("title %d = %q, want %q", want.index, got, want.title)
		}
	}
}

func TestParseFeedFixtureDetails(t *testing.T) {
	// Each check is a subtest of its own, so a fixture that is not shipped
	// skips (saying why) only the checks that read it.
	parse := func(t *testing.T, name string) []Article {
		t.Helper()
		arts, _ := ParseFeed(feedfixtures.Read(t, name), "", parseTestSite, parseTestNow)
		if len(arts) == 0 {
			t.Fatalf("%s: no articles", name)
		}
		return arts
	}
	utc := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	dates := []struct {
		file string
		want time.Time
	}{
		{"ru-investing-rss2-nonrfc-dates.xml", utc("2022-12-30T16:22:13Z")}, // "2022-12-30 16:22:13"
		{"cn-kc0011-rss2-gb2312.xml", utc("2020-01-10T14:33:00Z")},          // "2020/1/10 14:33:00"
		{"br-uol-rss2-noprolog-latin1.xml", utc("2018-09-24T22:42:40Z")},    // "Seg, 24 Set 2018 19:42:40 -0300"
		{"kr-acnnewswire-rss2-euckr.xml", utc("2005-12-27T04:30:33Z")},      // "...13:30:33+0900"
		{"us-pcmag-rss2-nested-empty-items.xml", utc("2018-01-17T20:50:00Z")},
		{"cz-cdv-rss2-malformed-enclosure.xml", utc("2022-11-22T12:16:00Z")},
		{"in-news18-hindi-rss2.xml", utc("2021-01-29T16:42:00Z")},
		{"it-ilgiornale-rss2.xml", utc("2022-11-15T20:15:04Z")},
		{"de-heise-rdf-rss090.xml", parseTestNow}, // no dates: first seen
	}
	for _, d := range dates {
		t.Run("date/"+d.file, func(t *testing.T) {
			if got := parse(t, d.file)[0].PublishedAt; !got.Equal(d.want) {
				t.Errorf("%s: published %v, want %v", d.file, got, d.want)
			}
		})
	}
	images := []struct{ file, want string }{
		{"fr-lemonde-rss2.xml", "http://s1.lemde.fr/image/2018/02/11/644x322/5255112_3_a8dc_martin-fourcade_02be61d126b2da39d977b2e1902c819a.jpg"},
		{"ru-rutube-rss2-mediarss.xml", "https://pic.rutubelist.ru/video/93/24/93245691f0e18d063da5fa5cd60fa6de.jpg?size=l"},
		{"nl-fcutrecht-rss2-noprolog-crlf.xml", "https://www.fcutrecht.net/pictures/100/scheids.jpg"},
		{"pk-bbc-urdu-rss2.xml", "http://c.files.bbci.co.uk/A787/production/_99478824_gettyimages-856735580.jpg"},
		{"us-pcmag-rss2-nested-empty-items.xml", ""}, // only a FeedBurner tracking pixel
	}
	for _, im := range images {
		t.Run("image/"+im.file, func(t *testing.T) {
			if got := parse(t, im.file)[0].ImageURL; got != im.want {
				t.Errorf("%s: image %q, want %q", im.file, got, im.want)
			}
		})
	}
	t.Run("guardian media:content", func(t *testing.T) {
		guardian := parse(t, "gb-guardian-world-rss2-unescaped-amp.xml")[0].ImageURL
		if !strings.Contains(guardian, "i.guim.co.uk") || !strings.Contains(guardian, "&s=") {
			t.Errorf("guardian image %q: want the media:content URL with its signature", guardian)
		}
	})
	t.Run("heise tracking", func(t *testing.T) {
		heise := parse(t, "de-heise-rdf-rss090.xml")[0].URL
		if heise != "https://www.heise.de/newsticker/meldung/OLED-TVs-Vorsichtsmassnahmen-gegen-Einbrennen-4205274.html" {
			t.Errorf("heise URL %q: tracking parameters not removed", heise)
		}
	})
	t.Run("finanzen declared latin-1", func(t *testing.T) {
		finanzen := parse(t, "de-finanzen-rss2-declared-iso8859-1-actually-utf8.xml")[0].Summary
		if !strings.Contains(finanzen, "Kursziel für NVIDIA") {
			t.Errorf("finanzen summary %q: declared ISO-8859-1 but UTF-8 must not be decoded twice", finanzen)
		}
	})
}

func TestParseFeedTruncatedFixtureSalvaged(t *testing.T) {
	body := feedfixtures.Read(t, "cn-tmioe-rss2-truncated.xml")
	arts, err := ParseFeed(body, "", parseTestSite, parseTestNow)
	if !errors.Is(err, ErrMalformedFeed) || !strings.Contains(err.Error(), "salvaged 4 items") {
		t.Fatalf("err = %v, want a malformed feed error naming 4 salvaged items", err)
	}
	if len(arts) != 4 || arts[0].URL != "https://tmioe.com/3690.html" {
		t.Fatalf("got %d articles (first %+v)", len(arts), arts)
	}
}

// parseTestRSS builds an RSS 2.0 document around raw item markup.
func parseTestRSS(items string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title><link>https://n.example/</link>
` + items + "\n</channel></rss>\n"
}

// parseTestItem is one well-formed item with title and link number n.
func parseTestItem(n string) string {
	return "<item><title>Item " + n + "</title><link>https://n.example/" + n + "</link><description>Text " + n + "</description></item>\n"
}

func TestParseFeedNotAFeed(t *testing.T) {
	for name, body := range map[string]string{
		"empty":      "",
		"whitespace": " \r\n\t ",
		"html page":  "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><p>Back soon</p></body></html>",
		"xhtml page": `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>`,
		"plain text": "Service Unavailable",
		"json":       `{"error": "not found"}`,
		"binary":     "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
	} {
		arts, err := ParseFeed([]byte(body), "text/html", parseTestSite, parseTestNow)
		if !errors.Is(err, ErrNotFeed) || len(arts) != 0 {
			t.Errorf("%s: got %d articles, err %v; want ErrNotFeed and none", name, len(arts), err)
		}
	}
}

func TestParseFeedSalvagesMalformed(t *testing.T) {
	one, two, three := parseTestItem("1"), parseTestItem("2"), parseTestItem("3")
	cases := []struct {
		name, body string
		want       []string // titles
		malformed  bool
	}{
		{"well-formed", parseTestRSS(one + two), []string{"Item 1", "Item 2"}, false},
		{"bare ampersands", parseTestRSS(`<item><title>Q&A: R&D &amp; more</title><link>https://n.example/q?a=1&b=2</link></item>`), []string{"Q&A: R&D & more"}, false},
		{"junk before prolog", "PHP Warning: something in /var/www/feed.php on line 3\n" + parseTestRSS(one), []string{"Item 1"}, true},
		{"truncated in an item", parseTestRSS(one + two + three)[:strings.Index(parseTestRSS(one+two+three), "Text 3")+2], []string{"Item 1", "Item 2"}, true},
		{"truncated in CDATA", strings.TrimSuffix(parseTestRSS(one+two+"<item><title><![CDATA[Item 3 cut"), "\n</channel></rss>\n"), []string{"Item 1", "Item 2"}, true},
		{"broken item in the middle", parseTestRSS(one + "<item><title>a < b</title><link>https://n.example/x</link></item>\n" + two + three), []string{"Item 1", "Item 2", "Item 3"}, true},
		{"two broken items", parseTestRSS(one + "<item><title x=\"1>a</title></item>\n" + two + "<item><title>&#1;</title></item>\n" + three), []string{"Item 1", "Item 2", "Item 3"}, true},
		{"truncated atom", `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>` +
			`<entry><title>E1</title><link href="https://n.example/e1"/><id>e1</id></entry>` +
			`<entry><title>E2</title><link href="https://n.example/e2"/><id>e2</id></entry><entry><title>E3`, []string{"E1", "E2"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			arts, err := ParseFeed([]byte(c.body), "", parseTestSite, parseTestNow)
			if c.malformed != (err != nil) {
				t.Errorf("err = %v, want malformed %v", err, c.malformed)
			}
			if err != nil && (!errors.Is(err, ErrMalformedFeed) || !strings.Contains(err.Error(), "salvaged")) {
				t.Errorf("err = %v, want a salvage report wrapping ErrMalformedFeed", err)
			}
			var titles []string
			for _, a := range arts {
				titles = append(titles, a.Title)
			}
			if strings.Join(titles, "|") != strings.Join(c.want, "|") {
				t.Errorf("titles %q, want %q", titles, c.want)
			}
		})
	}
}

func TestParseFeedUnsalvageable(t *testing.T) {
	body := `<?xml version="1.0"?><rss version="2.0"><channel><title>broken <<< header`
	arts, err := ParseFeed([]byte(body), "", parseTestSite, parseTestNow)
	if !errors.Is(err, ErrMalformedFeed) || len(arts) != 0 {
		t.Fatalf("got %d articles, err %v; want ErrMalformedFeed and none", len(arts), err)
	}
}

func TestParseFeedAtomAndJSON(t *testing.T) {
	atom := `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<link href="https://atom.example/"/><entry><title type="html">&lt;em&gt;Hi&lt;/em&gt; there</title>
<link rel="alternate" href="/post/1?utm_campaign=x"/><id>tag:atom.example,2026:1</id>
<updated>2026-02-01T10:00:00Z</updated><summary>Sum</summary></entry></feed>`
	arts, err := ParseFeed([]byte(atom), "application/atom+xml", parseTestSite, parseTestNow)
	if err != nil || len(arts) != 1 {
		t.Fatalf("atom: %d articles, %v", len(arts), err)
	}
	a := arts[0]
	if a.Title != "Hi there" || a.URL != "https://atom.example/post/1" || a.GUID != "tag:atom.example,2026:1" ||
		!a.PublishedAt.Equal(time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("atom article %+v", a)
	}
	json := `{"version": "https://jsonfeed.org/version/1.1", "title": "j", "home_page_url": "https://j.example/",
"items": [{"id": "1", "url": "https://j.example/1", "title": "Json item", "content_text": "Body"}]}`
	arts, err = ParseFeed([]byte(json), "application/feed+json", parseTestSite, parseTestNow)
	if err != nil || len(arts) != 1 || arts[0].Title != "Json item" || arts[0].URL != "https://j.example/1" {
		t.Fatalf("json feed: %+v, %v", arts, err)
	}
}

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(parseTestRSS(parseTestItem("1")+parseTestItem("2"))), "")
	f.Add([]byte(parseTestRSS("<item><title>Caf\xe9 &amp;eacute; Ã©</title><link>/x?utm_source=a&b</link></item>")), "text/xml; charset=iso-8859-1")
	f.Add([]byte(`<?xml version="1.0" encoding="koi8-r"?><rss><channel><item><title>`+"\xf0\xd2\xc9"+`</title></item>`), "")
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><link href="y"/></entry>`), "")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"id":"1","title":"t"}]}`), "")
	f.Add([]byte("<html><body>no</body></html>"), "text/html")
	f.Add([]byte("\xef\xbb\xbf  <rss><channel><item><title>a < b</title></item><item><title>&#1;</title>"), "")
	for _, name := range []string{"cn-tmioe-rss2-truncated.xml", "fr-lecerclepsy-rss2-noprolog-latin1.xml", "ru-yandex-news-rss2-mojibake.xml", "cn-kc0011-rss2-gb2312.xml"} {
		// A prefix keeps the corpus small (fast minimisation) and is
		// itself a truncated download to salvage.
		b := feedfixtures.Read(f, name)
		f.Add(b[:min(len(b), 2500)], "")
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		arts, err := ParseFeed(body, contentType, Site{ID: "fz", Charset: "windows-1251"}, parseTestNow)
		if err == nil && arts == nil {
			t.Fatal("nil articles without an error")
		}
		ids := map[string]bool{}
		for _, a := range arts {
			for _, s := range []string{a.Title, a.Summary, a.URL, a.ImageURL, a.GUID} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %+v", a)
				}
			}
			if strings.ContainsRune(a.Title, utf8.RuneError) || strings.ContainsRune(a.Summary, utf8.RuneError) {
				t.Fatalf("U+FFFD in %+v", a)
			}
			if !parseHexID.MatchString(a.ID) || ids[a.ID] {
				t.Fatalf("bad or duplicate ID in %+v", a)
			}
			ids[a.ID] = true
			if a.Title == "" && a.URL == "" {
				t.Fatalf("article with neither title nor link: %+v", a)
			}
			if a.PublishedAt.After(parseTestNow) {
				t.Fatalf("published in the future: %+v", a)
			}
		}
	})
}
