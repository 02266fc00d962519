//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot/bottest"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/pipeline"
)

// runMainEnv, set to 1 in a child's environment, makes the test binary
// run main() instead of the tests: the binary then is worldbrief, with
// main's real signal handling (see startServeProcess).
const runMainEnv = "WORLDBRIEF_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main() // exits
		os.Exit(3)
	}
	code := m.Run()
	removeBenchTemplate()
	os.Exit(code)
}

// serveProcess is `worldbrief serve` running as a child process (this
// test binary re-executed with runMainEnv).
type serveProcess struct {
	cmd            *exec.Cmd
	stdout, stderr bottest.Buffer
	done           chan struct{} // closed once the process has exited
	waitErr        error         // set before done is closed
	exitedAt       time.Time     // set before done is closed
}

// startServeProcess starts `serve` in a child process with env (the
// WORLDBRIEF_* settings) on top of this process's environment stripped of
// its own WORLDBRIEF_* variables. The child is killed at cleanup if it is
// still running.
func startServeProcess(tb testing.TB, env []string) *serveProcess {
	tb.Helper()
	var base []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WORLDBRIEF_") {
			base = append(base, kv)
		}
	}
	if _, ok := os.LookupEnv("GORACE"); !ok {
		// Under -race the child would sleep 1s at a 0 exit (the race
		// runtime's default atexit_sleep_ms) and blur the timings.
		base = append(base, "GORACE=atexit_sleep_ms=0")
	}
	p := &serveProcess{done: make(chan struct{})}
	p.cmd = exec.Command(os.Args[0], "serve")
	p.cmd.Env = append(append(base, env...), runMainEnv+"=1")
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() {
		err := p.cmd.Wait()
		p.waitErr, p.exitedAt = err, time.Now()
		close(p.done)
	}()
	tb.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// signal sends sig to the child.
func (p *serveProcess) signal(tb testing.TB, sig os.Signal) {
	tb.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		tb.Fatalf("signal %v: %v; stderr:\n%s", sig, err, p.stderr.String())
	}
}

// exited reports whether the child exited within d.
func (p *serveProcess) exited(d time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(d):
		return false
	}
}

// exitCode is the child's exit status once it has exited (-1 when a
// signal killed it).
func (p *serveProcess) exitCode() int {
	<-p.done
	var ee *exec.ExitError
	if errors.As(p.waitErr, &ee) {
		return ee.ExitCode()
	}
	if p.waitErr != nil {
		return -1
	}
	return 0
}

// waitReady polls http://addr/readyz until it answers 200; it fails tb
// when the child exits first or timeout passes. It returns when /readyz
// first answered (ready or not): when the ops server was listening.
func (p *serveProcess) waitReady(tb testing.TB, addr string, timeout time.Duration) (listening time.Time) {
	tb.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		resp, err := client.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if listening.IsZero() {
				listening = time.Now()
			}
			if resp.StatusCode == http.StatusOK {
				return listening
			}
		}
		select {
		case <-p.done:
			tb.Fatalf("serve exited (%v) before it was ready; stderr:\n%s", p.waitErr, p.stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			tb.Fatalf("serve not ready after %v; stderr:\n%s", timeout, p.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// serveProcessEnv is the configuration of a serve child talking to api,
// fetching catalog's feeds every minute and serving /readyz on listen.
func serveProcessEnv(catalog, apiURL, listen string) []string {
	return []string{
		"WORLDBRIEF_CATALOG=" + catalog,
		"WORLDBRIEF_TELEGRAM_TOKEN=123456:TESTtoken_abcdefghijklmnopqrstuvwxyz012",
		"WORLDBRIEF_TELEGRAM_API_URL=" + apiURL,
		"WORLDBRIEF_TELEGRAM_POLL_TIMEOUT=1s",
		// Every site in the one fetch slot: the first fetch covers the
		// catalog and /readyz turns ready after it.
		"WORLDBRIEF_FETCH_INTERVAL=1m",
		"WORLDBRIEF_HTTP_LISTEN=" + listen,
		"WORLDBRIEF_LOG_LEVEL=info",
	}
}

// startServeWithDelivery migrates a fresh database, enqueues one due
// delivery (Telegram chat 42, France) and starts serve on it in a child
// process; it returns once the fake Bot API has received the delivery's
// sendMessage.
func startServeWithDelivery(t *testing.T, hang bool) (*serveProcess, *fakeBotAPI, *cli) {
	t.Helper()
	feeds := newFeedServer(t)
	api := newFakeBotAPI(t, fakeBotAPIOptions{HangSends: hang})
	c := newCLI(t, serveProcessEnv(testCatalog(t, feeds.URL), api.URL, freeAddr(t))...)
	if code, _, errb := c.run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", errb)
	}
	seedDueDelivery(t, c, "fr")
	p := startServeProcess(t, c.env)
	select {
	case <-api.firstSend:
	case <-p.done:
		t.Fatalf("serve exited (%v) before sending; stderr:\n%s", p.waitErr, p.stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve sent nothing in 60s; stderr:\n%s", p.stderr.String())
	}
	return p, api, c
}

// deliveryRows returns the outbox of c's database.
func deliveryRows(t *testing.T, c *cli) []delivery.Delivery {
	t.Helper()
	ctx := context.Background()
	st := c.openStore()
	rows, err := st.Deliveries(ctx, delivery.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func describeRows(rows []delivery.Delivery) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "[id %d %s attempts %d] ", r.ID, r.Status, r.Attempts)
	}
	return b.String()
}

// A second SIGTERM while the first one's graceful shutdown waits for a
// delivery in flight ends the process at once, with status 1.
func TestServeProcessSecondSignalExitsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts serve as a child process")
	}
	t.Parallel()
	p, _, _ := startServeWithDelivery(t, true)

	p.signal(t, syscall.SIGTERM)
	// The send hangs: the first signal's shutdown waits for it (up to
	// pipeline.DefaultShutdownGrace), so the process is still there a second later.
	if p.exited(time.Second) {
		t.Fatalf("serve exited %d right after the first SIGTERM, with a delivery in flight; stderr:\n%s", p.exitCode(), p.stderr.String())
	}
	sent := time.Now()
	p.signal(t, syscall.SIGTERM)
	if !p.exited(3 * time.Second) {
		t.Fatalf("serve still running 3s after a second SIGTERM; stderr:\n%s", p.stderr.String())
	}
	t.Logf("exited %v after the second SIGTERM", p.exitedAt.Sub(sent).Round(time.Millisecond))
	if code := p.exitCode(); code != 1 {
		t.Errorf("exit status after a second signal = %d; want 1", code)
	}
	if errb := p.stderr.String(); !strings.Contains(errb, "second signal") {
		t.Errorf("stderr does not mention the second signal:\n%s", errb)
	}
}

// One SIGTERM with nothing in flight stops serve at once, with status 0.
func TestServeProcessSIGTERMIdleExitsPromptly(t *testing.T) {
	if testing.Short() {
		t.Skip("starts serve as a child process")
	}
	t.Parallel()
	feeds := newFeedServer(t)
	api := newFakeBotAPI(t, fakeBotAPIOptions{HangSends: true}) // nothing is due: nothing is sent
	addr := freeAddr(t)
	c := newCLI(t, serveProcessEnv(testCatalog(t, feeds.URL), api.URL, addr)...)
	if code, _, errb := c.run("migrate"); code != 0 {
		t.Fatalf("migrate: %s", errb)
	}
	p := startServeProcess(t, c.env)
	p.waitReady(t, addr, 60*time.Second)

	sent := time.Now()
	p.signal(t, syscall.SIGTERM)
	// Far less than pipeline.DefaultShutdownGrace: nothing waits for it.
	if !p.exited(pipeline.DefaultShutdownGrace / 2) {
		t.Fatalf("serve still running %v after SIGTERM with nothing in flight; stderr:\n%s", pipeline.DefaultShutdownGrace/2, p.stderr.String())
	}
	t.Logf("exited %v after SIGTERM", p.exitedAt.Sub(sent).Round(time.Millisecond))
	if code := p.exitCode(); code != 0 {
		t.Errorf("exit status = %d; want 0; stderr:\n%s", code, p.stderr.String())
	}
	if n := api.sends(); n != 0 {
		t.Errorf("%d messages sent; nothing was due", n)
	}
	// At the default log level the operator sees the signal taken and
	// the end, and no warning.
	if logs := p.stderr.String(); !strings.Contains(logs, `msg="stopping: sends in flight`) || !strings.Contains(logs, "msg=stopped") || strings.Contains(logs, "level=WARN") {
		t.Errorf("serve's log of a SIGTERM:\n%s", logs)
	}
}

// One SIGTERM with a send that never answers: serve waits pipeline.DefaultShutdownGrace
// for it, then cancels it, puts the row back in the queue (pending, not
// sending) and exits 0.
func TestServeProcessSIGTERMGraceReleasesHungDelivery(t *testing.T) {
	if testing.Short() {
		t.Skip("starts serve as a child process")
	}
	t.Parallel()
	p, api, c := startServeWithDelivery(t, true)

	sent := time.Now()
	p.signal(t, syscall.SIGTERM)
	if p.exited(pipeline.DefaultShutdownGrace - time.Second) {
		t.Fatalf("serve exited %d %v after SIGTERM, before the %v grace of the delivery in flight; stderr:\n%s",
			p.exitCode(), p.exitedAt.Sub(sent), pipeline.DefaultShutdownGrace, p.stderr.String())
	}
	if !p.exited(30 * time.Second) {
		t.Fatalf("serve still running %v after SIGTERM; stderr:\n%s", time.Since(sent), p.stderr.String())
	}
	took := p.exitedAt.Sub(sent)
	t.Logf("exited %v after SIGTERM", took.Round(time.Millisecond))
	if code := p.exitCode(); code != 0 {
		t.Fatalf("exit status = %d; want 0; stderr:\n%s", code, p.stderr.String())
	}
	if took < pipeline.DefaultShutdownGrace-500*time.Millisecond {
		t.Errorf("exited %v after SIGTERM; want after the %v grace", took, pipeline.DefaultShutdownGrace)
	}
	if n := api.sends(); n != 1 {
		t.Errorf("%d sendMessage requests; want 1", n)
	}
	rows := deliveryRows(t, c)
	if len(rows) != 1 || rows[0].Status != delivery.StatusPending || rows[0].Attempts != 0 {
		t.Fatalf("outbox after shutdown: %s; want one row, pending, 0 attempts (released)\nstderr:\n%s", describeRows(rows), p.stderr.String())
	}
	if errb := p.stderr.String(); !strings.Contains(errb, "unsent deliveries released") {
		t.Errorf("serve did not log the release:\n%s", errb)
	}
}
