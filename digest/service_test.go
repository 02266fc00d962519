package digest

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// memStore is a Store in memory.
type memStore struct {
	mu    sync.Mutex
	saved []Digest
}

func (m *memStore) LatestDigest(_ context.Context, country string, window time.Duration, notBefore time.Time) (Digest, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.saved) - 1; i >= 0; i-- {
		d := m.saved[i]
		if d.Country == country && d.Window == window && !d.GeneratedAt.Before(notBefore) {
			return d, true, nil
		}
	}
	return Digest{}, false, nil
}

func (m *memStore) SaveDigest(_ context.Context, d Digest) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = append(m.saved, d)
	return nil
}

// TestServiceBuildsOncePerInterval: many chats asking at once get one
// build and the same digest; a new build comes only after the interval.
func TestServiceBuildsOncePerInterval(t *testing.T) {
	cat := testCatalog(t)
	arts := &memArticles{arts: articlesOf(loadLabelled(t, cat)), delay: 20 * time.Millisecond}
	st := &memStore{}
	var mu sync.Mutex
	now := labelledAt
	s := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Store: st, Interval: 30 * time.Minute,
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }}

	var wg sync.WaitGroup
	got := make([]Digest, 50)
	for i := range got {
		wg.Go(func() {
			d, err := s.Digest(context.Background(), "FR")
			if err != nil {
				t.Error(err)
			}
			got[i] = d
		})
	}
	wg.Wait()
	if n := arts.calls.Load(); n != 1 {
		t.Fatalf("50 concurrent callers caused %d builds, want 1", n)
	}
	for i := range got {
		if !reflect.DeepEqual(got[i].Stories, got[0].Stories) || got[i].GeneratedAt != labelledAt {
			t.Fatalf("caller %d got a different digest", i)
		}
	}

	mu.Lock()
	now = labelledAt.Add(29 * time.Minute)
	mu.Unlock()
	if _, err := s.Digest(context.Background(), "fr"); err != nil || arts.calls.Load() != 1 || len(st.saved) != 1 {
		t.Fatalf("within the interval: err %v, builds %d, saved %d; want the stored digest", err, arts.calls.Load(), len(st.saved))
	}
	// Another process sharing the store: served from the store too.
	other := &Service{Builder: s.Builder, Articles: arts, Store: st, Interval: 30 * time.Minute, Now: s.Now}
	if _, err := other.Digest(context.Background(), "fr"); err != nil || arts.calls.Load() != 1 {
		t.Fatalf("second service: err %v, builds %d; want the stored digest", err, arts.calls.Load())
	}

	mu.Lock()
	now = labelledAt.Add(31 * time.Minute)
	mu.Unlock()
	d, err := s.Digest(context.Background(), "fr")
	if err != nil || arts.calls.Load() != 2 || !d.GeneratedAt.Equal(now) {
		t.Fatalf("after the interval: err %v, builds %d, generated %v; want a new build", err, arts.calls.Load(), d.GeneratedAt)
	}
	// Another country within the interval: its own digest, from the
	// articles already loaded and clustered.
	de, err := s.Digest(context.Background(), "de")
	if err != nil || arts.calls.Load() != 2 || len(st.saved) != 3 || de.Country != "de" || len(de.Stories) == 0 {
		t.Fatalf("another country: err %v, loads %d, saved %d; want its digest from the shared index", err, arts.calls.Load(), len(st.saved))
	}

	past, err := s.DigestAt(context.Background(), "fr", labelledAt.Add(-20*time.Hour))
	if err != nil || len(st.saved) != 3 || arts.calls.Load() != 3 || !past.GeneratedAt.Equal(labelledAt.Add(-20*time.Hour)) {
		t.Fatalf("DigestAt: err %v, saved %d; want a digest of the past that is not stored", err, len(st.saved))
	}
}

// blockingArticles blocks its first call until ctx ends.
type blockingArticles struct {
	memArticles
	started chan struct{}
	once    sync.Once
}

func (b *blockingArticles) ArticlesBetween(ctx context.Context, since, until time.Time) ([]sources.Article, error) {
	first := false
	b.once.Do(func() { first = true })
	if first {
		close(b.started)
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return b.memArticles.ArticlesBetween(ctx, since, until)
}

// TestServiceWaiterOutlivesCancelledBuilder: when the caller running a
// build gives up, a caller waiting for the same digest still gets one.
func TestServiceWaiterOutlivesCancelledBuilder(t *testing.T) {
	synctest.Test(t, testServiceWaiterOutlivesCancelledBuilder)
}

func testServiceWaiterOutlivesCancelledBuilder(t *testing.T) {
	cat := testCatalog(t)
	arts := &blockingArticles{memArticles: memArticles{arts: articlesOf(loadLabelled(t, cat))}, started: make(chan struct{})}
	s := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Now: func() time.Time { return labelledAt }}
	ctx, cancel := context.WithCancel(context.Background())
	firstErr := make(chan error)
	go func() {
		_, err := s.Digest(ctx, "fr")
		firstErr <- err
	}()
	<-arts.started
	second := make(chan Digest)
	go func() {
		d, err := s.Digest(context.Background(), "fr")
		if err != nil {
			t.Error(err)
		}
		second <- d
	}()
	synctest.Wait() // the second caller now waits for the first one's build
	cancel()
	if err := <-firstErr; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller got %v", err)
	}
	if d := <-second; len(d.Stories) == 0 {
		t.Error("waiting caller got an empty digest")
	}
}
