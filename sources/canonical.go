package sources

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"
)

// ErrBadURL is wrapped by CanonicalURL's errors: the link is empty, cannot be
// parsed, is not absolute after resolution, or is not http(s).
var ErrBadURL = errors.New("bad url")

// trackingParams are query parameters that only identify a campaign or a
// click; they are removed from canonical URLs. Keys are lower case.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "igshid": true, "mc_cid": true, "mc_eid": true,
	"ocid": true, "cmpid": true, "_ga": true, "_gl": true, "wt_mc": true, "wt_zmc": true,
	"xtor": true, "ito": true, "mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true,
	"__twitter_impression": true, "_hsenc": true, "_hsmi": true, "vero_id": true,
}

// trackingPrefixes are key prefixes of tracking parameter families
// (utm_source, at_medium, ns_campaign, pk_kwd ...).
var trackingPrefixes = []string{"utm_", "at_", "ns_", "pk_", "mtm_", "hsa_"}

// CanonicalURL returns the absolute, canonical form of the link raw: it is
// resolved against base (the feed's or site's URL) when relative, the scheme
// and host are lower-cased, default ports, user info and the fragment are
// dropped, an empty path becomes "/", and tracking parameters (utm_*,
// fbclid, gclid, mc_cid, ocid, cmpid, at_* ...) are removed while the other
// parameters keep their order. Only http and https links are accepted; a
// scheme-relative link without a base is taken as https.
func CanonicalURL(raw, base string) (string, error) {
	u, err := resolveHTTPURL(raw, base)
	if err != nil {
		return "", err
	}
	u.RawQuery = stripTrackingParams(u.RawQuery)
	return u.String(), nil
}

// resolveHTTPURL does all of CanonicalURL's work but the removal of
// tracking parameters.
func resolveHTTPURL(raw, base string) (*url.URL, error) {
	raw = stripURLSpace(raw)
	if raw == "" {
		return nil, fmt.Errorf("%w: empty link", ErrBadURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	if u.Scheme == "" {
		if b, berr := url.Parse(stripURLSpace(base)); berr == nil && b.IsAbs() && b.Host != "" {
			u = b.ResolveReference(u)
		} else if u.Host != "" {
			u.Scheme = "https"
		}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %q is not an http(s) link", ErrBadURL, truncateURLForError(raw))
	}
	if u.Opaque != "" {
		return nil, fmt.Errorf("%w: %q has no host", ErrBadURL, truncateURLForError(raw))
	}
	host, err := canonicalHost(u)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrBadURL, truncateURLForError(raw), err)
	}
	u.Host = host
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	u.ForceQuery = false
	if _, err := url.Parse(u.String()); err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrBadURL, truncateURLForError(raw), err)
	}
	return u, nil
}

// canonicalHost lower-cases the host, drops a trailing dot and the scheme's
// default port, and keeps IPv6 literals bracketed.
func canonicalHost(u *url.URL) (string, error) {
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", errors.New("no host")
	}
	if strings.ContainsAny(host, " <>\"{}|\\^`") {
		return "", errors.New("invalid host")
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		if net.ParseIP(host) == nil {
			return "", errors.New("invalid IPv6 host")
		}
		host = "[" + host + "]"
	}
	if port != "" {
		return net.JoinHostPort(strings.Trim(host, "[]"), port), nil
	}
	return host, nil
}

// stripTrackingParams removes tracking parameters from a raw query string,
// leaving the others, and their encoding and order, untouched.
func stripTrackingParams(rawQuery string) string {
	if rawQuery == "" {
		return ""
	}
	parts := strings.Split(rawQuery, "&")
	kept := parts[:0]
	for _, p := range parts {
		if p == "" {
			continue
		}
		key, _, _ := strings.Cut(p, "=")
		if k, err := url.QueryUnescape(key); err == nil {
			key = k
		}
		if isTrackingParam(strings.ToLower(key)) {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "&")
}

// isTrackingParam reports whether the lower-case key is a tracking parameter.
func isTrackingParam(key string) bool {
	if trackingParams[key] {
		return true
	}
	for _, p := range trackingPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// urlLineBreak matches a line break, with the indentation around it, that
// a feed wrapped a long link with.
var urlLineBreak = regexp.MustCompile(`[ \t]*[\r\n][\s]*`)

// stripURLSpace trims a link and removes the tabs and line breaks (with
// their indentation) that feeds wrap long links with.
func stripURLSpace(s string) string {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "\t\r\n") {
		s = strings.ReplaceAll(urlLineBreak.ReplaceAllString(s, ""), "\t", "")
	}
	return s
}

// truncateURLForError keeps error messages short.
func truncateURLForError(s string) string {
	const maxLen = 120
	if len(s) <= maxLen {
		return s
	}
	return Truncate(s, maxLen)
}

// ArticleID returns the stable ID of an article: the hex SHA-256 of the site
// id, a NUL byte and the item's GUID, or of its canonical link when the
// item has no GUID.
func ArticleID(siteID, guid, canonicalURL string) string {
	key := strings.TrimSpace(guid)
	if key == "" {
		key = canonicalURL
	}
	sum := sha256.Sum256([]byte(siteID + "\x00" + key))
	return hex.EncodeToString(sum[:])
}
