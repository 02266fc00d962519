package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
)

// A simulated day of the full catalog.
//
// Feed-rate assumption: every site of the embedded catalog (581 sites of
// 102 countries, 177 of them English, as of this writing) publishes 40
// articles a day, spread evenly over the day, each a title of about 70
// characters and a summary of about 125 (the ~195 characters an article
// costs in BenchmarkTranslateCorpus). A country's press covers 60 local
// events a day, born through the day and covered for 12 hours, most
// articles on the few biggest (Zipf); 30% of articles cover one of 30
// world events every country covers. Words are pseudo-words of the site's
// language ("fr01az"); the fake provider translates a word by giving it
// the English prefix, so stories match across countries only once
// translated, as real text does.
const (
	simArticlesPerSite = 40
	simLocalStories    = 60
	simGlobalStories   = 30
	simTick            = 30 * time.Minute
)

var simDebug = false

var simDay = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)

// pseudoEnglish translates pseudo-words by giving them the English prefix.
type pseudoEnglish struct{}

func (pseudoEnglish) Translate(_ context.Context, req translate.Request) ([]translate.Result, error) {
	out := make([]translate.Result, len(req.Texts))
	for i, t := range req.Texts {
		ws := strings.Fields(t)
		for j, w := range ws {
			if len(w) > 2 {
				ws[j] = "en" + w[2:]
			}
		}
		out[i] = translate.Result{Text: strings.Join(ws, " ")}
	}
	return out, nil
}

// simFeeds generates the day's articles of every site of cat.
func simFeeds(cat *sources.Catalog) []sources.Article {
	rng := rand.New(rand.NewPCG(14, 2026))
	word := func(lang string, concept int) string {
		return translate.Primary(lang)[:2] + fmt.Sprintf("%04s", strconv.FormatInt(int64(concept), 36))
	}
	type story struct {
		born  time.Time
		words []int
	}
	newStory := func(base int) story {
		s := story{born: simDay.Add(time.Duration(rng.Int64N(int64(24 * time.Hour))))}
		for k := range 6 {
			s.words = append(s.words, base+k)
		}
		return s
	}
	global := make([]story, simGlobalStories)
	for i := range global {
		global[i] = newStory(100_000 + 10*i)
	}
	zipf := rand.NewZipf(rng, 1.3, 1, 1000)
	pick := func(ss []story, at time.Time) (story, bool) {
		var live []story
		for _, s := range ss {
			if !s.born.After(at) && at.Sub(s.born) < 12*time.Hour {
				live = append(live, s)
			}
		}
		if len(live) == 0 {
			return story{}, false
		}
		return live[int(zipf.Uint64())%len(live)], true
	}
	var out []sources.Article
	for ci, c := range cat.Countries {
		local := make([]story, simLocalStories)
		for i := range local {
			local[i] = newStory(200_000 + 1000*ci + 10*i)
		}
		for _, site := range c.Sites {
			for n := range simArticlesPerSite {
				at := simDay.Add(time.Duration(n)*24*time.Hour/simArticlesPerSite + time.Duration(rng.Int64N(int64(30*time.Minute))))
				st, ok := pick(local, at)
				if rng.Float64() < 0.3 {
					if g, gok := pick(global, at); gok {
						st, ok = g, true
					}
				}
				if !ok {
					st = newStory(300_000 + rng.IntN(1_000_000))
				}
				text := func(story, noise int) string {
					var ws []string
					for _, k := range rng.Perm(len(st.words))[:story] {
						ws = append(ws, word(site.Language, st.words[k]))
					}
					for range noise {
						ws = append(ws, word(site.Language, rng.IntN(5000)))
					}
					return strings.Join(ws, " ")
				}
				title, summary := text(5, 5), text(6, 12)
				out = append(out, sources.Article{
					ID: fmt.Sprintf("%s-%03d", site.ID, n), SiteID: site.ID, Country: c.Code, Language: site.Language,
					Title: title, OriginalTitle: title, Summary: summary, OriginalSummary: summary,
					URL: fmt.Sprintf("https://%s.example/%d", site.ID, n), PublishedAt: at,
				})
			}
		}
	}
	slices.SortFunc(out, func(a, b sources.Article) int { return a.PublishedAt.Compare(b.PublishedAt) })
	return out
}

// delivered is what the subscribed countries' digests showed at delivery:
// split counts the pairs of a digest's stories telling one event (a
// multilingual country's languages not merged); events holds each
// country's stories' events.
type delivered struct {
	stories, takes, untranslated, split int
	events                              map[string][]map[string]bool
}

// sameEvent reports whether two stories' events are one.
func sameEvent(a, b map[string]bool) bool {
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return shared >= 2
}

// same counts the stories of d that want's digest of their country tells
// too.
func (d delivered) same(want delivered) int {
	n := 0
	for c, evs := range d.events {
		for _, ev := range evs {
			if slices.ContainsFunc(want.events[c], func(o map[string]bool) bool { return sameEvent(ev, o) }) {
				n++
			}
		}
	}
	return n
}

// simulateDay runs a day of fetch cycles through the shipped
// PlannedTranslation and returns the characters sent to the provider and
// what the subscribed countries' digests showed at their 07:00 UTC
// delivery. Each cycle's Translate translates the digests due within
// lead (an hour, the default, or the whole day to translate them at
// every cycle) and what matching them needs (match: top stories per other
// country, 0 the default); the delivery Ensures each country's digest as
// the delivery pass does. everything translates every article instead.
func simulateDay(tb testing.TB, cat *sources.Catalog, arts []sources.Article, subscribed []string, lead time.Duration, match int, everything bool) (chars int64, out delivered) {
	tb.Helper()
	ctx := context.Background()
	st := &simStore{arts: map[string]*simArticle{}, cache: map[string]translate.CacheEntry{}, subscribed: subscribed}
	ledger := translate.NewMemoryLedger()
	budget := &translate.Budget{Ledger: ledger, Provider: "sim", Now: func() time.Time { return simDay.Add(12 * time.Hour) }}
	cached := &translate.Cached{Next: &translate.Budgeted{Next: pseudoEnglish{}, Budget: budget}, Cache: st}
	b := digest.NewBuilder(cat, digest.Options{})
	log := slog.New(slog.DiscardHandler)
	if simDebug {
		log = slog.New(slog.NewTextHandler(tbWriter{tb}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	tr := &PlannedTranslation{
		Pipeline: &translate.Pipeline{Store: st, Translator: cached},
		Store:    st, Lead: lead, MatchStories: match, Now: st.now, Log: log,
		Digests: &digest.Service{Builder: b, Articles: st, Now: st.now},
	}
	next := 0
	delivery := simDay.Add(7 * time.Hour)
	for at := simDay.Add(simTick); !at.After(simDay.Add(24 * time.Hour)); at = at.Add(simTick) {
		for next < len(arts) && !arts[next].PublishedAt.After(at) {
			st.add(arts[next])
			next++
		}
		st.setNow(at)
		if everything {
			st.translateAll()
		} else {
			tr.Translate(ctx, TranslationRequest{})
		}
		if !at.Equal(delivery) {
			continue
		}
		// The delivery pass, country by country (Service.CurrentDigest).
		for _, c := range subscribed {
			if !everything {
				tr.Ensure(ctx, c)
			}
			d, err := tr.Digests.Digest(ctx, c)
			if err != nil {
				tb.Fatal(err)
			}
			out.add(d)
		}
	}
	s, err := budget.Status(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return s.Used.Chars, out
}

// tbWriter writes the simulation's debug log to the benchmark's.
type tbWriter struct{ tb testing.TB }

func (w tbWriter) Write(p []byte) (int, error) {
	w.tb.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// add counts what digest d shows.
func (d *delivered) add(dg digest.Digest) {
	english := func(s string) bool {
		for _, w := range strings.Fields(s) {
			if !strings.HasPrefix(w, "en") {
				return false
			}
		}
		return true
	}
	if d.events == nil {
		d.events = map[string][]map[string]bool{}
	}
	for _, s := range dg.Stories {
		ev := simEvents(s.Headline)
		for _, o := range d.events[dg.Country] {
			if sameEvent(ev, o) {
				d.split++
			}
		}
		d.events[dg.Country] = append(d.events[dg.Country], ev)
		d.stories++
		d.takes += len(s.AlternativeTakes)
		if !english(s.Headline) || !english(s.Summary) {
			d.untranslated++
		}
		for _, tk := range s.AlternativeTakes {
			if !english(tk.Headline) {
				d.untranslated++
			}
		}
	}
}

// simEvents returns the words of headline h that name its event in
// simFeeds (not noise), whatever its language.
func simEvents(h string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(h) {
		if n, err := strconv.ParseInt(w[2:], 36, 64); err == nil && n >= 100_000 {
			out[w[2:]] = true
		}
	}
	return out
}

// BenchmarkTranslationPerDay reports the characters translated in a
// simulated day of the full catalog for 1, 5 and 20 subscribed countries,
// per subscribed country, against translating every article, and for one
// subscription the cost of translating its digest at every cycle. What
// readers see is reported with it: the takes, and how many of the
// delivered stories the digests of translating everything tell too
// (stories-as-everything-translated: a multilingual country whose
// languages' stories are merged less well shows fewer).
func BenchmarkTranslationPerDay(b *testing.B) {
	cat, err := sources.DefaultCatalog()
	if err != nil {
		b.Fatal(err)
	}
	arts := simFeeds(cat)
	var everything int64
	for _, a := range arts {
		if !translate.SameLanguage(a.Language, "en") {
			everything += translate.Chars(a.Title) + translate.Chars(a.Summary)
		}
	}
	// Subscribed countries: those of the most non-English sites.
	var countries []sources.Country
	for _, c := range cat.Countries {
		if !translate.SameLanguage(c.Sites[0].Language, "en") {
			countries = append(countries, c)
		}
	}
	slices.SortStableFunc(countries, func(x, y sources.Country) int { return len(y.Sites) - len(x.Sites) })
	for _, n := range []int{1, 5, 20} {
		var subs []string
		for _, c := range countries[:n] {
			subs = append(subs, c.Code)
		}
		_, full := simulateDay(b, cat, arts, subs, time.Hour, 0, true)
		for _, mode := range []struct {
			name string
			lead time.Duration
		}{{"every-cycle", 24 * time.Hour}, {"before-delivery", time.Hour}} {
			if mode.lead > time.Hour && n > 1 {
				// Translating at every cycle builds the Index some 150
				// times a day (over a minute): one subscription shows it.
				continue
			}
			b.Run(fmt.Sprintf("countries=%d/%s", n, mode.name), func(b *testing.B) {
				var chars int64
				var got delivered
				for b.Loop() {
					chars, got = simulateDay(b, cat, arts, subs, mode.lead, 0, false)
				}
				if got.untranslated > 0 {
					b.Errorf("%d texts of the delivered digests untranslated", got.untranslated)
				}
				b.ReportMetric(float64(chars), "chars/day")
				b.ReportMetric(float64(chars)/float64(n), "chars/country/day")
				b.ReportMetric(float64(everything), "everything-chars/day")
				b.ReportMetric(float64(got.takes), "takes")
				b.ReportMetric(float64(full.takes), "takes-everything-translated")
				b.ReportMetric(float64(got.split), "split-stories")
				b.ReportMetric(float64(got.same(full)), "stories-as-everything-translated")
				b.ReportMetric(float64(got.stories), "stories")
				b.ReportMetric(float64(full.split), "split-stories-everything-translated")
			})
		}
	}
}
