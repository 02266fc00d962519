package translate

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// answerFunc is an in-memory provider: no network, so fake time runs.
type answerFunc func(*http.Request) *http.Response

func (f answerFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r), nil }

func answer(status int, header http.Header) *http.Response {
	if header == nil {
		header = http.Header{}
	}
	return &http.Response{StatusCode: status, Header: header, Body: io.NopCloser(strings.NewReader("{}"))}
}

func fakeClient(retry Retry, rt http.RoundTripper) *httpClient {
	return &httpClient{provider: "fake", client: &http.Client{Transport: rt}, retry: retry.withDefaults(), log: slog.New(slog.DiscardHandler)}
}

func get(ctx context.Context) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodGet, "http://provider.test/", nil)
}

// TestRetriesBackOffWithJitter: a provider answering 502 is retried
// after a wait within the upper half of each doubling step (1s, then 2s),
// never longer; a Retry-After is waited out, never shortened, at most a
// quarter longer.
func TestRetriesBackOffWithJitter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var at []time.Time
		c := fakeClient(Retry{Attempts: 3, BaseDelay: time.Second, MaxDelay: 30 * time.Second}, answerFunc(func(*http.Request) *http.Response {
			mu.Lock()
			defer mu.Unlock()
			at = append(at, time.Now())
			if len(at) < 3 {
				return answer(http.StatusBadGateway, nil)
			}
			return answer(http.StatusOK, nil)
		}))
		if _, err := c.do(t.Context(), get); err != nil {
			t.Fatal(err)
		}
		if len(at) != 3 {
			t.Fatalf("%d requests, want 3", len(at))
		}
		for i, step := range []time.Duration{time.Second, 2 * time.Second} {
			if gap := at[i+1].Sub(at[i]); gap < step/2 || gap > step {
				t.Errorf("retry %d after %v, want within [%v, %v]", i+1, gap, step/2, step)
			}
		}

		at = nil
		c = fakeClient(Retry{MaxRetryAfter: time.Minute}, answerFunc(func(*http.Request) *http.Response {
			mu.Lock()
			defer mu.Unlock()
			at = append(at, time.Now())
			if len(at) == 1 {
				return answer(http.StatusTooManyRequests, http.Header{"Retry-After": {"20"}})
			}
			return answer(http.StatusOK, nil)
		}))
		if _, err := c.do(t.Context(), get); err != nil {
			t.Fatal(err)
		}
		if gap := at[1].Sub(at[0]); gap < 20*time.Second || gap > 25*time.Second {
			t.Errorf("Retry-After 20 waited %v, want within [20s, 25s]", gap)
		}
	})
}

// TestClientsFailingTogetherRetryApart: 200 requests refused in the same
// instant (one provider outage, many pipelines) come back at moments
// spread over the step, not all at once.
func TestClientsFailingTogetherRetryApart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const clients = 200
		start := time.Now()
		var mu sync.Mutex
		seen := map[string]int{}
		var retries []time.Duration
		rt := answerFunc(func(r *http.Request) *http.Response {
			mu.Lock()
			defer mu.Unlock()
			id := r.Header.Get("X-Client")
			if seen[id]++; seen[id] == 1 {
				return answer(http.StatusServiceUnavailable, nil)
			}
			retries = append(retries, time.Since(start))
			return answer(http.StatusOK, nil)
		})
		var wg sync.WaitGroup
		for i := range clients {
			c := fakeClient(Retry{Attempts: 2, BaseDelay: 10 * time.Second}, rt)
			wg.Go(func() {
				_, err := c.do(t.Context(), func(ctx context.Context) (*http.Request, error) {
					req, err := get(ctx)
					if err == nil {
						req.Header.Set("X-Client", strconv.Itoa(i))
					}
					return req, err
				})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		slices.Sort(retries)
		distinct := len(slices.Compact(slices.Clone(retries)))
		t.Logf("%d clients' retries: %d distinct moments in [%v, %v]", clients, distinct, retries[0], retries[len(retries)-1])
		if distinct < clients*9/10 || retries[len(retries)-1]-retries[0] < 3*time.Second {
			t.Errorf("%d clients retried at %d distinct moments spanning %v", clients, distinct, retries[len(retries)-1]-retries[0])
		}
	})
}
