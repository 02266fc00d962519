package telegram

import (
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/digest"
)

// BenchmarkRenderDigest renders and splits an 8-story digest with three
// sources and three alternative takes per story, about 12 KB of HTML.
func BenchmarkRenderDigest(b *testing.B) {
	d := digest.Digest{Country: "fr", CountryName: "France", Date: "2026-11-27"}
	for range 8 {
		s := digest.Story{Headline: strings.Repeat("Le gouvernement & l'Assemblée ", 3), Summary: strings.Repeat("Une phrase <importante> sur l'économie. ", 6)}
		for range 3 {
			s.Sources = append(s.Sources, digest.Source{Name: "Le Monde", URL: "https://www.lemonde.fr/politique/article/2026/11/27/x?a=1&b=2", Language: "fr"})
			s.AlternativeTakes = append(s.AlternativeTakes, digest.Take{Country: "de", Source: "Der Spiegel", Headline: "Frankreichs Regierung", URL: "https://www.spiegel.de/ausland/x"})
		}
		d.Stories = append(d.Stories, s)
	}
	m := bot.DigestMessage(d)
	var out []string
	b.ReportAllocs()
	for b.Loop() {
		out = RenderHTML(m, MaxMessageUnits)
	}
	n := 0
	for _, c := range out {
		n += len(c)
	}
	b.ReportMetric(float64(len(out)), "messages")
	b.SetBytes(int64(n))
}
