//go:build unix

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/store"
)

// benchSubscriptions is the number of subscriptions of the idle benchmark.
const benchSubscriptions = 10000

// benchZones are the time zones of the benchmark chats.
var benchZones = []string{"UTC", "Europe/Paris", "Europe/Moscow", "America/New_York", "Asia/Tokyo", "Asia/Kolkata", "America/Sao_Paulo", "Australia/Sydney"}

var benchTemplate struct {
	once sync.Once
	dir  string // removed by TestMain
	db   string
	err  error
}

// removeBenchTemplate deletes the seeded template database, if any.
func removeBenchTemplate() {
	if benchTemplate.dir != "" {
		os.RemoveAll(benchTemplate.dir)
	}
}

// benchDatabase returns a fresh copy of a SQLite database (seeded once
// per test binary) holding benchSubscriptions Telegram subscriptions of
// chats with one to three countries each, in 8 countries and 8 time
// zones, with mornings 6 to 16 hours from now: none is due while the
// benchmark runs (and a subscription is never owed a morning scheduled
// before it was created).
func benchDatabase(b *testing.B) string {
	b.Helper()
	benchTemplate.once.Do(func() {
		start := time.Now()
		benchTemplate.dir, benchTemplate.err = os.MkdirTemp("", "worldbrief-bench-")
		if benchTemplate.err != nil {
			return
		}
		benchTemplate.db = filepath.Join(benchTemplate.dir, "wb.db")
		benchTemplate.err = seedBenchDatabase(benchTemplate.db)
		b.Logf("seeded %d subscriptions in %v", benchSubscriptions, time.Since(start).Round(time.Millisecond))
	})
	if benchTemplate.err != nil {
		b.Fatal(benchTemplate.err)
	}
	dst := filepath.Join(b.TempDir(), "wb.db")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(benchTemplate.db + suffix)
		if os.IsNotExist(err) && suffix != "" {
			continue
		}
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(dst+suffix, data, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dst
}

func seedBenchDatabase(path string) error {
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+path, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	now := time.Now()
	for n, chat := 0, 0; n < benchSubscriptions; chat++ {
		loc, err := time.LoadLocation(benchZones[chat%len(benchZones)])
		if err != nil {
			return err
		}
		morning := now.In(loc).Add(6*time.Hour + time.Duration(chat%600)*time.Minute).Format("15:04")
		k := bot.ChatKey{Platform: "telegram", ChatID: strconv.Itoa(100000 + chat)}
		if _, err := st.SetSchedule(ctx, k, morning, loc.String()); err != nil {
			return err
		}
		for i := range min(1+chat%3, benchSubscriptions-n) {
			country := fixtureCountries[(chat+i)%len(fixtureCountries)].code
			if _, _, err := st.Subscribe(ctx, bot.Subscription{ChatKey: k, Country: country}); err != nil {
				return err
			}
			n++
		}
	}
	subs, err := st.DeliverableSubscriptions(ctx, "telegram")
	if err != nil {
		return err
	}
	if len(subs) != benchSubscriptions {
		return fmt.Errorf("seeded %d subscriptions; want %d", len(subs), benchSubscriptions)
	}
	if due, _ := delivery.DueDeliveries(subs, now.Add(time.Hour)); len(due) != 0 {
		return fmt.Errorf("%d seeded subscriptions are due within the hour", len(due))
	}
	return nil
}

// procStatusMB returns a memory field (VmRSS, VmHWM) of /proc/PID/status
// in MiB.
func procStatusMB(pid int, field string) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// benchIdle is how long serve idles before its memory is read.
const benchIdle = 10 * time.Second

// BenchmarkServeStartupAndIdle starts `serve` as a child process (this
// binary re-executed, see TestMain) on a SQLite database of 10,000
// Telegram subscriptions (none due), a catalog of 8 countries and 13 local
// feeds, and a fake Bot API. It reports, as medians over the iterations:
// ms-to-listen, from exec to the first answer of /readyz (ready or not);
// ms-to-ready, from exec to its first 200 (which needs the first fetch
// cycle: fetch.interval is 1m, so it covers every feed); idle-RSS-MiB, the VmRSS of the process
// after benchIdle of idling; peak-RSS-MiB, its VmHWM then. It then stops
// the process with SIGTERM and checks it exits 0. ns/op is suppressed: it
// would mostly be the idle wait. Measure without -race.
func BenchmarkServeStartupAndIdle(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs /proc")
	}
	b.StopTimer()
	feeds := newFeedServer(b)
	catalog := fixtureCatalog(b, feeds.URL)
	api := newFakeBotAPI(b, fakeBotAPIOptions{})
	var listen, ready, rss, peak []float64
	for range b.N {
		addr := freeAddr(b)
		env := append(serveProcessEnv(catalog, api.URL, addr),
			"WORLDBRIEF_DB="+benchDatabase(b),
			"WORLDBRIEF_TRANSLATE_PROVIDER=none",
			"WORLDBRIEF_LOG_LEVEL=warn",
			// Long polling as in production: one getUpdates held per 50s.
			"WORLDBRIEF_TELEGRAM_POLL_TIMEOUT=50s",
		)
		start := time.Now()
		p := startServeProcess(b, env)
		listening := p.waitReady(b, addr, 60*time.Second)
		ready = append(ready, float64(time.Since(start))/float64(time.Millisecond))
		listen = append(listen, float64(listening.Sub(start))/float64(time.Millisecond))

		time.Sleep(benchIdle)
		select {
		case <-p.done:
			b.Fatalf("serve exited (%v) while idle; stderr:\n%s", p.waitErr, p.stderr.String())
		default:
		}
		r, err := procStatusMB(p.cmd.Process.Pid, "VmRSS")
		if err != nil {
			b.Fatal(err)
		}
		hwm, err := procStatusMB(p.cmd.Process.Pid, "VmHWM")
		if err != nil {
			b.Fatal(err)
		}
		rss, peak = append(rss, r), append(peak, hwm)

		p.signal(b, syscall.SIGTERM)
		if !p.exited(30 * time.Second) {
			b.Fatalf("serve still running 30s after SIGTERM; stderr:\n%s", p.stderr.String())
		}
		if code := p.exitCode(); code != 0 {
			b.Fatalf("serve exited %d; want 0; stderr:\n%s", code, p.stderr.String())
		}
		if n := api.sends(); n != 0 {
			b.Fatalf("%d messages sent; nothing was due", n)
		}
		b.Logf("listening in %.1f ms, ready in %.1f ms, idle RSS %.1f MiB, peak RSS %.1f MiB", listen[len(listen)-1], ready[len(ready)-1], r, hwm)
	}
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(median(listen), "ms-to-listen")
	b.ReportMetric(median(ready), "ms-to-ready")
	b.ReportMetric(median(rss), "idle-RSS-MiB")
	b.ReportMetric(median(peak), "peak-RSS-MiB")
}
