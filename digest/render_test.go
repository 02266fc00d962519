package digest

import (
	"strings"
	"testing"
)

// TestMarkdownNeverEmitsAnEmptyLink: a source or take whose link was
// dropped (unsafe or missing) is named without a link, never as [name]();
// a link that would break the Markdown is escaped.
func TestMarkdownNeverEmitsAnEmptyLink(t *testing.T) {
	d := Digest{Country: "fr", CountryName: "France", Date: "2026-11-30", Stories: []Story{{
		Headline: "Strike",
		Sources: []Source{
			{Name: "Le Monde", URL: "", Language: "fr", OriginalHeadline: "Grève"},
			{Name: "Hostile", URL: "javascript:alert(1)", Language: "fr", OriginalHeadline: "Grève"},
			{Name: "Parens", URL: "https://example.fr/a_(b) c", Language: "fr", OriginalHeadline: "Grève"},
		},
		AlternativeTakes: []Take{{Country: "gb", Source: "BBC News", URL: "", Headline: "Strike in France"}},
	}}}
	md := d.Markdown()
	for _, bad := range []string{"]()", "javascript:", "[Le Monde]", "[BBC News]", "a_(b) c"} {
		if strings.Contains(md, bad) {
			t.Errorf("Markdown holds %q:\n%s", bad, md)
		}
	}
	for _, want := range []string{"- Le Monde (fr): Grève", "- Hostile (fr): Grève", "[Parens](https://example.fr/a_%28b%29%20c)", "- GB, BBC News: Strike in France"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	if txt := d.Text(); strings.Contains(txt, "javascript:") || strings.Contains(txt, "\n     \n") {
		t.Errorf("Text shows a dropped link:\n%s", txt)
	}
}
