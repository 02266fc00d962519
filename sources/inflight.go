package sources

import (
	"context"
	"sync"
)

// flights tracks the feeds an Ingester is fetching, so that overlapping
// cycles (serve's first round and its minute tick, a chat's refresh and
// the tick) fetch each feed once: a cycle that finds a feed in flight
// waits for the other cycle to store it instead of fetching it again.
type flights struct {
	mu     sync.Mutex
	flying map[string]chan struct{}
}

// claim splits feeds into those this cycle fetches (now marked in
// flight) and the done channels of those another cycle is fetching.
func (fl *flights) claim(feeds []Feed) (mine []Feed, others []chan struct{}) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.flying == nil {
		fl.flying = map[string]chan struct{}{}
	}
	for _, f := range feeds {
		if ch, ok := fl.flying[flightKey(f)]; ok {
			others = append(others, ch)
			continue
		}
		fl.flying[flightKey(f)] = make(chan struct{})
		mine = append(mine, f)
	}
	return mine, others
}

// land marks a claimed feed as stored, releasing the cycles waiting for it.
func (fl *flights) land(f Feed) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if ch, ok := fl.flying[flightKey(f)]; ok {
		close(ch)
		delete(fl.flying, flightKey(f))
	}
}

// wait returns when every channel is closed or ctx is done.
func wait(ctx context.Context, chs []chan struct{}) {
	for _, ch := range chs {
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

// flightKey names a feed by its catalog URL, which a redirect does not
// change.
func flightKey(f Feed) string {
	if f.CatalogURL != "" {
		return f.SiteID + "\x00" + f.CatalogURL
	}
	return f.SiteID + "\x00" + f.URL
}
