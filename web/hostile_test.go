package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/digest"
)

// hostileDigest has a story whose texts carry markup, script, RTL
// control characters, emoji and a 10 kB title.
func hostileDigest() digest.Digest {
	long := strings.Repeat("Ünïcödé-wörd-without-spaces-", 360) // ≈ 10 kB, no break opportunity
	return digest.Digest{Country: "fr", CountryName: "France", Date: "2026-03-10", GeneratedAt: labelledAt, Articles: 9,
		Stories: []digest.Story{{
			Headline: `<script>alert("x")</script> Breaking & "quoted" 🇫🇷🔥`,
			Summary:  `<img src=x onerror=alert(1)> Summary with <b>tags</b>`,
			ImageURL: `javascript:alert(1)`,
			Sources: []digest.Source{
				{Name: `Le <i>Monde</i>`, URL: `https://lemonde.example/a?b=1&c="2"`, Language: "ar", OriginalHeadline: "\u202eعاجل: خبر مهم\u202c"},
				{Name: "Long", URL: `javascript:alert(2)`, Language: "fr", OriginalHeadline: long},
			},
			AlternativeTakes: []digest.Take{{Country: "de", Source: `</a><a href="evil">`, Headline: `"><svg onload=alert(3)>`, URL: "https://zeit.example/1"}},
		}}}
}

// TestHostileTextEscapedAndIntact: markup in titles is shown as text,
// never interpreted; scripts and javascript: URLs never reach the page;
// RTL, emoji and a 10 kB title arrive whole.
func TestHostileTextEscapedAndIntact(t *testing.T) {
	cat := labelledCatalog(t)
	f := labelledDigests(t, cat)
	d := hostileDigest()
	f.days["fr"] = []digest.Digest{d}
	s, err := New(Config{Digests: f, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/fr", "/fr.atom", "/fr.json"} {
		rec := get(t, s, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		body := rec.Body.String()
		if path != "/fr" {
			continue // the feeds are checked by parsing them back in TestFeeds*
		}
		for _, bad := range []string{"<script", "<img src=x", "<svg", `href="evil"`, "javascript:", "<i>Monde", "<b>tags"} {
			if strings.Contains(body, bad) {
				t.Errorf("page contains %q unescaped", bad)
			}
		}
		for _, want := range []string{
			"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Breaking &amp; &#34;quoted&#34; 🇫🇷🔥",
			"&lt;img src=x onerror=alert(1)&gt; Summary with &lt;b&gt;tags&lt;/b&gt;",
			`lang="ar" dir="auto">` + "\u202eعاجل: خبر مهم\u202c<",
			d.Stories[0].Sources[1].OriginalHeadline,
			"Le &lt;i&gt;Monde&lt;/i&gt;",
			`href="https://lemonde.example/a?b=1&amp;c=%222%22"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", shorten(want, 120))
			}
		}
	}
}
