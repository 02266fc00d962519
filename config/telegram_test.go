package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testBotToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

func TestTelegramTokenFromFileIsRedacted(t *testing.T) {
	p := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(p, []byte(testBotToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(Options{Environ: []string{"WORLDBRIEF_TELEGRAM_TOKEN_FILE=" + p}})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Telegram.Token != testBotToken {
		t.Fatalf("token = %q", cfg.Telegram.Token)
	}
	if got := cfg.Redacted().Telegram.Token; got != Redacted {
		t.Fatalf("redacted token = %q", got)
	}
}

func TestTelegramValidation(t *testing.T) {
	cases := []struct {
		env  []string
		want string // "" means valid
	}{
		{[]string{"WORLDBRIEF_TELEGRAM_TOKEN=" + testBotToken}, ""},
		{[]string{"WORLDBRIEF_TELEGRAM_TOKEN=not a token"}, "telegram.token"},
		{[]string{"WORLDBRIEF_TELEGRAM_WEBHOOK_URL=https://bot.example.com/tg"}, "telegram.webhook_secret: webhook mode needs a secret"},
		{[]string{"WORLDBRIEF_TELEGRAM_WEBHOOK_URL=http://bot.example.com/tg", "WORLDBRIEF_TELEGRAM_WEBHOOK_SECRET=abc"}, "is not an https URL"},
		{[]string{"WORLDBRIEF_TELEGRAM_WEBHOOK_URL=https://bot.example.com/tg", "WORLDBRIEF_TELEGRAM_WEBHOOK_SECRET=abc"}, ""},
		{[]string{"WORLDBRIEF_TELEGRAM_WEBHOOK_SECRET=a b"}, "telegram.webhook_secret: use"},
		{[]string{"WORLDBRIEF_TELEGRAM_API_URL=ftp://x"}, "telegram.api_url"},
		{[]string{"WORLDBRIEF_TELEGRAM_POLL_TIMEOUT=11m"}, "telegram.poll_timeout"},
	}
	for _, c := range cases {
		_, err := Load(Options{Environ: c.env})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%v: %v", c.env, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%v: %v, want %q", c.env, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "AAHdq") {
			t.Errorf("error shows the token: %v", err)
		}
	}
}
