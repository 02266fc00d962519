package pipeline

import (
	"context"
	"log/slog"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// Store is what the workflows need from storage (*store.Store
// implements it).
type Store interface {
	sources.FeedStore
	// Articles lists stored articles.
	Articles(ctx context.Context, q sources.ArticleQuery) ([]sources.Article, error)
	// PruneArticles deletes articles older than the cutoff.
	PruneArticles(ctx context.Context, olderThan time.Time) (int64, error)
	// PruneTranslations deletes cached translations not used since the cutoff.
	PruneTranslations(ctx context.Context, olderThan time.Time) (int64, error)
	// PurgeSuspended deletes subscriptions suspended before the cutoff.
	PurgeSuspended(ctx context.Context, before time.Time) (int64, error)
	// DeliverableSubscriptions lists the active and suspended
	// subscriptions of a platform.
	DeliverableSubscriptions(ctx context.Context, platform string) ([]bot.Subscription, error)
	// EnqueueDeliveries adds the deliveries owed, once per subscription
	// and local date.
	EnqueueDeliveries(ctx context.Context, ds []delivery.Delivery) (int, error)
}

// Observer is told what the periodic work did (ops.Metrics implements
// it).
type Observer interface {
	// FetchCycle records a scheduled fetch cycle.
	FetchCycle(rep sources.CycleReport, at time.Time)
	// DeliveryPass records a delivery pass.
	DeliveryPass(st delivery.PassStats)
}

// Service runs the workflows. Set the fields once, before use; it is then
// safe for concurrent use. Every field but Catalog, Store, Ingester and
// Digests is optional.
type Service struct {
	Catalog *sources.Catalog
	Store   Store
	// Ingester fetches and stores feeds; its Fetcher is the process's one
	// HTTP transport. Overlapping refreshes fetch each feed once through it.
	Ingester *sources.Ingester
	// Translation translates what a refresh stored; nil leaves titles in
	// their original language.
	Translation Translation
	// Digests is the process's digest service.
	Digests *digest.Service
	// FetchInterval is how old a feed may be before a refresh fetches it
	// again (default 30m); the tick fetches every site once per interval.
	FetchInterval time.Duration
	// Retention is how long articles and translations are kept (default 336h).
	Retention time.Duration
	// SuspendedPurge is how long a suspended subscription is kept (default 7 days).
	SuspendedPurge time.Duration
	// Observer, when set, is told of the tick's fetches and delivery passes.
	Observer Observer
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	Log *slog.Logger
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (s *Service) fetchInterval() time.Duration {
	if s.FetchInterval > 0 {
		return s.FetchInterval
	}
	return 30 * time.Minute
}

func (s *Service) retention() time.Duration {
	if s.Retention > 0 {
		return s.Retention
	}
	return 14 * 24 * time.Hour
}

func (s *Service) suspendedPurge() time.Duration {
	if s.SuspendedPurge > 0 {
		return s.SuspendedPurge
	}
	return 7 * 24 * time.Hour
}

// WindowArticles adapts a Store to digest.ArticleSource.
type WindowArticles struct {
	Store interface {
		Articles(ctx context.Context, q sources.ArticleQuery) ([]sources.Article, error)
	}
}

// ArticlesBetween returns the stored articles of every country published
// in [since, until].
func (w WindowArticles) ArticlesBetween(ctx context.Context, since, until time.Time) ([]sources.Article, error) {
	arts, err := w.Store.Articles(ctx, sources.ArticleQuery{Since: since})
	if err != nil {
		return nil, err
	}
	out := arts[:0]
	for _, a := range arts {
		if !a.PublishedAt.After(until) {
			out = append(out, a)
		}
	}
	return out, nil
}
