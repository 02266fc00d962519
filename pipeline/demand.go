package pipeline

import (
	"slices"
	"strings"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/translate"
)

// defaultMatchStories is how many top stories of each other country are
// translated for matching besides the candidates: none. In the simulated
// day of BenchmarkTranslationPerDay the best story of each other country
// of the catalog costs about 8,000 characters a day and finds no take
// the candidates do not; on the labelled set neither.
const defaultMatchStories = 0

// matchCandidates is how many other countries' stories closest to each
// story read are translated for matching; candidateCosine is how close
// their untranslated text must come.
const (
	matchCandidates = 5
	candidateCosine = 0.05
)

// Readers says whose digests are about to be read.
type Readers struct {
	// Asked are the countries a person waits for now (a digest, a
	// headline list, /headlines).
	Asked []string
	// Subscribed are the countries whose next morning digests are due, on
	// any platform.
	Subscribed []string
	// MatchStories is how many top stories of every other country are
	// translated for matching too, besides the other countries' stories
	// closest to those read (default 0).
	MatchStories int
	// whole asks for what the digests show even while grouping headlines
	// are untranslated: a step whose grouping round translated nothing
	// (a text the provider keeps refusing, a budget that cannot cover
	// them) must not leave the digest itself untranslated.
	whole bool
}

// Wanted is what readers are about to see, by priority, as article ids.
type Wanted struct {
	OnDemand, Shown, Matching []digest.Read
}

// IDs returns every article id of w, once.
func (w Wanted) IDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, rs := range [][]digest.Read{w.OnDemand, w.Shown, w.Matching} {
		for _, r := range rs {
			if !seen[r.ArticleID] {
				seen[r.ArticleID] = true
				out = append(out, r.ArticleID)
			}
		}
	}
	return out
}

// WantedBy lists what r's digests need and show, and what matching them
// needs. A digest needs first what grouping its stories needs: a country
// publishing in several languages (India, Switzerland, Canada) merges
// its languages' stories on their English headlines, so the headlines of
// each language's best stories come first (~60 characters each,
// digest.Index.GroupingReads), and nothing else of its digest until they
// are: its stories are then merged anew and the caller plans again for
// what the merged digest shows, instead of paying for the summaries of
// stories the merging absorbs. Then what the digest shows
// (each story's headline and summary, and its alternative takes'
// headlines; for the world edition, digest.WorldCode, what it shows).
// Matching needs the headlines of the other countries' stories that come closest
// to each story read on their untranslated text (names, numbers), and of
// the top MatchStories stories of every other country of ix.
func WantedBy(ix *digest.Index, r Readers) Wanted {
	var w Wanted
	read := map[string]bool{}
	for _, c := range r.Asked {
		c = strings.ToLower(c)
		if !read[c] {
			read[c] = true
			w.OnDemand = append(w.OnDemand, readsOf(ix, c, r.whole)...)
		}
	}
	for _, c := range r.Subscribed {
		c = strings.ToLower(c)
		if !read[c] {
			read[c] = true
			w.Shown = append(w.Shown, readsOf(ix, c, r.whole)...)
		}
	}
	if len(read) == 0 {
		return w
	}
	n := r.MatchStories
	if n <= 0 {
		n = defaultMatchStories
	}
	others := ix.Countries()
	slices.Sort(others)
	// Other countries' stories closest to the ones read, on what the
	// untranslated texts share (names, numbers).
	for _, c := range append(slices.Clone(r.Asked), r.Subscribed...) {
		for _, id := range ix.MatchCandidates(strings.ToLower(c), matchCandidates, candidateCosine) {
			w.Matching = append(w.Matching, digest.Read{ArticleID: id, TitleOnly: true})
		}
	}
	tops := map[string][]string{}
	for _, c := range others {
		if !read[c] {
			tops[c] = ix.TopStories(c, n)
		}
	}
	// Story by story across countries: every country's best story before
	// any country's second, so a short budget still covers all countries.
	for rank := 0; rank < n; rank++ {
		for _, c := range others {
			if top := tops[c]; len(top) > rank {
				w.Matching = append(w.Matching, digest.Read{ArticleID: top[rank], TitleOnly: true})
			}
		}
	}
	return w
}

// readsOf lists what country's digest needs and shows: the headlines its
// grouping needs while any is untranslated, else (or, with whole, after
// them) its texts. The world edition (digest.WorldCode) shows the world
// stories' headlines, takes and overlooked stories.
func readsOf(ix *digest.Index, country string, whole bool) []digest.Read {
	if country == digest.WorldCode {
		return ix.WorldReads()
	}
	g := ix.GroupingReads(country)
	if len(g) > 0 && !whole {
		return g
	}
	return append(g, ix.Reads(country)...)
}

// DemandOf turns w into a translate.Demand over the articles still
// waiting for translation (pending, by id); rest is every other pending
// article, most wanted first.
func DemandOf(w Wanted, pending map[string]translate.Article, rest []translate.Article) translate.Demand {
	needs := func(rs []digest.Read) []translate.Need {
		var out []translate.Need
		for _, r := range rs {
			if a, ok := pending[r.ArticleID]; ok {
				out = append(out, translate.Need{Article: a, TitleOnly: r.TitleOnly})
			}
		}
		return out
	}
	return translate.Demand{OnDemand: needs(w.OnDemand), Shown: needs(w.Shown), Matching: needs(w.Matching), Rest: rest}
}
