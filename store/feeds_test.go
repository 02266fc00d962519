package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

func syncFeeds(t *testing.T, s *Store, sites ...sources.Site) {
	t.Helper()
	if err := s.SyncFeeds(context.Background(), sites); err != nil {
		t.Fatalf("SyncFeeds: %v", err)
	}
}

func listFeeds(t *testing.T, s *Store, siteIDs ...string) []sources.Feed {
	t.Helper()
	feeds, err := s.Feeds(context.Background(), siteIDs)
	if err != nil {
		t.Fatalf("Feeds(%v): %v", siteIDs, err)
	}
	return feeds
}

func saveFeed(t *testing.T, s *Store, f sources.Feed) {
	t.Helper()
	if err := s.SaveFeed(context.Background(), f); err != nil {
		t.Fatalf("SaveFeed: %v", err)
	}
}

// feedKeys lists "site catalogURL" of each feed, in order.
func feedKeys(feeds []sources.Feed) []string {
	keys := make([]string, len(feeds))
	for i, f := range feeds {
		keys[i] = f.SiteID + " " + f.CatalogURL
	}
	return keys
}

func findFeed(t *testing.T, feeds []sources.Feed, siteID, catalogURL string) sources.Feed {
	t.Helper()
	for _, f := range feeds {
		if f.SiteID == siteID && f.CatalogURL == catalogURL {
			return f
		}
	}
	t.Fatalf("feed %s %s not listed in %v", siteID, catalogURL, feedKeys(feeds))
	return sources.Feed{}
}

var (
	siteA = sources.Site{ID: "alpha", Feeds: []string{"https://a.example/rss", "https://a.example/world.xml"}}
	siteB = sources.Site{ID: "beta", Feeds: []string{"https://b.example/feed"}}
)

// fetchedState is a feed with every fetch-state field set.
func fetchedState(siteID, catalogURL string) sources.Feed {
	loc := time.FixedZone("UTC+3", 3*3600)
	return sources.Feed{
		SiteID:        siteID,
		CatalogURL:    catalogURL,
		URL:           catalogURL + "?moved=1",
		ETag:          `W/"abc"`,
		LastModified:  "Mon, 02 Jan 2026 15:04:05 GMT",
		LastFetchedAt: time.Date(2026, 1, 2, 18, 4, 5, 123456789, loc),
		LastSuccessAt: time.Date(2026, 1, 2, 17, 0, 0, 0, loc),
		LastStatus:    sources.StatusFailed,
		LastError:     "HTTP 503",
		ErrorCount:    3,
		NextFetchAt:   time.Date(2026, 1, 2, 19, 0, 0, 0, loc),
	}
}

// stored is how a feed reads back: times in UTC at millisecond precision.
func stored(f sources.Feed) sources.Feed {
	for _, p := range []*time.Time{&f.LastFetchedAt, &f.LastSuccessAt, &f.NextFetchAt} {
		if !p.IsZero() {
			*p = dbTime(*p)
		}
	}
	return f
}

func TestSyncFeedsAndFeeds(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		// The duplicate feed URL must not break the upsert.
		dup := siteB
		dup.Feeds = append([]string{}, siteB.Feeds[0], siteB.Feeds[0])
		syncFeeds(t, s, siteB, siteA, dup)

		want := []string{"alpha https://a.example/rss", "alpha https://a.example/world.xml", "beta https://b.example/feed"}
		all := listFeeds(t, s)
		if got := feedKeys(all); !reflect.DeepEqual(got, want) {
			t.Fatalf("Feeds() = %v, want %v", got, want)
		}
		for _, f := range all {
			if f != (sources.Feed{SiteID: f.SiteID, CatalogURL: f.CatalogURL, URL: f.CatalogURL}) {
				t.Errorf("new feed has state: %+v", f)
			}
		}
		if got := feedKeys(listFeeds(t, s, "beta")); !reflect.DeepEqual(got, want[2:]) {
			t.Errorf("Feeds(beta) = %v, want %v", got, want[2:])
		}
		if got := listFeeds(t, s, "nobody"); len(got) != 0 {
			t.Errorf("Feeds(nobody) = %v, want none", got)
		}
	})
}

func TestSaveFeedRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		syncFeeds(t, s, siteA, siteB)
		f := fetchedState("alpha", "https://a.example/rss")
		saveFeed(t, s, f)
		if got := findFeed(t, listFeeds(t, s), f.SiteID, f.CatalogURL); !reflect.DeepEqual(got, stored(f)) {
			t.Errorf("after SaveFeed got\n%+v\nwant\n%+v", got, stored(f))
		}

		// A success clears the error and the backoff.
		ok := stored(f)
		ok.LastStatus, ok.LastError, ok.ErrorCount, ok.NextFetchAt = sources.StatusOK, "", 0, time.Time{}
		ok.ETag = `"v2"`
		saveFeed(t, s, ok)
		if got := findFeed(t, listFeeds(t, s, "alpha"), f.SiteID, f.CatalogURL); !reflect.DeepEqual(got, ok) {
			t.Errorf("after second SaveFeed got\n%+v\nwant\n%+v", got, ok)
		}
		other := findFeed(t, listFeeds(t, s), "alpha", "https://a.example/world.xml")
		if other.ETag != "" || other.URL != other.CatalogURL {
			t.Errorf("SaveFeed changed another feed: %+v", other)
		}

		if err := s.SaveFeed(context.Background(), sources.Feed{SiteID: "alpha"}); err == nil {
			t.Error("SaveFeed without catalog URL: want error")
		}
	})
}

func TestSyncFeedsKeepsState(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		syncFeeds(t, s, siteA, siteB)
		rss := fetchedState("alpha", "https://a.example/rss")
		world := fetchedState("alpha", "https://a.example/world.xml")
		world.ETag = `"world"`
		saveFeed(t, s, rss)
		saveFeed(t, s, world)

		// Same catalog again: nothing changes.
		syncFeeds(t, s, siteA, siteB)
		feeds := listFeeds(t, s)
		if len(feeds) != 3 {
			t.Fatalf("after second sync: %v", feedKeys(feeds))
		}
		if got := findFeed(t, feeds, "alpha", rss.CatalogURL); !reflect.DeepEqual(got, stored(rss)) {
			t.Errorf("sync lost state: got %+v want %+v", got, stored(rss))
		}

		// world.xml leaves the catalog and a new feed arrives.
		shrunk := sources.Site{ID: "alpha", Feeds: []string{"https://a.example/rss", "https://a.example/new"}}
		syncFeeds(t, s, shrunk, siteB)
		want := []string{"alpha https://a.example/new", "alpha https://a.example/rss", "beta https://b.example/feed"}
		if got := feedKeys(listFeeds(t, s)); !reflect.DeepEqual(got, want) {
			t.Fatalf("after catalog change Feeds() = %v, want %v", got, want)
		}

		// It comes back with its state intact.
		syncFeeds(t, s, siteA, siteB)
		if got := findFeed(t, listFeeds(t, s), "alpha", world.CatalogURL); !reflect.DeepEqual(got, stored(world)) {
			t.Errorf("returning feed: got %+v want %+v", got, stored(world))
		}

		// An empty catalog hides every feed.
		syncFeeds(t, s)
		if got := listFeeds(t, s); len(got) != 0 {
			t.Errorf("after empty sync Feeds() = %v", feedKeys(got))
		}
	})
}

func TestSaveFeedBeforeSync(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		f := fetchedState("beta", "https://b.example/feed")
		saveFeed(t, s, f)
		if got := listFeeds(t, s); len(got) != 0 {
			t.Fatalf("unsynced feed listed: %v", feedKeys(got))
		}
		syncFeeds(t, s, siteB)
		if got := findFeed(t, listFeeds(t, s), "beta", f.CatalogURL); !reflect.DeepEqual(got, stored(f)) {
			t.Errorf("got %+v want %+v", got, stored(f))
		}
	})
}

func TestSyncFeedsRejectsSiteWithoutID(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		if err := s.SyncFeeds(context.Background(), []sources.Site{{Feeds: []string{"https://x.example/"}}}); err == nil {
			t.Error("want error for a site without id")
		}
	})
}
