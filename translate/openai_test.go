package translate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const testKey = "sk-test-0123456789abcdef"

// chatServer follows the chat-completions contract: it checks the bearer
// key, decodes the numbered texts of the user message, and lets answer
// write the assistant message for them.
type chatServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests [][]numbered
	bodies   []string
}

type chatAnswer struct {
	content      string
	refusal      string
	finishReason string
	status       int
	raw          string // a whole body, instead of a chat completion
}

func newChatServer(t *testing.T, answer func(n int, in []numbered) chatAnswer) *chatServer {
	t.Helper()
	cs := &chatServer{}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+testKey {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"message":"Incorrect API key provided: ` + strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ") + `"}}`))
			return
		}
		var req struct {
			Model    string `json:"model"`
			Messages []struct{ Role, Content string }
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) != 2 || req.Model != "test-model" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		var in []numbered
		if err := json.Unmarshal([]byte(req.Messages[1].Content), &in); err != nil {
			http.Error(w, "user message is not the numbered array", http.StatusBadRequest)
			return
		}
		cs.mu.Lock()
		cs.requests = append(cs.requests, in)
		n := len(cs.requests)
		cs.bodies = append(cs.bodies, req.Messages[0].Content)
		cs.mu.Unlock()
		a := answer(n, in)
		if a.status != 0 {
			w.WriteHeader(a.status)
		}
		if a.raw != "" || a.status != 0 {
			w.Write([]byte(a.raw))
			return
		}
		msg := map[string]any{"role": "assistant", "content": a.content}
		if a.refusal != "" {
			msg["content"], msg["refusal"] = nil, a.refusal
		}
		fr := a.finishReason
		if fr == "" {
			fr = "stop"
		}
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-1", "object": "chat.completion", "model": "test-model",
			"choices": []any{map[string]any{"index": 0, "message": msg, "finish_reason": fr}},
			"usage":   map[string]int{"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
		})
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *chatServer) sent() [][]numbered {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return append([][]numbered(nil), cs.requests...)
}

// english "translates" by prefixing EN: and upper-casing.
func english(s string) string { return "EN: " + strings.ToUpper(s) }

func translated(in []numbered) string {
	out := make([]numbered, len(in))
	for i, it := range in {
		out[i] = numbered{ID: it.ID, Text: english(it.Text)}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

func newTestOpenAI(t *testing.T, url string, log *slog.Logger, usage UsageRecorder) Translator {
	t.Helper()
	tr, err := New(ProviderOpenAI, Options{BaseURL: url + "/v1/", Model: "test-model", APIKey: testKey, Log: log, Usage: usage})
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestOpenAIContract(t *testing.T) {
	cs := newChatServer(t, func(_ int, in []numbered) chatAnswer {
		// Answer in a Markdown fence, ids reversed: both must be understood.
		out := make([]numbered, len(in))
		for i, it := range in {
			out[len(in)-1-i] = numbered{ID: it.ID, Text: english(it.Text)}
		}
		b, _ := json.Marshal(out)
		return chatAnswer{content: "```json\n" + string(b) + "\n```"}
	})
	b := &Budget{Ledger: NewMemoryLedger(), Provider: ProviderOpenAI, Daily: 1_000_000, Now: func() time.Time { return time.Date(2026, 5, 1, 7, 0, 0, 0, time.UTC) }}
	tr := &Budgeted{Next: newTestOpenAI(t, cs.URL, nil, b), Budget: b}
	in := texts(60)
	res, err := tr.Translate(context.Background(), Request{Texts: in, Source: "fr", Target: "en"})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Text != english(in[i]) {
			t.Fatalf("text %d = %q, want %q", i, r.Text, english(in[i]))
		}
	}
	reqs := cs.sent()
	if len(reqs) != 3 { // 60 texts, 25 per request
		t.Fatalf("%d requests for 60 texts, want 3", len(reqs))
	}
	if !strings.Contains(cs.bodies[0], `"fr"`) || !strings.Contains(cs.bodies[0], `"en"`) {
		t.Errorf("system prompt names no languages: %s", cs.bodies[0])
	}
	// Token usage is recorded and counted: 3 × 150 tokens.
	st, _ := b.Status(context.Background())
	if st.Used.Tokens != 450 || st.Used.Chars < 450*CharsPerToken {
		t.Errorf("usage = %+v, want 450 tokens and at least %d characters", st.Used, 450*CharsPerToken)
	}
}

// Every kind of bad answer leaves the text untranslated: never a wrong
// translation in its place, and the text is asked for alone before
// giving up.
func TestOpenAIBadAnswersKeepOriginals(t *testing.T) {
	src := []string{"Le gouvernement annonce une réforme des retraites", "Grève nationale jeudi", "Неожиданный снегопад в Москве"}
	cases := map[string]func(in []numbered) chatAnswer{
		"short": func(in []numbered) chatAnswer { return chatAnswer{content: translated(in[:len(in)-1])} },
		"malformed": func(in []numbered) chatAnswer {
			return chatAnswer{content: `[{"id": 1, "text": "EN: broken`}
		},
		"not json": func(in []numbered) chatAnswer {
			return chatAnswer{content: "Here are your translations: one, two, three."}
		},
		"refusal": func(in []numbered) chatAnswer { return chatAnswer{refusal: "I can't help with that."} },
		"sorry": func(in []numbered) chatAnswer {
			return sayEach(in, func(string) string { return "I'm sorry, but I cannot translate this." })
		},
		"echo":  func(in []numbered) chatAnswer { return sayEach(in, func(s string) string { return s }) },
		"empty": func(in []numbered) chatAnswer { return sayEach(in, func(string) string { return " " }) },
		"invented": func(in []numbered) chatAnswer {
			return sayEach(in, func(s string) string { return english(s) + strings.Repeat(" And more.", 40) })
		},
		"cut off": func(in []numbered) chatAnswer { return chatAnswer{content: translated(in), finishReason: "length"} },
		"duplicate": func(in []numbered) chatAnswer {
			return chatAnswer{content: `[{"id":1,"text":"a"},{"id":1,"text":"b"},{"id":2,"text":"c"}]`}
		},
		"body": func(in []numbered) chatAnswer { return chatAnswer{raw: `{"choices": "nope"}`} },
	}
	for name, bad := range cases {
		t.Run(name, func(t *testing.T) {
			cs := newChatServer(t, func(_ int, in []numbered) chatAnswer { return bad(in) })
			res, _ := newTestOpenAI(t, cs.URL, nil, nil).Translate(context.Background(), Request{Texts: src, Source: "fr", Target: "en"})
			for i, r := range res {
				if r.Text != "" {
					t.Errorf("text %d replaced by %q from a bad answer", i, r.Text)
				}
			}
			if n := len(cs.sent()); n != 1+len(src) {
				t.Errorf("%d requests, want 1 batch + %d one by one", n, len(src))
			}
		})
	}
}

func sayEach(in []numbered, f func(string) string) chatAnswer {
	out := make([]numbered, len(in))
	for i, it := range in {
		out[i] = numbered{ID: it.ID, Text: f(it.Text)}
	}
	b, _ := json.Marshal(out)
	return chatAnswer{content: string(b)}
}

// One bad item in a good batch: the others are used, the bad one is asked
// for alone and used when that answer is good.
func TestOpenAIFallsBackPerText(t *testing.T) {
	src := []string{"Grève nationale jeudi", "Le gouvernement annonce une réforme des retraites", "Pluie sur Paris"}
	cs := newChatServer(t, func(n int, in []numbered) chatAnswer {
		if n == 1 {
			return sayEach(in, func(s string) string {
				if strings.HasPrefix(s, "Le gouvernement") {
					return s // echoed
				}
				return english(s)
			})
		}
		return chatAnswer{content: translated(in)}
	})
	res, err := newTestOpenAI(t, cs.URL, nil, nil).Translate(context.Background(), Request{Texts: src, Source: "fr", Target: "en"})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Text != english(src[i]) {
			t.Errorf("text %d = %q, want %q", i, r.Text, english(src[i]))
		}
	}
	reqs := cs.sent()
	if len(reqs) != 2 || len(reqs[1]) != 1 || reqs[1][0].Text != src[1] {
		t.Fatalf("requests = %+v, want the batch then the echoed text alone", reqs)
	}
}

// Short names may stay as they are: "NATO" or "iPhone 17" is not an echo.
func TestOpenAIAcceptsUnchangedShortLatinNames(t *testing.T) {
	cs := newChatServer(t, func(_ int, in []numbered) chatAnswer { return sayEach(in, func(s string) string { return s }) })
	res, err := newTestOpenAI(t, cs.URL, nil, nil).Translate(context.Background(), Request{Texts: []string{"NATO", "iPhone 17"}, Source: "de", Target: "en"})
	if err != nil || res[0].Text != "NATO" || res[1].Text != "iPhone 17" {
		t.Fatalf("results %q, %v", res, err)
	}
}

func TestOpenAIErrorsNameNoKey(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cs := newChatServer(t, func(int, []numbered) chatAnswer { return chatAnswer{content: "[]"} })
	tr, _ := New(ProviderOpenAI, Options{BaseURL: cs.URL + "/v1", Model: "test-model", APIKey: "sk-wrong-" + testKey, Log: log})
	_, err := tr.Translate(context.Background(), Request{Texts: []string{"Bonjour tout le monde"}, Source: "fr", Target: "en"})
	var api *APIError
	if !errors.As(err, &api) || api.Status != http.StatusUnauthorized {
		t.Fatalf("err = %v, want a 401 *APIError", err)
	}
	if strings.Contains(err.Error(), testKey) || strings.Contains(logs.String(), testKey) {
		t.Fatalf("the key leaked: err %q, logs %q", err, logs.String())
	}
}

func TestOpenAIRateLimitAndOutage(t *testing.T) {
	for _, c := range []struct {
		status int
		check  func(error) bool
	}{
		{http.StatusTooManyRequests, func(err error) bool { var r *RateLimitError; return errors.As(err, &r) }},
		{http.StatusServiceUnavailable, func(err error) bool { return errors.Is(err, ErrUnavailable) }},
		{http.StatusPaymentRequired, func(err error) bool { var q *QuotaError; return errors.As(err, &q) }},
	} {
		cs := newChatServer(t, func(int, []numbered) chatAnswer {
			return chatAnswer{status: c.status, raw: `{"error":{"message":"busy"}}`}
		})
		res, err := newTestOpenAI(t, cs.URL, nil, nil).Translate(context.Background(), Request{Texts: []string{"Bonjour tout le monde"}, Source: "fr", Target: "en"})
		if res != nil || !c.check(err) {
			t.Errorf("HTTP %d: %v, %v", c.status, res, err)
		}
	}
}

func FuzzParseNumbered(f *testing.F) {
	f.Add(`[{"id":1,"text":"a"},{"id":2,"text":"b"}]`, 2)
	f.Add("```json\n[\"a\"]\n```", 1)
	f.Add(`[{"id":3}]`, 1)
	f.Fuzz(func(t *testing.T, content string, n int) {
		if n < 0 || n > 50 {
			return
		}
		out, err := parseNumbered(content, n)
		if err == nil && len(out) != n {
			t.Fatalf("%d translations for %d texts without an error", len(out), n)
		}
	})
}
