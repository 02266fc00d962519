package sources

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/language"
)

// Labels a site may carry.
const (
	// LabelPublicBroadcaster marks a publicly owned broadcaster with a
	// public-service remit, e.g. the BBC.
	LabelPublicBroadcaster = "public-broadcaster"
	// LabelStateFunded marks an outlet owned, funded or controlled by the
	// state, e.g. TASS.
	LabelStateFunded = "state-funded"
	// LabelWire marks a news agency, e.g. ANSA.
	LabelWire = "wire"
)

// labelPattern is the shape of a label; any such label is accepted, so a
// custom catalog may add its own (e.g. "tabloid").
var labelPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// knownLabels are the labels the embedded catalog uses.
var knownLabels = []string{LabelPublicBroadcaster, LabelStateFunded, LabelWire}

// siteIDRE is the shape of a site id.
var siteIDRE = regexp.MustCompile(`^[a-z0-9_-]+$`)

// Validate checks the whole catalog and returns a *CatalogError listing
// every problem found, or nil. Each problem names where it is: the country
// by position and code, the site by id (or position when it has none).
func (c *Catalog) Validate() error {
	v := validator{
		codes: map[string]int{},
		sites: map[string]string{},
		feeds: map[string]string{},
		names: map[string]string{},
	}
	if len(c.Countries) == 0 {
		v.addf("no countries")
	}
	v.regions(c.Regions)
	for i, co := range c.Countries {
		v.country(i, co)
	}
	if len(v.problems) > 0 {
		return &CatalogError{Problems: v.problems}
	}
	return nil
}

// validator accumulates problems and what it has seen so far.
type validator struct {
	problems  []string
	codes     map[string]int    // country code → index of first use
	sites     map[string]string // site id → country code
	feeds     map[string]string // feed URL → site id
	names     map[string]string // normalised code/name/alias → country code
	regionIDs map[string]bool   // IDs of the catalog's regions
}

func (v *validator) addf(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

func (v *validator) country(i int, co Country) {
	where := fmt.Sprintf("countries[%d] (%s)", i, co.Code)
	switch {
	case co.Code == "":
		where = fmt.Sprintf("countries[%d]", i)
		v.addf("%s: missing code", where)
	case co.Code != strings.ToLower(co.Code):
		v.addf("%s: country code must be lower case (%q)", where, strings.ToLower(co.Code))
	case !IsISOCountryCode(co.Code):
		v.addf("%s: unknown ISO 3166-1 country code %q", where, co.Code)
	}
	if co.Code != "" {
		if first, dup := v.codes[co.Code]; dup {
			v.addf("%s: duplicate country code (also countries[%d])", where, first)
		} else {
			v.codes[co.Code] = i
		}
	}
	if strings.TrimSpace(co.Name) == "" {
		v.addf("%s: missing name", where)
	}
	v.countryNames(where, co)
	v.countryRegions(where, co)
	if len(co.Sites) == 0 {
		v.addf("%s: no sites", where)
	}
	for j, s := range co.Sites {
		v.site(fmt.Sprintf("%s sites[%d]", where, j), co.Code, s)
	}
}

// countryNames checks that no code, name or alias is empty or taken by
// another country, since the resolver could not tell them apart.
func (v *validator) countryNames(where string, co Country) {
	for _, a := range co.Aliases {
		if normalizeKey(a) == "" {
			v.addf("%s: empty alias %q", where, a)
		}
	}
	for _, n := range co.Native {
		if normalizeKey(n) == "" {
			v.addf("%s: empty native name %q", where, n)
		}
	}
	names := append([]string{co.Code, co.Name}, co.Aliases...)
	for _, n := range append(names, co.Native...) {
		k := normalizeKey(n)
		if k == "" {
			continue
		}
		if other, ok := v.names[k]; ok && other != co.Code {
			v.addf("%s: name or alias %q is also used by %s", where, n, other)
			continue
		}
		v.names[k] = co.Code
	}
}

func (v *validator) site(pos, country string, s Site) {
	where := pos
	switch {
	case s.ID == "":
		v.addf("%s: missing id", pos)
	case !siteIDRE.MatchString(s.ID):
		where = fmt.Sprintf("site %q", s.ID)
		v.addf("%s: id must contain only a-z, 0-9, - and _", where)
	default:
		where = fmt.Sprintf("site %q", s.ID)
	}
	if s.ID != "" {
		if other, dup := v.sites[s.ID]; dup {
			v.addf("%s: duplicate id (also in %s)", where, other)
		} else {
			v.sites[s.ID] = country
		}
	}
	if strings.TrimSpace(s.Name) == "" {
		v.addf("%s: missing name", where)
	}
	if s.Language == "" {
		v.addf("%s: missing language", where)
	} else if _, err := language.Parse(s.Language); err != nil {
		v.addf("%s: language %q is not a valid BCP 47 tag: %v", where, s.Language, err)
	}
	if s.Homepage == "" {
		v.addf("%s: missing homepage", where)
	} else if !isHTTPURL(s.Homepage) {
		v.addf("%s: homepage %q is not an http(s) URL", where, s.Homepage)
	}
	if len(s.Feeds) == 0 {
		v.addf("%s: no feeds", where)
	}
	for _, f := range s.Feeds {
		if !isHTTPURL(f) {
			v.addf("%s: feed %q is not an http(s) URL", where, f)
			continue
		}
		if other, dup := v.feeds[f]; dup {
			v.addf("%s: feed %q is also listed by site %q", where, f, other)
		} else {
			v.feeds[f] = s.ID
		}
	}
	for _, l := range s.Labels {
		if !labelPattern.MatchString(l) {
			v.addf("%s: label %q must be lower-case letters, digits and hyphens (e.g. %s)", where, l, strings.Join(knownLabels, ", "))
		}
	}
	if s.Charset != "" {
		if e, _ := charset.Lookup(s.Charset); e == nil {
			v.addf("%s: unknown charset %q", where, s.Charset)
		}
	}
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\r\n")
}
