package pipeline

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/translate"
)

// subsOnly is a PlanStore of subscriptions only.
type subsOnly []bot.Subscription

func (s subsOnly) PendingTranslations(context.Context, string, []string, int) ([]translate.Article, error) {
	return nil, nil
}

func (s subsOnly) PendingTranslationsOf(context.Context, string, []string) ([]translate.Article, error) {
	return nil, nil
}

func (s subsOnly) ActiveSubscriptions(context.Context, string) ([]bot.Subscription, error) {
	return s, nil
}

// failingPlans is a PlanStore whose every query fails as a cancelled one
// does when ctx is done, and with err otherwise.
type failingPlans struct{ err error }

func (f failingPlans) fail(ctx context.Context) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return f.err
}

func (f failingPlans) PendingTranslations(ctx context.Context, _ string, _ []string, _ int) ([]translate.Article, error) {
	return nil, f.fail(ctx)
}

func (f failingPlans) PendingTranslationsOf(ctx context.Context, _ string, _ []string) ([]translate.Article, error) {
	return nil, f.fail(ctx)
}

func (f failingPlans) ActiveSubscriptions(ctx context.Context, _ string) ([]bot.Subscription, error) {
	return nil, f.fail(ctx)
}

// A database that cannot be read is worth a warning; a stopping process
// whose queries were cancelled is not.
func TestTranslationWarnsOfFailuresNotOfShutdown(t *testing.T) {
	for _, stopping := range []bool{false, true} {
		var logs strings.Builder
		tr := &PlannedTranslation{Store: failingPlans{errors.New("database is locked")},
			Pipeline: &translate.Pipeline{}, Log: slog.New(slog.NewTextHandler(&logs, nil))}
		ctx, cancel := context.WithCancel(context.Background())
		if stopping {
			cancel()
		}
		tr.Translate(ctx, TranslationRequest{})
		cancel()
		if warned := strings.Contains(logs.String(), "level=WARN"); warned == stopping {
			t.Errorf("stopping %v: log\n%s", stopping, logs.String())
		}
	}
}

// Only the countries whose morning digest is delivered within the lead
// are translated ahead, whatever the chat's time zone and platform.
func TestDueCountriesFollowTheSchedules(t *testing.T) {
	now := time.Date(2026, 5, 1, 6, 30, 0, 0, time.UTC)
	sub := func(platform, country, at, zone string) bot.Subscription {
		return bot.Subscription{ChatKey: bot.ChatKey{Platform: platform, ChatID: country + at}, Country: country, DeliveryTime: at, Timezone: zone, Status: bot.StatusActive}
	}
	tr := &PlannedTranslation{Now: func() time.Time { return now }, Store: subsOnly{
		sub("telegram", "fr", "07:00", "UTC"),               // in 30 minutes
		sub("discord", "JP", "16:00", "Asia/Tokyo"),         // 07:00 UTC, in 30 minutes
		sub("telegram", "de", "09:00", "Europe/Berlin"),     // 07:00 UTC, in 30 minutes
		sub("telegram", "br", "07:00", "America/Sao_Paulo"), // 10:00 UTC, later
		sub("telegram", "ru", "06:00", "UTC"),               // passed, tomorrow
		sub("telegram", "it", "bad", "UTC"),                 // unschedulable
		sub("discord", "fr", "07:15", "UTC"),                // France again
	}}
	got, err := tr.dueCountries(context.Background())
	if err != nil || !slices.Equal(got, []string{"de", "fr", "jp"}) {
		t.Fatalf("due = %v, %v; want de, fr, jp", got, err)
	}
	tr.Lead = 4 * time.Hour
	if got, _ := tr.dueCountries(context.Background()); !slices.Equal(got, []string{"br", "de", "fr", "jp"}) {
		t.Fatalf("with a 4h lead: %v", got)
	}
}

// phrasebook is a provider translating the texts it knows, recording
// every text sent.
type phrasebook struct {
	mu   sync.Mutex
	en   map[string]string
	sent []string
}

func (p *phrasebook) Translate(_ context.Context, req translate.Request) ([]translate.Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]translate.Result, len(req.Texts))
	for i, t := range req.Texts {
		p.sent = append(p.sent, t)
		out[i] = translate.Result{Text: p.en[t]}
	}
	return out, nil
}

// India's Hindi flood story, told beside the Moon mission of indiaWindow.
const (
	floodTitle   = "दिल्ली में भारी बारिश से बाढ़"
	floodSummary = "दिल्ली में बाढ़, भारी बारिश"
)

// ensuredIndia stores indiaWindow's articles, each with the summary
// summary gives it when summary is set (mission: it is of a story in the
// other languages), and a Hindi flood story beside each Hindi article of
// those; it runs one Ensure of India through book and returns India's
// digest.
func ensuredIndia(t *testing.T, book *phrasebook, summary func(mission bool) string) digest.Digest {
	t.Helper()
	b, all, other, at := indiaWindow(t)
	st := &simStore{arts: map[string]*simArticle{}, cache: map[string]translate.CacheEntry{}}
	for _, a := range all {
		_, mission := other[a.ID]
		if summary != nil {
			a.Summary = summary(mission)
			a.OriginalSummary = a.Summary
		}
		if mission && a.Language == "hi" {
			f := a
			f.ID, f.URL, f.PublishedAt = "flood-"+a.ID, a.URL+"/flood", a.PublishedAt.Add(-time.Hour)
			f.Title, f.OriginalTitle, f.Summary, f.OriginalSummary = floodTitle, floodTitle, floodSummary, floodSummary
			st.add(f)
		}
		st.add(a)
	}
	st.setNow(at)
	digests := &digest.Service{Builder: b, Articles: st, Now: st.now}
	tr := &PlannedTranslation{Pipeline: &translate.Pipeline{Store: st, Translator: book}, Store: st, Digests: digests, Now: st.now}
	tr.Ensure(context.Background(), "in")
	d, err := digests.Digest(context.Background(), "in")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A multilingual country's digest is handed out in English in one Ensure,
// paying for the headlines grouping needs and then for what the merged
// digest shows only: India tells the Moon mission in English and its
// other languages (merged on their translated headlines, headed by an
// English article) and a flood in Hindi alone, whose summary the merged
// digest shows; the summaries of the mission in the other languages,
// which merging absorbs, are never sent.
func TestEnsureTranslatesAMultilingualDigestsGroupingHeadlinesFirst(t *testing.T) {
	const moonSummary = "इसरो का चंद्र मिशन सफल रहा"
	book := &phrasebook{en: map[string]string{
		"चंद्रयान-4 का सफल प्रक्षेपण, इसरो ने रचा इतिहास": "ISRO launches Chandrayaan-4 lunar mission",
		moonSummary:  "ISRO's Moon mission succeeds",
		floodTitle:   "Heavy rain floods Delhi",
		floodSummary: "Floods in Delhi after heavy rain",
	}}
	const enSummary = "The Indian Space Research Organisation sent its fourth mission to the Moon"
	d := ensuredIndia(t, book, func(mission bool) string {
		if mission {
			return moonSummary
		}
		return enSummary
	})
	english := map[string]bool{}
	for _, e := range book.en {
		english[e] = true
	}
	english["ISRO launches Chandrayaan-4 lunar mission"], english[enSummary] = true, true
	if len(d.Stories) != 2 {
		t.Errorf("India's digest tells %d stories, want the mission and the flood", len(d.Stories))
	}
	for _, s := range d.Stories {
		if !english[s.Headline] || !english[s.Summary] {
			t.Errorf("story %q handed out with summary %q: not in English", s.Headline, s.Summary)
		}
	}
	if n := strings.Count(strings.Join(book.sent, "\n"), moonSummary); n > 0 {
		t.Errorf("the mission's summary in other languages sent %d times; merging absorbs those stories", n)
	}
}

// A grouping headline the provider keeps refusing does not hold back the
// rest of the digest: once a round translates nothing more, what the
// digest shows is asked for beside it, and the flood story India's
// digest tells is handed out in English.
func TestEnsureTranslatesTheDigestPastARefusedGroupingHeadline(t *testing.T) {
	// The mission's Hindi headline is not in the book: it stays Hindi.
	book := &phrasebook{en: map[string]string{floodTitle: "Heavy rain floods Delhi", floodSummary: "Floods in Delhi after heavy rain"}}
	d := ensuredIndia(t, book, nil)
	found := false
	for _, s := range d.Stories {
		if s.Headline == "Heavy rain floods Delhi" {
			found = true
			if s.Summary != "Floods in Delhi after heavy rain" {
				t.Errorf("the flood story handed out with its summary untranslated: %q", s.Summary)
			}
		}
	}
	if !found {
		t.Errorf("the flood story is not in India's digest in English: %+v", d.Stories)
	}
}
