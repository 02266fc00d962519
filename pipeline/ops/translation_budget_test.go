package ops

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/translate"
)

// /metrics shows the day's translation budget as the database counts it,
// and what this process showed untranslated.
func TestTranslationBudgetMetrics(t *testing.T) {
	ledger := translate.NewMemoryLedger()
	b := &translate.Budget{Ledger: ledger, Provider: "mymemory", Daily: 50_000, Now: func() time.Time { return time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC) }}
	if _, err := b.Take(context.Background(), translate.PriorityShown, 1234); err != nil {
		t.Fatal(err)
	}
	b.NoteUntranslated(3)
	m := NewMetrics(nil)
	m.RegisterTranslationBudget(b)
	_, body := get(t, (&Server{DB: &fakeDB{}, Metrics: m, FetchInterval: time.Minute}).Handler(), "/metrics")
	for _, want := range []string{
		`worldbrief_translation_budget_used_characters{provider="mymemory"} 1234`,
		`worldbrief_translation_budget_left_characters{provider="mymemory"} 48766`,
		`worldbrief_translation_budget_daily_characters{provider="mymemory"} 50000`,
		`worldbrief_translation_shown_untranslated_total{provider="mymemory"} 3`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, grepLines(body, "translation_"))
		}
	}
	// Unlimited: no "left" sample that would read as zero.
	m = NewMetrics(nil)
	m.RegisterTranslationBudget(&translate.Budget{Ledger: ledger, Provider: "libretranslate"})
	_, body = get(t, (&Server{DB: &fakeDB{}, Metrics: m, FetchInterval: time.Minute}).Handler(), "/metrics")
	if strings.Contains(body, "worldbrief_translation_budget_left_characters{") {
		t.Errorf("a left sample for an unlimited budget:\n%s", grepLines(body, "translation_budget"))
	}
}
