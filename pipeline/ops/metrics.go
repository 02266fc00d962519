package ops

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/sources"
)

// Metrics holds worldbrief's Prometheus metrics in a private registry.
// Its methods are safe for concurrent use.
type Metrics struct {
	reg          *prometheus.Registry
	feeds        *prometheus.CounterVec
	articles     prometheus.Counter
	cycles       prometheus.Counter
	lastFetchTS  prometheus.Gauge
	digests      prometheus.Counter
	deliveries   *prometheus.CounterVec
	lag          prometheus.Histogram
	rateWaits    *prometheus.CounterVec
	rateWaitSecs *prometheus.CounterVec
	trChars      prometheus.Counter
	trHits       prometheus.Counter

	mu        sync.Mutex
	lastFetch time.Time
}

// NewMetrics registers every metric in a fresh registry. depth, when not
// nil, is called at each scrape for the outbox depth (pending and leased
// deliveries); it is given a context bounded to a few seconds.
func NewMetrics(depth func(context.Context) (int64, error)) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		feeds: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "worldbrief_feeds_fetched_total",
			Help: "Feeds fetched, by result: ok, not_modified or failed.",
		}, []string{"result"}),
		articles: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "worldbrief_articles_ingested_total",
			Help: "New articles stored by fetch cycles.",
		}),
		cycles: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "worldbrief_fetch_cycles_total",
			Help: "Fetch cycles completed (with or without errors).",
		}),
		lastFetchTS: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "worldbrief_last_successful_fetch_timestamp_seconds",
			Help: "Unix time of the last fetch cycle in which a feed answered.",
		}),
		digests: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "worldbrief_digests_built_total",
			Help: "Digests built by delivery passes.",
		}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "worldbrief_deliveries_total",
			Help: "Delivery attempts recorded, by platform and status: sent, retried, failed or suspended.",
		}, []string{"platform", "status"}),
		lag: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "worldbrief_delivery_lag_seconds",
			Help:    "Time from a delivery being due to its digest being sent.",
			Buckets: []float64{1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 3 * 3600},
		}),
		rateWaits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "worldbrief_rate_limit_waits_total",
			Help: "Sends that waited for a rate limit, by platform and cause: pacing (the bot's own spacing of sends) or refused (the platform answered 429).",
		}, []string{"platform", "cause"}),
		rateWaitSecs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "worldbrief_rate_limit_wait_seconds_total",
			Help: "Time sends waited for rate limits, by platform and cause (for refused: the retry-after the platform asked for).",
		}, []string{"platform", "cause"}),
	}
	m.trChars = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "worldbrief_translation_characters_total",
		Help: "Characters sent to the translation provider (cache misses only).",
	})
	m.trHits = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "worldbrief_translation_cache_hits_total",
		Help: "Texts answered from the translation cache instead of the provider.",
	})
	for _, r := range []string{"ok", "not_modified", "failed"} {
		m.feeds.WithLabelValues(r)
	}
	m.reg.MustRegister(m.feeds, m.articles, m.cycles, m.lastFetchTS, m.digests, m.deliveries, m.lag, m.rateWaits, m.rateWaitSecs, m.trChars, m.trHits)
	// The process's memory, CPU and goroutines, in the same registry.
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if depth != nil {
		m.reg.MustRegister(newDepthCollector(depth))
	}
	return m
}

// RegisterDB adds the connection pool statistics of db (open, in use,
// idle connections, waits) as go_sql_* metrics labelled db_name=name.
func (m *Metrics) RegisterDB(db *sql.DB, name string) {
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// Registry returns the private registry the metrics live in.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// FetchCycle records a completed fetch cycle that ended at at. A cycle in
// which at least one feed answered counts as successful for readiness; so
// does, as of that answer, a feed the cycle skipped as fresh (serve's
// first round after a restart, when every feed was read minutes ago).
func (m *Metrics) FetchCycle(rep sources.CycleReport, at time.Time) {
	m.cycles.Inc()
	m.feeds.WithLabelValues("ok").Add(float64(rep.OK))
	m.feeds.WithLabelValues("not_modified").Add(float64(rep.NotModified))
	m.feeds.WithLabelValues("failed").Add(float64(rep.Failed))
	m.articles.Add(float64(rep.NewArticles))
	answered := rep.FreshAnsweredAt
	if rep.Succeeded() {
		answered = at
	}
	if answered.IsZero() {
		return
	}
	m.mu.Lock()
	if answered.After(m.lastFetch) {
		m.lastFetch = answered
		m.lastFetchTS.Set(float64(answered.UnixNano()) / 1e9)
	}
	m.mu.Unlock()
}

// LastFetch returns the end of the last successful fetch cycle; the zero
// time before any.
func (m *Metrics) LastFetch() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lastFetch
}

// DeliveryPass records what one delivery pass did beyond the per-row
// outcomes (which Delivery records): the digests it built.
func (m *Metrics) DeliveryPass(st delivery.PassStats) {
	m.digests.Add(float64(st.Builds))
}

// Delivery records the outcome of one delivery on platform: status is
// sent, retried, failed or suspended. lag, the time from due to sent, is
// observed for sent deliveries only.
func (m *Metrics) Delivery(platform, status string, lag time.Duration) {
	m.deliveries.WithLabelValues(platform, status).Inc()
	if status == delivery.StatusSent {
		m.lag.Observe(max(lag, 0).Seconds())
	}
}

// RateWait records a send of platform that waited d for a rate limit
// (pace.RateObserver); cause is pace.RateCausePacing or pace.RateCauseRefused.
func (m *Metrics) RateWait(platform, cause string, d time.Duration) {
	m.rateWaits.WithLabelValues(platform, cause).Inc()
	m.rateWaitSecs.WithLabelValues(platform, cause).Add(max(d, 0).Seconds())
}

// TranslationChars records n characters sent to the translation provider.
func (m *Metrics) TranslationChars(n int) { m.trChars.Add(float64(n)) }

// TranslationCacheHits records n texts answered from the translation cache.
func (m *Metrics) TranslationCacheHits(n int64) { m.trHits.Add(float64(n)) }
