package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/bot/telegram"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/store"
	"golang.org/x/time/rate"
)

// floodTelegram is a fake Bot API enforcing a global and a per-chat rate:
// a message beyond either gets 429 with retry_after, as Telegram does.
type floodTelegram struct {
	global  *rate.Limiter
	perChat rate.Limit
	mu      sync.Mutex
	chats   map[string]*rate.Limiter
	sent    atomic.Int64
	flooded atomic.Int64
}

func (f *floodTelegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	switch method {
	case "getMe":
		fmt.Fprint(w, `{"ok":true,"result":{"id":999,"is_bot":true,"first_name":"WB","username":"WBBot"}}`)
	case "sendMessage":
		_ = r.ParseForm()
		chat := r.Form.Get("chat_id")
		f.mu.Lock()
		cl := f.chats[chat]
		if cl == nil {
			cl = rate.NewLimiter(f.perChat, 1)
			f.chats[chat] = cl
		}
		f.mu.Unlock()
		if !f.global.Allow() || !cl.Allow() {
			f.flooded.Add(1)
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`)
			return
		}
		id := f.sent.Add(1)
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": map[string]any{
			"message_id": id, "date": time.Now().Unix(), "chat": map[string]any{"id": json.Number(chat), "type": "private"}}})
	default:
		fmt.Fprint(w, `{"ok":true,"result":true}`)
	}
}

// fixedDigester returns an eight-story digest and counts builds.
type fixedDigester struct{ builds atomic.Int64 }

func (d *fixedDigester) Digest(_ context.Context, country string) (digest.Digest, error) {
	d.builds.Add(1)
	dg := digest.Digest{Country: country, Date: "2026-05-01"}
	for i := range 8 {
		dg.Stories = append(dg.Stories, digest.Story{Headline: fmt.Sprintf("Story %d of %s", i+1, country),
			Summary: strings.Repeat("A sentence of summary. ", 10),
			Sources: []digest.Source{{Name: "Paper", URL: "https://example.com/" + country}}})
	}
	return dg, nil
}

// BenchmarkDeliveryBurst sends 10,000 digests due in the same minute (5
// countries) through the Telegram adapter to a fake Bot API limited to
// -limit messages/s overall and 1/s per chat, from a SQLite outbox.
// Reported: achieved rate ÷ limit, 429 answers, digest builds, peak heap.
func BenchmarkDeliveryBurst(b *testing.B) {
	const chats, limit = 10000, 2000.0
	for b.Loop() {
		b.StopTimer()
		ctx := context.Background()
		st, err := store.Open(ctx, "sqlite:"+filepath.Join(b.TempDir(), "wb.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		now := time.Now()
		ds := make([]delivery.Delivery, chats)
		countries := []string{"fr", "de", "jp", "br", "ng"}
		for i := range ds {
			ds[i] = delivery.Delivery{SubscriptionID: int64(i + 1), ChatKey: bot.ChatKey{Platform: telegram.Platform, ChatID: fmt.Sprint(100000 + i)},
				Country: countries[i%len(countries)], Date: "2026-05-01", NextAttemptAt: now}
		}
		if _, err := st.EnqueueDeliveries(ctx, ds); err != nil {
			b.Fatal(err)
		}
		fake := &floodTelegram{global: rate.NewLimiter(rate.Limit(limit), int(limit/20)), perChat: 1, chats: map[string]*rate.Limiter{}}
		srv := httptest.NewServer(fake)
		tg := telegram.New(nil, st, telegram.Options{Token: "1:fake", APIURL: srv.URL,
			GlobalInterval: time.Duration(float64(time.Second) / limit), HTTPClient: srv.Client()})
		dg := &fixedDigester{}
		d := &delivery.Deliverer{Outbox: st, Digests: dg, Owner: "bench", Workers: 64, Batch: 500,
			Messengers: map[string]bot.Messenger{telegram.Platform: tg}}
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		})
		b.StartTimer()
		start := time.Now()
		stats, err := d.Drain(ctx)
		elapsed := time.Since(start)
		b.StopTimer()
		close(stop)
		wg.Wait()
		if sent, _ := st.Deliveries(ctx, delivery.Filter{Status: delivery.StatusSent, Limit: 1}); len(sent) != 1 || sent[0].MessageID == "" {
			b.Fatalf("no platform message id recorded: %+v", sent)
		}
		srv.Close()
		st.Close()
		if err != nil {
			b.Fatal(err)
		}
		if stats.Sent != chats {
			b.Fatalf("sent %d of %d (%+v)", stats.Sent, chats, stats)
		}
		b.ReportMetric(float64(fake.sent.Load())/elapsed.Seconds()/limit, "rate/limit")
		b.ReportMetric(float64(fake.flooded.Load()), "429s")
		b.ReportMetric(float64(dg.builds.Load()), "builds")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
		b.ReportMetric(elapsed.Seconds(), "s/burst")
		b.StartTimer()
	}
}
