package bot

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/worldbrief/worldbrief/digest"
)

// DigestMessage renders a digest: a title block, then one block per
// story with its sources and alternative takes, so renderers split
// messages between stories. The first story's first source is the
// message's link preview, and each story's lead image goes with its block.
func DigestMessage(d digest.Digest) Message {
	var m Message
	name := d.CountryName
	if name == "" {
		name = d.Country
	}
	if d.Country == digest.WorldCode {
		m.Add(B("The world's current take — "+d.Date), T(" · the stories covered by the most countries"))
	} else {
		m.Add(B(name+" — "+d.Date), T(" · what its own press leads with"))
	}
	for i, s := range d.Stories {
		if i == 0 && len(s.Sources) > 0 {
			m.Preview = s.Sources[0].URL
		}
		if s.ImageURL != "" {
			if m.Images == nil {
				m.Images = map[int]string{}
			}
			m.Images[len(m.Blocks)] = s.ImageURL
		}
		spans := []Span{B(fmt.Sprintf("%d. %s", i+1, s.Headline))}
		if s.Blindspot {
			spans = append(spans, T(" "), I("(blindspot: not covered by US/UK outlets)"))
		}
		if s.Summary != "" {
			spans = append(spans, T("\n"+s.Summary))
		}
		for j, src := range s.Sources {
			if j == 0 {
				spans = append(spans, T("\n"))
			} else {
				spans = append(spans, T(" · "))
			}
			spans = append(spans, L(src.Name, src.URL))
			if src.Language != "" && src.Language != "en" {
				spans = append(spans, T(" ("+src.Language+")"))
			}
		}
		for _, t := range s.AlternativeTakes {
			who := cmp.Or(digest.WithArticle(t.CountryName), strings.ToUpper(t.Country))
			spans = append(spans, T("\nHow "+who+" covers it: "), L(t.Headline, t.URL), T(" — "+t.Source))
		}
		m.Add(spans...)
	}
	return m
}

// WithPage returns m ending with a link to the digest's web page, where
// every take and source is ("All takes and sources: …"); m itself when
// url is "".
func WithPage(m Message, url string) Message {
	if url == "" {
		return m
	}
	m.Blocks = append(m.Blocks[:len(m.Blocks):len(m.Blocks)], Block{T("All takes and sources: "), L(url, url)})
	return m
}
