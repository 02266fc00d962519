package config

import (
	"runtime/debug"
	"strconv"
	"time"
)

// Build describes the running binary, from the build information the Go
// toolchain embeds: the module version (a tag such as v1.2.0 for
// `go install …@v1.2.0`, a pseudo-version or "(devel)" for a local build)
// and, when built from a git checkout, the VCS revision, its commit time
// and whether the work tree had uncommitted changes.
type Build struct {
	Version   string    `json:"version"`
	Revision  string    `json:"revision,omitempty"`
	Time      time.Time `json:"time,omitzero"`
	Modified  bool      `json:"modified"`
	GoVersion string    `json:"go_version"`
}

// ReadBuild returns the running binary's Build.
func ReadBuild() Build {
	bi, _ := debug.ReadBuildInfo()
	return BuildFrom(bi)
}

// BuildFrom extracts a Build from bi; a nil bi (a binary built without
// module support) gives version "(devel)".
func BuildFrom(bi *debug.BuildInfo) Build {
	b := Build{Version: "(devel)"}
	if bi == nil {
		return b
	}
	if bi.Main.Version != "" {
		b.Version = bi.Main.Version
	}
	b.GoVersion = bi.GoVersion
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time, _ = time.Parse(time.RFC3339, s.Value)
		case "vcs.modified":
			b.Modified, _ = strconv.ParseBool(s.Value)
		}
	}
	return b
}

// Short is the version for a User-Agent or a one-line answer: the module
// version, or for a local build the first 12 digits of the revision
// (with "+dirty" when modified), or "dev".
func (b Build) Short() string {
	switch {
	case b.Version != "" && b.Version != "(devel)":
		return b.Version
	case b.Revision != "":
		r := b.Revision[:min(12, len(b.Revision))]
		if b.Modified {
			r += "+dirty"
		}
		return r
	}
	return "dev"
}

// String is the long form shown by `worldbrief version`, e.g.
// "worldbrief v1.2.0 (revision 0123456789ab, 2026-11-30T08:00:00Z) go1.26.0".
func (b Build) String() string {
	s := "worldbrief " + b.Version
	if b.Revision != "" {
		s += " (revision " + b.Revision[:min(12, len(b.Revision))]
		if !b.Time.IsZero() {
			s += ", " + b.Time.UTC().Format(time.RFC3339)
		}
		if b.Modified {
			s += ", modified"
		}
		s += ")"
	}
	if b.GoVersion != "" {
		s += " " + b.GoVersion
	}
	return s
}

// UserAgent is the fetcher's default User-Agent, naming this build.
func (b Build) UserAgent() string {
	return "worldbrief/" + b.Short() + " (+https://github.com/worldbrief/worldbrief)"
}
