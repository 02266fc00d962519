package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/digest"
)

// slowDigester answers once release is closed.
type slowDigester struct {
	release chan struct{}
	d       digest.Digest
	asked   chan string
}

func (s *slowDigester) Digest(ctx context.Context, country string) (digest.Digest, error) {
	s.asked <- country
	select {
	case <-s.release:
		return s.d, nil
	case <-ctx.Done():
		return digest.Digest{}, ctx.Err()
	}
}

func TestSlowDigestIsAcknowledgedFirstThenDeliveredInParts(t *testing.T) {
	h := newHarness(t)
	big := bigDigest(15)
	dg := &slowDigester{release: make(chan struct{}), d: big, asked: make(chan string, 1)}
	h.bot.core.Digests = dg
	ic := fixture(t, "command_digest_dm.json")
	done := make(chan struct{})
	go func() {
		h.bot.HandleInteraction(context.Background(), h.sess, ic)
		close(done)
	}()
	select {
	case country := <-dg.asked:
		if country != "fr" {
			t.Errorf("digest asked for %q, want fr", country)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the digest was never asked for")
	}
	// The digest is still being built: Discord must already have its
	// acknowledgement.
	reqs := h.fake.requests()
	if len(reqs) != 1 || !strings.HasSuffix(reqs[0].Path, "/callback") {
		t.Fatalf("before the digest is ready: requests %v, want the deferred callback only", reqs)
	}
	close(dg.release)
	<-done

	var parts []*discordgo.MessageSend
	for _, r := range h.fake.requests()[1:] {
		var body struct {
			Embeds []*discordgo.MessageEmbed `json:"embeds"`
			Flags  int                       `json:"flags"`
		}
		r.decode(t, &body)
		switch {
		case r.Method == "PATCH" && strings.HasSuffix(r.Path, "/messages/@original") && len(parts) == 0:
		case r.Method == "POST" && r.Path == "/webhooks/"+ic.AppID+"/"+ic.Token && len(parts) > 0:
			if body.Flags&64 != 0 {
				t.Errorf("follow-up %d is ephemeral", len(parts))
			}
		default:
			t.Fatalf("unexpected request %s", r)
		}
		parts = append(parts, &discordgo.MessageSend{Embeds: body.Embeds})
	}
	if len(parts) < 2 {
		t.Fatalf("a 15-story digest came in %d message(s)", len(parts))
	}
	checkLimits(t, parts)
	text := embedText(append(parts[0].Embeds, parts[len(parts)-1].Embeds...))
	if !strings.Contains(text, "France") {
		t.Errorf("first part lacks the heading")
	}
	var all strings.Builder
	for _, p := range parts {
		all.WriteString(letters(embedText(p.Embeds)))
	}
	for i, s := range big.Stories {
		if !strings.Contains(all.String(), letters(s.Summary)) {
			t.Errorf("story %d's summary is missing from the reply", i+1)
		}
	}
}
