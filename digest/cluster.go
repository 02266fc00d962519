package digest

import (
	"slices"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// Index holds the articles of one window clustered into stories for every
// country, and an inverted index over story centroids for cross-country
// matching. It is read-only once built and safe for concurrent use.
type Index struct {
	b  *Builder
	o  Options
	at time.Time

	arts      []sources.Article
	vecs      []svec                // grouping vectors, in each country's grouping space
	mvecs     []svec                // matching vectors, on translated text where there is one
	english   map[string]bool       // countries grouped on translated text
	langCl    map[string][]*cluster // a multilingual country's clusters of one language each, before merging
	byCountry map[string][]int      // article indices of each country
	byID      map[string]int        // article index of each id

	clusters  []*cluster
	countryCl map[string][]int // cluster indices of each country
	postings  map[int32][]int  // term → clusters with the term among their top terms
	// blindRef is true when the window holds any article of a blindspot
	// site; without one, silence proves nothing and no story is marked.
	blindRef bool
}

// cluster is one story: articles of one country about one event.
type cluster struct {
	country  string
	members  []int  // article indices, most representative first
	centroid svec   // unit mean of the members' matching vectors
	mlang    string // language of the text the centroid is of: "en" once a member is translated
	sites    []string
	newest   time.Time
	blind    bool // carries an article of a blindspot site
}

// vectorise tokenises every article twice and weighs its terms by
// TF-IDF over the whole window: vecs, for grouping within its country, in
// the country's grouping space (see groupsInEnglish), and mvecs, for
// matching across countries, on its text as it stands (translated when it
// is). The
// two have vocabularies of their own, so translating some articles never
// changes how the others of an untranslated country are grouped.
func (ix *Index) vectorise() {
	gvoc, mvoc := newVocabulary(), newVocabulary()
	memo := map[string][]string{}
	ix.english = groupsInEnglish(ix.arts)
	lex := lexicon(ix.arts)
	raw := make([]svec, len(ix.arts))
	mraw := make([]svec, len(ix.arts))
	ix.byID = make(map[string]int, len(ix.arts))
	for i, a := range ix.arts {
		ix.byID[a.ID] = i
		// Matching reads the English tokens of the text as it stands:
		// translated, or original, where names, numbers and shared words
		// still meet (and countries sharing a language meet in full).
		tt, ts := tokens(a.Title), tokens(lead(a.Summary, 400))
		mraw[i] = mvoc.counts(tt, ts)
		if !ix.english[a.Country] {
			tt, ts = originalTerms(a, memo, lex)
		}
		raw[i] = gvoc.counts(tt, ts)
		ix.byCountry[a.Country] = append(ix.byCountry[a.Country], i)
	}
	ix.vecs = make([]svec, len(raw))
	ix.mvecs = make([]svec, len(raw))
	for i := range raw {
		ix.vecs[i] = gvoc.weigh(raw[i], len(raw))
		ix.mvecs[i] = mvoc.weigh(mraw[i], len(raw))
	}
}

// clusterAll groups each country's articles into clusters.
func (ix *Index) clusterAll() {
	ix.countryCl = map[string][]int{}
	countries := make([]string, 0, len(ix.byCountry))
	for c := range ix.byCountry {
		countries = append(countries, c)
	}
	slices.Sort(countries)
	ix.langCl = map[string][]*cluster{}
	for _, c := range countries {
		var cs []*cluster
		for _, members := range ix.clusterCountry(ix.byCountry[c]) {
			cs = append(cs, ix.newCluster(c, members))
		}
		if !ix.english[c] && ix.multilingual(c) {
			ix.langCl[c] = cs
			cs = ix.mergeLanguages(c, cs)
		}
		for _, cl := range cs {
			ix.countryCl[c] = append(ix.countryCl[c], len(ix.clusters))
			ix.clusters = append(ix.clusters, cl)
		}
	}
}

// edge is a candidate link between two articles.
type edge struct {
	i, j int // local indices, i < j
	sim  float64
}

// maxNeighbours is how many links to earlier articles each article keeps.
const maxNeighbours = 12

// compareEdges orders edges strongest first, then by position.
func compareEdges(a, b edge) int {
	if a.sim != b.sim {
		if a.sim > b.sim {
			return -1
		}
		return 1
	}
	if a.i != b.i {
		return a.i - b.i
	}
	return a.j - b.j
}

// clusterCountry links the articles docs (indices into ix.arts) whose
// cosine reaches PairThreshold (or LinkThreshold, for two articles each
// the other's closest: see mutualWeak), strongest pair first, merging two
// groups only when their average pairwise cosine reaches LinkThreshold.
// Candidate pairs come from an inverted index, so the cost follows the
// number of pairs sharing a term, not the square of the articles.
func (ix *Index) clusterCountry(docs []int) [][]int {
	n := len(docs)
	type posting struct {
		j int32
		w float32
	}
	postings := map[int32][]posting{}
	maxPosting := max(64, n/5)
	acc := make([]float64, n)
	floor := min(ix.o.PairThreshold, ix.o.LinkThreshold)
	var touched []int32
	var edges []edge
	for i, d := range docs {
		for _, e := range ix.vecs[d] {
			p := postings[e.id]
			if len(p) <= maxPosting {
				for _, q := range p {
					if acc[q.j] == 0 {
						touched = append(touched, q.j)
					}
					acc[q.j] += float64(e.w) * float64(q.w)
				}
			}
			postings[e.id] = append(p, posting{int32(i), e.w})
		}
		start := len(edges)
		for _, j := range touched {
			if acc[j] >= floor && ix.closeInTime(docs[j], d) {
				edges = append(edges, edge{int(j), i, acc[j]})
			}
			acc[j] = 0
		}
		touched = touched[:0]
		// Keep the strongest maxNeighbours links of each article: enough
		// to join it to its story, and the edge list stays linear.
		if mine := edges[start:]; len(mine) > maxNeighbours {
			slices.SortFunc(mine, compareEdges)
			edges = edges[:start+maxNeighbours]
		}
	}
	edges = mutualWeak(edges, n, ix.o.PairThreshold)
	slices.SortFunc(edges, compareEdges)
	// Each group keeps the sum of its unit vectors as a map; the average
	// pairwise cosine of two groups is the dot product of their sums over
	// the product of their sizes. Merging the smaller map into the larger
	// keeps the total merge cost at O(terms · log n).
	parent := make([]int, n)
	size := make([]int, n)
	sums := make([]map[int32]float32, n)
	for i := range parent {
		parent[i], size[i] = i, 1
	}
	sumOf := func(r int) map[int32]float32 {
		if sums[r] == nil {
			v := ix.vecs[docs[r]]
			m := make(map[int32]float32, len(v))
			for _, e := range v {
				m[e.id] = e.w
			}
			sums[r] = m
		}
		return sums[r]
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, e := range edges {
		a, b := find(e.i), find(e.j)
		if a == b {
			continue
		}
		if size[a] == 1 && size[b] == 1 {
			// Two single articles: their pair cosine is the average.
			if e.sim < ix.o.LinkThreshold {
				continue
			}
		} else if mapDot(sumOf(a), sumOf(b))/float64(size[a]*size[b]) < ix.o.LinkThreshold {
			continue
		}
		big, small := a, b
		if len(sumOf(big)) < len(sumOf(small)) {
			big, small = small, big
		}
		for id, w := range sums[small] {
			sums[big][id] += w
		}
		sums[small] = nil
		// The smaller index becomes the root, so roots do not depend on
		// which map was larger.
		root, other := min(a, b), max(a, b)
		parent[other] = root
		size[root] += size[other]
		sums[root] = sums[big]
		sums[other] = nil
	}
	groups := map[int][]int{}
	var roots []int
	for i := range docs {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], docs[i])
	}
	out := make([][]int, len(roots))
	for k, r := range roots {
		out[k] = groups[r]
	}
	return out
}

// mutualWeak drops the edges below pair (weak links, kept from the
// LinkThreshold up) unless each of their two articles is the other's
// closest: real follow-ups of one event are often worded too far apart
// for pair ("Florida shooting suspect struggled with mental health" and
// "Fort Lauderdale airport reopens after shooting", 0.23), and the closest
// article of a follow-up is most often its own story's, while an article
// whose best neighbour is another has no reason to join a weak one.
func mutualWeak(edges []edge, n int, pair float64) []edge {
	best := make([]float64, n)
	for _, e := range edges {
		best[e.i] = max(best[e.i], e.sim)
		best[e.j] = max(best[e.j], e.sim)
	}
	kept := edges[:0]
	for _, e := range edges {
		if e.sim >= pair || (e.sim == best[e.i] && e.sim == best[e.j]) {
			kept = append(kept, e)
		}
	}
	return kept
}

// closeInTime reports whether two articles are close enough in time to be
// about the same event.
func (ix *Index) closeInTime(a, b int) bool {
	d := ix.arts[a].PublishedAt.Sub(ix.arts[b].PublishedAt)
	return d <= ix.o.MaxGap && d >= -ix.o.MaxGap
}

// mapDot returns the inner product of two sparse vectors kept as maps,
// iterating over the smaller one. Float sums are order-dependent, so the
// smaller map's keys are visited in sorted order.
func mapDot(a, b map[int32]float32) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	keys := make([]int32, 0, len(a))
	for id := range a {
		keys = append(keys, id)
	}
	slices.Sort(keys)
	var s float64
	for _, id := range keys {
		s += float64(a[id]) * float64(b[id])
	}
	return s
}

// newCluster computes a cluster's centroid, orders its members by how
// well they represent it, and notes its sites.
func (ix *Index) newCluster(country string, members []int) *cluster {
	// Cross-country matching reads the translated members when there are
	// any: a story whose shown article alone is translated matches on it.
	var tr []int
	for _, m := range members {
		if translated(ix.arts[m]) {
			tr = append(tr, m)
		}
	}
	mlang := "en"
	if len(tr) == 0 {
		tr = members
		mlang = langOf(ix.arts[members[0]].Language)
	}
	c := &cluster{country: country, centroid: mean(ix.mvecs, tr), mlang: mlang}
	own := c.centroid
	if !ix.english[country] {
		own = mean(ix.vecs, members)
	}
	rep := make(map[int]float64, len(members))
	for _, m := range members {
		rep[m] = dot(ix.vecs[m], own)
	}
	slices.SortFunc(members, func(x, y int) int {
		if rep[x] != rep[y] {
			if rep[x] > rep[y] {
				return -1
			}
			return 1
		}
		return x - y // input order: newest first, then id
	})
	c.members = members
	seen := map[string]bool{}
	for _, m := range members {
		a := ix.arts[m]
		if !seen[a.SiteID] {
			seen[a.SiteID] = true
			c.sites = append(c.sites, a.SiteID)
		}
		if a.PublishedAt.After(c.newest) {
			c.newest = a.PublishedAt
		}
		if ix.b.BlindspotSites[a.SiteID] {
			c.blind = true
			ix.blindRef = true
		}
	}
	return c
}

// mean returns the unit mean of the vectors of members.
func mean(vecs []svec, members []int) svec {
	acc := map[int32]float32{}
	for _, m := range members {
		for _, e := range vecs[m] {
			acc[e.id] += e.w
		}
	}
	sum := make(svec, 0, len(acc))
	for id, w := range acc {
		sum = append(sum, entry{id, w})
	}
	slices.SortFunc(sum, func(a, b entry) int { return int(a.id - b.id) })
	return sum.normalised()
}
