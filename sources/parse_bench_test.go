package sources

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParseCorpus parses all 58 real fixture feeds per iteration;
// b.SetBytes makes `go test -bench ParseCorpus` report the throughput in MB/s.
func BenchmarkParseCorpus(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(parseFixturesDir(b), "*.xml"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixtures: %v", err)
	}
	bodies := make([][]byte, len(files))
	total := 0
	for i, f := range files {
		if bodies[i], err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
		total += len(bodies[i])
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		articles := 0
		for _, body := range bodies {
			arts, _ := ParseFeed(body, "application/rss+xml", parseTestSite, parseTestNow)
			articles += len(arts)
		}
		if articles == 0 {
			b.Fatal("no articles parsed")
		}
	}
}
