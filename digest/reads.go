package digest

import "strings"

// Read is an article whose text a digest shows, for translation to
// follow what readers see.
type Read struct {
	// ArticleID is the article's id.
	ArticleID string
	// TitleOnly is set when only its headline is shown (an alternative
	// take, or a top story needed for matching).
	TitleOnly bool
}

// Reads lists the articles whose text the digest of country shows, in the
// order a reader meets them: each story's headline article, the article
// its summary comes from, then its alternative takes' headlines.
func (ix *Index) Reads(country string) []Read {
	country = strings.ToLower(country)
	var out []Read
	for _, r := range ix.ranked(country) {
		out = append(out, ix.storyReads(r.ci)...)
		for _, m := range ix.takeClusters(r.ci) {
			out = append(out, Read{ArticleID: ix.arts[ix.clusters[m].members[0]].ID, TitleOnly: true})
		}
	}
	return out
}

// storyReads lists the articles of cluster ci whose text its story
// shows: the headline article, and the article its summary comes from
// when that is another.
func (ix *Index) storyReads(ci int) []Read {
	c := ix.clusters[ci]
	rep := ix.arts[c.members[0]]
	out := []Read{{ArticleID: rep.ID}}
	if summarise(rep.Summary, rep.Title) == "" {
		for _, m := range c.members[1:] {
			if a := ix.arts[m]; summarise(a.Summary, a.Title) != "" {
				out = append(out, Read{ArticleID: a.ID})
				break
			}
		}
	}
	return out
}

// TopStories returns the headline articles of the n best stories of
// country: what cross-country matching of other countries' stories needs
// translated.
func (ix *Index) TopStories(country string, n int) []string {
	var out []string
	for i, r := range ix.ranked(strings.ToLower(country)) {
		if i == n {
			break
		}
		out = append(out, ix.arts[ix.clusters[r.ci].members[0]].ID)
	}
	return out
}

// Countries returns the countries with articles in the window.
func (ix *Index) Countries() []string {
	out := make([]string, 0, len(ix.countryCl))
	for c := range ix.countryCl {
		out = append(out, c)
	}
	return out
}

// MatchCandidates returns, for each top story of country, the headline
// articles of up to n clusters of other countries that come closest to
// it, at a cosine of at least min, best first: stories that may well be
// the same but cannot be told apart until translated (they share names
// or numbers, not words). Translating their headlines lets matching
// decide.
func (ix *Index) MatchCandidates(country string, n int, min float64) []string {
	var out []string
	for _, r := range ix.ranked(strings.ToLower(country)) {
		ms := ix.bestPerCountry(r.ci, min, min, "")
		for i, m := range ms {
			if i == n {
				break
			}
			out = append(out, ix.arts[ix.clusters[m.cluster].members[0]].ID)
		}
	}
	return out
}
