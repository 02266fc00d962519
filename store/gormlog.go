package store

import (
	"context"
	"log/slog"
)

// debugHandler logs every record of gorm's at debug level: its traces
// carry SQL, which helps a developer but is no message for an operator.
// A failed query reaches the operator through the caller's error, in the
// caller's words.
type debugHandler struct{ next slog.Handler }

// Enabled reports whether the next handler takes debug records.
func (h debugHandler) Enabled(ctx context.Context, _ slog.Level) bool {
	return h.next.Enabled(ctx, slog.LevelDebug)
}

// Handle passes r on at debug level.
func (h debugHandler) Handle(ctx context.Context, r slog.Record) error {
	r.Level = slog.LevelDebug
	return h.next.Handle(ctx, r)
}

// WithAttrs keeps the handler a debugHandler.
func (h debugHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return debugHandler{h.next.WithAttrs(attrs)}
}

// WithGroup keeps the handler a debugHandler.
func (h debugHandler) WithGroup(name string) slog.Handler {
	return debugHandler{h.next.WithGroup(name)}
}
