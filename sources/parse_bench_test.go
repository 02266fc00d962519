package sources

import (
	"testing"

	"github.com/worldbrief/worldbrief/sources/feedfixtures"
)

// BenchmarkParseCorpus parses every real fixture feed per iteration (the
// 38 shipped, or all 58 with WORLDBRIEF_TEST_SHARED_FIXTURES); b.SetBytes
// makes `go test -bench ParseCorpus` report the throughput in MB/s.
func BenchmarkParseCorpus(b *testing.B) {
	names := feedfixtures.Names(b)
	b.Logf("parsing %d fixture feeds from %s", len(names), feedfixtures.Dir(b))
	bodies := make([][]byte, len(names))
	total := 0
	for i, n := range names {
		bodies[i] = feedfixtures.Read(b, n)
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
