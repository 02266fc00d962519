package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

// feedServer serves the fixture feeds (testdata/feeds) by file name and
// counts requests.
type feedServer struct {
	*httptest.Server
	hits atomic.Int64
}

func newFeedServer(t testing.TB) *feedServer {
	t.Helper()
	dir := feedfixtures.Dir(t)
	fs := &feedServer{}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.hits.Add(1)
		if strings.HasPrefix(r.URL.Path, "/broken") {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		http.ServeFile(w, r, filepath.Join(dir, filepath.Base(r.URL.Path)))
	}))
	t.Cleanup(fs.Close)
	return fs
}

// testCatalog writes a catalog whose feeds point at the fixture server.
func testCatalog(t testing.TB, base string) string {
	t.Helper()
	cat := fmt.Sprintf(`countries:
  - code: fr
    name: France
    sites:
      - {id: lemonde, name: Le Monde, language: fr, homepage: "https://www.lemonde.fr", feeds: ["%[1]s/fr-lemonde-rss2-mojibake.xml"]}
      - {id: reporterre, name: Reporterre, language: fr, homepage: "https://reporterre.net", feeds: ["%[1]s/fr-reporterre-rss2-dcdate.xml"]}
      - {id: deadfr, name: Dead Paper, language: fr, homepage: "https://dead.example", feeds: ["%[1]s/broken/fr"]}
  - code: ru
    name: Russia
    sites:
      - {id: yandex, name: Yandex News, language: ru, homepage: "https://news.yandex.ru", feeds: ["%[1]s/ru-yandex-news-rss2-mojibake.xml"]}
      - {id: oren, name: Oren.ru, language: ru, homepage: "https://www.oren.ru", feeds: ["%[1]s/ru-oren-rss2-windows1251.xml"]}
  - code: lu
    name: Luxembourg
    sites:
      - {id: dead1, name: Dead One, language: lb, homepage: "https://one.example", feeds: ["%[1]s/broken/1"]}
      - {id: dead2, name: Dead Two, language: lb, homepage: "https://two.example", feeds: ["%[1]s/broken/2"]}
`, base)
	return writeCatalogFile(t, cat)
}

// fixtureCountries are eight countries with working fixture feeds (the
// catalog of fixtureCatalog), all shipped in testdata/feeds.
var fixtureCountries = []struct {
	code, name, lang string
	feeds            []string
}{
	{"fr", "France", "fr", []string{"fr-lemonde-rss2-mojibake.xml", "fr-reporterre-rss2-dcdate.xml"}},
	{"de", "Germany", "de", []string{"de-finanzen-rss2-declared-iso8859-1-actually-utf8.xml", "de-heise-developer-atom.xml"}},
	{"ru", "Russia", "ru", []string{"ru-oren-rss2-windows1251.xml", "ru-aif-rss2.xml"}},
	{"gb", "United Kingdom", "en", []string{"gb-mailonline-rss2-declared-iso8859-1-actually-utf8.xml"}},
	{"us", "United States", "en", []string{"us-nytimes-rss2.xml", "us-pcmag-rss2-nested-empty-items.xml"}},
	{"cn", "China", "zh", []string{"cn-kc0011-rss2-gb2312.xml", "cn-oschina-rss2-unescaped-amp.xml"}},
	{"it", "Italy", "it", []string{"it-ilgiornale-rss2.xml", "it-hdblog-rss2.xml"}},
	{"in", "India", "en", []string{"in-livemint-rss2.xml"}},
}

// fixtureCatalog writes the catalog of fixtureCountries, feeds served by
// base (a newFeedServer).
func fixtureCatalog(tb testing.TB, base string) string {
	tb.Helper()
	var cat strings.Builder
	cat.WriteString("countries:\n")
	for _, c := range fixtureCountries {
		fmt.Fprintf(&cat, "  - code: %s\n    name: %s\n    sites:\n", c.code, c.name)
		for i, f := range c.feeds {
			fmt.Fprintf(&cat, "      - {id: %s%d, name: %s paper %d, language: %s, homepage: \"https://%s%d.example\", feeds: [\"%s/%s\"]}\n",
				c.code, i, c.name, i, c.lang, c.code, i, base, f)
		}
	}
	return writeCatalogFile(tb, cat.String())
}

// writeCatalogFile writes a catalog's YAML to a file of the test's and
// returns its path.
func writeCatalogFile(tb testing.TB, yaml string) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "catalog.yaml")
	if err := os.WriteFile(p, []byte(yaml), 0o600); err != nil {
		tb.Fatal(err)
	}
	return p
}
