package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTranslateAPIKeyFromFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(p, []byte("s3cret-key:fx\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(Options{Environ: []string{
		"WORLDBRIEF_TRANSLATE_PROVIDER=deepl",
		"WORLDBRIEF_TRANSLATE_API_KEY_FILE=" + p,
	}})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Translate.APIKey != "s3cret-key:fx" {
		t.Fatalf("api key = %q", cfg.Translate.APIKey)
	}
	if got := cfg.Redacted().Translate.APIKey; got != Redacted {
		t.Fatalf("redacted key = %q", got)
	}
	// The variable itself wins over the file.
	cfg, err = Load(Options{Environ: []string{
		"WORLDBRIEF_TRANSLATE_PROVIDER=deepl",
		"WORLDBRIEF_TRANSLATE_API_KEY=direct",
		"WORLDBRIEF_TRANSLATE_API_KEY_FILE=" + p,
	}})
	if err != nil || cfg.Translate.APIKey != "direct" {
		t.Fatalf("key = %q, err %v", cfg.Translate.APIKey, err)
	}
	// A missing file is a problem naming the variable; _FILE does not
	// apply to settings that are not secrets.
	_, err = Load(Options{Environ: []string{
		"WORLDBRIEF_TRANSLATE_API_KEY_FILE=" + filepath.Join(t.TempDir(), "missing"),
		"WORLDBRIEF_TRANSLATE_TARGET_FILE=" + p,
	}})
	if err == nil || !strings.Contains(err.Error(), "WORLDBRIEF_TRANSLATE_API_KEY_FILE") || strings.Contains(err.Error(), "TARGET") {
		t.Fatalf("missing key file: %v", err)
	}
}

func TestTranslateValidation(t *testing.T) {
	cfg, err := Load(Options{})
	if err != nil || cfg.Translate.Provider != "mymemory" || cfg.Translate.Target != "en" {
		t.Fatalf("defaults: %+v, %v", cfg.Translate, err)
	}
	cases := []struct {
		env  []string
		want string
	}{
		{[]string{"WORLDBRIEF_TRANSLATE_PROVIDER=bing"}, `translate.provider: "bing" is not one of`},
		{[]string{"WORLDBRIEF_TRANSLATE_PROVIDER=libretranslate"}, "translate.url: libretranslate needs the URL"},
		{[]string{"WORLDBRIEF_TRANSLATE_PROVIDER=google"}, "translate.api_key: google needs an API key"},
		{[]string{"WORLDBRIEF_TRANSLATE_URL=ftp://x"}, `translate.url: "ftp://x" is not an http(s) URL`},
		{[]string{"WORLDBRIEF_TRANSLATE_TARGET=English!"}, "translate.target:"},
		{[]string{"WORLDBRIEF_TRANSLATE_EMAIL=nobody"}, "translate.email:"},
		{[]string{"WORLDBRIEF_TRANSLATE_CONCURRENCY=0"}, "translate.concurrency: 0 is out of range"},
		{[]string{"WORLDBRIEF_TRANSLATE_DAILY_CHARS=-2"}, "translate.daily_chars: -2 is too small"},
		{[]string{"WORLDBRIEF_TRANSLATE_PROVIDER=openai"}, "translate.url: openai needs the base URL"},
		{[]string{"WORLDBRIEF_TRANSLATE_PROVIDER=openai", "WORLDBRIEF_TRANSLATE_URL=http://localhost:11434/v1"}, "translate.model: openai needs a model"},
	}
	for _, c := range cases {
		_, err := Load(Options{Environ: c.env})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.env, err, c.want)
		}
	}
	if _, err := Load(Options{Environ: []string{"WORLDBRIEF_TRANSLATE_PROVIDER=libretranslate", "WORLDBRIEF_TRANSLATE_URL=http://localhost:5000", "WORLDBRIEF_TRANSLATE_TARGET=en-GB"}}); err != nil {
		t.Errorf("valid libretranslate config rejected: %v", err)
	}
	// The openai provider may reuse the summarizer's endpoint and model.
	if _, err := Load(Options{Environ: []string{"WORLDBRIEF_TRANSLATE_PROVIDER=openai", "WORLDBRIEF_DIGEST_SUMMARIZER_URL=http://localhost:11434/v1",
		"WORLDBRIEF_DIGEST_SUMMARIZER_MODEL=llama3.2", "WORLDBRIEF_TRANSLATE_DAILY_CHARS=-1"}}); err != nil {
		t.Errorf("openai on the summarizer's endpoint rejected: %v", err)
	}
}
