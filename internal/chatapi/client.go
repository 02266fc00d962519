// Package chatapi is worldbrief's one client for the /chat/completions
// endpoint of OpenAI-compatible servers (OpenAI, a local Ollama, vLLM,
// LM Studio, OpenRouter, llama.cpp). The digest summarizer and the openai
// translation provider both use it.
//
// The API key travels only in the Authorization header and never appears
// in an error. The package depends on the standard library only.
package chatapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBody caps a response body.
const maxBody = 4 << 20

// Client calls {BaseURL}/chat/completions.
type Client struct {
	// BaseURL is the server's base, e.g. "https://api.openai.com/v1" or
	// "http://localhost:11434/v1"; "/chat/completions" is appended.
	BaseURL string
	// Model names the model, e.g. "gpt-4o-mini" or "llama3.2".
	Model string
	// APIKey is sent as a bearer token when set; it never appears in errors.
	APIKey string
	// HTTP sends the requests (default: a client with a 60s timeout).
	HTTP *http.Client
}

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Request is one completion request.
type Request struct {
	// Messages are the conversation, system prompt first.
	Messages []Message
	// Temperature is the sampling temperature.
	Temperature float64
	// MaxTokens caps the answer (0: the server's default).
	MaxTokens int
}

// Usage is the token count a server reports for one request.
type Usage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

// Total is TotalTokens, or the sum of its parts when a server omits it.
func (u Usage) Total() int64 {
	if u.TotalTokens > 0 {
		return u.TotalTokens
	}
	return u.PromptTokens + u.CompletionTokens
}

// Response is the first choice of an answer.
type Response struct {
	// Content is the assistant message's text.
	Content string
	// Refusal is the model's refusal message, when it refused.
	Refusal string
	// FinishReason is why the model stopped: "stop", "length" (cut off),
	// "content_filter" …
	FinishReason string
	// Usage is the token count, zero when the server does not report it.
	Usage Usage
}

// StatusError is an answer other than 200 OK.
type StatusError struct {
	// Status is the HTTP status code.
	Status int
	// Message is the server's error message, without the key.
	Message string
	// RetryAfter is the wait a 429 or 503 asked for; zero if none.
	RetryAfter time.Duration
}

// Error names the status and the server's message.
func (e *StatusError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("HTTP %d", e.Status)
	}
	return fmt.Sprintf("HTTP %d: %s", e.Status, e.Message)
}

// ErrMalformed reports a 200 answer that is not the chat-completions JSON.
var ErrMalformed = errors.New("malformed chat completion")

type wireRequest struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Temperature float64   `json:"temperature"`
	MaxTokens   int       `json:"max_tokens,omitempty"`
	Stream      bool      `json:"stream"`
}

type wireResponse struct {
	Choices []struct {
		Message struct {
			Content *string `json:"content"`
			Refusal *string `json:"refusal"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Usage *Usage `json:"usage"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// Complete sends one request and returns the first choice. Transport
// errors, non-200 answers (*StatusError) and malformed bodies are errors;
// a refusal or a cut-off answer is not: the caller judges Response.
func (c *Client) Complete(ctx context.Context, r Request) (Response, error) {
	body, err := json.Marshal(wireRequest{Model: c.Model, Messages: r.Messages, Temperature: r.Temperature, MaxTokens: r.MaxTokens})
	if err != nil {
		return Response{}, fmt.Errorf("encode request: %w", err)
	}
	endpoint := strings.TrimRight(c.BaseURL, "/") + "/chat/completions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return Response{}, fmt.Errorf("build request: %w", c.scrub(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.APIKey)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 60 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is the caller's, and may hold credentials
		}
		return Response{}, fmt.Errorf("request failed: %w", c.scrub(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return Response{}, fmt.Errorf("read response: %w", c.scrub(err))
	}
	var out wireResponse
	jsonErr := json.Unmarshal(raw, &out)
	if resp.StatusCode != http.StatusOK {
		se := &StatusError{Status: resp.StatusCode}
		if jsonErr == nil && out.Error != nil {
			se.Message = c.scrub(errors.New(short(out.Error.Message))).Error()
		}
		if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s >= 0 {
			se.RetryAfter = time.Duration(s) * time.Second
		}
		return Response{}, se
	}
	if jsonErr != nil {
		return Response{}, fmt.Errorf("%w: %v", ErrMalformed, jsonErr)
	}
	if len(out.Choices) == 0 {
		if out.Error != nil {
			return Response{}, fmt.Errorf("%w: %s", ErrMalformed, c.scrub(errors.New(short(out.Error.Message))))
		}
		return Response{}, fmt.Errorf("%w: no choices", ErrMalformed)
	}
	ch := out.Choices[0]
	res := Response{FinishReason: ch.FinishReason}
	if ch.Message.Content != nil {
		res.Content = *ch.Message.Content
	}
	if ch.Message.Refusal != nil {
		res.Refusal = *ch.Message.Refusal
	}
	if out.Usage != nil {
		res.Usage = *out.Usage
	}
	return res, nil
}

// scrub removes the API key from an error's text.
func (c *Client) scrub(err error) error {
	if c.APIKey == "" || !strings.Contains(err.Error(), c.APIKey) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), c.APIKey, "[redacted]"))
}

// short trims a server message to a log line.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
