package config

import (
	"strings"
	"testing"
)

// TestWebSettings: the web pages are off by default; web.listen and
// web.base_url come from the environment and bad values are rejected by
// key, without echoing a password.
func TestWebSettings(t *testing.T) {
	cfg, err := Load(Options{})
	if err != nil || cfg.Web.Listen != "" || cfg.Web.BaseURL != "" {
		t.Fatalf("default web = %+v, %v; want off", cfg.Web, err)
	}
	cfg, err = Load(Options{Environ: []string{"WORLDBRIEF_WEB_LISTEN=127.0.0.1:8081", "WORLDBRIEF_WEB_BASE_URL=https://news.example.org/"}})
	if err != nil || cfg.Web.Listen != "127.0.0.1:8081" || cfg.Web.BaseURL != "https://news.example.org/" {
		t.Fatalf("web from the environment = %+v, %v", cfg.Web, err)
	}
	for env, want := range map[string]string{
		"WORLDBRIEF_WEB_LISTEN=8081":                     `web.listen: "8081" is not a listen address`,
		"WORLDBRIEF_WEB_LISTEN=:8080":                    `web.listen, http.listen: both are ":8080"`,
		"WORLDBRIEF_WEB_BASE_URL=news.example.org":       `web.base_url: "news.example.org" is not`,
		"WORLDBRIEF_WEB_BASE_URL=ftp://news.example.org": "web.base_url:",
		"WORLDBRIEF_WEB_BASE_URL=ftp://u:hunter2@x.org/": "web.base_url:",
	} {
		_, err := Load(Options{Environ: []string{env}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want %q", env, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the error shows the password: %v", env, err)
		}
	}
}
