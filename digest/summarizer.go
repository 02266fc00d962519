package digest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
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
// OpenAI-compatible server (OpenAI, a local Ollama, vLLM, llama.cpp).
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

// chatRequest and chatResponse are the parts of the chat completions
// contract used here.
type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []chatMessage `json:"messages"`
	Temperature float64       `json:"temperature"`
	MaxTokens   int           `json:"max_tokens,omitempty"`
	Stream      bool          `json:"stream"`
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatResponse struct {
	Choices []struct {
		Message chatMessage `json:"message"`
	} `json:"choices"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
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
	body, err := json.Marshal(chatRequest{
		Model: s.Model,
		Messages: []chatMessage{
			{Role: "system", Content: summarizerPrompt},
			{Role: "user", Content: user.String()},
		},
		Temperature: 0.2,
		MaxTokens:   200,
	})
	if err != nil {
		return "", fmt.Errorf("summarizer: %w", err)
	}
	url := strings.TrimRight(s.BaseURL, "/") + "/chat/completions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("summarizer: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if s.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+s.APIKey)
	}
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 60 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("summarizer: %w", scrub(err, s.APIKey))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("summarizer: read response: %w", err)
	}
	var out chatResponse
	jsonErr := json.Unmarshal(raw, &out)
	if resp.StatusCode != http.StatusOK {
		msg := ""
		if jsonErr == nil && out.Error != nil {
			msg = ": " + scrub(errors.New(lead(out.Error.Message, 200)), s.APIKey).Error()
		}
		return "", fmt.Errorf("summarizer: %s answered %s%s", s.Model, resp.Status, msg)
	}
	if jsonErr != nil {
		return "", fmt.Errorf("summarizer: decode response: %w", jsonErr)
	}
	if len(out.Choices) == 0 {
		return "", errors.New("summarizer: response has no choices")
	}
	text := strings.TrimSpace(spaceRun.ReplaceAllString(out.Choices[0].Message.Content, " "))
	if text == "" {
		return "", errors.New("summarizer: empty summary")
	}
	return truncate(text, maxSummary+100), nil
}

// scrub removes a secret from an error's text.
func scrub(err error, secret string) error {
	if secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), secret, "[redacted]"))
}
