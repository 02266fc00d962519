package main

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

func TestVersionCommandAndFlag(t *testing.T) {
	c := newCLI(t)
	code, text, errOut := c.run("version")
	if code != 0 || !strings.HasPrefix(text, "worldbrief ") || !strings.Contains(text, runtime.Version()) {
		t.Fatalf("version: exit %d %q %q", code, text, errOut)
	}
	code, flag, _ := c.run("--version")
	if code != 0 || flag != text {
		t.Errorf("--version = %q (exit %d), want the same line as version: %q", flag, code, text)
	}
	code, out, _ := c.run("version", "--json")
	var v struct {
		Version   string `json:"version"`
		Modified  *bool  `json:"modified"`
		GoVersion string `json:"go_version"`
	}
	if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil || v.Version == "" || v.Modified == nil || v.GoVersion != runtime.Version() {
		t.Fatalf("version --json: exit %d %q (%v)", code, out, err)
	}
	if code, _, _ := c.run("version", "extra"); code != exitUsage {
		t.Errorf("version extra: exit %d, want %d", code, exitUsage)
	}
}
