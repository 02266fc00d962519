package translate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// Article is what the Pipeline needs of a stored article: its original
// title and summary and their declared language.
type Article struct {
	ID       string
	Language string
	Title    string
	Summary  string
	// TitleDone is set when the title is already translated (a partial
	// translation, e.g. an alternative take's headline): only the summary
	// still waits, and the title's translation comes from the cache.
	TitleDone bool
}

// ArticleTranslation is an article's title and summary in the target
// language. Articles already in the target language get one too, holding
// their original text, so they are not looked at again.
type ArticleTranslation struct {
	ID      string
	Title   string
	Summary string
	// Source is the language translated from (detected when asked for).
	Source string
	// Partial means only the title could be translated: the store saves
	// it but leaves the article pending, so the summary is retried.
	Partial bool
}

// ArticleStore is what the Pipeline needs from storage.
type ArticleStore interface {
	// PendingTranslations returns up to limit articles, newest first, of
	// the given sites (all when empty) whose title and summary are not yet
	// in the target language.
	PendingTranslations(ctx context.Context, target string, siteIDs []string, limit int) ([]Article, error)
	// SaveArticleTranslations stores translated titles and summaries and
	// marks the articles as being in the target language, except Partial
	// ones, which stay pending.
	SaveArticleTranslations(ctx context.Context, target string, ts []ArticleTranslation) error
}

// Pipeline translates the titles and summaries of new articles after a
// fetch. It never fails the fetch: articles it cannot translate keep their
// original text, are still delivered, and are retried on the next run.
type Pipeline struct {
	Store      ArticleStore
	Translator Translator
	// Target is the wanted language (default "en").
	Target string
	Log    *slog.Logger
	// Limit caps the articles handled by one run (default 2000).
	Limit int
	// Budget bounds one run's duration (default 3m); what is left waits
	// for the next run.
	Budget time.Duration
	// Concurrency is how many source languages are translated at once
	// (default 1, so the client's own limit is the limit in flight).
	Concurrency int
	// Priority is the budget priority of Run's articles (default
	// PriorityRest); RunPlan takes each task's own.
	Priority Priority
}

// Report summarises one Pipeline run.
type Report struct {
	// Pending is the number of articles examined.
	Pending int `json:"pending"`
	// Translated were translated (from the provider or the cache).
	Translated int `json:"translated"`
	// Unchanged were already in the target language.
	Unchanged int `json:"unchanged"`
	// Failed keep their original text until a later run.
	Failed int `json:"failed"`
	// Deferred were left for the budget to reset (RunPlan).
	Deferred int `json:"deferred,omitempty"`
	// ShownUntranslated are shown or asked-for articles that keep their
	// original text (deferred or failed).
	ShownUntranslated int `json:"shown_untranslated,omitempty"`
	// Err is why some articles failed; nil when none did.
	Err error `json:"-"`
}

// group is the pending articles of one source language and priority.
type group struct {
	source    string
	arts      []Article
	priority  Priority
	titleOnly map[string]bool // articles whose summary is not wanted now
}

// Run translates the pending articles of the given sites (all when
// siteIDs is empty). Problems are logged with their reason and returned
// in the Report.
func (p *Pipeline) Run(ctx context.Context, siteIDs []string) Report {
	log := p.log()
	target := p.Target
	if target == "" {
		target = "en"
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 2000
	}
	budget := p.Budget
	if budget <= 0 {
		budget = 3 * time.Minute
	}
	ctx, cancel := context.WithTimeoutCause(ctx, budget, fmt.Errorf("translation took longer than %s", budget))
	defer cancel()

	var rep Report
	pending, err := p.Store.PendingTranslations(ctx, target, siteIDs, limit)
	if err != nil {
		rep.Err = fmt.Errorf("load articles to translate: %w", err)
		log.Warn("translation skipped", "err", rep.Err)
		return rep
	}
	rep.Pending = len(pending)
	if len(pending) == 0 {
		return rep
	}

	return p.translateAll(ctx, target, [][]Task{tasksOf(pending, p.Priority)}, rep)
}

// RunPlan translates a Plan: its tasks priority by priority (what users
// ask for first), each request at its task's priority so a Budgeted
// translator spends the right part of the budget. Deferred tasks keep
// their original text until the budget resets; like Run, RunPlan never
// fails: problems are logged and returned in the Report.
func (p *Pipeline) RunPlan(ctx context.Context, plan Planned) Report {
	target := p.Target
	if target == "" {
		target = "en"
	}
	budget := p.Budget
	if budget <= 0 {
		budget = 3 * time.Minute
	}
	ctx, cancel := context.WithTimeoutCause(ctx, budget, fmt.Errorf("translation took longer than %s", budget))
	defer cancel()
	rep := Report{Pending: len(plan.Tasks) + len(plan.Deferred), Deferred: len(plan.Deferred)}
	for _, t := range plan.Deferred {
		if t.Priority >= PriorityShown {
			rep.ShownUntranslated++
		}
	}
	var tiers [][]Task
	for _, t := range plan.Tasks {
		if n := len(tiers); n == 0 || tiers[n-1][0].Priority != t.Priority {
			tiers = append(tiers, nil)
		}
		tiers[len(tiers)-1] = append(tiers[len(tiers)-1], t)
	}
	return p.translateAll(ctx, target, tiers, rep)
}

// tasksOf makes full tasks of articles.
func tasksOf(arts []Article, prio Priority) []Task {
	out := make([]Task, len(arts))
	for i, a := range arts {
		out[i] = Task{Article: a, Priority: prio}
	}
	return out
}

// translateAll translates tiers of tasks one after the other (each tier's
// source languages concurrently), saves what was translated and logs the
// outcome.
func (p *Pipeline) translateAll(ctx context.Context, target string, tiers [][]Task, rep Report) Report {
	log := p.log()
	var same []ArticleTranslation
	var groups [][]*group
	for _, tier := range tiers {
		bySource := map[string]*group{}
		var gs []*group
		for _, t := range tier {
			a := t.Article
			src := SourceLanguage(a.Language, a.Title+" "+a.Summary)
			if src != Auto && SameLanguage(src, target) {
				same = append(same, ArticleTranslation{ID: a.ID, Title: a.Title, Summary: a.Summary, Source: a.Language})
				continue
			}
			g := bySource[src]
			if g == nil {
				g = &group{source: src, priority: t.Priority, titleOnly: map[string]bool{}}
				bySource[src] = g
				gs = append(gs, g)
			}
			g.arts = append(g.arts, a)
			if t.TitleOnly {
				g.titleOnly[a.ID] = true
			}
		}
		sort.SliceStable(gs, func(i, j int) bool { return len(gs[i].arts) > len(gs[j].arts) })
		groups = append(groups, gs)
	}
	if len(same) > 0 {
		if err := p.Store.SaveArticleTranslations(ctx, target, same); err != nil {
			rep.Err = fmt.Errorf("save articles: %w", err)
			log.Warn("translation: could not mark articles already in the target language", "err", rep.Err)
		} else {
			rep.Unchanged += len(same)
		}
	}
	for _, gs := range groups {
		p.translateGroups(ctx, target, gs, &rep)
	}
	if rep.Failed > 0 {
		reason := rep.Err
		if reason == nil {
			reason = errors.New("the provider returned empty translations")
			rep.Err = reason
		}
		var q *QuotaError
		var be *BudgetError
		msg := "translation incomplete: articles keep their original text and are retried next cycle"
		switch {
		case errors.As(reason, &be):
			msg = "translation stopped by the daily budget: articles keep their original text until it resets"
		case errors.As(reason, &q):
			msg = "translation quota exhausted: articles keep their original text and are retried next cycle"
		}
		log.Warn(msg, "failed", rep.Failed, "translated", rep.Translated, "reason", reason.Error())
	} else if rep.Translated > 0 || rep.Unchanged > 0 {
		log.Info("articles translated", "translated", rep.Translated, "unchanged", rep.Unchanged, "target", target)
	}
	return rep
}

// translateGroups translates groups concurrently and counts the outcome.
func (p *Pipeline) translateGroups(ctx context.Context, target string, groups []*group, rep *Report) {
	gctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, max(p.Concurrency, 1))
	)
	for _, g := range groups {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			var done []ArticleTranslation
			var err error
			if gctx.Err() != nil {
				err = context.Cause(gctx)
			} else {
				done, err = p.group(gctx, g, target)
			}
			if len(done) > 0 {
				if serr := p.Store.SaveArticleTranslations(context.WithoutCancel(ctx), target, done); serr != nil {
					err = errors.Join(err, fmt.Errorf("save translations: %w", serr))
					done = nil
				}
			}
			complete := 0
			for _, t := range done {
				if !t.Partial || g.titleOnly[t.ID] {
					complete++
				}
			}
			mu.Lock()
			defer mu.Unlock()
			rep.Translated += complete
			rep.Failed += len(g.arts) - complete
			if g.priority >= PriorityShown {
				rep.ShownUntranslated += len(g.arts) - complete
			}
			if err != nil && (rep.Err == nil || stopsBatches(err) && !stopsBatches(rep.Err)) {
				rep.Err = err
			}
			if stopsBatches(err) {
				stop(err)
			}
		})
	}
	wg.Wait()
}

func (p *Pipeline) log() *slog.Logger {
	if p.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Log
}

// group translates the titles and summaries of one source language and
// returns the articles fully translated.
func (p *Pipeline) group(ctx context.Context, g *group, target string) ([]ArticleTranslation, error) {
	// Titles first: when a quota runs out mid-way, titles matter most.
	texts := make([]string, 0, 2*len(g.arts))
	for _, a := range g.arts {
		texts = append(texts, a.Title)
	}
	sumAt := make([]int, len(g.arts))
	for i, a := range g.arts {
		sumAt[i] = -1
		if a.Summary != "" && !g.titleOnly[a.ID] {
			sumAt[i] = len(texts)
			texts = append(texts, a.Summary)
		}
	}
	res, err := p.Translator.Translate(ctx, Request{Texts: texts, Source: g.source, Target: target, Priority: g.priority})
	if res == nil {
		return nil, err
	}
	if len(res) != len(texts) {
		return nil, fmt.Errorf("%w: sent %d texts, got %d", ErrMismatch, len(texts), len(res))
	}
	var out []ArticleTranslation
	for i, a := range g.arts {
		title := res[i]
		var summary Result
		if sumAt[i] >= 0 {
			summary = res[sumAt[i]]
		}
		if title.Text == "" && a.Title != "" {
			continue
		}
		src := g.source
		if src == Auto {
			src = title.Detected
		}
		t := ArticleTranslation{ID: a.ID, Title: title.Text, Summary: summary.Text, Source: src}
		if summary.Text == "" && a.Summary != "" {
			t.Summary, t.Partial = a.Summary, true
		}
		out = append(out, t)
	}
	return out, err
}
