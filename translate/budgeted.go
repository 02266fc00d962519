package translate

import (
	"context"
	"errors"
	"unicode/utf8"
)

// Budgeted is a Translator that spends a daily Budget: each request books
// the characters of its texts at the request's Priority before Next sees
// them, texts the budget cannot cover are not sent (their Result stays
// empty and the error is a *BudgetError), and characters of texts Next
// did not translate are given back. Put it under Cached, so cache hits
// cost nothing.
type Budgeted struct {
	Next   Translator
	Budget *Budget
}

// Chars is what a text costs against the budget: its characters
// (Unicode code points), as providers bill them.
func Chars(text string) int64 { return int64(utf8.RuneCountInString(text)) }

// Translate implements Translator.
func (b *Budgeted) Translate(ctx context.Context, req Request) ([]Result, error) {
	if b.Budget == nil || b.Budget.Daily <= 0 {
		res, err := b.Next.Translate(ctx, req)
		b.count(ctx, req.Texts, res)
		return res, err
	}
	cost := make([]int64, len(req.Texts))
	var want int64
	for i, t := range req.Texts {
		cost[i] = Chars(t)
		want += cost[i]
	}
	got, err := b.Budget.Take(ctx, req.Priority, want)
	if err != nil {
		return nil, err
	}
	// First fit, in the caller's order (most wanted first).
	var idx []int
	var spent int64
	for i, c := range cost {
		if c > 0 && spent+c <= got {
			idx = append(idx, i)
			spent += c
		}
	}
	var errs []error
	if rerr := b.Budget.Return(context.WithoutCancel(ctx), got-spent); rerr != nil {
		errs = append(errs, rerr)
	}
	if len(idx) < countNonEmpty(req.Texts) {
		errs = append(errs, &BudgetError{Provider: b.Budget.Provider, Priority: req.Priority, Left: got})
	}
	if len(idx) == 0 {
		return nil, errors.Join(errs...)
	}
	sub := req
	sub.Texts = make([]string, len(idx))
	for j, i := range idx {
		sub.Texts[j] = req.Texts[i]
	}
	res, terr := b.Next.Translate(ctx, sub)
	if terr != nil {
		errs = append([]error{terr}, errs...)
	}
	out := make([]Result, len(req.Texts))
	var unspent int64
	translated := false
	for j, i := range idx {
		if j < len(res) && res[j].Text != "" {
			out[i] = res[j]
			translated = true
		} else {
			unspent += cost[i]
		}
	}
	if rerr := b.Budget.Return(context.WithoutCancel(ctx), unspent); rerr != nil {
		errs = append(errs, rerr)
	}
	if !translated {
		return nil, errors.Join(errs...)
	}
	return out, errors.Join(errs...)
}

// count records the characters of an unlimited budget, so they still show
// in the status and metrics.
func (b *Budgeted) count(ctx context.Context, texts []string, res []Result) {
	if b.Budget == nil || b.Budget.Ledger == nil {
		return
	}
	var n int64
	for i, r := range res {
		if r.Text != "" && i < len(texts) {
			n += Chars(texts[i])
		}
	}
	_ = b.Budget.Charge(context.WithoutCancel(ctx), n, 0)
}

func countNonEmpty(texts []string) int {
	n := 0
	for _, t := range texts {
		if t != "" {
			n++
		}
	}
	return n
}
