package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/store"
	"github.com/worldbrief/worldbrief/translate"
)

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
	// The budget, not a lack of work, stopped translation: texts are left
	// waiting, and the rest's share (half the day, less the part of one
	// text that did not fit) was spent.
	left, err := a.st.PendingTranslations(ctx, "en", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	waiting := 0
	for _, x := range left {
		if !translate.SameLanguage(x.Language, "en") {
			waiting++
		}
	}
	if waiting == 0 || st.Used.Chars < quota*2/5 {
		t.Errorf("the budget was not put to the test: %d of %d used, %d articles left untranslated", st.Used.Chars, quota, waiting)
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

// A headline list costs its titles: asking for Russia's 10 newest
// headlines translates those titles on demand, not their summaries (a
// headline list does not show them) nor more headlines than asked; the
// digest a person asks for (Headlines 0) costs no headline list at all.
func TestAskedHeadlinesTranslateTheirTitles(t *testing.T) {
	cat := fixtureWorld(t)
	ru, ok := cat.Country("ru")
	if !ok {
		t.Fatal("no Russia in the fixture world")
	}
	fake := newFakeMyMemory(t, 0)
	p := newScenarioProcess(t, "sqlite:"+filepath.Join(t.TempDir(), "wb.db"), cat, fake, 50_000)
	p.svc.Translation.(*PlannedTranslation).RestLimit = 10 // nothing beyond the list: what it costs alone
	p.svc.Translation.(*PlannedTranslation).Digests = &digest.Service{Builder: digest.NewBuilder(cat, digest.Options{Window: time.Nanosecond}),
		Articles: WindowArticles{Store: p.st}, Store: p.st, Now: scenarioClock} // no digest stories in the way
	ctx := context.Background()
	if _, err := p.svc.Refresh(ctx, ru.Sites, RefreshOptions{Demand: Demand{Countries: []string{"ru"}, Interactive: true, Headlines: 10}}); err != nil {
		t.Fatal(err)
	}
	arts, err := p.st.Articles(ctx, sources.ArticleQuery{Country: "ru", Limit: 12})
	if err != nil || len(arts) < 12 {
		t.Fatalf("%d Russian articles stored, %v; want at least 12", len(arts), err)
	}
	var titles, summaries int64
	for i, a := range arts {
		translated := strings.HasPrefix(a.Title, "[en] ")
		switch {
		case i < 10 && !translated:
			t.Errorf("headline %d of the 10 asked for shown untranslated: %q", i+1, a.Title)
		case i >= 10 && translated:
			t.Errorf("headline %d translated on demand, beyond the 10 asked for: %q", i+1, a.Title)
		}
		if strings.HasPrefix(a.Summary, "[en] ") {
			t.Errorf("summary of headline %d translated for a headline list: %q", i+1, a.Summary)
		}
		if i < 10 {
			titles += translate.Chars(a.OriginalTitle)
			summaries += translate.Chars(a.OriginalSummary)
		}
	}
	served, _ := fake.counts()
	t.Logf("10 headlines: %d characters translated (titles %d; their summaries would add %d)", served, titles, summaries)
	if served > titles {
		t.Errorf("a list of 10 headlines cost %d characters, more than their titles' %d", served, titles)
	}
}
