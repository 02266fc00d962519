package translate

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// dnsFailure is the transport of a machine that is offline: every lookup
// of the provider's host fails.
type dnsFailure struct{}

func (dnsFailure) RoundTrip(r *http.Request) (*http.Response, error) {
	return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: r.URL.Hostname(), Server: "10.0.0.53:53", IsNotFound: true}}
}

// TestOfflineErrorIsShort: offline, the provider's error says so in a
// few words, as the feed errors do, not in the resolver's own terms.
func TestOfflineErrorIsShort(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := fakeClient(Retry{Attempts: 2, BaseDelay: time.Second, MaxDelay: time.Second}, dnsFailure{})
		_, err := c.do(t.Context(), get)
		if err == nil || !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
		msg := err.Error()
		if !strings.Contains(msg, "DNS: no such host provider.test") || strings.Contains(msg, "dial tcp") || strings.Contains(msg, "10.0.0.53") {
			t.Errorf("offline error %q: want it to say DNS: no such host provider.test, without the resolver's address", msg)
		}
	})
}

// TestGivenUpBesideSaysItOnce: a request waiting to retry when a request
// beside it gave up on the provider ends with that error, not with its
// own wrapped around it (the same failure written twice in one line).
func TestGivenUpBesideSaysItOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, stop := context.WithCancelCause(t.Context())
		c := fakeClient(Retry{Attempts: 3, BaseDelay: time.Minute, MaxDelay: time.Minute}, dnsFailure{})
		go func() {
			time.Sleep(time.Second) // fake time: while the request waits to retry
			stop(fmt.Errorf("%w after 3 attempts: fake: request failed: DNS: no such host provider.test", ErrUnavailable))
		}()
		_, err := c.do(ctx, get)
		if !errors.Is(err, ErrUnavailable) {
			t.Fatalf("err = %v, want ErrUnavailable", err)
		}
		if msg := err.Error(); strings.Count(msg, "no such host") != 1 || strings.Contains(msg, "while waiting") {
			t.Errorf("error %q: want the failure told once", msg)
		}
	})
}
