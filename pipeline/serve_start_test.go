package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// cycles is an Observer that keeps the fetch cycles it is told of.
type cycles struct{ reps []sources.CycleReport }

func (c *cycles) FetchCycle(rep sources.CycleReport, _ time.Time) { c.reps = append(c.reps, rep) }
func (c *cycles) DeliveryPass(delivery.PassStats)                 {}

// serve's first round fetches every site a new database has never
// fetched, whatever minute slot each falls in, and reports the cycle, so
// a small catalog's pages have articles and /readyz turns ready at start
// rather than when each site's slot comes round; a restart soon after
// fetches nothing again.
func TestStartFetchesEverySiteNotFetchedYet(t *testing.T) {
	s, st, feeds, _ := newService(t)
	feeds.set("/lemonde", "Grève des trains")
	feeds.set("/lefigaro", "Réforme des retraites")
	feeds.set("/bbc", "Storm hits the coast")
	s.FetchInterval = 30 * time.Minute
	obs := &cycles{}
	s.Observer = obs
	s.Start(context.Background(), nil, 0)
	if len(obs.reps) != 1 || obs.reps[0].Feeds != 3 || obs.reps[0].OK != 3 {
		t.Fatalf("first round: %+v, want one cycle of the 3 feeds, all ok", obs.reps)
	}
	if n := len(st.arts); n != 3 {
		t.Fatalf("%d articles stored, want 3", n)
	}
	s.Start(context.Background(), nil, 0)
	if got := obs.reps[1]; got.Feeds != 0 || got.Skipped != 3 {
		t.Fatalf("a restart within fetch.interval fetched %d feeds (skipped %d), want none", got.Feeds, got.Skipped)
	}
}

// A digest asked for while serve's first round is still reading feeds is
// built from part of them; once the round has stored the rest, the next
// digest is built again instead of the partial one being kept for
// digest.interval.
func TestStartRebuildsDigestsAskedForDuringIt(t *testing.T) {
	s, _, feeds, _ := newService(t)
	feeds.set("/lemonde", "Grève des trains")
	feeds.set("/lefigaro", "Réforme des retraites")
	s.FetchInterval = 30 * time.Minute
	s.Digests.Interval = time.Hour
	ctx := context.Background()
	lemonde, _ := s.Catalog.Site("lemonde")
	if _, err := s.Refresh(ctx, []sources.Site{lemonde}, RefreshOptions{}); err != nil {
		t.Fatal(err)
	}
	if d, err := s.Digests.Digest(ctx, "fr"); err != nil || d.Articles != 1 {
		t.Fatalf("digest during the first round: %d articles, %v; want 1", d.Articles, err)
	}
	s.Start(ctx, nil, 0)
	if d, err := s.Digests.Digest(ctx, "fr"); err != nil || d.Articles != 2 {
		t.Fatalf("digest after the first round: %d articles, %v; want both sites' 2", d.Articles, err)
	}
}

// firstRoundLog runs serve's first round over French sites of feeds
// (site id → feed URL) and returns what it logged.
func firstRoundLog(t *testing.T, feeds map[string]string) string {
	t.Helper()
	var yaml strings.Builder
	yaml.WriteString("countries:\n  - code: fr\n    name: France\n    sites:\n")
	for _, id := range slices.Sorted(maps.Keys(feeds)) {
		fmt.Fprintf(&yaml, "      - {id: %s, name: %s, language: fr, homepage: \"https://%s.example\", feeds: [\"%s\"]}\n", id, id, id, feeds[id])
	}
	cat, err := sources.LoadCatalog(strings.NewReader(yaml.String()))
	if err != nil {
		t.Fatal(err)
	}
	st := newMemStore(cat)
	var logs strings.Builder
	s := &Service{Catalog: cat, Store: st, Log: slog.New(slog.NewTextHandler(&logs, nil)),
		Ingester: &sources.Ingester{Store: st, Catalog: cat, Fetcher: sources.NewFetcher(sources.FetcherOptions{}), Log: testLog()},
		Digests:  &digest.Service{Builder: digest.NewBuilder(cat, digest.Options{}), Articles: WindowArticles{Store: st}},
	}
	s.Start(context.Background(), nil, 0)
	return logs.String()
}

// serve's first round says in one line why it got nothing: no feed
// server could be reached (the network is down), or the servers answered
// but refused (here 429s), which is not the network's fault.
func TestStartSaysWhyTheFirstFetchGotNothing(t *testing.T) {
	for _, c := range []struct {
		name, want, not string
		down            bool
	}{
		{"offline", "no feed server could be reached", "no feed answered", true},
		{"refused", "no feed answered", "network", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusTooManyRequests)
			}))
			if c.down {
				srv.Close()
			} else {
				defer srv.Close()
			}
			out := firstRoundLog(t, map[string]string{"lemonde": srv.URL + "/lemonde"})
			if !strings.Contains(out, "level=WARN") || !strings.Contains(out, c.want) || strings.Contains(out, c.not) {
				t.Errorf("first round's log:\n%s\nwant a warning saying %q, not %q", out, c.want, c.not)
			}
		})
	}
}

// When some feeds fail at start, serve's first-fetch line names them, so
// an operator sees which without opening `worldbrief sources`.
func TestStartNamesTheFeedsThatFailed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>t</title><item><title>Grève</title><link>https://lemonde.example/1</link></item></channel></rss>`)
	}))
	defer srv.Close()
	out := firstRoundLog(t, map[string]string{"lemonde": srv.URL + "/lemonde", "lefigaro": srv.URL + "/gone"})
	if !strings.Contains(out, `msg="first fetch"`) || !strings.Contains(out, "failed=1") || !strings.Contains(out, srv.URL+"/gone: HTTP 404") {
		t.Errorf("first round's log:\n%s\nwant the failed feed named with its error", out)
	}
}
