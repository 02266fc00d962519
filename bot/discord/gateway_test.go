package discord

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gorilla/websocket"
	"github.com/worldbrief/worldbrief/bot/bottest"
)

// identify is the IDENTIFY payload a shard sent.
type identify struct {
	Token   string `json:"token"`
	Intents int    `json:"intents"`
	Shard   [2]int `json:"shard"`
}

// fakeGateway is a fake Discord gateway: it greets, reads IDENTIFY,
// answers READY and then sends one INTERACTION_CREATE per connection;
// a RESUME is answered RESUMED.
type fakeGateway struct {
	srv         *httptest.Server
	interaction []byte
	mu          sync.Mutex
	identified  []identify
	resumed     int
	conns       []*websocket.Conn
	// refuse makes new connections fail (503) while set.
	refuse bool
	// tried holds when each connection was asked for.
	tried []time.Time
}

// drop closes every open connection, as a network failure would.
func (g *fakeGateway) drop() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.conns {
		_ = c.Close()
	}
	g.conns = nil
}

func newFakeGateway(t *testing.T, interaction []byte) *fakeGateway {
	g := &fakeGateway{interaction: interaction}
	g.srv = httptest.NewServer(g.handler())
	t.Cleanup(g.srv.Close)
	return g
}

// newPipeFakeGateway is a fakeGateway served in memory, for tests in a
// testing/synctest bubble, and the dial function that reaches it.
func newPipeFakeGateway(t *testing.T, interaction []byte) (*fakeGateway, func(context.Context, string, string) (net.Conn, error)) {
	g := &fakeGateway{interaction: interaction}
	ln := bottest.NewPipeListener()
	g.srv = httptest.NewUnstartedServer(g.handler())
	g.srv.Listener = ln
	g.srv.Start()
	t.Cleanup(g.srv.Close)
	return g, ln.DialContext
}

// readUntilClosed reads c until the client closes it. On a close frame it
// leaves the closing to the client, as Discord does: discordgo sends one
// and waits a second before closing, holding its session lock, and a
// server closing first would wake its reader into that lock, which fake
// time cannot wait out.
func readUntilClosed(c *websocket.Conn) {
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				_, _ = io.Copy(io.Discard, c.UnderlyingConn())
			}
			return
		}
	}
}

// handler answers gateway connections: HELLO, then READY (and an
// interaction on shard 0) after IDENTIFY, or RESUMED after RESUME.
func (g *fakeGateway) handler() http.Handler {
	var up websocket.Upgrader
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		refuse := g.refuse
		g.tried = append(g.tried, time.Now())
		g.mu.Unlock()
		if refuse {
			http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
			return
		}
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		c.SetCloseHandler(func(int, string) error { return nil })
		g.mu.Lock()
		g.conns = append(g.conns, c)
		g.mu.Unlock()
		c.WriteJSON(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}})
		var msg struct {
			Op int      `json:"op"`
			D  identify `json:"d"`
		}
		if err := c.ReadJSON(&msg); err != nil || (msg.Op != 2 && msg.Op != 6) {
			return
		}
		if msg.Op == 6 {
			g.mu.Lock()
			g.resumed++
			g.mu.Unlock()
			c.WriteMessage(websocket.TextMessage, []byte(`{"op":0,"t":"RESUMED","s":3,"d":{}}`))
			readUntilClosed(c)
			return
		}
		g.mu.Lock()
		g.identified = append(g.identified, msg.D)
		g.mu.Unlock()
		c.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, `{"op":0,"t":"READY","s":1,"d":{"v":9,"user":{"id":"1000000000000000001","username":"worldbrief","bot":true},"session_id":"s%d","guilds":[],"application":{"id":"1000000000000000001","flags":0},"shard":[%d,%d]}}`,
			msg.D.Shard[0], msg.D.Shard[0], msg.D.Shard[1]))
		if msg.D.Shard[0] == 0 {
			c.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, `{"op":0,"t":"INTERACTION_CREATE","s":2,"d":%s}`, g.interaction))
		}
		readUntilClosed(c)
	})
}

// In fake time the shards are started Discord's 5.5 s apart, and the
// sessions' one-second close handshakes cost nothing.
func TestRunShardsRegistersAndAnswersGatewayInteractions(t *testing.T) {
	raw, err := os.ReadFile("testdata/autocomplete_country.json")
	if err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) { testRunShardsRegistersAndAnswersGatewayInteractions(t, raw) })
}

func testRunShardsRegistersAndAnswersGatewayInteractions(t *testing.T, raw []byte) {
	h, gw := newFakeTimeHarness(t, raw)
	h.fake.shards = 2

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.Run(ctx) }()

	deadline := time.Now().Add(10 * time.Second)
	var registered, answered int
	for time.Now().Before(deadline) {
		registered, answered = 0, 0
		for _, r := range h.fake.requests() {
			if r.Method == "PUT" && r.Path == "/applications/1000000000000000001/commands" {
				registered++
			}
			if strings.HasSuffix(r.Path, "/callback") {
				var cb callback
				r.decode(t, &cb)
				if cb.Type == 8 && len(cb.Data.Choices) > 0 {
					answered++
				}
			}
		}
		gw.mu.Lock()
		n := len(gw.identified)
		gw.mu.Unlock()
		if registered > 0 && answered > 0 && n == 2 {
			break
		}
		time.Sleep(20 * time.Millisecond) // fake time: lets the shards' pacing run
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if registered != 1 || answered != 1 {
		t.Errorf("commands registered %d times, interactions answered %d; want 1 and 1", registered, answered)
	}
	gw.mu.Lock()
	defer gw.mu.Unlock()
	shards := map[[2]int]bool{}
	for _, id := range gw.identified {
		shards[id.Shard] = true
		if id.Intents != 1 {
			t.Errorf("shard %v identified with intents %d, want 1 (Guilds only)", id.Shard, id.Intents)
		}
		if id.Token != "Bot "+fakeToken {
			t.Errorf("shard %v identified with another token", id.Shard)
		}
	}
	if len(shards) != 2 || !shards[[2]int{0, 2}] || !shards[[2]int{1, 2}] {
		t.Errorf("shards identified: %v, want [0 2] and [1 2]", gw.identified)
	}
}

func TestRunStopsOnRejectedToken(t *testing.T) {
	h := newHarness(t)
	h.fake.answer("/gateway/bot", 401, `{"message": "401: Unauthorized", "code": 0}`, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := h.bot.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "token was rejected") || strings.Contains(err.Error(), fakeToken) {
		t.Fatalf("Run = %v, want the token rejected, without the token", err)
	}
}

// In fake time: ctx ends during the first pause between tries.
func TestRunRetriesUnreachableDiscordUntilCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, _ := newFakeTimeHarness(t, nil)
		h.fake.answer("/gateway/bot", 502, `bad gateway`, nil)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		if err := h.bot.Run(ctx); err != nil {
			t.Fatalf("Run = %v, want nil when ctx ends while retrying", err)
		}
		if !strings.Contains(h.logs.String(), "cannot reach Discord") {
			t.Errorf("no warning logged:\n%s", h.logs.String())
		}
	})
}

// Connected (read by /readyz) follows the gateway: not before Discord
// answered, not while a shard is disconnected, again once it resumed.
func TestConnectedFollowsGateway(t *testing.T) {
	raw, err := os.ReadFile("testdata/autocomplete_country.json")
	if err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) { testConnectedFollowsGateway(t, raw) })
}

func testConnectedFollowsGateway(t *testing.T, raw []byte) {
	h, gw := newFakeTimeHarness(t, raw)
	if err := h.bot.Connected(); err == nil || !strings.Contains(err.Error(), "not connected to Discord yet") {
		t.Fatalf("before Run: Connected() = %v; want not connected yet", err)
	}
	h.fake.shards = 1
	h.fake.answer("/gateway/bot", 502, `bad gateway`, nil)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.bot.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	bottest.WaitConnected(t, h.bot, "Discord answering 502", func(err error) bool {
		return err != nil && strings.Contains(err.Error(), "not connected to Discord") && strings.Contains(err.Error(), "502")
	})
	bottest.WaitConnected(t, h.bot, "gateway connected", func(err error) bool { return err == nil })
	gw.mu.Lock()
	gw.refuse = true
	gw.mu.Unlock()
	gw.drop()
	bottest.WaitConnected(t, h.bot, "gateway dropped", func(err error) bool {
		return err != nil && strings.Contains(err.Error(), "gateway shard 0 not connected")
	})
	gw.mu.Lock()
	gw.refuse = false
	gw.mu.Unlock()
	bottest.WaitConnected(t, h.bot, "gateway resumed", func(err error) bool { return err == nil })
	gw.mu.Lock()
	defer gw.mu.Unlock()
	if gw.resumed == 0 {
		t.Error("the session did not resume after the drop")
	}
	if strings.Contains(h.logs.String(), fakeToken) {
		t.Error("the token appears in the logs")
	}
}
