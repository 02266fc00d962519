package pipeline

import (
	"context"
	"fmt"

	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
)

// RefreshOptions adjusts one Refresh.
type RefreshOptions struct {
	// StaleOnly fetches only the feeds not fetched within FetchInterval
	// (a person asking now); false fetches every due feed (the tick,
	// `worldbrief fetch`).
	StaleOnly bool
	// Force also fetches feeds backing off after errors: a person at the
	// CLI overrides the backoff; chats do not, so many users cannot hammer
	// a dead site.
	Force bool
	// Progress, when set, is called after each feed with the counts so far.
	Progress func(done, total int)
	// Demand says who waits for this refresh; it is passed on to the
	// Translation.
	Demand Demand
}

// Demand is what is in demand behind a refresh, for a Translation that
// puts it first. The zero Demand is background work (the tick).
type Demand struct {
	// Countries are the country codes a person is waiting for now
	// (/headlines jp, `worldbrief digest jp`).
	Countries []string
	// Interactive is true when a person waits for the answer.
	Interactive bool
	// Headlines is how many of the Countries' newest headlines the person
	// is shown (a headline list: their titles are translated on demand);
	// 0 for a digest, whose stories are translated as it shows them.
	Headlines int
}

// TranslationRequest is one translation step: the pending articles of
// SiteIDs (every site when empty), and the Demand behind it.
type TranslationRequest struct {
	SiteIDs []string
	Demand  Demand
}

// Translation translates the titles and summaries a refresh stored. It
// never fails the refresh: what it cannot translate keeps its original
// text and is retried by a later step. A budget-aware planner implements
// it to spend a daily budget on Demand first.
type Translation interface {
	Translate(ctx context.Context, req TranslationRequest) translate.Report
}

// RefreshReport is what a Refresh did.
type RefreshReport struct {
	Fetch       sources.CycleReport
	Translation translate.Report
}

// Refresh fetches the feeds of sites (every site of the catalog when
// empty), stores their new articles and translates the sites' pending
// articles. The error is non-nil only when the store could not be read;
// feed failures are in the report and stored on each feed.
func (s *Service) Refresh(ctx context.Context, sites []sources.Site, opts RefreshOptions) (RefreshReport, error) {
	var rep RefreshReport
	var err error
	rep.Fetch, err = s.Ingester.Run(ctx, sites, sources.CycleOptions{StaleOnly: opts.StaleOnly, MaxAge: s.fetchInterval(), Force: opts.Force, Progress: opts.Progress})
	if err != nil {
		return rep, fmt.Errorf("refresh: %w", err)
	}
	if s.Translation != nil && ctx.Err() == nil { // a stopping process translates nothing more
		rep.Translation = s.Translation.Translate(ctx, TranslationRequest{SiteIDs: sources.SiteIDs(sites), Demand: opts.Demand})
	}
	return rep, nil
}
