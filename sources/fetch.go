package sources

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Fetcher defaults, used when the matching FetcherOptions field is zero.
const (
	defaultConcurrency = 16
	defaultPerHost     = 2
	defaultTimeout     = 20 * time.Second
	defaultMaxBytes    = 5 << 20
	// maxRedirects is the number of redirects a fetch follows; one more fails.
	maxRedirects = 5
	// drainBytes is how much of an unwanted body (errors, 304) is read so the
	// connection can be reused; the rest is dropped with the connection.
	drainBytes = 4 << 10
	// feedAccept is the Accept header of every fetch: feed types first.
	feedAccept = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, " +
		"application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)

// FetcherOptions configures a Fetcher. Zero values mean defaults.
type FetcherOptions struct {
	// Concurrency is the global limit on requests in flight (default 16).
	Concurrency int
	// PerHost is the limit on requests in flight to one host (default 2).
	PerHost int
	// Timeout bounds the whole request including the body (default 20s).
	// Time spent waiting for a free slot does not count.
	Timeout time.Duration
	// MaxBytes caps the body, both on the wire and after gzip
	// decompression (default 5 MiB).
	MaxBytes int64
	// UserAgent is sent with every request (default
	// "worldbrief (+https://github.com/worldbrief/worldbrief)"; the service
	// sets fetch.user_agent, which names its version).
	UserAgent string
	// Client is an optional HTTP client. The fetcher works on a copy whose
	// redirect policy it replaces with its own; its Timeout is left as is.
	Client *http.Client
	// Now is the clock used to read Retry-After dates (default time.Now).
	Now func() time.Time
}

// FetchRequest is one feed to fetch with the validators of its last 200.
type FetchRequest struct {
	// URL is the feed URL (http or https).
	URL string
	// ETag and LastModified, when set, make the request conditional
	// (If-None-Match / If-Modified-Since).
	ETag         string
	LastModified string
}

// FetchResult is the outcome of one fetch. It never carries a partial body:
// either Status is StatusOK with the whole body, or there is no body.
type FetchResult struct {
	// Status is StatusOK, StatusNotModified or StatusFailed.
	Status string
	// Body is the decompressed body on StatusOK.
	Body []byte
	// ContentType is the response's Content-Type header.
	ContentType string
	// ETag and LastModified are the validators to store: the response's on
	// 200; on 304 the response's when it sent new ones, else the request's.
	ETag         string
	LastModified string
	// FinalURL is the URL after redirects.
	FinalURL string
	// PermanentURL is set on success when every redirect of the chain was
	// permanent (301/308) and none went from https to http: the stored feed
	// URL should become this one.
	PermanentURL string
	// RetryAfter is the server's Retry-After on 429/503 (seconds or an HTTP
	// date), clamped to [0, 7 days].
	RetryAfter time.Duration
	// WireBytes counts the body bytes read from the network (compressed size).
	WireBytes int64
	// StatusCode is the HTTP status of the final response; 0 if none came.
	StatusCode int
	// Err is the reason on StatusFailed. Its message never holds URL
	// credentials or query strings. Match it with errors.Is against
	// ErrTimeout, ErrTooManyRedirects, ErrBodyTooLarge, ErrNotFeed, or with
	// errors.As against *HTTPStatusError.
	Err error
}

// Fetcher downloads feeds over HTTP with conditional GET, size and time
// limits, and a global and per-host limit on requests in flight. It is safe
// for concurrent use: callers may start one goroutine per feed and let Fetch
// block until a slot is free.
type Fetcher struct {
	client    *http.Client
	global    chan struct{}
	hosts     *hostLimiter
	timeout   time.Duration
	maxBytes  int64
	userAgent string
	now       func() time.Time
}

// NewFetcher returns a Fetcher configured by opts (zero fields get defaults).
func NewFetcher(opts FetcherOptions) *Fetcher {
	if opts.Concurrency <= 0 {
		opts.Concurrency = defaultConcurrency
	}
	if opts.PerHost <= 0 {
		opts.PerHost = defaultPerHost
	}
	if opts.Timeout <= 0 {
		opts.Timeout = defaultTimeout
	}
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = defaultMaxBytes
	}
	if opts.UserAgent == "" {
		opts.UserAgent = defaultUserAgent
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	var client http.Client
	if opts.Client != nil {
		client = *opts.Client
	} else {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		// The fetcher asks for gzip itself so it can cap the decompressed size.
		tr.DisableCompression = true
		tr.MaxIdleConnsPerHost = max(opts.PerHost, 2)
		client.Transport = tr
	}
	client.CheckRedirect = checkRedirect
	return &Fetcher{
		client:    &client,
		global:    make(chan struct{}, opts.Concurrency),
		hosts:     newHostLimiter(opts.PerHost),
		timeout:   opts.Timeout,
		maxBytes:  opts.MaxBytes,
		userAgent: opts.UserAgent,
		now:       opts.Now,
	}
}

// defaultUserAgent names worldbrief when the caller gives no User-Agent;
// the service passes config's, which names the build's version.
const defaultUserAgent = "worldbrief (+https://github.com/worldbrief/worldbrief)"

// Fetch downloads one feed. It waits for a free per-host and global slot
// (honouring ctx), then makes the request within the fetcher's Timeout.
// Failures are reported in the result, never as a panic or a partial body.
func (f *Fetcher) Fetch(ctx context.Context, req FetchRequest) FetchResult {
	res := FetchResult{Status: StatusFailed, FinalURL: req.URL}
	u, err := parseFeedURL(req.URL)
	if err != nil {
		res.Err = err
		return res
	}
	release, err := f.acquire(ctx, hostKey(u))
	if err != nil {
		res.Err = fmt.Errorf("waiting for a fetch slot: %w", err)
		return res
	}
	defer release()

	ctx, cancel := context.WithTimeoutCause(ctx, f.timeout, fmt.Errorf("%w after %s", ErrTimeout, f.timeout))
	defer cancel()
	f.do(ctx, u, req, &res)
	if res.Err != nil {
		res.Status = StatusFailed
		res.Body = nil
		res.Err = redactFetchError(res.Err, u)
	}
	return res
}

// do makes the request and fills res; res.Err is set on failure.
func (f *Fetcher) do(ctx context.Context, u *url.URL, req FetchRequest, res *FetchResult) {
	trace := &redirectTrace{allPermanent: true}
	ctx = context.WithValue(ctx, redirectTraceKey{}, trace)
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		res.Err = fmt.Errorf("building request: %w", unwrapURLError(err))
		return
	}
	hreq.Header.Set("User-Agent", f.userAgent)
	hreq.Header.Set("Accept", feedAccept)
	hreq.Header.Set("Accept-Encoding", "gzip")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}

	resp, err := f.client.Do(hreq)
	if err != nil {
		if trace.last != nil {
			res.FinalURL = trace.last.String()
		}
		res.Err = describeFetchError(ctx, err)
		return
	}
	defer resp.Body.Close()
	res.StatusCode = resp.StatusCode
	res.FinalURL = resp.Request.URL.String()
	res.ContentType = resp.Header.Get("Content-Type")
	wire := &wireCounter{r: resp.Body}
	defer func() { res.WireBytes = wire.n }()

	switch resp.StatusCode {
	case http.StatusOK, http.StatusNonAuthoritativeInfo:
		body, err := f.readBody(ctx, resp, wire)
		if err != nil {
			res.Err = err
			return
		}
		res.Status = StatusOK
		res.Body = body
		res.ETag = resp.Header.Get("ETag")
		res.LastModified = resp.Header.Get("Last-Modified")
	case http.StatusNotModified:
		drainBody(wire)
		if req.ETag == "" && req.LastModified == "" {
			res.Err = fmt.Errorf("%w to a request without validators", &HTTPStatusError{Code: resp.StatusCode})
			return
		}
		res.Status = StatusNotModified
		res.ETag = fetchFirstNonEmpty(resp.Header.Get("ETag"), req.ETag)
		res.LastModified = fetchFirstNonEmpty(resp.Header.Get("Last-Modified"), req.LastModified)
	default:
		drainBody(wire)
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			res.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), f.now())
		}
		res.Err = &HTTPStatusError{Code: resp.StatusCode}
		return
	}
	if trace.hops > 0 && trace.allPermanent && !(u.Scheme == "https" && resp.Request.URL.Scheme == "http") {
		res.PermanentURL = res.FinalURL
	}
}

// fetchFirstNonEmpty returns the first non-empty string.
func fetchFirstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// drainBody reads a little of an unwanted body so the connection may be reused.
func drainBody(r io.Reader) {
	_, _ = io.CopyN(io.Discard, r, drainBytes)
}

// parseFeedURL checks that raw is an absolute http(s) URL. Its errors never
// repeat the URL, which may hold credentials.
func parseFeedURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("invalid feed URL: %w", unwrapURLError(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("invalid feed URL: unsupported scheme %q", truncateForError(u.Scheme, 20))
	}
	if u.Host == "" {
		return nil, errors.New("invalid feed URL: no host")
	}
	return u, nil
}

// redirectTraceKey is the context key of a fetch's *redirectTrace.
type redirectTraceKey struct{}

// redirectTrace records the redirects of one fetch.
type redirectTrace struct {
	hops         int
	allPermanent bool
	last         *url.URL
}

// checkRedirect is the fetcher's redirect policy: at most maxRedirects
// hops, each recorded in the request's redirectTrace.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if t, ok := req.Context().Value(redirectTraceKey{}).(*redirectTrace); ok {
		t.hops++
		t.last = req.URL
		if req.Response == nil || (req.Response.StatusCode != http.StatusMovedPermanently &&
			req.Response.StatusCode != http.StatusPermanentRedirect) {
			t.allPermanent = false
		}
	}
	if len(via) > maxRedirects {
		return fmt.Errorf("%w (>%d)", ErrTooManyRedirects, maxRedirects)
	}
	return nil
}

// hostKey identifies a host for the per-host limit: lower-case host name
// with the port, the scheme's default port left out.
func hostKey(u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return host
	}
	return host + ":" + port
}

// wireCounter counts the bytes read through it.
type wireCounter struct {
	r io.Reader
	n int64
}

// Read implements io.Reader.
func (c *wireCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
