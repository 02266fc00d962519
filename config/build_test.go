package config

import (
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func TestBuildFromModuleAndVCS(t *testing.T) {
	tagged := BuildFrom(&debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-30T08:00:00Z"}, {Key: "vcs.modified", Value: "false"}}})
	if tagged.Version != "v1.2.0" || tagged.Revision != "0123456789abcdef0123" || tagged.Modified ||
		!tagged.Time.Equal(time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)) || tagged.GoVersion != "go1.26.0" {
		t.Fatalf("tagged build: %+v", tagged)
	}
	if got, want := tagged.String(), "worldbrief v1.2.0 (revision 0123456789ab, 2026-11-30T08:00:00Z) go1.26.0"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := tagged.UserAgent(); got != "worldbrief/v1.2.0 (+https://github.com/worldbrief/worldbrief)" {
		t.Errorf("UserAgent() = %q", got)
	}
	local := BuildFrom(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "fedcba9876543210"}, {Key: "vcs.modified", Value: "true"}}})
	if got := local.UserAgent(); !strings.HasPrefix(got, "worldbrief/fedcba987654+dirty ") {
		t.Errorf("local build's User-Agent %q: want the short revision, marked dirty", got)
	}
	if !strings.Contains(local.String(), "modified") {
		t.Errorf("local build %q does not say it was modified", local.String())
	}
	if got := BuildFrom(nil).UserAgent(); !strings.HasPrefix(got, "worldbrief/dev ") {
		t.Errorf("no build info: User-Agent %q", got)
	}
}

// The fetcher's default User-Agent names this build, not a fixed version.
func TestDefaultUserAgentNamesTheBuild(t *testing.T) {
	if got, want := Default().Fetch.UserAgent, ReadBuild().UserAgent(); got != want {
		t.Fatalf("default fetch.user_agent %q, want %q", got, want)
	}
	if strings.Contains(Default().Fetch.UserAgent, "0.1") {
		t.Fatalf("default fetch.user_agent %q hard-codes a version", Default().Fetch.UserAgent)
	}
}
