package digest

import (
	"slices"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// Options tune a Builder; zero fields take the defaults noted.
type Options struct {
	// Window is the span of publication times a digest covers (24h).
	Window time.Duration
	// Stories is the largest number of stories in a digest (8).
	Stories int
	// The thresholds' defaults were tuned on testdata/labelled.psv; see
	// TestClusteringQuality.
	//
	// PairThreshold is the TF-IDF cosine two articles need to be linked
	// into one story (0.28); two articles each the other's closest need
	// only LinkThreshold.
	PairThreshold float64
	// LinkThreshold is the average pairwise cosine two groups of articles
	// need to merge (0.22).
	LinkThreshold float64
	// MatchThreshold is the cosine between story centroids of two
	// countries needed for an alternative take (0.28).
	MatchThreshold float64
	// BlindspotThreshold is the cosine above which a US/UK story counts as
	// covering a story, for blindspots (0.22); lower than MatchThreshold
	// so that a story is called a blindspot only when nothing comes close.
	BlindspotThreshold float64
	// MaxGap is the largest publication-time gap between two linked
	// articles (36h), so identical headlines of unrelated days stay apart.
	MaxGap time.Duration
	// HalfLife is the age at which a story's recency factor halves (12h).
	HalfLife time.Duration
}

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v <= 0 {
			*v = d
		}
	}
	if o.Window <= 0 {
		o.Window = 24 * time.Hour
	}
	if o.Stories <= 0 {
		o.Stories = 8
	}
	def(&o.PairThreshold, 0.28)
	def(&o.LinkThreshold, 0.22)
	def(&o.MatchThreshold, 0.28)
	def(&o.BlindspotThreshold, 0.22)
	if o.MaxGap <= 0 {
		o.MaxGap = 36 * time.Hour
	}
	if o.HalfLife <= 0 {
		o.HalfLife = 12 * time.Hour
	}
	return o
}

// SiteInfo is what a Builder knows of a site.
type SiteInfo struct {
	// Name is the display name.
	Name string
	// Country is the site's country code.
	Country string
	// Weight multiplies the score of stories the site carries (default 1).
	Weight float64
}

// Builder builds digests. Its fields are read-only once it is in use, so
// one Builder serves concurrent callers.
type Builder struct {
	// Options tune clustering and ranking.
	Options Options
	// Sites maps site ids to names, countries and weights. Articles of
	// unknown sites are shown under their site id.
	Sites map[string]SiteInfo
	// CountryNames maps country codes to English names.
	CountryNames map[string]string
	// BlindspotSites are the sites (the US and UK press) whose silence on
	// a story makes it a blindspot.
	BlindspotSites map[string]bool
	// Zones gives the time zone of a country's local date (default UTC).
	Zones func(country string) *time.Location
}

// BlindspotCountries are the countries whose sites decide blindspots.
var BlindspotCountries = []string{"gb", "us"}

// NewBuilder returns a Builder knowing the sites and countries of cat,
// with the US and UK sites as the blindspot reference and each country's
// time zone from CountryZone.
func NewBuilder(cat *sources.Catalog, opts Options) *Builder {
	b := &Builder{
		Options:        opts,
		Sites:          map[string]SiteInfo{},
		CountryNames:   map[string]string{},
		BlindspotSites: map[string]bool{},
		Zones:          CountryZone,
	}
	for _, c := range cat.Countries {
		b.CountryNames[c.Code] = c.Name
		for _, s := range c.Sites {
			b.Sites[s.ID] = SiteInfo{Name: s.Name, Country: c.Code, Weight: 1}
			if slices.Contains(BlindspotCountries, c.Code) {
				b.BlindspotSites[s.ID] = true
			}
		}
	}
	return b
}

// Build returns the digest of one country from the articles of all
// countries (the others supply alternative takes and blindspots) as of at.
func (b *Builder) Build(country string, arts []sources.Article, at time.Time) Digest {
	return b.Index(arts, at).Digest(country)
}

// Index clusters the articles published within the window ending at, for
// every country at once. Digests of many countries are then cheap.
func (b *Builder) Index(arts []sources.Article, at time.Time) *Index {
	o := b.Options.withDefaults()
	from := at.Add(-o.Window)
	in := make([]sources.Article, 0, len(arts))
	seen := make(map[string]bool, len(arts))
	for _, a := range arts {
		if a.PublishedAt.After(at) || !a.PublishedAt.After(from) || seen[a.ID] {
			continue
		}
		seen[a.ID] = true
		if a.Country == "" {
			a.Country = b.Sites[a.SiteID].Country
		}
		in = append(in, a)
	}
	// A fixed order makes every later step independent of the input order.
	slices.SortFunc(in, func(x, y sources.Article) int {
		if c := strings.Compare(x.Country, y.Country); c != 0 {
			return c
		}
		if c := x.PublishedAt.Compare(y.PublishedAt); c != 0 {
			return -c
		}
		return strings.Compare(x.ID, y.ID)
	})
	ix := &Index{b: b, o: o, at: at, arts: in, byCountry: map[string][]int{}}
	ix.vectorise()
	ix.clusterAll()
	ix.indexClusters()
	return ix
}

// siteName returns the display name of a site.
func (b *Builder) siteName(id string) string {
	if s, ok := b.Sites[id]; ok && s.Name != "" {
		return s.Name
	}
	return id
}

// siteWeight returns the ranking weight of a site.
func (b *Builder) siteWeight(id string) float64 {
	if s, ok := b.Sites[id]; ok && s.Weight > 0 {
		return s.Weight
	}
	return 1
}
