package pipeline

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/translate"
)

// PlanStore is what a PlannedTranslation reads from storage
// (*store.Store implements it).
type PlanStore interface {
	// PendingTranslations returns up to limit articles of the sites (all
	// when empty), newest first, not yet in target.
	PendingTranslations(ctx context.Context, target string, siteIDs []string, limit int) ([]translate.Article, error)
	// PendingTranslationsOf returns those of ids not yet in target.
	PendingTranslationsOf(ctx context.Context, target string, ids []string) ([]translate.Article, error)
	// ActiveSubscriptions lists the active subscriptions of a platform
	// (all when "").
	ActiveSubscriptions(ctx context.Context, platform string) ([]bot.Subscription, error)
}

// PlannedTranslation is the Translation that follows demand within the
// provider's daily budget: each step translates first what a person is
// waiting for, then the next morning digests of subscribed countries
// (those delivered within Lead, on any platform) with their
// alternative-take headlines, then the top-story headlines of other
// countries that matching those stories needs, then — while the budget
// lasts beyond the part kept for later — the rest of the refreshed sites'
// pending articles. Digests whose texts it translated are built again.
type PlannedTranslation struct {
	// Pipeline translates and saves; its Translator must spend Budget
	// (translate.Cached over translate.Budgeted over the provider).
	Pipeline *translate.Pipeline
	// Budget is the provider's daily budget.
	Budget *translate.Budget
	Store  PlanStore
	// Digests is the process's digest service: its Index says what
	// digests show, and the digests whose texts were translated are
	// forgotten.
	Digests *digest.Service
	// Lead is how long before a subscription's delivery its country's
	// digest is translated (default 1h).
	Lead time.Duration
	// MatchStories is how many top stories of every other country are
	// translated for matching too, besides the stories closest to those
	// read (default 0).
	MatchStories int
	// RestLimit caps the pending articles a step looks at beyond the
	// demand (default 500).
	RestLimit int
	// Cache, when set, has its hits reported to Hits after each step.
	Cache *translate.Cached
	Hits  interface{ TranslationCacheHits(n int64) }
	Now   func() time.Time
	Log   *slog.Logger

	reported atomic.Int64
}

func (t *PlannedTranslation) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func (t *PlannedTranslation) log() *slog.Logger {
	if t.Log != nil {
		return t.Log
	}
	return slog.New(slog.DiscardHandler)
}

// warn logs a step's failure to read what it needs, at debug when ctx is
// done: a stopping process's cancelled queries are not the operator's
// concern.
func (t *PlannedTranslation) warn(ctx context.Context, msg string, args ...any) {
	lvl := slog.LevelWarn
	if ctx.Err() != nil {
		lvl = slog.LevelDebug
	}
	t.log().Log(ctx, lvl, msg, args...)
}

func (t *PlannedTranslation) target() string {
	if t.Pipeline.Target != "" {
		return t.Pipeline.Target
	}
	return "en"
}

// Translate implements Translation: one planned step over req's sites,
// with req.Demand's countries on demand when a person waits.
func (t *PlannedTranslation) Translate(ctx context.Context, req TranslationRequest) translate.Report {
	defer t.reportHits()
	r := Readers{MatchStories: t.MatchStories}
	if req.Demand.Interactive {
		r.Asked = req.Demand.Countries
	}
	subs, err := t.dueCountries(ctx)
	if err != nil {
		t.warn(ctx, "translation: cannot list subscriptions; translating without them", "err", err)
	}
	r.Subscribed = subs
	limit := t.RestLimit
	if limit <= 0 {
		limit = 500
	}
	rest, err := t.Store.PendingTranslations(ctx, t.target(), req.SiteIDs, limit)
	if err != nil {
		t.warn(ctx, "translation: cannot list pending articles", "err", err)
	}
	var asked []translate.Need
	if req.Demand.Interactive && req.Demand.Headlines > 0 {
		// A headline list shows the titles of the newest articles of the
		// refreshed sites: the newest pending ones are among them. Within
		// a daily budget only their titles are asked for (their summaries
		// wait with the rest); without one, everything is translated now.
		n := min(len(rest), req.Demand.Headlines*max(1, len(req.Demand.Countries)))
		budgeted := t.Budget != nil && t.Budget.Daily > 0
		for _, a := range rest[:n] {
			asked = append(asked, translate.Need{Article: a, TitleOnly: budgeted})
		}
		rest = rest[n:]
	}
	return t.step(ctx, r, asked, rest)
}

// Ensure translates what country's digest shows before it is handed out
// (the delivery pass, a web page, a chat's /digest after its refresh) and
// makes the Digests build it again when its texts changed since its
// Index: here, or in another process sharing the database. It spends the
// budget as a subscribed digest does, never the reserve kept for people
// asking in chats and the CLI (their refresh asks on demand): a crawler
// walking the web pages cannot spend it.
func (t *PlannedTranslation) Ensure(ctx context.Context, country string) {
	t.step(ctx, Readers{Subscribed: []string{country}, MatchStories: -1}, nil, nil)
}

// step plans and translates what r reads and asked, then the rest. Digests whose
// texts changed are built again from a new Index; the stories of a
// multilingual country regrouped on its translated headlines, and
// alternative takes found through the new translations, are translated
// in the rounds after (planRounds at most), until a round translates
// nothing.
func (t *PlannedTranslation) step(ctx context.Context, r Readers, asked []translate.Need, rest []translate.Article) translate.Report {
	readers := append(slices.Clone(r.Asked), r.Subscribed...)
	if len(readers) == 0 {
		return t.run(ctx, translate.Demand{OnDemand: asked, Rest: rest})
	}
	var rep translate.Report
	for round := 0; round < planRounds; round++ {
		ix, err := t.Digests.Index(ctx)
		if err != nil {
			t.warn(ctx, "translation: cannot read the digests' articles; translating the rest only", "err", err)
			return add(rep, t.run(ctx, translate.Demand{OnDemand: asked, Rest: rest}))
		}
		w := WantedBy(ix, r)
		ids := w.IDs()
		pending, err := t.pendingOf(ctx, ids)
		if err != nil {
			t.warn(ctx, "translation: cannot list the digests' pending articles", "err", err)
		}
		if len(ix.Untranslated(ids)) > len(pending) {
			// The Index shows in the original what is translated by now
			// (here or in another process): build the digests again.
			t.Digests.Forget(readers...)
		}
		d := DemandOf(w, pending, rest)
		d.OnDemand = append(d.OnDemand, asked...)
		done := t.run(ctx, d)
		rep = add(rep, done)
		asked, rest = nil, nil
		if done.Translated+done.Unchanged == 0 {
			if r.whole || len(pending) == 0 {
				break // nothing changed: the next plan would be this one
			}
			// The grouping headlines (if any) did not get translated:
			// plan what the digests show beside them.
			r.whole = true
			continue
		}
		t.Digests.Forget(readers...)
	}
	return rep
}

// planRounds is how many times a step plans: once (a multilingual
// country's grouping headlines), again for what its regrouped stories
// show, and once more for the takes the new translations find.
const planRounds = 3

// run plans d within the budget's allowance and translates the plan.
func (t *PlannedTranslation) run(ctx context.Context, d translate.Demand) translate.Report {
	if len(d.OnDemand)+len(d.Shown)+len(d.Matching)+len(d.Rest) == 0 {
		return translate.Report{}
	}
	a := translate.Unlimited
	if t.Budget != nil {
		var err error
		if a, err = t.Budget.Allowance(ctx); err != nil {
			t.warn(ctx, "translation budget unreadable; translating what is asked for only", "err", err)
			a = translate.Allowance{OnDemand: -1}
		}
	}
	plan := translate.Plan(a, d)
	var planned, deferred [translate.PriorityOnDemand + 1]int64
	for _, x := range plan.Tasks {
		planned[x.Priority] += x.Chars
	}
	for _, x := range plan.Deferred {
		deferred[x.Priority] += x.Chars
	}
	t.log().Debug("translation planned", "on_demand", planned[translate.PriorityOnDemand], "shown", planned[translate.PriorityShown],
		"matching", planned[translate.PriorityMatching], "rest", planned[translate.PriorityRest], "deferred", len(plan.Deferred))
	if t.Budget != nil && len(plan.Deferred) > 0 {
		for p, chars := range deferred {
			t.Budget.NoteDeferred(translate.Priority(p), chars)
		}
	}
	rep := t.Pipeline.RunPlan(ctx, plan)
	if t.Budget != nil && rep.ShownUntranslated > 0 {
		t.Budget.NoteUntranslated(rep.ShownUntranslated)
	}
	return rep
}

// pendingOf returns the articles of ids still waiting for translation.
func (t *PlannedTranslation) pendingOf(ctx context.Context, ids []string) (map[string]translate.Article, error) {
	out := map[string]translate.Article{}
	if len(ids) == 0 {
		return out, nil
	}
	arts, err := t.Store.PendingTranslationsOf(ctx, t.target(), ids)
	for _, a := range arts {
		out[a.ID] = a
	}
	return out, err
}

// dueCountries returns the countries of active subscriptions whose next
// delivery is within Lead.
func (t *PlannedTranslation) dueCountries(ctx context.Context) ([]string, error) {
	subs, err := t.Store.ActiveSubscriptions(ctx, "")
	if err != nil {
		return nil, err
	}
	lead := t.Lead
	if lead <= 0 {
		lead = time.Hour
	}
	now := t.now()
	seen := map[string]bool{}
	var out []string
	for _, s := range subs {
		sch, err := delivery.ParseSchedule(s.DeliveryTime, s.Timezone)
		if err != nil {
			continue
		}
		c := strings.ToLower(s.Country)
		if next, _ := sch.Next(now); next.Sub(now) <= lead && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out, nil
}

// reportHits tells Hits the cache hits since the last report, once,
// however steps interleave.
func (t *PlannedTranslation) reportHits() {
	if t.Cache == nil || t.Hits == nil {
		return
	}
	hits, _ := t.Cache.Stats()
	for old := t.reported.Load(); hits > old; old = t.reported.Load() {
		if t.reported.CompareAndSwap(old, hits) {
			t.Hits.TranslationCacheHits(hits - old)
			break
		}
	}
}

// add sums two reports; the first error wins.
func add(a, b translate.Report) translate.Report {
	a.Pending += b.Pending
	a.Translated += b.Translated
	a.Unchanged += b.Unchanged
	a.Failed += b.Failed
	a.Deferred += b.Deferred
	a.ShownUntranslated += b.ShownUntranslated
	if a.Err == nil {
		a.Err = b.Err
	}
	return a
}
