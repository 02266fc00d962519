// Package httpserve runs an http.Server until a context ends, then shuts
// it down gracefully: the one way serve's listeners (the web pages, the
// operations endpoints) start and stop.
package httpserve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Grace is how long requests in flight get once the context has ended.
const Grace = 5 * time.Second

// Serve serves srv on ln, which it closes, until ctx ends; then it shuts
// srv down, giving requests in flight Grace, and returns nil. A server
// that stops by itself returns its error.
func Serve(ctx context.Context, ln net.Listener, srv *http.Server) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), Grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
