package web

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
)

// TestServeUntilCancelled: Serve answers over a real socket and returns
// nil once its context ends.
func TestServeUntilCancelled(t *testing.T) {
	s, _ := newTestServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/fr")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(body) < 1000 {
		t.Errorf("GET /fr over the socket = %d with %d bytes", resp.StatusCode, len(body))
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel = %v, want nil", err)
	}
}

func TestPageURL(t *testing.T) {
	for _, c := range [][4]string{
		{"https://news.example/", "fr", "2026-03-10", "https://news.example/fr/2026-03-10"},
		{"https://news.example", "world", "2026-03-10", "https://news.example/world/2026-03-10"},
		{"", "fr", "2026-03-10", ""},
	} {
		if got := PageURL(c[0], c[1], c[2]); got != c[3] {
			t.Errorf("PageURL(%q, %q, %q) = %q, want %q", c[0], c[1], c[2], got, c[3])
		}
	}
}
