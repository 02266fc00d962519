package digest

import (
	"slices"
	"strings"
)

// A country publishing in several languages (India's Hindi and English,
// Switzerland's German, French and Italian) is grouped like any other
// untranslated country, on its original text: its articles' terms carry
// their language, so each language forms clusters of its own. Only the
// headlines of each language's best clusters are then needed in English
// (GroupingReads); once translated, clusters of different languages are
// merged on them the way cross-country matching compares stories, so a
// story told in Hindi and in English is one story.

// groupingDepth is how many of each language's best clusters, in digests
// of Options.Stories, grouping translates the headlines of.
const groupingDepth = 2

// langOf is the primary subtag of language tag, English when it has none.
func langOf(tag string) string {
	if l := primaryTag(tag); l != "" {
		return l
	}
	return "en"
}

// clusterLang is the language of cluster c's headline article (every
// member shares it before merging).
func (ix *Index) clusterLang(c *cluster) string {
	return langOf(ix.arts[c.members[0]].Language)
}

// multilingual reports whether the window holds articles of country in
// more than one language.
func (ix *Index) multilingual(country string) bool {
	first := ""
	for _, i := range ix.byCountry[country] {
		l := langOf(ix.arts[i].Language)
		if first == "" {
			first = l
		} else if l != first {
			return true
		}
	}
	return false
}

// hasTranslated reports whether a member of c has its text in English.
func (ix *Index) hasTranslated(c *cluster) bool {
	for _, m := range c.members {
		if translated(ix.arts[m]) {
			return true
		}
	}
	return false
}

// mergeLanguages joins clusters of country in different languages that
// are each other's closest of that language on their translated text, at
// a centroid cosine of at least MatchThreshold (as cross-country takes
// are matched). Clusters with nothing translated are left as they are.
func (ix *Index) mergeLanguages(country string, cs []*cluster) []*cluster {
	langs := make([]string, len(cs))
	var cand []int
	for i, c := range cs {
		langs[i] = ix.clusterLang(c)
		if ix.hasTranslated(c) {
			cand = append(cand, i)
		}
	}
	// best[i][lang] is cluster i's closest cluster of another language.
	best := make([]map[string]match, len(cs))
	for _, a := range cand {
		for _, b := range cand {
			if langs[a] == langs[b] {
				continue
			}
			s := dot(cs[a].centroid, cs[b].centroid)
			if s < ix.o.MatchThreshold {
				continue
			}
			if best[a] == nil {
				best[a] = map[string]match{}
			}
			if m, ok := best[a][langs[b]]; !ok || s > m.sim || (s == m.sim && b < m.cluster) {
				best[a][langs[b]] = match{b, s}
			}
		}
	}
	parent := make([]int, len(cs))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	merged := false
	for _, a := range cand {
		for _, m := range best[a] {
			if back, ok := best[m.cluster][langs[a]]; ok && back.cluster == a {
				if ra, rb := find(a), find(m.cluster); ra != rb {
					parent[max(ra, rb)] = min(ra, rb)
					merged = true
				}
			}
		}
	}
	if !merged {
		return cs
	}
	groups := map[int][]int{}
	var roots []int
	for i, c := range cs {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], c.members...)
	}
	out := make([]*cluster, 0, len(roots))
	for _, r := range roots {
		if len(groups[r]) == len(cs[r].members) { // not merged
			out = append(out, cs[r])
			continue
		}
		out = append(out, ix.newCluster(country, slices.Clone(groups[r])))
	}
	return out
}

// GroupingReads lists the headline articles that grouping country's
// stories needs translated: when the window holds its articles in more
// than one language, the headlines not yet in English of the
// representatives of each language's best clusters (groupingDepth ×
// Options.Stories of them, by the digest's ranking), best first across
// the languages. Those let clusters of different languages be merged
// into one story. A cluster already merged with another language's on a
// translated member needs none: a story whose representative changed as
// it grew is not translated again. (One not merged yet does: a second
// translated headline is what lets a story meet its other language
// when the first alone did not.) A country publishing in one language
// needs none.
func (ix *Index) GroupingReads(country string) []Read {
	country = strings.ToLower(country)
	byLang := map[string][]*cluster{}
	var langs []string
	for _, c := range ix.langCl[country] {
		l := ix.clusterLang(c)
		if l == "en" {
			continue
		}
		if _, ok := byLang[l]; !ok {
			langs = append(langs, l)
		}
		byLang[l] = append(byLang[l], c)
	}
	slices.Sort(langs)
	depth := groupingDepth * ix.o.Stories
	for _, l := range langs {
		byLang[l] = ix.rankClusters(byLang[l])
	}
	merged := ix.mergedArticles(country)
	var out []Read
	for i := 0; i < depth; i++ {
		for _, l := range langs {
			if i >= len(byLang[l]) {
				continue
			}
			c := byLang[l][i]
			if a := ix.arts[c.members[0]]; !translated(a) && !merged[c.members[0]] {
				out = append(out, Read{ArticleID: a.ID, TitleOnly: true})
			}
		}
	}
	return out
}

// mergedArticles returns the articles of country's stories told in
// more than one language.
func (ix *Index) mergedArticles(country string) map[int]bool {
	out := map[int]bool{}
	for _, ci := range ix.countryCl[country] {
		ms := ix.clusters[ci].members
		first := langOf(ix.arts[ms[0]].Language)
		if slices.ContainsFunc(ms, func(m int) bool { return langOf(ix.arts[m].Language) != first }) {
			for _, m := range ms {
				out[m] = true
			}
		}
	}
	return out
}
