package digest

import (
	"math"
	"sort"
)

// entry is one weighted term of a sparse vector.
type entry struct {
	id int32
	w  float32
}

// svec is a sparse vector sorted by term id.
type svec []entry

// dot returns the inner product of a and b.
func dot(a, b svec) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id == b[j].id:
			s += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		case a[i].id < b[j].id:
			i++
		default:
			j++
		}
	}
	return s
}

// normalised returns v scaled to unit length (v itself when it is zero).
func (v svec) normalised() svec {
	var n float64
	for _, e := range v {
		n += float64(e.w) * float64(e.w)
	}
	if n == 0 {
		return v
	}
	inv := 1 / math.Sqrt(n)
	out := make(svec, len(v))
	for i, e := range v {
		out[i] = entry{e.id, float32(float64(e.w) * inv)}
	}
	return out
}

// topTerms returns the ids of the k heaviest terms of v, heaviest first,
// ties broken by id.
func (v svec) topTerms(k int) []int32 {
	c := make(svec, len(v))
	copy(c, v)
	sort.Slice(c, func(i, j int) bool {
		if c[i].w != c[j].w {
			return c[i].w > c[j].w
		}
		return c[i].id < c[j].id
	})
	if len(c) > k {
		c = c[:k]
	}
	ids := make([]int32, len(c))
	for i, e := range c {
		ids[i] = e.id
	}
	return ids
}

// vocabulary maps terms to ids and counts in how many documents each occurs.
type vocabulary struct {
	ids map[string]int32
	df  []int32
}

func newVocabulary() *vocabulary { return &vocabulary{ids: map[string]int32{}} }

// counts turns a document's weighted terms into raw term counts keyed by id
// and records document frequencies.
func (v *vocabulary) counts(title, summary []string) svec {
	m := make(map[int32]float32, len(title)+len(summary))
	for _, t := range title {
		m[v.id(t)] += titleWeight
	}
	for _, t := range summary {
		m[v.id(t)]++
	}
	out := make(svec, 0, len(m))
	for id, c := range m {
		out = append(out, entry{id, c})
		v.df[id]++
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

func (v *vocabulary) id(t string) int32 {
	id, ok := v.ids[t]
	if !ok {
		id = int32(len(v.df))
		v.ids[t] = id
		v.df = append(v.df, 0)
	}
	return id
}

// titleWeight is how much more a title term counts than a summary term.
const titleWeight = 2

// weigh turns raw counts into a unit TF-IDF vector over n documents.
func (v *vocabulary) weigh(c svec, n int) svec {
	out := make(svec, len(c))
	for i, e := range c {
		idf := math.Log(float64(n+1)/float64(v.df[e.id]+1)) + 1
		out[i] = entry{e.id, float32((1 + math.Log(float64(e.w))) * idf)}
	}
	return out.normalised()
}
