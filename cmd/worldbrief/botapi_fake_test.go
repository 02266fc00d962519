package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeBotAPIOptions changes how a fakeBotAPI answers; the zero value
// answers every request at once, successfully, whatever the token.
type fakeBotAPIOptions struct {
	// Token, when set, is the only bot token accepted: a request with
	// another one gets 401 Unauthorized and is not recorded.
	Token string
	// HangSends makes sendMessage never answer: the request is held until
	// the client gives up on it (or the test ends), so a delivery stays in
	// flight.
	HangSends bool
	// TooManyRequests answers the first n calls of a method (n the value
	// of the method's key) with Telegram's 429, retry after 1 s.
	TooManyRequests map[string]int
}

// botCall is one Bot API request the fake received.
type botCall struct {
	method string
	form   url.Values
	status int // the HTTP status answered (0: none, e.g. a hung request)
}

// fakeBotAPI plays Telegram's Bot API for the serve tests, in process or
// for a serve child process: getMe, setMyCommands, setWebhook,
// deleteWebhook, getUpdates (the updates queued by the test, otherwise
// held for the poll timeout) and sendMessage; any other method answers
// true. Every request is recorded with its form (see callsOf, methodCalls, sent, chats).
type fakeBotAPI struct {
	*httptest.Server
	opts      fakeBotAPIOptions
	firstSend chan struct{} // closed at the first sendMessage
	once      sync.Once
	release   chan struct{} // closed at cleanup: held requests return
	messageID atomic.Int64

	mu      sync.Mutex
	calls   []botCall
	pending []map[string]any // updates for getUpdates
}

// newFakeBotAPI starts the fake; it is stopped at cleanup.
func newFakeBotAPI(tb testing.TB, opts fakeBotAPIOptions) *fakeBotAPI {
	tb.Helper()
	f := &fakeBotAPI{opts: opts, firstSend: make(chan struct{}), release: make(chan struct{})}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	tb.Cleanup(func() {
		close(f.release)
		f.Close()
	})
	return f
}

func (f *fakeBotAPI) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	token, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
	w.Header().Set("Content-Type", "application/json")
	if f.opts.Token != "" && token != f.opts.Token {
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		return
	}
	f.mu.Lock()
	i := len(f.calls)
	f.calls = append(f.calls, botCall{method: method, form: r.Form})
	limited := f.opts.TooManyRequests[method] // less the earlier calls
	for _, c := range f.calls[:i] {
		if limited > 0 && c.method == method {
			limited--
		}
	}
	f.mu.Unlock()
	answer := func(status int) {
		f.mu.Lock()
		f.calls[i].status = status
		f.mu.Unlock()
	}
	if method == "sendMessage" {
		f.once.Do(func() { close(f.firstSend) })
	}
	if limited > 0 {
		answer(http.StatusTooManyRequests)
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}`)
		return
	}
	var result any = true
	switch method {
	case "getMe":
		result = map[string]any{"id": 123456, "is_bot": true, "first_name": "World Brief", "username": "WorldBriefBot"}
	case "getUpdates":
		ups, ok := f.updates(r)
		if !ok {
			return
		}
		result = ups
	case "sendMessage":
		if f.opts.HangSends {
			select {
			case <-r.Context().Done():
			case <-f.release:
			}
			return
		}
		chatID, _ := strconv.ParseInt(r.Form.Get("chat_id"), 10, 64)
		result = map[string]any{"message_id": f.messageID.Add(1), "date": time.Now().Unix(),
			"chat": map[string]any{"id": chatID, "type": "private"}, "text": r.Form.Get("text")}
	}
	answer(http.StatusOK)
	_ = json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": result})
}

// updates answers getUpdates: the queued updates from the request's
// offset on, as soon as there are any, or none after its timeout. ok is
// false when the request was given up on (or the test ended) first.
func (f *fakeBotAPI) updates(r *http.Request) (ups []any, ok bool) {
	timeout, _ := strconv.Atoi(r.Form.Get("timeout"))
	offset, _ := strconv.Atoi(r.Form.Get("offset"))
	deadline := time.After(time.Duration(max(timeout, 1)) * time.Second)
	for {
		f.mu.Lock()
		for _, u := range f.pending {
			if u["update_id"].(int) >= offset {
				ups = append(ups, u)
			}
		}
		f.mu.Unlock()
		if len(ups) > 0 {
			return ups, true
		}
		select {
		case <-deadline:
			return []any{}, true
		case <-r.Context().Done():
			return nil, false
		case <-f.release:
			return nil, false
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// queue makes getUpdates return u.
func (f *fakeBotAPI) queue(u map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pending = append(f.pending, u)
}

// callsOf returns the calls of one method, in order.
func (f *fakeBotAPI) callsOf(method string) []botCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []botCall
	for _, c := range f.calls {
		if c.method == method {
			out = append(out, c)
		}
	}
	return out
}

// methodCalls returns the forms of the calls of one method, in order.
func (f *fakeBotAPI) methodCalls(method string) []url.Values {
	var out []url.Values
	for _, c := range f.callsOf(method) {
		out = append(out, c.form)
	}
	return out
}

// sends returns how many sendMessage requests the fake received.
func (f *fakeBotAPI) sends() int {
	return len(f.callsOf("sendMessage"))
}

// sent returns the texts sent to chatID ("": to any chat), in order.
func (f *fakeBotAPI) sent(chatID string) []string {
	var out []string
	for _, form := range f.methodCalls("sendMessage") {
		if chatID == "" || form.Get("chat_id") == chatID {
			out = append(out, form.Get("text"))
		}
	}
	return out
}

// chats returns how many chats got a message and the most one got.
func (f *fakeBotAPI) chats() (n, most int) {
	per := map[string]int{}
	for _, form := range f.methodCalls("sendMessage") {
		per[form.Get("chat_id")]++
	}
	for _, c := range per {
		most = max(most, c)
	}
	return len(per), most
}

// tgUpdate builds an update the way Telegram sends it: a private message
// from a user, with a bot_command entity when text starts with "/".
func tgUpdate(updateID int, chatID int64, text string) map[string]any {
	msg := map[string]any{
		"message_id": updateID,
		"date":       time.Now().Unix(),
		"from":       map[string]any{"id": chatID, "is_bot": false, "first_name": "Ana", "username": fmt.Sprintf("ana%d", chatID), "language_code": "en"},
		"chat":       map[string]any{"id": chatID, "first_name": "Ana", "username": fmt.Sprintf("ana%d", chatID), "type": "private"},
		"text":       text,
	}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		msg["entities"] = []any{map[string]any{"type": "bot_command", "offset": 0, "length": len(cmd)}}
	}
	return map[string]any{"update_id": updateID, "message": msg}
}
