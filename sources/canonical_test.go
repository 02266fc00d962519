package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestCanonicalURL(t *testing.T) {
	cases := []struct{ raw, base, want string }{
		{"https://www.example.com/a/b", "", "https://www.example.com/a/b"},
		{"HTTP://WWW.Example.COM:80/Path?Q=1#frag", "", "http://www.example.com/Path?Q=1"},
		{"https://example.com:443", "", "https://example.com/"},
		{"https://example.com:8443/x", "", "https://example.com:8443/x"},
		{"/news/1.html", "https://site.example/rss/feed.xml", "https://site.example/news/1.html"},
		{"2.html", "https://site.example/rss/feed.xml", "https://site.example/rss/2.html"},
		{"../up.html", "https://site.example/a/b/", "https://site.example/a/up.html"},
		{"//cdn.example/x.jpg", "http://site.example/", "http://cdn.example/x.jpg"},
		{"//cdn.example/x.jpg", "", "https://cdn.example/x.jpg"},
		{"  https://example.com/\n  wrapped  ", "", "https://example.com/wrapped"},
		{"https://example.com/a?utm_source=rss&utm_medium=feed&id=5&fbclid=abc", "", "https://example.com/a?id=5"},
		{"https://example.com/a?b=2&gclid=x&a=1&mc_cid=1&mc_eid=2&ocid=3&cmpid=4", "", "https://example.com/a?b=2&a=1"},
		{"https://example.com/a?at_medium=rss&at_campaign=x&ns_campaign=y&ITO=1&wt_mc=rss.ho", "", "https://example.com/a"},
		{"https://example.com/a?q=caf%C3%A9&UTM_Source=x", "", "https://example.com/a?q=caf%C3%A9"},
		{"https://example.com/a?", "", "https://example.com/a"},
		{"https://user:pw@example.com/a", "", "https://example.com/a"},
		{"https://example.com./a", "", "https://example.com/a"},
		{"http://[::1]:80/a", "", "http://[::1]/a"},
		{"https://example.com/a b", "", "https://example.com/a%20b"},
	}
	for _, c := range cases {
		got, err := CanonicalURL(c.raw, c.base)
		if err != nil || got != c.want {
			t.Errorf("CanonicalURL(%q, %q) = %q, %v; want %q", c.raw, c.base, got, err, c.want)
		}
	}
}

func TestCanonicalURLRejects(t *testing.T) {
	for _, c := range []struct{ raw, base string }{
		{"", "https://x.example/"},
		{"   ", ""},
		{"relative/only", ""},
		{"relative/bad-base", "not a url"},
		{"mailto:a@example.com", ""},
		{"javascript:alert(1)", "https://x.example/"},
		{"ftp://example.com/file", ""},
		{"http:opaque", ""},
		{"https://", ""},
		{"http://exa mple.com/", ""},
		{"http://[::1", ""},
	} {
		if got, err := CanonicalURL(c.raw, c.base); err == nil || !errors.Is(err, ErrBadURL) {
			t.Errorf("CanonicalURL(%q, %q) = %q, %v; want an ErrBadURL error", c.raw, c.base, got, err)
		}
	}
}

func TestArticleID(t *testing.T) {
	sum := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])
	}
	if got, want := ArticleID("lemonde", "guid-1", "https://x/1"), sum("lemonde\x00guid-1"); got != want {
		t.Errorf("with guid: %s, want %s", got, want)
	}
	if got, want := ArticleID("lemonde", "", "https://x/1"), sum("lemonde\x00https://x/1"); got != want {
		t.Errorf("without guid: %s, want %s", got, want)
	}
	if ArticleID("a", "g", "") == ArticleID("b", "g", "") {
		t.Error("same guid on two sites must give two IDs")
	}
	if ArticleID("ab", "c", "") == ArticleID("a", "bc", "") {
		t.Error("site id and guid must be separated")
	}
	if ArticleID("a", " g ", "") != ArticleID("a", "g", "") {
		t.Error("surrounding space in the guid must not matter")
	}
}

func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com/a?utm_source=x&b=1#f", "/rel", "//host/x", "HTTP://A.B:80", "http://[::1]:443/",
		"javascript:x", "https://a.example/%zz", "https://a.example/?%", "http://a.example/a/../b?x=1&&y=2",
		"https://example.com/\u00e9?q=\u00e9", "http://a.example:0/", "https://a.example/;p?q#f",
	} {
		f.Add(s, "https://base.example/dir/feed.xml")
	}
	f.Fuzz(func(t *testing.T, raw, base string) {
		got, err := CanonicalURL(raw, base)
		if err != nil {
			if !errors.Is(err, ErrBadURL) {
				t.Fatalf("error %v does not wrap ErrBadURL", err)
			}
			return
		}
		u, perr := url.Parse(got)
		if perr != nil {
			t.Fatalf("CanonicalURL(%q, %q) = %q, which does not parse: %v", raw, base, got, perr)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" || u.User != nil {
			t.Fatalf("CanonicalURL(%q, %q) = %q: not a canonical http(s) URL", raw, base, got)
		}
		if u.Host != strings.ToLower(u.Host) {
			t.Fatalf("CanonicalURL(%q, %q) = %q: host not lower case", raw, base, got)
		}
		for _, p := range strings.Split(u.RawQuery, "&") {
			key, _, _ := strings.Cut(p, "=")
			if k, err := url.QueryUnescape(key); err == nil && isTrackingParam(strings.ToLower(k)) {
				t.Fatalf("CanonicalURL(%q, %q) = %q keeps tracking parameter %q", raw, base, got, key)
			}
		}
		again, err := CanonicalURL(got, "")
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", raw, got, again, err)
		}
	})
}
