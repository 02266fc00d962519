package bottest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// PipeListener is an in-memory net.Listener whose connections are
// net.Pipe pairs. HTTP (and WebSocket) over it works inside a
// testing/synctest bubble, where a goroutine blocked on a real socket
// would keep fake time from advancing.
type PipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

// NewPipeListener returns a listener; create it inside the bubble.
func NewPipeListener() *PipeListener {
	return &PipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept waits for the next DialContext.
func (l *PipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and DialContext.
func (l *PipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr names the listener "pipe:80".
func (l *PipeListener) Addr() net.Addr { return pipeAddr{} }

// DialContext connects to the listener, whatever the address.
func (l *PipeListener) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	client, server := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe:80" }

// ServePipe serves h over a PipeListener and returns the server (its URL
// is http://pipe:80) and a client whose connections reach it, so a test
// in a synctest bubble can talk HTTP in fake time. Both are closed when
// the test ends.
func ServePipe(tb testing.TB, h http.Handler) (*httptest.Server, *http.Client) {
	ln := NewPipeListener()
	srv := httptest.NewUnstartedServer(h)
	srv.Listener = ln
	srv.Start()
	tr := &http.Transport{DialContext: ln.DialContext}
	tb.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
	})
	return srv, &http.Client{Transport: tr}
}
