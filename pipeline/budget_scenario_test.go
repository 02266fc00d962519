package pipeline

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/sources/feedfixtures"
	"github.com/worldbrief/worldbrief/store"
	"github.com/worldbrief/worldbrief/translate"
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

// scenarioProcess is one serve process: its store connection, pipeline
// and budget, translating through fake.
type scenarioProcess struct {
	st     *store.Store
	svc    *Service
	budget *translate.Budget
}

// scenarioNow is the scenario's clock, fixed so that undated fixture
// items, dated when first seen, all get the same time.
var scenarioNow = time.Now().UTC().Truncate(time.Minute)

func scenarioClock() time.Time { return scenarioNow }

// fixtureWindow is a digest window wide enough for the fixture feeds,
// captured over two decades.
const fixtureWindow = 25 * 365 * 24 * time.Hour

func newScenarioProcess(t *testing.T, dsn string, cat *sources.Catalog, fake *fakeMyMemory, daily int64) *scenarioProcess {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.SyncFeeds(ctx, cat.Sites()); err != nil {
		t.Fatal(err)
	}
	budget := &translate.Budget{Ledger: st, Provider: translate.ProviderMyMemory, Daily: daily, Now: scenarioClock}
	var tr translate.Translator = translate.NewMyMemory(translate.Options{BaseURL: fake.URL, Email: "ops@example.org",
		Retry: translate.Retry{Attempts: 2, BaseDelay: time.Millisecond}})
	cached := &translate.Cached{Next: &translate.Budgeted{Next: tr, Budget: budget}, Cache: st}
	digests := &digest.Service{Builder: digest.NewBuilder(cat, digest.Options{Window: fixtureWindow}),
		Articles: WindowArticles{Store: st}, Store: st, Now: scenarioClock}
	svc := &Service{
		Catalog: cat, Store: st, Digests: digests, Log: testLog(), Now: scenarioClock,
		Ingester: &sources.Ingester{Store: st, Catalog: cat, Fetcher: sources.NewFetcher(sources.FetcherOptions{}), Log: testLog(), Now: scenarioClock},
		Translation: &PlannedTranslation{
			Pipeline: &translate.Pipeline{Store: st, Translator: cached, Target: "en", Log: testLog()},
			Budget:   budget, Store: st, Digests: digests, RestLimit: 5000, Log: testLog(), Now: scenarioClock,
		},
	}
	return &scenarioProcess{st: st, svc: svc, budget: budget}
}

// subscribe subscribes a chat to each country, delivered in 20 minutes.
func (p *scenarioProcess) subscribe(t *testing.T, countries ...string) {
	t.Helper()
	at := scenarioNow.Add(20 * time.Minute).Format("15:04")
	for i, c := range countries {
		key := bot.ChatKey{Platform: "telegram", ChatID: fmt.Sprint(100 + i)}
		if _, _, err := p.st.Subscribe(context.Background(), bot.Subscription{ChatKey: key, Country: c}); err != nil {
			t.Fatal(err)
		}
		if _, err := p.st.SetSchedule(context.Background(), key, at, "UTC"); err != nil {
			t.Fatal(err)
		}
	}
}

// englishCountries are the fixture countries whose press writes English.
var englishCountries = map[string]bool{"ca": true, "gb": true, "in": true, "us": true, "ng": true}

// checkEnglish fails for every headline, summary or take of the digest
// still in its original language, and returns the number of takes.
func checkEnglish(t *testing.T, d digest.Digest) int {
	t.Helper()
	takes := 0
	english := func(s string) bool { return s == "" || strings.HasPrefix(s, "[en] ") }
	for _, s := range d.Stories {
		if !english(s.Headline) || !english(s.Summary) {
			t.Errorf("%s: story shown untranslated: %q / %q", d.Country, s.Headline, s.Summary)
		}
		for _, tk := range s.AlternativeTakes {
			takes++
			if !englishCountries[tk.Country] && !english(tk.Headline) {
				t.Errorf("%s: take of %s untranslated: %q", d.Country, tk.Country, tk.Headline)
			}
		}
	}
	return takes
}

// fetchChars is what translating everything the fixture feeds bring
// would cost: the characters of every non-English title and summary.
func fetchChars(t *testing.T, cat *sources.Catalog) int64 {
	t.Helper()
	p := newScenarioProcess(t, "sqlite:"+filepath.Join(t.TempDir(), "count.db"), cat, newFakeMyMemory(t, 0), 0)
	p.svc.Translation = nil
	if _, err := p.svc.Refresh(context.Background(), cat.Sites(), RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	pending, err := p.st.PendingTranslations(context.Background(), "en", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, a := range pending {
		if !translate.SameLanguage(a.Language, "en") {
			n += translate.Chars(a.Title) + translate.Chars(a.Summary)
		}
	}
	return n
}

var scenarioCountries = []string{"fr", "de", "ru", "jp"}

// The real fixture feeds and the labelled set's multilingual feeds, a
// MyMemory whose daily quota covers a fifth of what the fetch brings, and
// the budget set to that quota: after one fetch, the subscribed
// countries' digests show every headline, summary and take in English,
// keep their alternative takes (at least 85% of the right ones found
// when everything is translated, and no more wrong ones), and the
// provider's quota is never reached.
func TestBudgetScenarioFixtureFeeds(t *testing.T) {
	cat := fixtureWorld(t)
	total := fetchChars(t, cat)
	quota := total / 5
	t.Logf("the fetch brings %d characters to translate; quota and budget %d", total, quota)

	fullp := newScenarioProcess(t, "sqlite:"+filepath.Join(t.TempDir(), "full.db"), cat, newFakeMyMemory(t, 0), 0)
	fullp.subscribe(t, scenarioCountries...)
	fake := newFakeMyMemory(t, quota)
	p := newScenarioProcess(t, "sqlite:"+filepath.Join(t.TempDir(), "wb.db"), cat, fake, quota)
	p.subscribe(t, scenarioCountries...)
	ctx := context.Background()
	stories := labelledStory(t)
	var got, full struct{ takes, right int }
	for _, q := range []*scenarioProcess{fullp, p} {
		if _, err := q.svc.Refresh(ctx, cat.Sites(), RefreshOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range scenarioCountries {
		want, err := fullp.svc.CurrentDigest(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		d, err := p.svc.CurrentDigest(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Stories) == 0 {
			t.Fatalf("%s: empty digest", c)
		}
		takes, wantTakes := checkEnglish(t, d), checkEnglish(t, want)
		right, wantRight := rightTakes(d, stories), rightTakes(want, stories)
		t.Logf("%s: %d stories, %d takes, %d right (everything translated: %d stories, %d takes, %d right)", c, len(d.Stories), takes, right, len(want.Stories), wantTakes, wantRight)
		got.takes, got.right, full.takes, full.right = got.takes+takes, got.right+right, full.takes+wantTakes, full.right+wantRight
	}
	// The takes that cover the story they are shown with (by the labelled
	// set's labels) are kept, and no more wrong ones are shown.
	if got.right < full.right*85/100 || got.takes-got.right > full.takes-full.right {
		t.Errorf("takes: %d, %d right; everything translated: %d, %d right", got.takes, got.right, full.takes, full.right)
	}
	served, refused := fake.counts()
	st, err := p.budget.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("provider translated %d characters (%.0f%% of the fetch), budget used %d", served, 100*float64(served)/float64(total), st.Used.Chars)
	if refused > 0 || served > quota || st.Used.Chars > quota {
		t.Errorf("quota %d: provider served %d and refused %d requests; budget counted %d", quota, served, refused, st.Used.Chars)
	}
}

// Two serve processes on one PostgreSQL database share one budget: both
// fetching and translating at once never spend more than it, and both
// hand out translated digests.
func TestBudgetScenarioTwoProcessesOnPostgres(t *testing.T) {
	dsn := postgresSchema(t)
	cat := fixtureWorld(t)
	// A tenth of the fetch, for two subscribed countries: both processes
	// run into the budget.
	quota := fetchChars(t, cat) / 10
	fake := newFakeMyMemory(t, quota)
	a := newScenarioProcess(t, dsn, cat, fake, quota)
	b := newScenarioProcess(t, dsn, cat, fake, quota)
	subscribed := []string{"fr", "jp"}
	a.subscribe(t, subscribed...)
	ctx := context.Background()
	var wg sync.WaitGroup
	for _, p := range []*scenarioProcess{a, b} {
		wg.Go(func() {
			if _, err := p.svc.Refresh(ctx, cat.Sites(), RefreshOptions{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	for _, c := range subscribed {
		for _, p := range []*scenarioProcess{a, b} {
			d, err := p.svc.CurrentDigest(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			checkEnglish(t, d)
		}
	}
	served, refused := fake.counts()
	st, _ := a.budget.Status(ctx)
	t.Logf("quota %d: provider translated %d characters, budget counted %d", quota, served, st.Used.Chars)
	if st.Used.Chars < quota/2 {
		t.Errorf("the budget was not put to the test: %d of %d used", st.Used.Chars, quota)
	}
	if refused > 0 || served > quota || st.Used.Chars > quota {
		t.Errorf("quota %d: provider served %d and refused %d requests; budget counted %d", quota, served, refused, st.Used.Chars)
	}
}

// postgresSchema returns the DSN of a fresh PostgreSQL schema, dropped at
// the end of the test; the test is skipped without
// WORLDBRIEF_TEST_POSTGRES_DSN.
func postgresSchema(t *testing.T) string {
	t.Helper()
	base := os.Getenv("WORLDBRIEF_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("WORLDBRIEF_TEST_POSTGRES_DSN not set")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("wbscenario_%d", time.Now().UnixNano())
	if _, err := db.Exec(`CREATE SCHEMA "` + schema + `"`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec(`DROP SCHEMA "` + schema + `" CASCADE`)
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
