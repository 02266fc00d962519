package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/worldbrief/worldbrief/internal/httpserve"
)

// ListenAndServe serves the pages on addr until ctx ends, then shuts down
// gracefully (requests in flight get httpserve.Grace).
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("web server: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve is ListenAndServe on an open listener, which it closes.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second,
		IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	if err := httpserve.Serve(ctx, ln, srv); err != nil {
		return fmt.Errorf("web server: %w", err)
	}
	return nil
}

// PageURL returns the address of country's page of day under base (the
// public base URL, e.g. "https://news.example.org"), for chat digests'
// links; "" when base is "". The world edition's page of a UTC day is
// /world/{day}.
func PageURL(base, country, day string) string {
	if base == "" {
		return ""
	}
	base = trimSlash(base)
	return base + "/" + country + "/" + day
}

func trimSlash(s string) string {
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}
