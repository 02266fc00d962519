package translate

import (
	"context"
	"fmt"
)

// Need is an article a reader is about to see and which of its texts.
type Need struct {
	Article Article
	// TitleOnly is set when only the headline is shown: an alternative
	// take, or another country's top story for matching.
	TitleOnly bool
}

// Demand is what is waiting for translation, by how soon it is read. The
// caller lists only articles not yet translated; an article listed under
// several priorities is planned once, at the highest.
type Demand struct {
	// OnDemand is what a user is asking for now: a digest, a headline
	// list or a /headlines reply (CLI and chats).
	OnDemand []Need
	// Shown is what subscribed countries' next digests need and show:
	// the headlines grouping a multilingual country's stories needs,
	// story headlines and summaries, and their alternative-take headlines.
	Shown []Need
	// Matching is what cross-country matching of those stories needs:
	// headlines of other countries' top stories.
	Matching []Need
	// Rest is every other pending article, most wanted (newest) first.
	Rest []Article
}

// Allowance is how many characters each priority may still spend today;
// a negative value means no limit.
type Allowance struct {
	OnDemand int64
	Shown    int64 // also Matching
	Rest     int64
}

// Unlimited is the Allowance of a provider without a daily budget.
var Unlimited = Allowance{OnDemand: -1, Shown: -1, Rest: -1}

func (a Allowance) of(p Priority) int64 {
	switch p {
	case PriorityOnDemand:
		return a.OnDemand
	case PriorityShown, PriorityMatching:
		return a.Shown
	}
	return a.Rest
}

// Task is one article to translate.
type Task struct {
	Article   Article
	TitleOnly bool
	Priority  Priority
	// Chars is what the task costs against the budget.
	Chars int64
}

// Planned is a Plan: what to translate now, in order, and what waits for
// the budget to reset.
type Planned struct {
	Tasks    []Task
	Deferred []Task
}

// Chars is the total cost of the planned tasks.
func (p Planned) Chars() int64 {
	var n int64
	for _, t := range p.Tasks {
		n += t.Chars
	}
	return n
}

// Plan orders the demand for translation within an allowance: what a user
// asks for first (it may spend the reserve), then what subscribed
// countries' digests show, then what matching needs, then the rest only
// while the allowance of PriorityRest lasts. Within a priority the given
// order is kept; a task that does not fit is deferred and smaller ones
// after it may still fit. Plan is pure: it reads nothing else.
func Plan(a Allowance, d Demand) Planned {
	type tier struct {
		p     Priority
		needs []Need
	}
	rest := make([]Need, len(d.Rest))
	for i, art := range d.Rest {
		rest[i] = Need{Article: art}
	}
	tiers := []tier{{PriorityOnDemand, d.OnDemand}, {PriorityShown, d.Shown}, {PriorityMatching, d.Matching}, {PriorityRest, rest}}

	// Each article at its highest priority, with every text that
	// priority's needs show.
	planned := map[string]int{} // article id → index in tasks
	var tasks []Task
	for _, t := range tiers {
		for _, n := range t.needs {
			if i, ok := planned[n.Article.ID]; ok {
				if tasks[i].Priority == t.p && !n.TitleOnly {
					tasks[i].TitleOnly = false
				}
				continue
			}
			planned[n.Article.ID] = len(tasks)
			tasks = append(tasks, Task{Article: n.Article, TitleOnly: n.TitleOnly, Priority: t.p})
		}
	}
	var out Planned
	var spent int64
	for _, t := range tasks {
		if t.TitleOnly && t.Article.TitleDone {
			continue // already shown in English
		}
		if !t.Article.TitleDone {
			t.Chars = Chars(t.Article.Title)
		}
		if !t.TitleOnly {
			t.Chars += Chars(t.Article.Summary)
		}
		if lim := a.of(t.Priority); lim >= 0 && spent+t.Chars > lim {
			out.Deferred = append(out.Deferred, t)
			continue
		}
		spent += t.Chars
		out.Tasks = append(out.Tasks, t)
	}
	return out
}

// Allowance reads what each priority may still spend today.
func (b *Budget) Allowance(ctx context.Context) (Allowance, error) {
	if b.Daily <= 0 {
		return Unlimited, nil
	}
	u, err := b.Ledger.TranslationUsage(ctx, b.Provider, b.day())
	if err != nil {
		return Allowance{}, fmt.Errorf("translation budget: %w", err)
	}
	left := func(p Priority) int64 { return max(b.limitFor(p)-u.Chars, 0) }
	return Allowance{OnDemand: left(PriorityOnDemand), Shown: left(PriorityShown), Rest: left(PriorityRest)}, nil
}
