package ops

import (
	"context"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/translate"
)

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
	o := &MeteredOutbox{Outbox: inner, Metrics: NewMetrics(nil), Stop: stop}
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
	m := NewMetrics(nil)
	tr := MeteredTranslator{Translator: echoTranslator{}, Metrics: m}
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
