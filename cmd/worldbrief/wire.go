package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/pipeline"
	"github.com/worldbrief/worldbrief/pipeline/ops"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
	"github.com/worldbrief/worldbrief/web"
)

// pipeline returns the process's one pipeline.Service over the opened
// store, building it on the first call: one Fetcher (one HTTP transport,
// one per-host limit), one cached translator, one digest.Service. m, when
// not nil (serve, which calls it first), counts fetch cycles, delivery
// passes and translation work.
func (a *app) pipeline(m *ops.Metrics) *pipeline.Service {
	if a.pipe != nil {
		return a.pipe
	}
	f := a.cfg.Fetch
	digests := a.digestService()
	p := &pipeline.Service{
		Catalog: a.catalog,
		Store:   a.store,
		Ingester: &sources.Ingester{
			Store: a.store,
			Fetcher: sources.NewFetcher(sources.FetcherOptions{
				Concurrency: f.Concurrency, PerHost: f.PerHost, Timeout: f.Timeout,
				MaxBytes: f.MaxBytes, UserAgent: f.UserAgent,
			}),
			Catalog: a.catalog,
			Log:     a.log,
			// The cycle after an outage reads the feeds again: /readyz
			// tolerates two fetch.intervals without a successful cycle.
			MaxBackoff: f.Interval,
		},
		Translation:   a.translation(m, digests),
		Digests:       digests,
		FetchInterval: f.Interval,
		Retention:     f.Retention,
		Log:           a.log,
	}
	if m != nil {
		p.Observer = m
	}
	a.pipe = p
	return p
}

// translation builds the translation step of the pipeline: what readers
// are about to see first, within the provider's daily budget; nil when
// the provider is none or cannot be built (the articles keep their
// original text, as the warning says).
func (a *app) translation(m *ops.Metrics, digests *digest.Service) pipeline.Translation {
	if a.cfg.Translate.Provider == translate.ProviderNone {
		return nil
	}
	budget := a.translationBudget()
	tr, err := a.translatorFromConfig(budget)
	if err != nil {
		a.log.Warn("translation disabled; articles keep their original text", "err", err)
		return nil
	}
	if m != nil {
		tr = ops.MeteredTranslator{Translator: tr, Metrics: m}
		m.RegisterTranslationBudget(budget)
	}
	// A provider that kept failing is left alone for a while, by this
	// process and the others on the database, instead of costing every
	// call its retries (and before the budget is charged).
	var next translate.Translator = &translate.Budgeted{Next: tr, Budget: budget}
	next = &translate.Breaker{Next: next, Provider: a.cfg.Translate.Provider, Pauses: a.store, Force: a.askTranslator, Log: a.log}
	cached := &translate.Cached{Next: next, Cache: a.store, Log: a.log}
	pt := &pipeline.PlannedTranslation{
		Pipeline: &translate.Pipeline{
			Store: a.store, Translator: cached, Target: a.cfg.Translate.Target,
			Log: a.log.With("provider", a.cfg.Translate.Provider),
		},
		Budget:  budget,
		Store:   a.store,
		Digests: digests,
		Cache:   cached,
		Log:     a.log,
	}
	if m != nil {
		pt.Hits = m
	}
	return pt
}

// translationBudget is the provider's daily budget, counted in the
// database: translate.daily_chars, or the provider's free tier when 0.
func (a *app) translationBudget() *translate.Budget {
	c := a.cfg.Translate
	daily := c.DailyChars
	switch daily {
	case 0:
		daily = translate.DefaultDailyChars(c.Provider, c.Email != "")
	case -1:
		daily = 0
	}
	return &translate.Budget{Ledger: a.store, Provider: c.Provider, Daily: daily, Location: translate.DayLocation(c.Provider), Log: a.log}
}

// translatorFromConfig builds the configured provider client, without
// the cache; the openai provider reports its token usage to usage and
// falls back on the summarizer's endpoint, model and key.
func (a *app) translatorFromConfig(usage translate.UsageRecorder) (translate.Translator, error) {
	c := a.cfg.Translate
	opts := translate.Options{
		BaseURL: c.URL, APIKey: c.APIKey, Email: c.Email, Model: c.Model, Concurrency: c.Concurrency, Log: a.log, Usage: usage,
	}
	if c.Provider == translate.ProviderOpenAI {
		dg := a.cfg.Digest
		if opts.BaseURL == "" {
			opts.BaseURL, opts.APIKey = dg.SummarizerURL, cmp.Or(opts.APIKey, dg.SummarizerAPIKey)
		}
		opts.Model = cmp.Or(opts.Model, dg.SummarizerModel)
	}
	tr, err := translate.New(c.Provider, opts)
	if err != nil {
		return nil, fmt.Errorf("translation: %w", err)
	}
	return tr, nil
}

// digestService builds the digest engine over the opened store; the
// pipeline holds the process's one.
func (a *app) digestService() *digest.Service {
	c := a.cfg.Digest
	svc := &digest.Service{
		Builder:  digest.NewBuilder(a.catalog, digest.Options{Window: c.Window, Stories: c.Stories}),
		Articles: pipeline.WindowArticles{Store: a.store},
		Store:    a.store,
		Interval: c.Interval,
		Log:      a.log,
	}
	if c.SummarizerURL != "" {
		svc.Summarizer = &digest.OpenAISummarizer{BaseURL: c.SummarizerURL, Model: c.SummarizerModel, APIKey: c.SummarizerAPIKey}
	}
	return svc
}

// botCore wires the chat core over the opened store and the pipeline p:
// chats refresh (and translate) through p and get p's digests.
func (a *app) botCore(p *pipeline.Service) *bot.Core {
	return &bot.Core{
		Catalog: a.catalog,
		Subs:    a.store,
		Store:   a.store,
		Health:  a.store,
		Digests: p,
		PageURL: a.pageURL(),
		// Chats refresh stale feeds but, unlike the CLI, respect the
		// backoff of failing ones: many users must not hammer a dead site.
		Refresh: func(ctx context.Context, co sources.Country, headlines int) error {
			_, err := p.Refresh(ctx, co.Sites, pipeline.RefreshOptions{
				StaleOnly: true, Demand: pipeline.Demand{Countries: []string{co.Code}, Interactive: true, Headlines: headlines},
			})
			return err
		},
		Log: a.log,
	}
}

// deliverer returns the outbox worker sending p's digests through
// messengers (by platform).
func (a *app) deliverer(p *pipeline.Service, messengers map[string]bot.Messenger) *delivery.Deliverer {
	dc := a.cfg.Delivery
	return &delivery.Deliverer{
		Outbox: a.store, Digests: p.DeliveryDigests(), Messengers: messengers, Owner: workerID(), PageURL: a.pageURL(),
		Workers: dc.Workers, MaxAttempts: dc.MaxAttempts, Lease: dc.Lease, Backoff: dc.Backoff, Log: a.log,
	}
}

// pageURL names a digest's web page under web.base_url, for the link at
// the end of chat digests; nil without a base URL.
func (a *app) pageURL() func(country, date string) string {
	base := a.cfg.Web.BaseURL
	if base == "" {
		return nil
	}
	return func(country, date string) string { return web.PageURL(base, country, date) }
}

// The web pages read the pipeline's digests.
var _ web.Digests = pipeline.Pages{}

// webServer builds the web pages and feeds over p's one digest service,
// read as the chats read it.
func (a *app) webServer(p *pipeline.Service) (*web.Server, error) {
	return web.New(web.Config{Digests: p.Pages(), Catalog: a.catalog, BaseURL: a.cfg.Web.BaseURL, Log: a.log})
}

// workerID names this process in delivery leases.
func workerID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
