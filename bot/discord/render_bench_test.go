package discord

import (
	"testing"

	"github.com/worldbrief/worldbrief/bot"
)

// BenchmarkRenderDigest renders a 25-story digest with long summaries.
func BenchmarkRenderDigest(b *testing.B) {
	m := bot.DigestMessage(bigDigest(25))
	b.ReportAllocs()
	for b.Loop() {
		if len(Render(m)) == 0 {
			b.Fatal("nothing rendered")
		}
	}
}
