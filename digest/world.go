package digest

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// World is the world edition of a window: the stories covered by the most
// countries, each with one headline per country and the world's current
// take, and the stories one country's press leads with that no other
// country covers.
type World struct {
	// Date is the UTC date at GeneratedAt, as YYYY-MM-DD.
	Date string `json:"date"`
	// GeneratedAt is the end of the window.
	GeneratedAt time.Time `json:"generated_at"`
	// Countries is the number of countries with articles in the window.
	Countries int `json:"countries"`
	// Stories are ranked by the number of countries covering them.
	Stories []WorldStory `json:"stories"`
	// Overlooked are stories carried by several sites of one country and
	// by no other country, best first, at most one per country.
	Overlooked []Overlooked `json:"overlooked"`

	// Window is the span of publication times considered.
	Window time.Duration `json:"-"`
	// Past is true for an edition of a past window (WorldAt, or WorldOn
	// of an earlier day): an empty one says which window it looked at,
	// not "the last 24 hours".
	Past bool `json:"-"`
}

// WorldStory is one event as the world's press covers it.
type WorldStory struct {
	// Headline is the English headline of the country covering it most
	// widely.
	Headline string `json:"headline"`
	// Take is the world's current take: a short synthesis (the
	// Summarizer's when one is configured, otherwise the most central of
	// the countries' summaries).
	Take string `json:"take"`
	// Countries is the number of countries whose press covers it.
	Countries int `json:"countries"`
	// ImageURL is a lead image of one of its articles, when a feed had one.
	ImageURL string `json:"image_url,omitempty"`
	// Coverage is one headline per country, widest coverage first.
	Coverage []Coverage `json:"coverage"`

	// leads are "Country (outlet): headline. summary" per country, for a
	// Summarizer.
	leads []string
	// reads are the articles whose text it shows (WorldReads).
	reads []Read
}

// Coverage is one country's headline on a world story.
type Coverage struct {
	// Country is the country's code.
	Country string `json:"country"`
	// CountryName is its English name.
	CountryName string `json:"country_name"`
	// SiteID is the outlet's catalog id.
	SiteID string `json:"site_id,omitempty"`
	// Source is the outlet's display name.
	Source string `json:"source"`
	// Headline is the English headline.
	Headline string `json:"headline"`
	// OriginalHeadline is the headline as published.
	OriginalHeadline string `json:"original_headline"`
	// Language is the BCP 47 tag of the original.
	Language string `json:"language"`
	// URL is the article's link.
	URL string `json:"url"`
	// Sites is how many of the country's sites carry the story.
	Sites int `json:"sites"`
}

// Overlooked is a story big in one country's press and covered by no
// other country.
type Overlooked struct {
	// Country is the country's code.
	Country string `json:"country"`
	// CountryName is its English name.
	CountryName string `json:"country_name"`
	// Story is the story as that country's digest shows it.
	Story Story `json:"story"`

	reads []Read // the articles whose text it shows (WorldReads)
}

// maxOverlooked is the largest number of overlooked stories shown.
const maxOverlooked = 5

// World returns the world edition of the window: up to Options.Stories
// stories covered by at least two countries, most countries first, and
// up to five overlooked ones. No story appears twice.
func (ix *Index) World() World {
	w := World{
		Date:        ix.at.UTC().Format(time.DateOnly),
		GeneratedAt: ix.at.UTC(),
		Window:      ix.o.Window,
		Countries:   len(ix.byCountry),
		Stories:     []WorldStory{},
		Overlooked:  []Overlooked{},
	}
	groups := ix.worldGroups()
	inWorld := make([]bool, len(ix.clusters))
	type ranked struct {
		story      WorldStory
		sites      int
		score      float64
		firstIndex int
	}
	var rs []ranked
	for _, g := range groups {
		if len(g.countries) < 2 {
			continue
		}
		for _, ci := range g.clusters {
			inWorld[ci] = true
		}
		st, sites, score := ix.worldStory(g)
		rs = append(rs, ranked{st, sites, score, g.clusters[0]})
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		return cmp.Or(
			cmp.Compare(b.story.Countries, a.story.Countries),
			cmp.Compare(b.sites, a.sites),
			cmp.Compare(b.score, a.score),
			cmp.Compare(a.firstIndex, b.firstIndex),
		)
	})
	for i, r := range rs {
		if i == ix.o.Stories {
			break
		}
		w.Stories = append(w.Stories, r.story)
	}
	w.Overlooked = ix.overlooked(inWorld)
	return w
}

// WorldReads lists the articles whose text the world edition shows, in
// the order a reader meets them: each story's headline per country, the
// article its take comes from, then each overlooked story's headline and
// summary. A world edition about to be read (asked for, or due to a chat
// subscribed to it) has them translated first.
func (ix *Index) WorldReads() []Read {
	w := ix.World()
	var out []Read
	for _, st := range w.Stories {
		out = append(out, st.reads...)
	}
	for _, o := range w.Overlooked {
		out = append(out, o.reads...)
	}
	return out
}

// worldGroup is a set of clusters of different countries joined by
// mutual best matches: one event across the world's press.
type worldGroup struct {
	clusters  []int
	countries map[string][]int // country → its cluster in the group
}

// worldGroups joins clusters of different countries that are each
// other's best match (the relation of alternative takes, without their
// cap of three) into groups, strongest match first, like the clustering
// within a country: two groups merge only when they share no country and
// their average centroid cosine still reaches MatchThreshold, so a weak
// link cannot chain two events into one. Each cluster is in exactly one
// group.
func (ix *Index) worldGroups() []worldGroup {
	type link struct {
		a, b int
		sim  float64
	}
	var links []link
	for ci, ms := range ix.allMatches(ix.o.MatchThreshold) {
		for _, m := range ms {
			if ci < m.cluster {
				links = append(links, link{ci, m.cluster, m.sim})
			}
		}
	}
	slices.SortFunc(links, func(x, y link) int {
		return cmp.Or(cmp.Compare(y.sim, x.sim), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})
	group := make([]int, len(ix.clusters)) // cluster → group id
	members := make([][]int, len(ix.clusters))
	for i := range group {
		group[i] = i
		members[i] = []int{i}
	}
	for _, l := range links {
		ga, gb := group[l.a], group[l.b]
		if ga == gb || !ix.canJoin(members[ga], members[gb]) {
			continue
		}
		if gb < ga {
			ga, gb = gb, ga
		}
		for _, ci := range members[gb] {
			group[ci] = ga
		}
		members[ga] = append(members[ga], members[gb]...)
		members[gb] = nil
	}
	var out []worldGroup
	for _, ms := range members {
		if len(ms) == 0 {
			continue
		}
		slices.Sort(ms)
		g := worldGroup{clusters: ms, countries: map[string][]int{}}
		for _, ci := range ms {
			c := ix.clusters[ci].country
			g.countries[c] = append(g.countries[c], ci)
		}
		out = append(out, g)
	}
	return out
}

// canJoin reports whether two groups of clusters share no country and
// their average centroid cosine, each pair's taken relative to the
// threshold it is matched at (MatchThreshold, lowered by crossLangFactor
// across languages), reaches it.
func (ix *Index) canJoin(a, b []int) bool {
	countries := map[string]bool{}
	for _, ci := range a {
		countries[ix.clusters[ci].country] = true
	}
	var sum float64
	for _, cj := range b {
		if countries[ix.clusters[cj].country] {
			return false
		}
		for _, ci := range a {
			s := dot(ix.clusters[ci].centroid, ix.clusters[cj].centroid)
			if ix.clusters[ci].mlang != ix.clusters[cj].mlang {
				s /= crossLangFactor
			}
			sum += s
		}
	}
	return sum/float64(len(a)*len(b)) >= ix.o.MatchThreshold
}

// worldStory renders group g, returning also its total number of sites
// and summed score for ranking.
func (ix *Index) worldStory(g worldGroup) (WorldStory, int, float64) {
	type pick struct {
		ci    int
		score float64
	}
	var picks []pick
	sites := 0
	var score float64
	for _, cis := range g.countries {
		best := pick{-1, 0}
		for _, ci := range cis {
			s := ix.score(ix.clusters[ci])
			sites += len(ix.clusters[ci].sites)
			score += s
			if best.ci < 0 || len(ix.clusters[ci].sites) > len(ix.clusters[best.ci].sites) ||
				(len(ix.clusters[ci].sites) == len(ix.clusters[best.ci].sites) && (s > best.score || s == best.score && ci < best.ci)) {
				best = pick{ci, s}
			}
		}
		picks = append(picks, best)
	}
	slices.SortFunc(picks, func(a, b pick) int {
		ca, cb := ix.clusters[a.ci], ix.clusters[b.ci]
		return cmp.Or(cmp.Compare(len(cb.sites), len(ca.sites)), cmp.Compare(b.score, a.score), strings.Compare(ca.country, cb.country))
	})
	st := WorldStory{Countries: len(picks), Coverage: make([]Coverage, 0, len(picks))}
	for _, p := range picks {
		c := ix.clusters[p.ci]
		a := ix.arts[c.members[0]]
		headline := clean(a.Title)
		if headline == "" {
			headline = clean(a.OriginalTitle)
		}
		orig := a.OriginalTitle
		if orig == "" {
			orig = a.Title
		}
		if st.Headline == "" {
			st.Headline = headline
		}
		if st.ImageURL == "" {
			for _, m := range c.members {
				if u := ix.arts[m].ImageURL; u != "" {
					st.ImageURL = u
					break
				}
			}
		}
		name := ix.countryName(c.country)
		st.Coverage = append(st.Coverage, Coverage{
			Country: c.country, CountryName: name, SiteID: a.SiteID, Source: ix.b.siteName(a.SiteID),
			Headline: headline, OriginalHeadline: clean(orig), Language: a.Language, URL: a.URL, Sites: len(c.sites),
		})
		st.reads = append(st.reads, Read{ArticleID: a.ID, TitleOnly: true})
		if len(st.leads) < 8 {
			st.leads = append(st.leads, strings.TrimSpace(name+" ("+ix.b.siteName(a.SiteID)+"): "+headline+". "+summarise(a.Summary, a.Title)))
		}
	}
	cis := make([]int, len(picks))
	for i, p := range picks {
		cis[i] = p.ci
	}
	var take int
	st.Take, take = ix.centralSummary(cis)
	if take >= 0 {
		st.reads = append(st.reads, Read{ArticleID: ix.arts[take].ID})
	}
	return st, sites, score
}

// centralSummary is the extractive world take: the summary of the
// cluster closest to all the others (the highest summed centroid
// cosine), skipping clusters whose articles have no usable summary, and
// the index of the article it comes from (-1 for none).
func (ix *Index) centralSummary(cis []int) (string, int) {
	type central struct {
		ci  int
		sum float64
	}
	cs := make([]central, len(cis))
	for i, ci := range cis {
		cs[i].ci = ci
		for _, cj := range cis {
			if cj != ci {
				cs[i].sum += dot(ix.clusters[ci].centroid, ix.clusters[cj].centroid)
			}
		}
	}
	slices.SortStableFunc(cs, func(a, b central) int { return cmp.Compare(b.sum, a.sum) })
	for _, c := range cs {
		for _, m := range ix.clusters[c.ci].members {
			a := ix.arts[m]
			if s := summarise(a.Summary, a.Title); s != "" {
				return s, m
			}
		}
	}
	return "", -1
}

// overlooked returns the stories carried by at least two sites of one
// country that no other country's press comes close to (not even at the
// blindspot threshold), best first, one per country.
func (ix *Index) overlooked(inWorld []bool) []Overlooked {
	type cand struct {
		ci    int
		score float64
	}
	var cs []cand
	for ci, c := range ix.clusters {
		if inWorld[ci] || len(c.sites) < 2 {
			continue
		}
		if len(ix.bestPerCountry(ci, ix.o.BlindspotThreshold, ix.o.BlindspotThreshold, "")) > 0 {
			continue
		}
		cs = append(cs, cand{ci, ix.score(ix.clusters[ci])})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(len(ix.clusters[b.ci].sites), len(ix.clusters[a.ci].sites)), cmp.Compare(a.ci, b.ci))
	})
	out := []Overlooked{}
	seen := map[string]bool{}
	for _, c := range cs {
		country := ix.clusters[c.ci].country
		if seen[country] {
			continue
		}
		seen[country] = true
		out = append(out, Overlooked{Country: country, CountryName: ix.countryName(country), Story: ix.story(c.ci, c.score), reads: ix.storyReads(c.ci)})
		if len(out) == maxOverlooked {
			break
		}
	}
	return out
}

// countryName returns the English name of a country, or its code in
// capitals when the catalog has none.
func (ix *Index) countryName(code string) string {
	if n := ix.b.CountryNames[code]; n != "" {
		return n
	}
	return strings.ToUpper(code)
}
