package digest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/worldbrief/worldbrief/internal/chatapi"
)

// Summarizer writes a story's summary from its articles. It is optional:
// Service falls back to the extractive summary on any error.
type Summarizer interface {
	Summarize(ctx context.Context, in SummaryInput) (string, error)
}

// SummaryInput is what a Summarizer reads: a story's headlines and leads.
type SummaryInput struct {
	// Country is the country's English name.
	Country string
	// Headline is the story's English headline.
	Headline string
	// Texts are headline-and-lead snippets of the story's articles, most
	// representative first.
	Texts []string
}

// OpenAISummarizer calls the /v1/chat/completions endpoint of any
// OpenAI-compatible server (OpenAI, a local Ollama, vLLM, llama.cpp)
// through the client it shares with the openai translation provider
// (internal/chatapi).
type OpenAISummarizer struct {
	// BaseURL is the server's base, e.g. "http://localhost:11434/v1" or
	// "https://api.openai.com/v1"; "/chat/completions" is appended.
	BaseURL string
	// Model names the model, e.g. "llama3.2".
	Model string
	// APIKey is sent as a bearer token when set; it never appears in errors.
	APIKey string
	// Client is the HTTP client (default: one with a 60s timeout).
	Client *http.Client
}

const summarizerPrompt = "You write news digests. Summarise the story below in one or two plain English sentences, " +
	"at most 300 characters, neutral in tone, with no preamble, no markdown and no facts beyond the texts."

// Summarize asks the model for a one- or two-sentence summary.
func (s *OpenAISummarizer) Summarize(ctx context.Context, in SummaryInput) (string, error) {
	var user strings.Builder
	fmt.Fprintf(&user, "Country: %s\nHeadline: %s\n", in.Country, in.Headline)
	for i, t := range in.Texts {
		if i == 8 {
			break
		}
		fmt.Fprintf(&user, "\nArticle %d: %s\n", i+1, lead(t, 600))
	}
	client := &chatapi.Client{BaseURL: s.BaseURL, Model: s.Model, APIKey: s.APIKey, HTTP: s.Client}
	resp, err := client.Complete(ctx, chatapi.Request{
		Messages: []chatapi.Message{
			{Role: "system", Content: summarizerPrompt},
			{Role: "user", Content: user.String()},
		},
		Temperature: 0.2,
		MaxTokens:   200,
	})
	if err != nil {
		return "", fmt.Errorf("summarizer: %s: %w", s.Model, err)
	}
	if resp.Refusal != "" {
		return "", errors.New("summarizer: the model refused")
	}
	text := strings.TrimSpace(spaceRun.ReplaceAllString(resp.Content, " "))
	if text == "" {
		return "", errors.New("summarizer: empty summary")
	}
	return truncate(text, maxSummary+100), nil
}
