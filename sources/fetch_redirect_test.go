package sources

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fetchTestRedirector serves /hop/N?code=C,C,… : hop N answers with the
// N-th code and a Location to hop N+1; after the codes it serves the feed.
// /loop redirects to itself.
func fetchTestRedirector(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/loop" {
			http.Redirect(w, r, "/loop", http.StatusFound)
			return
		}
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/hop/%d", &n); err != nil {
			http.NotFound(w, r)
			return
		}
		codes := strings.Split(r.URL.Query().Get("code"), ",")
		if n >= len(codes) || codes[0] == "" {
			fmt.Fprint(w, fetchTestFeed)
			return
		}
		next := fmt.Sprintf("/hop/%d?code=%s", n+1, r.URL.Query().Get("code"))
		if codes[n] == "end404" {
			next = "/missing"
			codes[n] = "301"
		}
		var code int
		fmt.Sscanf(codes[n], "%d", &code)
		http.Redirect(w, r, next, code)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchRedirects(t *testing.T) {
	srv := fetchTestRedirector(t)
	f := newFetchTestFetcher(FetcherOptions{})
	tests := []struct {
		name          string
		path          string
		wantStatus    string
		wantFinal     string
		wantPermanent bool
		wantErr       error
	}{
		{"no redirect", "/hop/0?code=", StatusOK, "/hop/0?code=", false, nil},
		{"301 chain", "/hop/0?code=301,301,301", StatusOK, "/hop/3?code=301,301,301", true, nil},
		{"308", "/hop/0?code=308", StatusOK, "/hop/1?code=308", true, nil},
		{"302", "/hop/0?code=302", StatusOK, "/hop/1?code=302", false, nil},
		{"307", "/hop/0?code=307", StatusOK, "/hop/1?code=307", false, nil},
		{"301 then 302", "/hop/0?code=301,302", StatusOK, "/hop/2?code=301,302", false, nil},
		{"five hops allowed", "/hop/0?code=301,301,301,301,301", StatusOK, "/hop/5?code=301,301,301,301,301", true, nil},
		{"six hops refused", "/hop/0?code=301,301,301,301,301,301", StatusFailed, "", false, ErrTooManyRedirects},
		{"loop", "/loop", StatusFailed, "/loop", false, ErrTooManyRedirects},
		{"permanent to 404", "/hop/0?code=end404", StatusFailed, "/missing", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := f.Fetch(t.Context(), FetchRequest{URL: srv.URL + tc.path})
			if res.Status != tc.wantStatus {
				t.Fatalf("status %q err %v, want %q", res.Status, res.Err, tc.wantStatus)
			}
			if tc.wantFinal != "" && res.FinalURL != srv.URL+tc.wantFinal {
				t.Errorf("final URL %q, want %q", res.FinalURL, srv.URL+tc.wantFinal)
			}
			if got := res.PermanentURL != ""; got != tc.wantPermanent {
				t.Errorf("permanent URL %q, want set=%v", res.PermanentURL, tc.wantPermanent)
			}
			if tc.wantPermanent && res.PermanentURL != res.FinalURL {
				t.Errorf("permanent URL %q != final %q", res.PermanentURL, res.FinalURL)
			}
			if tc.wantErr != nil {
				if !errors.Is(res.Err, tc.wantErr) || res.Err.Error() != "too many redirects (>5)" {
					t.Errorf("err = %v, want %q", res.Err, "too many redirects (>5)")
				}
			}
		})
	}
}

func TestFetchPermanentRedirectDowngradeNotReported(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, fetchTestFeed)
	}))
	defer plain.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/feed", http.StatusMovedPermanently)
	}))
	defer tlsSrv.Close()
	f := newFetchTestFetcher(FetcherOptions{Client: tlsSrv.Client()})
	res := f.Fetch(t.Context(), FetchRequest{URL: tlsSrv.URL + "/feed"})
	if res.Status != StatusOK || res.FinalURL != plain.URL+"/feed" {
		t.Fatalf("status %q final %q err %v", res.Status, res.FinalURL, res.Err)
	}
	if res.PermanentURL != "" {
		t.Errorf("https→http permanent redirect reported as %q", res.PermanentURL)
	}
}
