package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// dockerBuild matches the build stage's go build line of the Dockerfile.
var dockerBuild = regexp.MustCompile(`(?m)^RUN (CGO_ENABLED=0 go build [^\n]*?) -o \S+ (\./cmd/worldbrief)\s*$`)

// Where no Docker engine runs (CI), the Dockerfile's build stage is
// checked by running its go build command as written: it must produce a
// static binary (no ELF interpreter), which the distroless runtime image
// needs.
func TestDockerfileBuildStageMakesStaticBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	df, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	m := dockerBuild.FindSubmatch(df)
	if m == nil {
		t.Fatal("no `RUN CGO_ENABLED=0 go build … -o … ./cmd/worldbrief` line in the Dockerfile")
	}
	for _, want := range []string{"FROM golang:1.26", "USER nonroot", "VOLUME", "HEALTHCHECK", `CMD ["serve"]`,
		// The volume directory must be nonroot's under either builder.
		"COPY --from=build --chown=65532:65532 /out/data /data"} {
		if !strings.Contains(string(df), want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	out := filepath.Join(t.TempDir(), "worldbrief")
	// The line is shell, as Docker runs it.
	cmd := exec.Command("sh", "-c", string(m[1])+" -o '"+out+"' "+string(m[2]))
	cmd.Dir = "../.."
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", m[1], err, b)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Fatal("the binary needs a dynamic loader; the distroless static image cannot run it")
		}
	}
}
