package main

import (
	"context"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/pipeline/ops"
	"github.com/worldbrief/worldbrief/translate"
)

func TestGraceContextOutlivesParentByGrace(t *testing.T) {
	parent, stop := context.WithCancel(context.Background())
	ctx, cancel := graceContext(parent, 50*time.Millisecond)
	defer cancel()
	stop()
	if ctx.Err() != nil {
		t.Fatal("grace context ended with its parent; want it to last the grace")
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("grace context still alive long after the grace")
	}
}

// stubOutbox has one due delivery for every claim.
type stubOutbox struct {
	delivery.Outbox
	claims int
}

func (s *stubOutbox) ClaimDeliveries(context.Context, string, time.Time, int, time.Duration) ([]delivery.Delivery, error) {
	s.claims++
	return []delivery.Delivery{{ID: int64(s.claims), ChatKey: bot.ChatKey{Platform: "telegram"}, Attempts: 1}}, nil
}

func TestMeteredOutboxStopsClaimingAtShutdown(t *testing.T) {
	stop := make(chan struct{})
	inner := &stubOutbox{}
	o := &meteredOutbox{Outbox: inner, m: ops.NewMetrics(nil), stop: stop}
	if ds, err := o.ClaimDeliveries(context.Background(), "w", time.Now(), 10, time.Minute); err != nil || len(ds) != 1 {
		t.Fatalf("claim before shutdown = %v, %v; want 1 row", ds, err)
	}
	close(stop)
	if ds, err := o.ClaimDeliveries(context.Background(), "w", time.Now(), 10, time.Minute); err != nil || len(ds) != 0 || inner.claims != 1 {
		t.Fatalf("claim after shutdown = %v, %v (store claims %d); want nothing claimed", ds, err, inner.claims)
	}
}

// echoTranslator answers empty translations.
type echoTranslator struct{}

func (echoTranslator) Translate(_ context.Context, req translate.Request) ([]translate.Result, error) {
	out := make([]translate.Result, len(req.Texts))
	return out, nil
}

func TestMeteredTranslatorCountsCharacters(t *testing.T) {
	m := ops.NewMetrics(nil)
	tr := meteredTranslator{Translator: echoTranslator{}, m: m}
	if _, err := tr.Translate(context.Background(), translate.Request{Texts: []string{"héllo", "мир"}, Target: "en"}); err != nil {
		t.Fatal(err)
	}
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == "worldbrief_translation_characters_total" {
			if v := mf.GetMetric()[0].GetCounter().GetValue(); v != 8 {
				t.Fatalf("characters = %v; want 8 (runes, not bytes)", v)
			}
			return
		}
	}
	t.Fatal("worldbrief_translation_characters_total not gathered")
}
