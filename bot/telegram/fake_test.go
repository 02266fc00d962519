package telegram

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot/bottest"
)

// fakeToken is the token the fake Bot API accepts.
const fakeToken = "123456:TEST-secret-token-value"

// sent is one message the fake Bot API accepted.
type sent struct {
	ChatID, ThreadID, Text, ParseMode string
	// Preview is the link_preview_options sent.
	Preview string
}

// failure is a response the fake gives instead of sending.
type failure struct {
	code   int
	desc   string
	params map[string]any
}

// fakeAPI is a strict in-process Telegram Bot API: it rejects HTML outside
// Telegram's subset and texts over 4096 UTF-16 units, and can be told to
// answer 429, 403 or a chat migration.
type fakeAPI struct {
	t   *testing.T
	srv *httptest.Server

	mu        sync.Mutex
	updates   []json.RawMessage
	nextID    int
	wake      chan struct{}
	sent      []sent
	more      chan struct{} // closed (and replaced) when a message is accepted
	rejected  []string
	fail      map[string][]failure // by chat id
	members   map[string]string    // "chat/user" → status
	memberReq int
	commands  string
	failCmds  bool
	webhook   [2]string // url, secret; getUpdates answers 409 while set
	failHook  []failure // answers to the next setWebhook calls
	hookCalls int       // setWebhook calls
	unhooked  int       // deleteWebhook calls
	failPoll  []failure // answers to the next getUpdates calls
	polls     int
	pollAt    []time.Time // when each getUpdates call came
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, wake: make(chan struct{}, 1), fail: map[string][]failure{}, members: map[string]string{}, nextID: 1}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// newPipeFakeAPI is a fakeAPI served in memory, for tests in a
// testing/synctest bubble; the bot must send through the client returned.
func newPipeFakeAPI(t *testing.T) (*fakeAPI, *http.Client) {
	f := &fakeAPI{t: t, wake: make(chan struct{}, 1), fail: map[string][]failure{}, members: map[string]string{}, nextID: 1}
	var client *http.Client
	f.srv, client = bottest.ServePipe(t, http.HandlerFunc(f.serve))
	return f, client
}

func (f *fakeAPI) reply(w http.ResponseWriter, code int, body map[string]any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}

func (f *fakeAPI) ok(w http.ResponseWriter, result any) {
	f.reply(w, 200, map[string]any{"ok": true, "result": result})
}

func (f *fakeAPI) err(w http.ResponseWriter, fl failure) {
	body := map[string]any{"ok": false, "error_code": fl.code, "description": fl.desc}
	if fl.params != nil {
		body["parameters"] = fl.params
	}
	f.reply(w, fl.code, body)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimPrefix(r.URL.Path, "/bot")
	token, method, ok := strings.Cut(path, "/")
	if !ok || token != fakeToken {
		f.err(w, failure{401, "Unauthorized", nil})
		return
	}
	if err := r.ParseForm(); err != nil {
		f.err(w, failure{400, "Bad Request: bad form", nil})
		return
	}
	switch method {
	case "getMe":
		f.ok(w, map[string]any{"id": 999, "is_bot": true, "first_name": "World Brief", "username": "WorldBriefBot"})
	case "setMyCommands":
		f.mu.Lock()
		f.commands = r.Form.Get("commands")
		failCmds := f.failCmds
		f.mu.Unlock()
		if failCmds {
			f.err(w, failure{500, "Internal Server Error", nil})
			return
		}
		f.ok(w, true)
	case "setWebhook":
		f.mu.Lock()
		f.hookCalls++
		if len(f.failHook) > 0 {
			fl := f.failHook[0]
			f.failHook = f.failHook[1:]
			f.mu.Unlock()
			f.err(w, fl)
			return
		}
		f.webhook = [2]string{r.Form.Get("url"), r.Form.Get("secret_token")}
		f.mu.Unlock()
		f.ok(w, true)
	case "deleteWebhook":
		f.mu.Lock()
		f.webhook = [2]string{}
		f.unhooked++
		f.mu.Unlock()
		f.ok(w, true)
	case "getUpdates":
		f.mu.Lock()
		f.pollAt = append(f.pollAt, time.Now())
		if f.webhook[0] != "" {
			f.mu.Unlock()
			f.err(w, failure{409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", nil})
			return
		}
		if len(f.failPoll) > 0 {
			fl := f.failPoll[0]
			f.failPoll = f.failPoll[1:]
			f.polls++
			f.mu.Unlock()
			f.err(w, fl)
			return
		}
		f.polls++
		f.mu.Unlock()
		f.getUpdates(w, r)
	case "sendMessage":
		f.sendMessage(w, r)
	case "getChatMember":
		f.mu.Lock()
		f.memberReq++
		st, ok := f.members[r.Form.Get("chat_id")+"/"+r.Form.Get("user_id")]
		f.mu.Unlock()
		if !ok {
			st = "member"
		}
		f.ok(w, map[string]any{"status": st, "user": map[string]any{"id": 1}})
	default:
		f.err(w, failure{404, "Not Found: method not found", nil})
	}
}

func (f *fakeAPI) getUpdates(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.Form.Get("offset"))
	timeout, _ := strconv.Atoi(r.Form.Get("timeout"))
	deadline := time.After(time.Duration(timeout) * time.Second)
	for {
		f.mu.Lock()
		var out []json.RawMessage
		for _, u := range f.updates {
			var id struct {
				UpdateID int `json:"update_id"`
			}
			_ = json.Unmarshal(u, &id)
			if id.UpdateID >= offset {
				out = append(out, u)
			}
		}
		f.mu.Unlock()
		if len(out) > 0 {
			f.ok(w, out)
			return
		}
		select {
		case <-f.wake:
		case <-deadline:
			f.ok(w, []any{})
			return
		case <-r.Context().Done():
			return
		}
	}
}

func (f *fakeAPI) sendMessage(w http.ResponseWriter, r *http.Request) {
	chatID, text, mode := r.Form.Get("chat_id"), r.Form.Get("text"), r.Form.Get("parse_mode")
	visibleText := text
	if mode == "HTML" {
		v, err := checkHTML(text)
		if err != nil {
			f.mu.Lock()
			f.rejected = append(f.rejected, text)
			f.mu.Unlock()
			f.err(w, failure{400, "Bad Request: " + err.Error(), nil})
			return
		}
		visibleText = v
	} else if mode != "" {
		f.err(w, failure{400, "Bad Request: unsupported parse_mode", nil})
		return
	}
	if strings.TrimSpace(visibleText) == "" {
		f.err(w, failure{400, "Bad Request: message text is empty", nil})
		return
	}
	if UTF16Len(visibleText) > MaxMessageUnits || UTF16Len(text) > 4*MaxMessageUnits {
		f.err(w, failure{400, "Bad Request: message is too long", nil})
		return
	}
	f.mu.Lock()
	if q := f.fail[chatID]; len(q) > 0 {
		fl := q[0]
		f.fail[chatID] = q[1:]
		f.mu.Unlock()
		f.err(w, fl)
		return
	}
	f.sent = append(f.sent, sent{ChatID: chatID, ThreadID: r.Form.Get("message_thread_id"), Text: text, ParseMode: mode, Preview: r.Form.Get("link_preview_options")})
	n := len(f.sent)
	if f.more != nil {
		close(f.more)
		f.more = nil
	}
	f.mu.Unlock()
	id, _ := strconv.ParseInt(chatID, 10, 64)
	f.ok(w, map[string]any{"message_id": n, "date": time.Now().Unix(), "chat": map[string]any{"id": id, "type": "private"}, "text": visibleText})
}

// pushRaw queues a raw update.
func (f *fakeAPI) pushRaw(raw string) {
	f.mu.Lock()
	f.updates = append(f.updates, json.RawMessage(raw))
	f.mu.Unlock()
}

// push queues an update; m is the "message" object.
func (f *fakeAPI) push(m map[string]any) {
	f.mu.Lock()
	m["message_id"] = f.nextID
	m["date"] = time.Now().Unix()
	raw, _ := json.Marshal(map[string]any{"update_id": f.nextID, "message": m})
	f.nextID++
	f.updates = append(f.updates, raw)
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// say queues a text message from user in a private chat.
func (f *fakeAPI) say(chatID int64, chatType string, userID int64, text string, extra map[string]any) {
	m := map[string]any{
		"chat": map[string]any{"id": chatID, "type": chatType},
		"from": map[string]any{"id": userID, "is_bot": false, "first_name": "U", "username": fmt.Sprintf("user%d", userID)},
		"text": text,
	}
	for k, v := range extra {
		m[k] = v
	}
	f.push(m)
}

// failNext makes the next sends to chatID fail with fl, in order.
func (f *fakeAPI) failNext(chatID string, fl ...failure) {
	f.mu.Lock()
	f.fail[chatID] = append(f.fail[chatID], fl...)
	f.mu.Unlock()
}

func (f *fakeAPI) sentCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

// waitSent waits until n messages were accepted and returns them all.
func (f *fakeAPI) waitSent(n int) []sent {
	f.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		if len(f.sent) >= n {
			out := append([]sent(nil), f.sent...)
			f.mu.Unlock()
			return out
		}
		if f.more == nil {
			f.more = make(chan struct{})
		}
		more := f.more
		f.mu.Unlock()
		select {
		case <-more:
			continue
		case <-timeout:
		}
		break
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t.Fatalf("waited for %d messages, got %d: %+v (rejected: %q)", n, len(f.sent), f.sent, f.rejected)
	return nil
}
