package main

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/worldbrief/worldbrief/config"
)

// The default log level, auto, lets serve say it is serving, that its
// adapters connected and what its first fetch did (info), while the
// other commands, whose output is their answer, only warn; a level set
// by the user holds for both.
func TestAutoLogLevelIsInfoForServeOnly(t *testing.T) {
	ctx := context.Background()
	def := config.Default().Log
	if def.Level != "auto" {
		t.Fatalf("default log level %q, want auto", def.Level)
	}
	for _, c := range []struct {
		level       string
		serving     bool
		info, debug bool
	}{
		{"auto", true, true, false},
		{"auto", false, false, false},
		{"debug", false, true, true},
		{"error", true, false, false},
	} {
		l := newLogger(io.Discard, config.Log{Level: c.level, Format: "text"}, c.serving)
		if got := l.Enabled(ctx, slog.LevelInfo); got != c.info {
			t.Errorf("level %s, serving %v: info enabled %v, want %v", c.level, c.serving, got, c.info)
		}
		if got := l.Enabled(ctx, slog.LevelDebug); got != c.debug {
			t.Errorf("level %s, serving %v: debug enabled %v, want %v", c.level, c.serving, got, c.debug)
		}
		if !l.Enabled(ctx, slog.LevelError) {
			t.Errorf("level %s: errors not logged", c.level)
		}
	}
}
