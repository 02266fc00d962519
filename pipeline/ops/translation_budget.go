package ops

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/worldbrief/worldbrief/translate"
)

// BudgetStatus reads the translation budget (*translate.Budget
// implements it).
type BudgetStatus interface {
	Status(ctx context.Context) (translate.Status, error)
}

// budgetCollector exports the day's translation budget, read from the
// database at each scrape, so every process shows the shared figures.
type budgetCollector struct {
	b                                       BudgetStatus
	used, left, daily, tokens, untranslated *prometheus.Desc
	errors                                  prometheus.Counter
}

// RegisterTranslationBudget exports b: characters used today and left
// (absent when unlimited), the daily budget, LLM tokens used today, and
// texts shown untranslated by this process.
func (m *Metrics) RegisterTranslationBudget(b BudgetStatus) {
	labels := []string{"provider"}
	m.reg.MustRegister(&budgetCollector{
		b: b,
		used: prometheus.NewDesc("worldbrief_translation_budget_used_characters",
			"Characters counted against today's translation budget, by every process sharing the database.", labels, nil),
		left: prometheus.NewDesc("worldbrief_translation_budget_left_characters",
			"Characters left in today's translation budget (absent when the budget is unlimited).", labels, nil),
		daily: prometheus.NewDesc("worldbrief_translation_budget_daily_characters",
			"The daily translation budget, translate.daily_chars (0: unlimited).", labels, nil),
		tokens: prometheus.NewDesc("worldbrief_translation_budget_used_tokens",
			"LLM tokens the openai provider reported today.", labels, nil),
		untranslated: prometheus.NewDesc("worldbrief_translation_shown_untranslated_total",
			"Texts of digests about to be shown or asked for that this process left untranslated (budget or provider).", labels, nil),
		errors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "worldbrief_translation_budget_errors_total",
			Help: "Scrapes at which the translation budget could not be read from the database.",
		}),
	})
}

// Describe implements prometheus.Collector.
func (c *budgetCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.used, c.left, c.daily, c.tokens, c.untranslated} {
		ch <- d
	}
	c.errors.Describe(ch)
}

// Collect implements prometheus.Collector.
func (c *budgetCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	st, err := c.b.Status(ctx)
	if err != nil {
		c.errors.Inc()
		c.errors.Collect(ch)
		return
	}
	gauge := func(d *prometheus.Desc, v int64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), st.Provider)
	}
	gauge(c.used, st.Used.Chars)
	gauge(c.daily, st.Daily)
	gauge(c.tokens, st.Used.Tokens)
	if st.Daily > 0 {
		gauge(c.left, st.Left)
	}
	ch <- prometheus.MustNewConstMetric(c.untranslated, prometheus.CounterValue, float64(st.ShownUntranslated), st.Provider)
	c.errors.Collect(ch)
}
