package pipeline

// The scenario's world: the real fixture feeds, the labelled set as
// multilingual feeds, and a fake of MyMemory that enforces a quota.

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

// fakeMyMemory follows MyMemory's GET /get?q=…&langpair=xx|en protocol
// and enforces a daily character quota as MyMemory does: past it, a 200
// answer with quotaFinished and the warning text. It "translates" by
// prefixing "[en] ".
type fakeMyMemory struct {
	*httptest.Server
	quota int64
	// english holds the English of texts it knows (the labelled set's);
	// others get the prefix only.
	english map[string]string

	mu      sync.Mutex
	served  int64 // characters translated
	refused int   // requests refused for the quota
}

func newFakeMyMemory(t *testing.T, quota int64) *fakeMyMemory {
	t.Helper()
	f := &fakeMyMemory{quota: quota, english: labelledEnglish(t)}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, pair := r.URL.Query().Get("q"), r.URL.Query().Get("langpair")
		if r.URL.Path != "/get" || q == "" || !strings.HasSuffix(pair, "|en") {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		n := int64(utf8.RuneCountInString(q))
		w.Header().Set("Content-Type", "application/json")
		f.mu.Lock()
		over := f.quota > 0 && f.served+n > f.quota
		if over {
			f.refused++
		} else {
			f.served += n
		}
		f.mu.Unlock()
		if over {
			json.NewEncoder(w).Encode(map[string]any{
				"responseData":    map[string]any{"translatedText": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY. NEXT AVAILABLE IN  10 HOURS"},
				"quotaFinished":   true,
				"responseDetails": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY.",
				"responseStatus":  429,
			})
			return
		}
		text := q
		if e, ok := f.english[squash(q)]; ok {
			text = e
		}
		json.NewEncoder(w).Encode(map[string]any{
			"responseData": map[string]any{"translatedText": "[en] " + text, "match": 0.9}, "quotaFinished": false,
			"responseDetails": "", "responseStatus": 200,
		})
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeMyMemory) counts() (served int64, refused int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.served, f.refused
}

// labelledRows reads digest/testdata/labelled.psv: story, site, hours
// ago, original title, English title (= when the same), summary.
func labelledRows(t *testing.T) [][]string {
	t.Helper()
	raw, err := os.ReadFile("../digest/testdata/labelled.psv")
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, line := range strings.Split(string(raw), "\n") {
		if p := strings.Split(line, "|"); len(p) == 6 && !strings.HasPrefix(line, "#") {
			out = append(out, p)
		}
	}
	return out
}

// labelledOriginals reads labelled_original.psv: the original-language
// summary of rows whose summary column is English, by site|title.
func labelledOriginals(t *testing.T) map[string]string {
	t.Helper()
	raw, err := os.ReadFile("../digest/testdata/labelled_original.psv")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		if p := strings.Split(line, "|"); len(p) == 3 && !strings.HasPrefix(line, "#") {
			out[p[0]+"|"+p[1]] = p[2]
		}
	}
	return out
}

// labelledEnglish maps the labelled set's original titles and summaries
// to their English: what a real provider would answer.
func labelledEnglish(t *testing.T) map[string]string {
	t.Helper()
	orig := labelledOriginals(t)
	out := map[string]string{}
	for _, p := range labelledRows(t) {
		if p[4] != "=" {
			out[squash(p[3])] = p[4]
		}
		if s, ok := orig[p[1]+"|"+p[3]]; ok {
			out[squash(s)] = p[5]
		}
	}
	return out
}

// labelledStory maps the links of the labelled feeds' items to their
// story label.
func labelledStory(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for n, p := range labelledRows(t) {
		if !strings.HasPrefix(p[0], "x-") {
			out[fmt.Sprintf("https://%s.example/%d", p[1], n)] = p[0]
		}
	}
	return out
}

// rightTakes counts the takes of d that cover the story they are shown
// with, by the labelled set's story labels.
func rightTakes(d digest.Digest, story map[string]string) int {
	n := 0
	for _, s := range d.Stories {
		label := ""
		for _, src := range s.Sources {
			if l := story[src.URL]; l != "" {
				label = l
				break
			}
		}
		for _, tk := range s.AlternativeTakes {
			if label != "" && story[tk.URL] == label {
				n++
			}
		}
	}
	return n
}

// squash collapses white space (the ingester turns U+3000 into a space).
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// labelledFeeds turns digest/testdata/labelled.psv into one RSS feed per
// site, as published: original titles, original-language summaries
// (labelled_original.psv where the set's summary is English), dated
// relative to now. It returns the feeds by site id.
func labelledFeeds(t *testing.T) map[string]string {
	t.Helper()
	orig := labelledOriginals(t)
	items := map[string]*strings.Builder{}
	now := scenarioNow
	for n, p := range labelledRows(t) {
		var hours float64
		fmt.Sscan(p[2], &hours)
		summary := p[5]
		if s, ok := orig[p[1]+"|"+p[3]]; ok {
			summary = s
		}
		b := items[p[1]]
		if b == nil {
			b = &strings.Builder{}
			items[p[1]] = b
		}
		fmt.Fprintf(b, "<item><title>%s</title><description>%s</description><link>https://%s.example/%d</link><pubDate>%s</pubDate></item>",
			html.EscapeString(p[3]), html.EscapeString(summary), p[1], n, now.Add(-time.Duration(hours*float64(time.Hour))).UTC().Format(time.RFC1123Z))
	}
	out := map[string]string{}
	for site, b := range items {
		out[site] = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>` + site + `</title>` + b.String() + `</channel></rss>`
	}
	return out
}

// fixtureWorld serves the real fixture feeds and the labelled set's
// multilingual feeds (stories covered across countries), with a catalog
// of one site per feed in its country's language.
func fixtureWorld(t *testing.T) *sources.Catalog {
	t.Helper()
	dir := feedfixtures.Dir(t)
	labelled := labelledFeeds(t)
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if site, ok := strings.CutPrefix(r.URL.Path, "/labelled/"); ok {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(labelled[site]))
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	embedded, err := sources.DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	lang := map[string]string{"at": "de", "br": "pt", "by": "ru", "ca": "en", "cn": "zh", "cz": "cs", "de": "de", "es": "es",
		"fr": "fr", "gb": "en", "gr": "el", "hu": "hu", "il": "he", "in": "en", "it": "it", "jp": "ja", "kr": "ko", "nl": "nl",
		"pk": "ur", "pt": "pt", "ru": "ru", "se": "sv", "sk": "sk", "th": "th", "tr": "tr", "tw": "zh", "ua": "uk", "us": "en", "za": "af"}
	byCountry := map[string][]string{}
	var order []string
	for _, name := range feedfixtures.Names(t) {
		cc, l := name[:2], lang[name[:2]]
		switch {
		case strings.Contains(name, "hindi"):
			l = "hi"
		case strings.Contains(name, "kannada"):
			l = "kn"
		}
		if byCountry[cc] == nil {
			order = append(order, cc)
		}
		id := strings.ReplaceAll(strings.TrimSuffix(name, ".xml"), ".", "-")
		byCountry[cc] = append(byCountry[cc], fmt.Sprintf(
			`      - {id: %q, name: %q, language: %s, homepage: "https://%s.example", feeds: ["%s/%s"]}`, id, id, l, id, srv.URL, url.PathEscape(name)))
	}
	for id := range labelled {
		site, ok := embedded.Site(id)
		if !ok {
			t.Fatalf("labelled site %s is not in the catalog", id)
		}
		cc := site.Country
		if byCountry[cc] == nil {
			order = append(order, cc)
		}
		byCountry[cc] = append(byCountry[cc], fmt.Sprintf(
			`      - {id: %q, name: %q, language: %s, homepage: "https://%s.example", feeds: ["%s/labelled/%s"]}`, id, site.Name, site.Language, id, srv.URL, id))
	}
	var b strings.Builder
	b.WriteString("countries:\n")
	for _, cc := range order {
		fmt.Fprintf(&b, "  - code: %s\n    name: Country %s\n    sites:\n%s\n", cc, strings.ToUpper(cc), strings.Join(byCountry[cc], "\n"))
	}
	cat, err := sources.LoadCatalog(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
