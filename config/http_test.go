package config

import (
	"strings"
	"testing"
)

func TestHTTPListen(t *testing.T) {
	cfg, err := Load(Options{})
	if err != nil || cfg.HTTP.Listen != ":8080" {
		t.Fatalf("default http.listen = %q, %v; want :8080", cfg.HTTP.Listen, err)
	}
	cfg, err = Load(Options{Environ: []string{"WORLDBRIEF_HTTP_LISTEN="}})
	if err != nil || cfg.HTTP.Listen != "" {
		t.Fatalf("empty WORLDBRIEF_HTTP_LISTEN = %q, %v; want empty (disabled)", cfg.HTTP.Listen, err)
	}
	cfg, err = Load(Options{Environ: []string{"WORLDBRIEF_HTTP_LISTEN=127.0.0.1:9090"}})
	if err != nil || cfg.HTTP.Listen != "127.0.0.1:9090" {
		t.Fatalf("WORLDBRIEF_HTTP_LISTEN = %q, %v", cfg.HTTP.Listen, err)
	}
	_, err = Load(Options{Environ: []string{"WORLDBRIEF_HTTP_LISTEN=8080"}})
	if err == nil || !strings.Contains(err.Error(), `http.listen: "8080" is not a listen address`) {
		t.Fatalf("bad http.listen: %v; want it rejected by key", err)
	}
}
