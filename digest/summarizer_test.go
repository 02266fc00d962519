package digest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// chatRequest is the part of a chat-completions request the fake reads.
type chatRequest struct {
	Model    string `json:"model"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

// fakeChat serves /v1/chat/completions; reply decides the answer.
func fakeChat(t *testing.T, reply func(w http.ResponseWriter, req chatRequest)) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Authorization") != "Bearer sk-test-secret" {
			w.WriteHeader(http.StatusUnauthorized)
			key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			w.Write([]byte(`{"error":{"message":"Incorrect API key provided: ` + key + `"}}`))
			return
		}
		var req chatRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		reply(w, req)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func answer(w http.ResponseWriter, text string) {
	json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]string{"role": "assistant", "content": text}}}})
}

func TestOpenAISummarizer(t *testing.T) {
	var got chatRequest
	srv := fakeChat(t, func(w http.ResponseWriter, req chatRequest) {
		got = req
		answer(w, "  Unions struck against the pension reform;\n trains were cancelled. ")
	})
	s := &OpenAISummarizer{BaseURL: srv.URL + "/v1/", Model: "llama3.2", APIKey: "sk-test-secret"}
	text, err := s.Summarize(context.Background(), SummaryInput{Country: "France", Headline: "Pension strike", Texts: []string{"Trains cancelled. Unions march."}})
	if err != nil {
		t.Fatal(err)
	}
	if text != "Unions struck against the pension reform; trains were cancelled." {
		t.Errorf("summary = %q", text)
	}
	if got.Model != "llama3.2" || len(got.Messages) != 2 || got.Messages[0].Role != "system" ||
		!strings.Contains(got.Messages[1].Content, "Pension strike") || !strings.Contains(got.Messages[1].Content, "Trains cancelled") {
		t.Errorf("request = %+v", got)
	}

	bad := &OpenAISummarizer{BaseURL: srv.URL + "/v1", Model: "m", APIKey: "sk-wrong-secret"}
	_, err = bad.Summarize(context.Background(), SummaryInput{Headline: "x"})
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "401") {
		t.Errorf("error with a bad key = %v; want a 401 that names no key", err)
	}
}

// memArticles is an ArticleSource over a slice that counts its calls.
type memArticles struct {
	arts  []sources.Article
	calls atomic.Int32
	delay time.Duration
}

func (m *memArticles) ArticlesBetween(_ context.Context, since, until time.Time) ([]sources.Article, error) {
	m.calls.Add(1)
	time.Sleep(m.delay)
	var out []sources.Article
	for _, a := range m.arts {
		if !a.PublishedAt.Before(since) && !a.PublishedAt.After(until) {
			out = append(out, a)
		}
	}
	return out, nil
}

func TestServiceSummarizerFallback(t *testing.T) {
	cat := testCatalog(t)
	arts := &memArticles{arts: articlesOf(loadLabelled(t, cat))}
	var n atomic.Int32
	srv := fakeChat(t, func(w http.ResponseWriter, req chatRequest) {
		if n.Add(1)%2 == 0 {
			http.Error(w, "overloaded", http.StatusServiceUnavailable)
			return
		}
		answer(w, "LLM summary.")
	})
	now := func() time.Time { return labelledAt }
	extractive := (&Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Now: now})
	want, err := extractive.Digest(context.Background(), "fr")
	if err != nil {
		t.Fatal(err)
	}
	s := &Service{Builder: NewBuilder(cat, Options{}), Articles: arts, Now: now,
		Summarizer: &OpenAISummarizer{BaseURL: srv.URL + "/v1", Model: "m", APIKey: "sk-test-secret"}}
	d, err := s.Digest(context.Background(), "fr")
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range d.Stories {
		wantSum := "LLM summary."
		if i%2 == 1 {
			wantSum = want.Stories[i].Summary // the server failed: extractive stays
		}
		if st.Summary != wantSum {
			t.Errorf("story %d summary = %q, want %q", i, st.Summary, wantSum)
		}
	}
}
