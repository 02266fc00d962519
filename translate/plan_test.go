package translate

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

func art(id, title, summary string) Article {
	return Article{ID: id, Language: "fr", Title: title, Summary: summary}
}

func ids(ts []Task) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.Article.ID + ":" + t.Priority.String())
		if t.TitleOnly {
			b.WriteString("/title")
		}
		b.WriteString(" ")
	}
	return strings.TrimSpace(b.String())
}

func TestPlanPutsWhatIsReadFirst(t *testing.T) {
	d := Demand{
		Rest:     []Article{art("r1", "rest one", "0123456789"), art("s1", "shown", "summary"), art("r2", "rest two", "")},
		Matching: []Need{{Article: art("m1", "matching", "long summary not needed"), TitleOnly: true}},
		Shown: []Need{
			{Article: art("s1", "shown", "summary")},
			{Article: art("t1", "take", "take summary"), TitleOnly: true},
			{Article: art("m1", "matching", "long summary not needed"), TitleOnly: true},
		},
		OnDemand: []Need{{Article: art("o1", "asked", "for now")}},
	}
	p := Plan(Unlimited, d)
	if got := ids(p.Tasks); got != "o1:on-demand s1:shown t1:shown/title m1:shown/title r1:rest r2:rest" {
		t.Fatalf("order = %s", got)
	}
	if len(p.Deferred) != 0 {
		t.Fatalf("deferred %s with no limit", ids(p.Deferred))
	}
	// A take costs its headline only; a story its headline and summary.
	if p.Tasks[2].Chars != Chars("take") || p.Tasks[1].Chars != Chars("shown")+Chars("summary") {
		t.Fatalf("costs %+v", p.Tasks)
	}
}

func TestPlanSkipsHeadlinesAlreadyTranslated(t *testing.T) {
	done := art("t1", "séisme", "magnitude sept")
	done.TitleDone = true
	p := Plan(Unlimited, Demand{
		Shown:    []Need{{Article: done, TitleOnly: true}},
		OnDemand: []Need{},
	})
	if len(p.Tasks) != 0 {
		t.Fatalf("planned %s for a headline already in English", ids(p.Tasks))
	}
	// Shown in full, it costs its summary only.
	p = Plan(Unlimited, Demand{Shown: []Need{{Article: done}}})
	if len(p.Tasks) != 1 || p.Tasks[0].Chars != Chars("magnitude sept") {
		t.Fatalf("tasks %+v", p.Tasks)
	}
}

func TestPlanSpendsTheRestOnlyWithinItsAllowance(t *testing.T) {
	d := Demand{
		Shown: []Need{{Article: art("s1", "0123456789", "0123456789")}, {Article: art("s2", "0123456789", "")}},
		Rest:  []Article{art("r1", "0123456789", "0123456789"), art("r2", "01234", "")},
	}
	// Shown texts may spend 35, the rest 30: s1 (20) and s2 (10) use 30,
	// so r1 (20) waits, and r2 (5) would make the day's spending 35 > 30.
	p := Plan(Allowance{OnDemand: 40, Shown: 35, Rest: 30}, d)
	if got := ids(p.Tasks); got != "s1:shown s2:shown" {
		t.Fatalf("tasks = %s", got)
	}
	if got := ids(p.Deferred); got != "r1:rest r2:rest" {
		t.Fatalf("deferred = %s", got)
	}
	// With a larger rest allowance, the big rest article waits and the
	// small one after it still fits.
	p = Plan(Allowance{OnDemand: 100, Shown: 100, Rest: 45}, d)
	if got := ids(p.Tasks); got != "s1:shown s2:shown r2:rest" || ids(p.Deferred) != "r1:rest" {
		t.Fatalf("tasks = %s, deferred = %s", ids(p.Tasks), ids(p.Deferred))
	}
	if p.Chars() != 35 {
		t.Fatalf("planned %d characters, want 35", p.Chars())
	}
}

func TestBudgetAllowanceFollowsTheLedger(t *testing.T) {
	c := &clock{time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)}
	b := newBudget(1000, c, nil) // reserve 100, floor 300
	ctx := context.Background()
	a, _ := b.Allowance(ctx)
	if a != (Allowance{OnDemand: 1000, Shown: 900, Rest: 600}) {
		t.Fatalf("fresh allowance %+v", a)
	}
	b.Take(ctx, PriorityShown, 700)
	if a, _ = b.Allowance(ctx); a != (Allowance{OnDemand: 300, Shown: 200, Rest: 0}) {
		t.Fatalf("after 700: %+v", a)
	}
	if a, _ := (&Budget{Ledger: NewMemoryLedger()}).Allowance(ctx); a != Unlimited {
		t.Fatalf("no daily budget: %+v", a)
	}
}

// priorityRecorder translates by upper-casing and records each request's
// priority.
type priorityRecorder struct {
	mu    sync.Mutex
	prios []Priority
	texts []string
}

func (r *priorityRecorder) Translate(_ context.Context, req Request) ([]Result, error) {
	r.mu.Lock()
	r.prios = append(r.prios, req.Priority)
	r.texts = append(r.texts, req.Texts...)
	r.mu.Unlock()
	out := make([]Result, len(req.Texts))
	for i, t := range req.Texts {
		out[i] = Result{Text: strings.ToUpper(t)}
	}
	return out, nil
}

func TestRunPlanTranslatesByPriorityAndKeepsTakesPending(t *testing.T) {
	story, take, rest := art("s1", "grève", "trains annulés"), art("t1", "séisme", "magnitude sept"), art("r1", "météo", "pluie")
	english := Article{ID: "e1", Language: "en", Title: "Already English", Summary: "yes"}
	db := newMemDB(story, take, rest, english)
	rec := &priorityRecorder{}
	p := &Pipeline{Store: db, Translator: rec}
	plan := Plan(Allowance{OnDemand: -1, Shown: -1, Rest: 0}, Demand{
		Shown: []Need{{Article: story}, {Article: take, TitleOnly: true}, {Article: english}},
		Rest:  []Article{rest},
	})
	rep := p.RunPlan(context.Background(), plan)
	if rep.Translated != 2 || rep.Unchanged != 1 || rep.Deferred != 1 || rep.ShownUntranslated != 0 || rep.Failed != 0 {
		t.Fatalf("report %+v", rep)
	}
	if got := db.get("s1"); got.title != "GRÈVE" || got.summary != "TRAINS ANNULÉS" || got.to != "en" {
		t.Fatalf("story %+v", got)
	}
	// The take's headline is translated; its summary, not shown, is not
	// sent, and the article stays pending for a later, cheaper moment.
	if got := db.get("t1"); got.title != "SÉISME" || got.summary != "magnitude sept" || got.to != "" {
		t.Fatalf("take %+v", got)
	}
	if got := db.get("r1"); got.title != "météo" || got.to != "" {
		t.Fatalf("deferred rest article %+v", got)
	}
	for _, pr := range rec.prios {
		if pr != PriorityShown {
			t.Fatalf("request priorities %v, want shown only", rec.prios)
		}
	}
	for _, tx := range rec.texts {
		if tx == "magnitude sept" || tx == "pluie" {
			t.Fatalf("sent %q, which nobody is about to read", tx)
		}
	}
}

// Under a budget, what digests show is translated and the rest waits: the
// budget stops the rest, not the shown texts.
func TestRunPlanUnderBudgetServesShownFirst(t *testing.T) {
	var arts []Article
	var shown []Need
	for i := range 30 {
		id := fmt.Sprintf("%02d", i)
		a := art(id, id+strings.Repeat("x", 38), id+strings.Repeat("y", 58))
		arts = append(arts, a)
		if i < 5 {
			shown = append(shown, Need{Article: a})
		}
	}
	db := newMemDB(arts...)
	c := &clock{time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC)}
	b := &Budget{Ledger: NewMemoryLedger(), Provider: "mymemory", Daily: 1000, Now: c.now} // reserve 100, floor 400
	tr := &Cached{Next: &Budgeted{Next: &upperTranslator{}, Budget: b}, Cache: db}
	p := &Pipeline{Store: db, Translator: tr}
	ctx := context.Background()
	a, _ := b.Allowance(ctx)
	rep := p.RunPlan(ctx, Plan(a, Demand{Shown: shown, Rest: arts}))
	for _, n := range shown {
		if db.get(n.Article.ID).to != "en" {
			t.Fatalf("shown article %s untranslated; report %+v", n.Article.ID, rep)
		}
	}
	st, _ := b.Status(ctx)
	// 5 shown × 100 = 500 ≤ 900; the rest may reach 500 (1000 − 100 − 400): none fits after them.
	if st.Used.Chars != 500 || rep.Translated != 5 || rep.Deferred != 25 {
		t.Fatalf("used %d, report %+v", st.Used.Chars, rep)
	}
}
