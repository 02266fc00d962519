package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// digestSites returns the sites a country's digest reads: its own and
// those of the countries that decide blindspots.
func (s *Service) digestSites(co sources.Country) []sources.Site {
	sites := slices.Clone(co.Sites)
	for _, code := range digest.BlindspotCountries {
		if c, ok := s.Catalog.Country(code); ok && c.Code != co.Code {
			sites = append(sites, c.Sites...)
		}
	}
	return sites
}

// Digest returns country's current digest for a chat's /digest: the
// stale feeds it reads are refreshed first (respecting the backoff of
// failing ones), then the process's digest service hands out the digest
// built within digest.interval or builds it. It implements bot.Digester.
func (s *Service) Digest(ctx context.Context, country string) (digest.Digest, error) {
	d, _, err := s.FreshDigest(ctx, country, RefreshOptions{StaleOnly: true})
	return d, err
}

// FreshDigest refreshes the feeds country's digest reads (its own and the
// US/UK ones) with opts, then returns its current digest and what the
// refresh did. The refresh's Demand is the country, interactive.
//
// The world edition (digest.WorldCode) reads every country: it is not
// refreshed here but served as the tick keeps it, its texts translated
// first.
func (s *Service) FreshDigest(ctx context.Context, country string, opts RefreshOptions) (digest.Digest, RefreshReport, error) {
	if strings.EqualFold(country, digest.WorldCode) {
		s.ensure(ctx, digest.WorldCode)
		d, err := s.Digests.Digest(ctx, digest.WorldCode)
		return d, RefreshReport{}, err
	}
	co, ok := s.Catalog.Country(country)
	if !ok {
		return digest.Digest{}, RefreshReport{}, fmt.Errorf("digest: unknown country %q", country)
	}
	opts.Demand = Demand{Countries: []string{co.Code}, Interactive: true}
	rep, err := s.Refresh(ctx, s.digestSites(co), opts)
	if err != nil {
		return digest.Digest{}, rep, err
	}
	if rep.Fetch.NewArticles > 0 || rep.Translation.Translated > 0 {
		// What was just stored must be in the digest, not only in the
		// next interval's.
		s.Digests.Invalidate()
	}
	d, err := s.CurrentDigest(ctx, co.Code)
	return d, rep, err
}

// CurrentDigest returns country's current digest without refreshing (the
// delivery pass: serve's tick keeps the feeds fresh), its texts
// translated first when the Translation can (PlannedTranslation.Ensure). A digest of no
// article while the store holds some of the country's articles in the
// window was built from a shared Index older than them: it is built again
// from a fresh one.
func (s *Service) CurrentDigest(ctx context.Context, country string) (digest.Digest, error) {
	s.ensure(ctx, country)
	d, err := s.Digests.Digest(ctx, country)
	if err != nil || d.Articles > 0 {
		return d, err
	}
	co, ok := s.Catalog.Country(country)
	if !ok || !s.windowHasArticles(ctx, sources.ArticleQuery{Country: co.Code, SiteIDs: sources.SiteIDs(co.Sites)}) {
		return d, nil // really empty: said so by the digest itself
	}
	s.Digests.Invalidate()
	return s.Digests.Digest(ctx, country)
}

// windowHasArticles reports whether the store holds an article matching q
// published in the digest window ending now: an empty digest or world
// edition built while it does was built from a shared Index older than
// that article.
func (s *Service) windowHasArticles(ctx context.Context, q sources.ArticleQuery) bool {
	window := s.Digests.Builder.Options.Window
	if window <= 0 {
		window = 24 * time.Hour
	}
	q.Since, q.Limit = s.now().Add(-window), 1
	arts, err := s.Store.Articles(ctx, q)
	return err == nil && len(arts) > 0
}

// World returns the current world edition; the tick keeps what it reads
// fresh, and its texts are translated first. An edition of no article
// while the store holds articles of the window was built from a shared
// Index older than them: it is built again from a fresh one.
func (s *Service) World(ctx context.Context) (digest.World, error) {
	s.ensure(ctx, digest.WorldCode)
	w, err := s.Digests.World(ctx)
	if err != nil || w.Countries > 0 {
		return w, err
	}
	if !s.windowHasArticles(ctx, sources.ArticleQuery{}) {
		return w, nil
	}
	s.Digests.Invalidate()
	return s.Digests.World(ctx)
}

// Pages returns what the web pages read: the process's digests, as the
// chats and deliveries get them (CurrentDigest, World), with the archive
// of past days.
func (s *Service) Pages() Pages { return Pages{s} }

// Pages is the pipeline's digests for the web pages; it implements
// web.Digests.
type Pages struct{ s *Service }

// Digest returns country's current digest (Service.CurrentDigest).
func (p Pages) Digest(ctx context.Context, country string) (digest.Digest, error) {
	return p.s.CurrentDigest(ctx, country)
}

// DigestOn returns country's digest of a local date (digest.Service.DigestOn).
func (p Pages) DigestOn(ctx context.Context, country, day string) (digest.Digest, error) {
	if day == p.s.Digests.Today(country) {
		return p.s.CurrentDigest(ctx, country)
	}
	return p.s.Digests.DigestOn(ctx, country, day)
}

// Daily returns up to n digests of country, one per day, newest first.
func (p Pages) Daily(ctx context.Context, country string, n int) ([]digest.Digest, error) {
	return p.s.Digests.Daily(ctx, country, n)
}

// World returns the current world edition (Service.World).
func (p Pages) World(ctx context.Context) (digest.World, error) { return p.s.World(ctx) }

// WorldOn returns the world edition of a UTC date: the current one
// (Service.World) for today, else the stored one (digest.Service.WorldOn).
func (p Pages) WorldOn(ctx context.Context, day string) (digest.World, error) {
	if day == p.s.Digests.Today(digest.WorldCode) {
		return p.s.World(ctx)
	}
	return p.s.Digests.WorldOn(ctx, day)
}

// DailyWorlds returns up to n world editions, one per UTC day, newest
// first, the current one (Service.World) first.
func (p Pages) DailyWorlds(ctx context.Context, n int) ([]digest.World, error) {
	if _, err := p.s.World(ctx); err != nil {
		return nil, err
	}
	return p.s.Digests.DailyWorlds(ctx, n)
}

// Today returns country's local date now (the UTC date for the world
// edition).
func (p Pages) Today(country string) string { return p.s.Digests.Today(country) }

// WorldOn returns the world edition of a UTC date (YYYY-MM-DD): the
// current one for today, the one stored that day for a past day, or one
// built from what is stored; an error wrapping digest.ErrNoDigest when
// there is none.
func (s *Service) WorldOn(ctx context.Context, day string) (digest.World, error) {
	return s.Pages().WorldOn(ctx, day)
}

// WorldAt builds the world edition of the window ending at, from what is
// stored: a look at the past.
func (s *Service) WorldAt(ctx context.Context, at time.Time) (digest.World, error) {
	return s.Digests.WorldAt(ctx, at)
}

// digestTranslation is a Translation that translates what a digest shows
// before it is handed out (PlannedTranslation).
type digestTranslation interface {
	Ensure(ctx context.Context, country string)
}

// ensure translates what country's digest (or the world edition) shows
// before it is handed out, when the Translation can (a
// PlannedTranslation).
func (s *Service) ensure(ctx context.Context, country string) {
	if e, ok := s.Translation.(digestTranslation); ok {
		e.Ensure(ctx, country)
	}
}

// DigestAt builds country's digest for the window ending at, from what is
// stored, without refreshing nor caching: a look at the past.
func (s *Service) DigestAt(ctx context.Context, country string, at time.Time) (digest.Digest, error) {
	return s.Digests.DigestAt(ctx, country, at)
}

// DeliveryDigests returns the digests the delivery pass sends: each
// country's CurrentDigest.
func (s *Service) DeliveryDigests() delivery.Digester { return currentDigests{s} }

type currentDigests struct{ s *Service }

func (c currentDigests) Digest(ctx context.Context, country string) (digest.Digest, error) {
	return c.s.CurrentDigest(ctx, country)
}
