package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/worldbrief/worldbrief/bot/bottest"
	"github.com/worldbrief/worldbrief/store"
)

const fakeToken = "MTIzNDU2Nzg5.fake-bot-token.secret"

// request is one request the fake Discord received.
type request struct {
	Method, Path, Auth string
	Body               json.RawMessage
}

// decode unmarshals the request body into v.
func (r request) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s %s: body %s: %v", r.Method, r.Path, r.Body, err)
	}
}

// canned is a prepared answer for requests whose path has a prefix.
type canned struct {
	prefix string
	status int
	body   string
	header map[string]string
}

// fakeDiscord is a fake of Discord's REST API, reached through
// Session.Client by a RoundTripper that rewrites discord.com to it.
type fakeDiscord struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []request
	// answers are used once each, first match first.
	answers []canned
	// channels answers GET /channels/{id}.
	channels map[string]string
	// shards is the recommendation of GET /gateway/bot; gateway the URL
	// of GET /gateway.
	shards  int
	gateway string
}

func newFakeDiscord(t *testing.T) *fakeDiscord {
	f := &fakeDiscord{channels: map[string]string{}, shards: 3}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := strings.TrimPrefix(r.URL.Path, "/api/v9")
	f.mu.Lock()
	f.got = append(f.got, request{Method: r.Method, Path: path, Auth: r.Header.Get("Authorization"), Body: body})
	for i, a := range f.answers {
		if strings.HasPrefix(path, a.prefix) {
			f.answers = append(f.answers[:i], f.answers[i+1:]...)
			f.mu.Unlock()
			for k, v := range a.header {
				w.Header().Set(k, v)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(a.status)
			io.WriteString(w, a.body)
			return
		}
	}
	ch, isChannel := f.channels[strings.TrimPrefix(path, "/channels/")]
	shards, gateway := f.shards, f.gateway
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/channels/"):
		if !isChannel {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message": "Unknown Channel", "code": 10003}`)
			return
		}
		io.WriteString(w, ch)
	case path == "/gateway/bot":
		fmt.Fprintf(w, `{"url": "wss://gateway.discord.gg", "shards": %d, "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}}`, shards)
	case path == "/gateway":
		fmt.Fprintf(w, `{"url": %q}`, gateway)
	case strings.HasSuffix(path, "/callback"), r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusNoContent)
	case strings.HasSuffix(path, "/commands") && r.Method == http.MethodPut:
		w.Write(body)
	default:
		io.WriteString(w, `{"id": "900", "channel_id": "1", "content": ""}`)
	}
}

// answer queues a reply for the next request under prefix.
func (f *fakeDiscord) answer(prefix string, status int, body string, header map[string]string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers = append(f.answers, canned{prefix, status, body, header})
}

// requests returns what the fake received so far.
func (f *fakeDiscord) requests() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]request(nil), f.got...)
}

// rewrite sends every request to the fake instead of Discord.
type rewrite struct {
	target *url.URL
	// base sends the rewritten request; nil means http.DefaultTransport.
	base http.RoundTripper
}

func (rw rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = rw.target.Scheme, rw.target.Host
	r.Host = rw.target.Host
	if rw.base != nil {
		return rw.base.RoundTrip(r)
	}
	return http.DefaultTransport.RoundTrip(r)
}

// harness is a Bot wired to a fake Discord and an in-memory store.
type harness struct {
	fake *fakeDiscord
	st   *store.Store
	bot  *Bot
	sess *discordgo.Session
	logs *bottest.Buffer
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOn(t, newFakeDiscord(t), nil, nil)
}

// newFakeTimeHarness is a harness whose fake Discord REST API and
// gateway are served in memory: call it inside a testing/synctest bubble,
// where the bot's and discordgo's backoffs then take no real time. Start
// the gateway with h.gateway.
func newFakeTimeHarness(t *testing.T, interaction []byte) (*harness, *fakeGateway) {
	t.Helper()
	f := &fakeDiscord{channels: map[string]string{}, shards: 3}
	var rest *http.Client
	f.srv, rest = bottest.ServePipe(t, http.HandlerFunc(f.serve))
	gw, dial := newPipeFakeGateway(t, interaction)
	f.gateway = "ws://pipe:80"
	return newHarnessOn(t, f, rest.Transport, dial), gw
}

func newHarnessOn(t *testing.T, fake *fakeDiscord, base http.RoundTripper, dial func(context.Context, string, string) (net.Conn, error)) *harness {
	t.Helper()
	st := bottest.Store(t)
	h := &harness{fake: fake, st: st, logs: &bottest.Buffer{}}
	u, _ := url.Parse(h.fake.srv.URL)
	h.bot = New(bottest.Core(t, st), st, Options{
		Token: fakeToken, HTTPClient: &http.Client{Transport: rewrite{u, base}, Timeout: 10 * time.Second},
		MaxRateWait: 2 * time.Second, GatewayDial: dial,
		Log: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	var err error
	h.sess, err = h.bot.rest()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if strings.Contains(h.logs.String(), fakeToken) {
			t.Errorf("the bot token appears in the logs:\n%s", h.logs.String())
		}
		for _, r := range h.fake.requests() {
			if r.Auth != "Bot "+fakeToken && !strings.HasPrefix(r.Path, "/webhooks/") && !strings.HasPrefix(r.Path, "/interactions/") {
				t.Errorf("%s %s sent Authorization %q", r.Method, r.Path, r.Auth)
			}
		}
	})
	return h
}

// String shows a request readably in failures.
func (r request) String() string { return r.Method + " " + r.Path + " " + string(r.Body) }
