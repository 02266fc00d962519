package bot_test

import (
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/sources"
)

// TestChatWording: counts agree with their nouns, the time-zone tip comes
// once, an explicit UTC/GMT is not nagged about, and a misspelt country
// after a comma gets its suggestion.
func TestChatWording(t *testing.T) {
	c, _ := newTestCore(t)

	if out := ask(t, c, "/subscribe France Japan, frnce"); !strings.Contains(out, `Did you mean France (fr)?`) {
		t.Errorf("/subscribe France Japan, frnce: %q; want France suggested for frnce", out)
	}
	first := ask(t, c, "/subscribe fr")
	if !strings.Contains(first, "Tip: set your time zone") {
		t.Errorf("first /subscribe: %q; want the time-zone tip", first)
	}
	if again := ask(t, c, "/subscribe jp"); strings.Contains(again, "Tip:") {
		t.Errorf("second /subscribe repeats the tip: %q", again)
	}
	if out := ask(t, c, "/timezone GMT"); !strings.Contains(out, "Time zone set to GMT.") {
		t.Errorf("/timezone GMT: %q; want the zone named as typed, not Etc/GMT", out)
	}
	if out := ask(t, c, "/time 07:30"); strings.Contains(out, "That is UTC") || !strings.Contains(out, "07:30 GMT.") {
		t.Errorf("/time after an explicit /timezone GMT: %q", out)
	}
	if out := ask(t, c, "/settings"); strings.Contains(out, "still UTC") || strings.Contains(out, "Etc/") {
		t.Errorf("/settings after an explicit /timezone GMT: %q", out)
	}
	if out := ask(t, c, "/unsubscribe all"); !strings.Contains(out, "all 2 countries") {
		t.Errorf("/unsubscribe all with two countries: %q", out)
	}
	ask(t, c, "/subscribe fr")
	if out := ask(t, c, "/unsubscribe all"); !strings.Contains(out, "Unsubscribed from 1 country.") {
		t.Errorf("/unsubscribe all with one country: %q", out)
	}

	cat, err := sources.LoadCatalog(strings.NewReader(`countries:
  - code: td
    name: Chad
    sites:
      - {id: alwihda, name: Alwihda, language: fr, homepage: "https://www.alwihdainfo.com", feeds: ["https://www.alwihdainfo.com/xml/syndication.rss"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	c.Catalog = cat
	if out := ask(t, c, "/countries"); !strings.Contains(out, "td Chad (1 site)") {
		t.Errorf("/countries with a one-site country: %q", out)
	}
	if out := ask(t, c, "/start"); !strings.Contains(out, "national press of 1 country in") {
		t.Errorf("/start with a one-country catalog: %q", out)
	}
}
