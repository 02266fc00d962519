package digest

import "slices"

// indexTerms is how many of a centroid's heaviest terms the cross-country
// index keys it by.
const indexTerms = 12

// crossLangFactor scales the threshold for two stories whose centroids
// are of texts in different languages, untranslated on at least one side:
// those meet only on what languages share (names, numbers, loanwords), so
// a lower cosine says as much as MatchThreshold does within a language.
// Measured on the labelled set untranslated (matching P 0.952 R 0.207 →
// 0.969 / 0.325) and on the real headlines (R 0.04 → 0.08, P 1.0); 0.5
// let the labelled set's precision fall below 0.9.
const crossLangFactor = 0.6

// maxPosting skips index terms carried by more clusters than this: such a
// term is too common to identify a story, and skipping it bounds a query.
const maxPosting = 2000

// indexClusters builds the inverted index from the heaviest terms of each
// cluster's centroid to the clusters.
func (ix *Index) indexClusters() {
	ix.postings = map[int32][]int{}
	for ci, c := range ix.clusters {
		for _, t := range c.centroid.topTerms(indexTerms) {
			ix.postings[t] = append(ix.postings[t], ci)
		}
	}
}

// match is a cluster of another country about the same story.
type match struct {
	cluster int
	sim     float64
}

// matches returns, for each other country, its cluster closest to
// cluster ci when their centroid cosine reaches min (min ×
// crossLangFactor for texts in different languages) and ci is in turn
// the closest of its country to that cluster; best first. Candidates are the
// clusters sharing one of ci's heaviest terms in the index, so a query
// costs a few posting lists, not a pass over every cluster.
func (ix *Index) matches(ci int, min float64) []match {
	cross := min * crossLangFactor
	out := ix.bestPerCountry(ci, min, cross, "")
	kept := out[:0]
	for _, m := range out {
		back := ix.bestPerCountry(m.cluster, min, cross, ix.clusters[ci].country)
		if len(back) == 1 && back[0].cluster == ci {
			kept = append(kept, m)
		}
	}
	return kept
}

// allMatches returns matches(ci, min) for every cluster ci, asking each
// cluster for its best of every country once: a match is mutual when the
// other's answer for ci's country is ci.
func (ix *Index) allMatches(min float64) [][]match {
	cross := min * crossLangFactor
	best := make([]map[string]int, len(ix.clusters))
	fwd := make([][]match, len(ix.clusters))
	for ci := range ix.clusters {
		fwd[ci] = ix.bestPerCountry(ci, min, cross, "")
		best[ci] = make(map[string]int, len(fwd[ci]))
		for _, m := range fwd[ci] {
			best[ci][ix.clusters[m.cluster].country] = m.cluster
		}
	}
	for ci, ms := range fwd {
		kept := ms[:0]
		for _, m := range ms {
			if back, ok := best[m.cluster][ix.clusters[ci].country]; ok && back == ci {
				kept = append(kept, m)
			}
		}
		fwd[ci] = kept
	}
	return fwd
}

// bestPerCountry returns the closest cluster of each other country (of
// only country, when set) whose cosine with cluster ci reaches min, or
// cross when the two are of texts in different languages.
func (ix *Index) bestPerCountry(ci int, min, cross float64, only string) []match {
	c := ix.clusters[ci]
	seen := map[int]bool{}
	best := map[string]match{}
	for _, t := range c.centroid.topTerms(indexTerms) {
		p := ix.postings[t]
		if len(p) > maxPosting {
			continue
		}
		for _, k := range p {
			kc := ix.clusters[k].country
			if seen[k] || kc == c.country || (only != "" && kc != only) {
				continue
			}
			seen[k] = true
			s := dot(c.centroid, ix.clusters[k].centroid)
			if s < min && (c.mlang == ix.clusters[k].mlang || s < cross) {
				continue
			}
			if b, ok := best[kc]; !ok || s > b.sim || (s == b.sim && k < b.cluster) {
				best[kc] = match{k, s}
			}
		}
	}
	out := make([]match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b match) int {
		if a.sim != b.sim {
			if a.sim > b.sim {
				return -1
			}
			return 1
		}
		return a.cluster - b.cluster
	})
	return out
}

// takes returns up to three alternative takes on cluster ci, each from a
// different country, best match first.
func (ix *Index) takes(ci int) []Take {
	out := []Take{}
	for _, k := range ix.takeClusters(ci) {
		c := ix.clusters[k]
		a := ix.arts[c.members[0]]
		out = append(out, Take{Country: c.country, CountryName: ix.countryName(c.country), SiteID: a.SiteID, Source: ix.b.siteName(a.SiteID), Headline: clean(a.Title), URL: a.URL})
	}
	return out
}

// takeClusters returns the clusters of the alternative takes on ci.
func (ix *Index) takeClusters(ci int) []int {
	var out []int
	for _, m := range ix.matches(ci, ix.o.MatchThreshold) {
		out = append(out, m.cluster)
		if len(out) == 3 {
			break
		}
	}
	return out
}

// blindspot reports whether cluster ci is carried by at least two sites
// and by no blindspot (US/UK) site, in a window where those sites did
// publish.
func (ix *Index) blindspot(ci int) bool {
	c := ix.clusters[ci]
	if len(c.sites) < 2 || c.blind || !ix.blindRef {
		return false
	}
	// Any close US/UK story counts, mutual best match or not: a story is
	// called a blindspot only when nothing there comes near it.
	for _, m := range ix.bestPerCountry(ci, ix.o.BlindspotThreshold, ix.o.BlindspotThreshold, "") {
		if ix.clusters[m.cluster].blind {
			return false
		}
	}
	return true
}
