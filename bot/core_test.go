package bot_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/bottest"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/store"
)

// newTestCore returns a bot.Core over a migrated in-memory store with the
// embedded catalog and a few French articles.
func newTestCore(t testing.TB) (*bot.Core, *store.Store) {
	t.Helper()
	ctx := context.Background()
	st := bottest.Store(t)
	core := bottest.Core(t, st)
	fr, _ := core.Catalog.Resolve("fr")
	now := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	var arts []sources.Article
	for i := range 12 {
		arts = append(arts, sources.Article{
			ID: "a" + string(rune('a'+i)), SiteID: fr.Sites[0].ID, Country: "fr", Language: "fr",
			Title: "Titre <b>" + string(rune('A'+i)) + "</b> & co", OriginalTitle: "Titre <b>" + string(rune('A'+i)) + "</b> & co",
			URL: "https://example.fr/" + string(rune('a'+i)), PublishedAt: now.Add(-time.Duration(i) * time.Minute), FirstSeenAt: now,
		})
	}
	if _, err := st.SaveArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	return core, st
}

// ask sends text as a private console user and returns the plain reply.
func ask(t *testing.T, c *bot.Core, text string) string {
	t.Helper()
	m, ok := c.Handle(context.Background(), bot.Request{Chat: bot.ChatKey{Platform: "test", ChatID: "1"}, User: "u", Text: text, BotName: "WorldBriefBot"})
	if !ok {
		t.Fatalf("%q: not handled", text)
	}
	return m.PlainText()
}

func TestTranscript(t *testing.T) {
	c, _ := newTestCore(t)
	steps := []struct{ in, want string }{
		{"/start", "/subscribe France Japan"},
		{"/help", "/filter COUNTRY +word -word | clear"},
		{"/help", "In groups only administrators"},
		{"/list", "no subscriptions"},
		{"/subscribe France  Japan", "Subscribed to France (fr), Japan (jp)"},
		{"/subscribe@WorldBriefBot fr", "Already subscribed to France (fr)"},
		{"/SUBSCRIBE côte d'ivoire", "I don't cover Côte d'Ivoire (ci) yet"},
		{"/subscribe MÉXICO", "Subscribed to Mexico (mx)"},
		{"/subscribe united states, south korea", "United States (us), South Korea (kr)"},
		{"/subscribe frnce", `Did you mean France (fr)`},
		{"/subscribe chad", "I don't cover Chad (td) yet"},
		{"/subscribe germany ruusia", "Did you mean Russia (ru)? Nothing was changed"},
		{"/unsubscribe germany", "not subscribed"},
		{"/subscribe", "Usage: /subscribe COUNTRY…"},
		{"/time 25:61", "HH:MM on a 24-hour clock, e.g. /time 07:30"},
		{"/time 6h30", "06:30"},
		{"/timezone Mars/Olympus", "such as /timezone Europe/Berlin"},
		{"/timezone berlin", "Europe/Berlin"},
		{"/timezone Japan", "Asia/Tokyo"},
		{"/timezone united states", "several time zones"},
		{"/timezone america/new_york", "America/New_York"},
		{"/list", "every day at 06:30 America/New_York"},
		{"/filter fr +Climat -football", "+climat -football"},
		{"/filter de +x", "not subscribed to Germany"},
		{"/filter fr climat", "Which words?"},
		{"/filter fr +climat football", "Put + or - before \"football\""},
		{"/settings", "Filter for France: +climat -football"},
		{"/filter fr clear", "cleared"},
		{"/headlines fr 3", "3. Titre <b>C</b> & co"},
		{"/headlines fr 99", "1 to 30"},
		{"/headlines fr abc", `"abc" is not a number of headlines; e.g. /headlines fr 5.`},
		{"/headlines saudi arabya", "Did you mean Saudi Arabia (sa)?"},
		{"/headlines", "Usage: /headlines COUNTRY [N]"},
		{"/headlines jp", "No headlines for Japan yet"},
		{"/digest fr", "Digests are not available yet"},
		{"/sources fr", "never fetched"},
		{"/countries europe", "fr France"},
		{"/countries africa", "rw Rwanda"},
		{"/countries Afrique", "tz Tanzania"},
		{"/countries korea", "kr South Korea"},
		{"/countries zzzzqqq", "No country matches"},
		{"/unsubscribe jp", "Unsubscribed from Japan (jp)"},
		{"/unsubscribe jp", "was not subscribed to Japan"},
		{"/unsubscribe all", "Unsubscribed from all 4 countries"},
		{"/unsubscribe all", "had no subscriptions"},
		{"/frobnicate", "I don't know the command /frobnicate"},
	}
	for _, s := range steps {
		got := ask(t, c, s.in)
		if !strings.Contains(got, s.want) {
			t.Errorf("%s\n got: %s\nwant it to contain: %s", s.in, got, s.want)
		}
	}
	if strings.Contains(ask(t, c, "/headlines fr 3"), "4. ") {
		t.Error("/headlines fr 3 showed more than 3 headlines")
	}
}

func TestIgnoresOtherBotsAndChatter(t *testing.T) {
	c, _ := newTestCore(t)
	for _, text := range []string{"/help@SomeOtherBot", "hello there", "", "/", "/ help"} {
		if m, ok := c.Handle(context.Background(), bot.Request{Chat: bot.ChatKey{Platform: "test", ChatID: "1"}, Text: text, BotName: "WorldBriefBot"}); ok {
			t.Errorf("%q was answered: %q", text, m.PlainText())
		}
	}
}

func TestGroupAdminsOnly(t *testing.T) {
	c, st := newTestCore(t)
	ctx := context.Background()
	chat := bot.ChatKey{Platform: "test", ChatID: "-5"}
	admin := false
	var checkErr error
	req := func(text string) string {
		m, _ := c.Handle(ctx, bot.Request{Chat: chat, Text: text, Group: true, IsAdmin: func(context.Context) (bool, error) { return admin, checkErr }})
		return m.PlainText()
	}
	if got := req("/subscribe fr"); !strings.Contains(got, "Only the chat's administrators") {
		t.Fatalf("non-admin subscribe: %q", got)
	}
	if subs, _ := st.Subscriptions(ctx, chat); len(subs) != 0 {
		t.Fatalf("non-admin created %d subscriptions", len(subs))
	}
	if m, ok := c.Handle(ctx, bot.Request{Chat: chat, Text: "/weather", Group: true}); ok {
		t.Fatalf("another bot's command was answered in a group: %q", m.PlainText())
	}
	if got := req("/headlines fr 1"); !strings.Contains(got, "latest headlines") {
		t.Fatalf("non-admin headlines: %q", got)
	}
	checkErr = errors.New("boom")
	if got := req("/time 07:00"); !strings.Contains(got, "could not check") {
		t.Fatalf("admin check failure: %q", got)
	}
	admin, checkErr = true, nil
	if got := req("/subscribe fr"); !strings.Contains(got, "Subscribed to France") {
		t.Fatalf("admin subscribe: %q", got)
	}
}

func TestThreadRemembered(t *testing.T) {
	c, st := newTestCore(t)
	ctx := context.Background()
	chat := bot.ChatKey{Platform: "test", ChatID: "-100"}
	c.Handle(ctx, bot.Request{Chat: chat, ThreadID: "77", Text: "/subscribe jp"})
	subs, _ := st.Subscriptions(ctx, chat)
	if len(subs) != 1 || subs[0].ThreadID != "77" {
		t.Fatalf("subscriptions = %+v, want jp in thread 77", subs)
	}
}

func TestHostileInputNeverCrashes(t *testing.T) {
	c, _ := newTestCore(t)
	inputs := []string{
		"/subscribe " + strings.Repeat("x", 100000),
		"/subscribe " + strings.Repeat("fr ", 5000),
		"/timezone " + strings.Repeat("../", 300),
		"/filter fr " + strings.Repeat("+a ", 500),
		"/time \x00\xff\xfe",
		"/headlines \xff\xfe\x00",
		"/countries " + strings.Repeat("é", 5000),
	}
	for _, in := range inputs {
		if got := ask(t, c, in); got == "" || len(got) > 20000 {
			t.Errorf("%.40q: reply of %d bytes", in, len(got))
		}
	}
}

// fakeDigests returns a fixed digest.
type fakeDigests struct{ d digest.Digest }

func (f fakeDigests) Digest(_ context.Context, country string) (digest.Digest, error) {
	d := f.d
	d.Country = country
	return d, nil
}

func TestDigestAppliesTheChatsFilter(t *testing.T) {
	c, _ := newTestCore(t)
	c.Digests = fakeDigests{digest.Digest{CountryName: "France", Date: "2026-11-27", Stories: []digest.Story{
		{Headline: "Climate bill passes", Summary: "The assembly voted.", Sources: []digest.Source{{Name: "Le Monde", URL: "https://lemonde.fr/x", Language: "fr"}}},
		{Headline: "Football final tonight", Sources: []digest.Source{{Name: "L'Équipe", URL: "https://lequipe.fr/y", Language: "fr"}},
			AlternativeTakes: []digest.Take{{Country: "de", CountryName: "Germany", Source: "Spiegel", Headline: "French final", URL: "https://spiegel.de/z"}}},
	}}}
	got := ask(t, c, "/digest france")
	for _, want := range []string{"France — 2026-11-27", "1. Climate bill passes", "Le Monde (https://lemonde.fr/x) (fr)", "How Germany covers it: French final"} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
	ask(t, c, "/subscribe fr")
	ask(t, c, "/filter fr -football")
	got = ask(t, c, "/digest fr")
	if strings.Contains(got, "Football") || !strings.Contains(got, "Climate") {
		t.Errorf("filtered digest:\n%s", got)
	}
	if strings.Contains(got, "All takes and sources") {
		t.Errorf("a digest links to a page without PageURL:\n%s", got)
	}
	c.PageURL = func(country, date string) string { return "https://news.example/" + country + "/" + date }
	if got := ask(t, c, "/digest fr"); !strings.HasSuffix(strings.TrimSpace(got), "All takes and sources: https://news.example/fr/2026-11-27") {
		t.Errorf("digest does not end with its page:\n%s", got)
	}
	if got := ask(t, c, "/filter fr +/[unclosed/"); !strings.Contains(got, "That filter does not work") {
		t.Errorf("bad regexp filter accepted: %s", got)
	}
}

// TestWorldEditionInChats: /digest world shows the world edition,
// /subscribe world subscribes to it (alone or with countries) and
// /filter applies to it; commands with nothing to show for it say so.
func TestWorldEditionInChats(t *testing.T) {
	c, _ := newTestCore(t)
	world := digest.World{Date: "2026-11-27", Countries: 2, Stories: []digest.WorldStory{{Headline: "Gaza truce talks", Take: "Talks resume.", Countries: 2,
		Coverage: []digest.Coverage{{Country: "eg", CountryName: "Egypt", Source: "Ahram", Headline: "Egypt hosts talks", URL: "https://ahram.example/1", Sites: 2},
			{Country: "br", CountryName: "Brazil", Source: "Folha", Headline: "Truce talks in Cairo", URL: "https://folha.example/2", Sites: 1}}}}}
	c.Digests = fakeDigests{world.AsDigest()}
	got := ask(t, c, "/digest world")
	for _, want := range []string{"The world's current take — 2026-11-27", "1. Gaza truce talks (2 countries)", "Talks resume.", "Ahram (https://ahram.example/1)", "How Brazil covers it: Truce talks in Cairo"} {
		if !strings.Contains(got, want) {
			t.Errorf("/digest world lacks %q:\n%s", want, got)
		}
	}
	if got := ask(t, c, "/subscribe world, France"); !strings.Contains(got, "the world edition (world)") || !strings.Contains(got, "France (fr)") {
		t.Errorf("/subscribe world, France: %s", got)
	}
	if got := ask(t, c, "/filter world -gaza"); strings.Contains(got, "not subscribed") {
		t.Errorf("/filter world: %s", got)
	}
	if got := ask(t, c, "/digest the world"); !strings.Contains(got, "No story of") {
		t.Errorf("/digest world with the chat's filter -gaza: %s", got)
	}
	for _, cmd := range []string{"/headlines world", "/sources world"} {
		if got := ask(t, c, cmd); !strings.Contains(got, "/digest world") {
			t.Errorf("%s: %s", cmd, got)
		}
	}
	if got := ask(t, c, "/unsubscribe world"); !strings.Contains(got, "Unsubscribed from the world edition") {
		t.Errorf("/unsubscribe world: %s", got)
	}
}

// FuzzHandle feeds any text to every command: no handler may panic, and
// every answer is a short, valid sentence.
func FuzzHandle(f *testing.F) {
	for _, s := range []string{"/subscribe France Japan", "/time 25:61", "/timezone Mars/Olympus", "/filter fr +a -b", "/headlines fr 0", "/countries \xff", "/unsubscribe all"} {
		f.Add(s)
	}
	c, _ := newTestCore(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, spec := range bot.Commands() {
			text := "/" + spec.Name + " " + s
			m, ok := c.Handle(context.Background(), bot.Request{Chat: bot.ChatKey{Platform: "fuzz", ChatID: "1"}, Text: text})
			if !ok {
				t.Fatalf("%q not handled", text)
			}
			out := m.PlainText()
			if strings.TrimSpace(out) == "" || len(out) > 64<<10 || strings.Contains(out, "something went wrong") {
				t.Fatalf("%q → %q", text, out)
			}
		}
	})
}

func TestUnsubscribeFromACountryTheCatalogDropped(t *testing.T) {
	c, st := newTestCore(t)
	ctx := context.Background()
	chat := bot.ChatKey{Platform: "test", ChatID: "1"}
	if _, _, err := st.Subscribe(ctx, bot.Subscription{ChatKey: chat, Country: "zz"}); err != nil {
		t.Fatal(err)
	}
	if got := ask(t, c, "/unsubscribe ZZ fr"); !strings.Contains(got, "Unsubscribed from zz (zz), France (fr)") {
		t.Fatalf("reply: %s", got)
	}
	if subs, _ := st.Subscriptions(ctx, chat); len(subs) != 0 {
		t.Fatalf("still subscribed: %+v", subs)
	}
}

func TestHelpOnDiscord(t *testing.T) {
	c, _ := newTestCore(t)
	m, _ := c.Handle(context.Background(), bot.Request{Chat: bot.ChatKey{Platform: "discord", ChatID: "1"}, Text: "/help"})
	got := m.PlainText()
	if strings.Contains(got, "/start") || !strings.Contains(got, "Manage Channels") || !strings.Contains(got, "/subscribe") {
		t.Fatalf("Discord help:\n%s", got)
	}
}

// TestHeadlinesShowTheYearOfOldArticles: /headlines shows an article's
// year when it is not this year's, so a feed's old items do not pass for
// this week's; this year's keep the short "Nov 27 05:59 UTC".
func TestHeadlinesShowTheYearOfOldArticles(t *testing.T) {
	c, st := newTestCore(t)
	c.Now = func() time.Time { return time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC) }
	fr, _ := c.Catalog.Resolve("fr")
	old := time.Date(2017, 1, 7, 14, 45, 0, 0, time.UTC)
	if _, err := st.SaveArticles(context.Background(), []sources.Article{{
		ID: "old", SiteID: fr.Sites[1].ID, Country: "fr", Language: "fr", Title: "Vieux titre", OriginalTitle: "Vieux titre",
		URL: "https://example.fr/old", PublishedAt: old, FirstSeenAt: old,
	}}); err != nil {
		t.Fatal(err)
	}
	out := ask(t, c, "/headlines fr 30")
	if !strings.Contains(out, "Jan 7 2017 14:45 UTC") || !strings.Contains(out, "Nov 27 05:59 UTC") || strings.Contains(out, "Nov 27 2026") {
		t.Errorf("/headlines fr 30:\n%s", out)
	}
}
