package pipeline

import (
	"slices"
	"strings"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/translate"
)

// defaultMatchStories is how many top stories of each other country
// cross-country matching needs translated: the best one. In the
// simulated day of BenchmarkTranslationPerDay each more story per country
// costs about 3,500 characters a day, shared by all subscriptions.
const defaultMatchStories = 1

// Readers says whose digests are about to be read.
type Readers struct {
	// Asked are the countries a person waits for now (a digest, a
	// headline list, /headlines).
	Asked []string
	// Subscribed are the countries whose next morning digests are due, on
	// any platform.
	Subscribed []string
	// MatchStories is how many top stories of every other country the
	// matching of those digests' stories needs (default 1; negative: none).
	MatchStories int
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

// WantedBy lists what r's digests show (each story's headline and
// summary, and its alternative takes' headlines) and what matching them
// needs: the headlines of the top stories of every other country of ix.
func WantedBy(ix *digest.Index, r Readers) Wanted {
	var w Wanted
	read := map[string]bool{}
	for _, c := range r.Asked {
		c = strings.ToLower(c)
		if !read[c] {
			read[c] = true
			w.OnDemand = append(w.OnDemand, ix.Reads(c)...)
		}
	}
	for _, c := range r.Subscribed {
		c = strings.ToLower(c)
		if !read[c] {
			read[c] = true
			w.Shown = append(w.Shown, ix.Reads(c)...)
		}
	}
	if len(read) == 0 {
		return w
	}
	n := r.MatchStories
	if n == 0 {
		n = defaultMatchStories
	}
	others := ix.Countries()
	slices.Sort(others)
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
