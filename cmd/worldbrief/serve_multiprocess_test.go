//go:build unix

package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/store"
)

// Settings of TestServeProcessesShareOutboxOnPostgres.
const (
	mpChats     = 300 // subscriptions due now, one chat each
	mpProcesses = 3
	// mpWorkers is delivery.workers: the sends one process has in flight
	// at most, so the most chats its death can make receive twice.
	mpWorkers = 8
	// mpLease is delivery.lease: the killed process's claims lapse after
	// it, and the survivors take them over at their next delivery pass
	// (the minute tick), so the test lasts about mpLease plus up to a
	// minute. A live process claims 100 rows at once (the Deliverer's
	// default batch) and must send them within the lease, or another
	// process takes them over while they are being sent: at mpRate
	// shared by three processes that takes about 300/mpRate s (some 7 s),
	// a third of the lease, leaving room for a loaded machine.
	mpLease = 20 * time.Second
	// mpRate is delivery.telegram_rate, messages per second shared by all
	// processes (booked in the database): the sends take several
	// seconds, so the kill lands mid-way and every process gets a share.
	mpRate = 40
)

// seedDueMornings subscribes n Telegram chats (one subscription each,
// countries in turn) with a morning two minutes ago, UTC, and enqueues
// those mornings as serve's minute tick would have. It returns the chat
// ids.
func seedDueMornings(t *testing.T, st *store.Store, n int, countries []string) []string {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	hhmm := now.UTC().Add(-2 * time.Minute).Format("15:04")
	sch, err := delivery.ParseSchedule(hhmm, "UTC")
	if err != nil {
		t.Fatal(err)
	}
	// Serve's own tick computes the same (subscription, date) and skips
	// it anyway: the morning came before the subscription existed.
	at, date := sch.Last(now)
	chats := make([]string, n)
	ds := make([]delivery.Delivery, n)
	for i := range n {
		chats[i] = strconv.Itoa(700000 + i)
		key := bot.ChatKey{Platform: "telegram", ChatID: chats[i]}
		if _, err := st.SetSchedule(ctx, key, hhmm, "UTC"); err != nil {
			t.Fatal(err)
		}
		country := countries[i%len(countries)]
		sub, _, err := st.Subscribe(ctx, bot.Subscription{ChatKey: key, Country: country})
		if err != nil {
			t.Fatal(err)
		}
		ds[i] = delivery.Delivery{SubscriptionID: sub.ID, ChatKey: key, Country: country, Date: date, NextAttemptAt: at}
	}
	if got, err := st.EnqueueDeliveries(ctx, ds); err != nil || got != n {
		t.Fatalf("enqueue = %d, %v; want %d", got, err, n)
	}
	return chats
}

// ownerPID is the process id in a delivery lease owner (workerID:
// host-pid-random).
func ownerPID(owner string) int {
	parts := strings.Split(owner, "-")
	if len(parts) < 3 {
		return 0
	}
	pid, _ := strconv.Atoi(parts[len(parts)-2])
	return pid
}

// Three `serve` processes share one PostgreSQL outbox and one bot (each
// talks to its own fake Bot API, so the sends can be told apart). One of
// them is SIGKILLed a third of the way through the morning: its claims
// lapse and the survivors send them. Every chat gets its digest; only the
// sends the dead process had in flight when it died arrive twice.
func TestServeProcessesShareOutboxOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts serve child processes")
	}
	if os.Getenv("WORLDBRIEF_TEST_POSTGRES_DSN") == "" {
		t.Skip("WORLDBRIEF_TEST_POSTGRES_DSN not set")
	}
	began := time.Now()
	dsn := webhookPostgresDSN(t)
	feeds := newFeedServer(t)
	catalog := fixtureCatalog(t, feeds.URL)
	var countries []string
	for _, c := range fixtureCountries[:5] {
		countries = append(countries, c.code)
	}
	admin := &cli{t: t, env: []string{"WORLDBRIEF_DB=" + dsn, "WORLDBRIEF_CATALOG=" + catalog,
		"WORLDBRIEF_LOG_LEVEL=error", "WORLDBRIEF_TRANSLATE_PROVIDER=none"}}
	if code, _, errb := admin.run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", errb)
	}
	st := admin.openStore()
	ctx := context.Background()
	chats := seedDueMornings(t, st, mpChats, countries)

	apis := make([]*fakeBotAPI, mpProcesses)
	procs := make([]*serveProcess, mpProcesses)
	for i := range procs {
		apis[i] = newFakeBotAPI(t, fakeBotAPIOptions{})
	}
	for i := range procs {
		env := append(serveProcessEnv(catalog, apis[i].URL, freeAddr(t)),
			"WORLDBRIEF_DB="+dsn,
			"WORLDBRIEF_TRANSLATE_PROVIDER=none",
			"WORLDBRIEF_DELIVERY_WORKERS="+strconv.Itoa(mpWorkers),
			"WORLDBRIEF_DELIVERY_LEASE="+mpLease.String(),
			"WORLDBRIEF_DELIVERY_TELEGRAM_RATE="+strconv.Itoa(mpRate),
		)
		procs[i] = startServeProcess(t, env)
	}
	started := time.Now()
	stderrs := func() string {
		var b strings.Builder
		for i, p := range procs {
			fmt.Fprintf(&b, "--- process %d (pid %d) stderr:\n%s", i, p.cmd.Process.Pid, p.stderr.String())
		}
		return b.String()
	}
	totalSends := func() int {
		n := 0
		for _, a := range apis {
			n += a.sends()
		}
		return n
	}
	// perChat counts the messages of each chat over every fake, and per
	// process.
	perChat := func() (all map[string]int, by []map[string]int) {
		all = map[string]int{}
		by = make([]map[string]int, len(apis))
		for i, a := range apis {
			by[i] = map[string]int{}
			for _, form := range a.methodCalls("sendMessage") {
				all[form.Get("chat_id")]++
				by[i][form.Get("chat_id")]++
			}
		}
		return all, by
	}
	poll := func(timeout time.Duration, what string, live []*serveProcess, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(timeout)
		for !cond() {
			for _, p := range live {
				select {
				case <-p.done:
					t.Fatalf("serve pid %d exited (%v) while waiting for %s\n%s", p.cmd.Process.Pid, p.waitErr, what, stderrs())
				default:
				}
			}
			if time.Now().After(deadline) {
				all, _ := perChat()
				t.Fatalf("no %s after %v: %d sends to %d of %d chats\n%s", what, timeout, totalSends(), len(all), mpChats, stderrs())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}

	// A third of the way: SIGKILL the process holding the most claims.
	poll(2*time.Minute, "third of the sends", procs, func() bool { return totalSends() >= mpChats/3 })
	rows, err := st.Deliveries(ctx, delivery.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	claims := map[int]int{}
	for _, r := range rows {
		if r.Status == delivery.StatusSending {
			claims[ownerPID(r.LeaseOwner)]++
		}
	}
	victim := 0
	for i, p := range procs {
		if claims[p.cmd.Process.Pid] > claims[procs[victim].cmd.Process.Pid] {
			victim = i
		}
	}
	vp := procs[victim]
	if claims[vp.cmd.Process.Pid] == 0 {
		t.Fatalf("no process holds a claim a third of the way (%d sends): the kill would not be mid-way\n%s", totalSends(), stderrs())
	}
	if err := vp.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killedAt := time.Now()
	if code := vp.exitCode(); code != -1 {
		t.Fatalf("killed process exit status %d; want -1 (killed by a signal)", code)
	}
	sendsAtKill := totalSends()
	victimSends := apis[victim].sends()
	t.Logf("SIGKILLed process %d (pid %d) %v after start, at %d sends overall, %d of them its own, holding %d claims (claims by pid: %v)",
		victim, vp.cmd.Process.Pid, killedAt.Sub(started).Round(time.Millisecond), sendsAtKill, victimSends, claims[vp.cmd.Process.Pid], claims)

	var survivors []*serveProcess
	var survivorIdx []int
	for i, p := range procs {
		if i != victim {
			survivors = append(survivors, p)
			survivorIdx = append(survivorIdx, i)
		}
	}
	// The survivors take the dead process's claims over once its lease
	// has lapsed, at their first delivery pass after that: at most
	// mpLease, then a minute tick, later.
	poll(mpLease+3*time.Minute, "digest for every chat", survivors, func() bool {
		all, _ := perChat()
		return len(all) >= mpChats
	})
	allDone := time.Now()

	for _, p := range survivors {
		p.signal(t, syscall.SIGTERM)
	}
	for _, p := range survivors {
		if !p.exited(60 * time.Second) {
			t.Fatalf("serve pid %d still running 60s after SIGTERM\n%s", p.cmd.Process.Pid, stderrs())
		}
		if code := p.exitCode(); code != 0 {
			t.Errorf("serve pid %d exited %d after SIGTERM; want 0\n%s", p.cmd.Process.Pid, code, p.stderr.String())
		}
	}

	// Nothing lost.
	all, by := perChat()
	var missing []string
	for _, c := range chats {
		if all[c] == 0 {
			missing = append(missing, c)
		}
	}
	if len(all) != mpChats || len(missing) > 0 {
		t.Errorf("%d chats got a message, missing %v; want exactly the %d seeded chats", len(all), missing, mpChats)
	}

	// The outbox: every row sent; who sent it.
	rows, err = st.Deliveries(ctx, delivery.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != mpChats {
		t.Errorf("outbox has %d rows; want %d", len(rows), mpChats)
	}
	markedBy := map[int]int{}
	takenOver := 0
	var unsent []delivery.Delivery
	for _, r := range rows {
		if r.Status != delivery.StatusSent {
			unsent = append(unsent, r)
			continue
		}
		markedBy[ownerPID(r.LeaseOwner)]++
		if r.Attempts > 1 {
			takenOver++
		}
	}
	if len(unsent) > 0 {
		t.Errorf("%d outbox rows are not sent; want all sent: %s", len(unsent), describeRows(unsent[:min(len(unsent), 10)]))
	}

	// Duplicates: only sends the dead process had in flight, that is sent
	// but not recorded as sent, are sent again.
	victimSends = apis[victim].sends() // with any request it had on the wire
	victimMarked := markedBy[vp.cmd.Process.Pid]
	inFlight := victimSends - victimMarked
	var dups []string
	strays := 0 // duplicates not explained by the killed process
	for c, k := range all {
		if k > 1 {
			dups = append(dups, c)
			if k > 2 || by[victim][c] != 1 {
				strays++
			}
		}
	}
	slices.Sort(dups)
	if strays > 0 {
		t.Errorf("%d chats got more than two messages or a second one not after a send of the killed process: a duplicate must be a send in flight in the killed process, sent again once", strays)
	}
	if inFlight < 0 || inFlight > mpWorkers {
		t.Errorf("killed process: %d sends, %d recorded as sent: %d in flight; want 0..%d (delivery.workers)", victimSends, victimMarked, inFlight, mpWorkers)
	}
	if len(dups) > inFlight {
		t.Errorf("%d chats got the digest more than once (first: %v); want at most the %d sends in flight in the killed process", len(dups), dups[:min(len(dups), 10)], inFlight)
	}

	// Each survivor sent a share, and every send it made it recorded.
	for _, i := range survivorIdx {
		n, pid := apis[i].sends(), procs[i].cmd.Process.Pid
		if n == 0 {
			t.Errorf("surviving process %d (pid %d) sent nothing: the work was not shared", i, pid)
		}
		if n != markedBy[pid] {
			t.Errorf("surviving process %d (pid %d) made %d sends but is the sender of %d outbox rows", i, pid, n, markedBy[pid])
		}
	}
	t.Logf("chats %d, processes %d, workers %d, lease %v, rate %d/s", mpChats, mpProcesses, mpWorkers, mpLease, mpRate)
	t.Logf("sends per process: %d %d %d (process %d killed); outbox rows recorded by pid: %v", apis[0].sends(), apis[1].sends(), apis[2].sends(), victim, markedBy)
	t.Logf("killed process in flight: %d; chats served more than once: %d %v; rows taken over (attempts > 1): %d", inFlight, len(dups), dups[:min(len(dups), 10)], takenOver)
	t.Logf("timing: setup %v, kill %v after start, all delivered %v after start (%v after the kill), test %v",
		started.Sub(began).Round(time.Millisecond), killedAt.Sub(started).Round(time.Millisecond),
		allDone.Sub(started).Round(time.Millisecond), allDone.Sub(killedAt).Round(time.Millisecond), time.Since(began).Round(time.Millisecond))
}
