package httpserve

import (
	"context"
	"io"
	"net"
	"net/http"
	"testing"
)

// TestServeUntilCancelled: Serve answers over a real socket, lets the
// request in flight finish when its context ends, and returns nil.
func TestServeUntilCancelled(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	inFlight, release := make(chan struct{}), make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(inFlight)
		<-release
		io.WriteString(w, "finished")
	})}
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, srv) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-inFlight
	cancel()
	close(release)
	if body := <-got; body != "finished" {
		t.Errorf("request in flight at shutdown = %q, want it finished", body)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel = %v, want nil", err)
	}
}
