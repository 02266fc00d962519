package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHealthcheckAsksTheConfiguredAddress(t *testing.T) {
	healthy := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" || !healthy {
			http.Error(w, "no", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))

	c := newCLI(t, "WORLDBRIEF_HTTP_LISTEN=:"+port)
	if code, out, errOut := c.run("healthcheck"); code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("healthy server: exit %d %q %q", code, out, errOut)
	}
	healthy = false
	if code, _, errOut := c.run("healthcheck"); code != exitError || !strings.Contains(errOut, "503") {
		t.Fatalf("unhealthy server: exit %d %q", code, errOut)
	}
	srv.Close()
	if code, _, errOut := c.run("healthcheck"); code != exitError || !strings.Contains(errOut, "is `worldbrief serve` running") || strings.Contains(errOut, "dial tcp") {
		t.Fatalf("no server: exit %d %q, want %d asking whether serve runs", code, errOut, exitError)
	}
	if code, _, errOut := newCLI(t, "WORLDBRIEF_HTTP_LISTEN=").run("healthcheck"); code != exitUsage || !strings.Contains(errOut, "off") {
		t.Fatalf("endpoint off: exit %d %q", code, errOut)
	}
}
