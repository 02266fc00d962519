package digest

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Digest returns the digest of country: its top stories ranked by
// breadth of coverage, recency and site weight.
func (ix *Index) Digest(country string) Digest {
	country = strings.ToLower(country)
	d := Digest{
		Country:     country,
		CountryName: ix.b.CountryNames[country],
		GeneratedAt: ix.at.UTC(),
		Window:      ix.o.Window,
		Articles:    len(ix.byCountry[country]),
		Stories:     []Story{},
	}
	loc := time.UTC
	if ix.b.Zones != nil {
		if l := ix.b.Zones(country); l != nil {
			loc = l
		}
	}
	d.Date = ix.at.In(loc).Format(time.DateOnly)
	if d.CountryName == "" {
		d.CountryName = strings.ToUpper(country)
	}

	rs := ix.ranked(country)
	for _, r := range rs {
		d.Stories = append(d.Stories, ix.story(r.ci, r.score))
	}
	return d
}

// ranked is a cluster and its score.
type ranked struct {
	ci    int
	score float64
}

// ranked returns the top stories of country, best first, at most
// Options.Stories.
func (ix *Index) ranked(country string) []ranked {
	var rs []ranked
	for _, ci := range ix.countryCl[country] {
		rs = append(rs, ranked{ci, ix.score(ix.clusters[ci])})
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		return ix.compareRank(ix.clusters[a.ci], ix.clusters[b.ci], a.score, b.score)
	})
	if len(rs) > ix.o.Stories {
		rs = rs[:ix.o.Stories]
	}
	return rs
}

// rankClusters returns cs best first, by the ranking of ranked.
func (ix *Index) rankClusters(cs []*cluster) []*cluster {
	out := slices.Clone(cs)
	scores := make(map[*cluster]float64, len(out))
	for _, c := range out {
		scores[c] = ix.score(c)
	}
	slices.SortFunc(out, func(a, b *cluster) int { return ix.compareRank(a, b, scores[a], scores[b]) })
	return out
}

// compareRank orders two clusters of scores sa and sb best first: by
// score, then size, recency and the headline article's id.
func (ix *Index) compareRank(ca, cb *cluster, sa, sb float64) int {
	if sa != sb {
		if sa > sb {
			return -1
		}
		return 1
	}
	if len(ca.members) != len(cb.members) {
		return len(cb.members) - len(ca.members)
	}
	if c := cb.newest.Compare(ca.newest); c != 0 {
		return c
	}
	return strings.Compare(ix.arts[ca.members[0]].ID, ix.arts[cb.members[0]].ID)
}

// score is distinct sites × recency × mean site weight. Recency halves
// every HalfLife of the newest article's age. It is rounded so that it
// prints and compares the same everywhere.
func (ix *Index) score(c *cluster) float64 {
	var w float64
	for _, s := range c.sites {
		w += ix.b.siteWeight(s)
	}
	w /= float64(len(c.sites))
	age := ix.at.Sub(c.newest).Hours()
	recency := math.Exp2(-age / ix.o.HalfLife.Hours())
	return math.Round(float64(len(c.sites))*recency*w*1e4) / 1e4
}

// story renders cluster ci.
func (ix *Index) story(ci int, score float64) Story {
	c := ix.clusters[ci]
	rep := ix.arts[c.members[0]]
	headline := clean(rep.Title)
	if headline == "" {
		headline = clean(rep.OriginalTitle)
	}
	s := Story{
		Headline:         headline,
		Score:            score,
		Blindspot:        ix.blindspot(ci),
		AlternativeTakes: ix.takes(ci),
	}
	seen := map[string]bool{}
	for _, m := range c.members {
		a := ix.arts[m]
		if seen[a.SiteID] {
			continue // near-duplicates of one site collapse into its best article
		}
		seen[a.SiteID] = true
		orig := a.OriginalTitle
		if orig == "" {
			orig = a.Title
		}
		if s.ImageURL == "" {
			s.ImageURL = a.ImageURL
		}
		s.Sources = append(s.Sources, Source{SiteID: a.SiteID, Name: ix.b.siteName(a.SiteID), URL: a.URL, Language: a.Language, OriginalHeadline: clean(orig)})
	}
	for _, m := range c.members {
		if s.Summary != "" && len(s.leads) == 8 {
			break
		}
		a := ix.arts[m]
		sum := summarise(a.Summary, a.Title)
		if s.Summary == "" {
			s.Summary = sum
		}
		if len(s.leads) < 8 {
			s.leads = append(s.leads, strings.TrimSpace(clean(a.Title)+". "+sum))
		}
	}
	return s
}
