package sources

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/language"
)

//go:embed catalog.yaml
var embeddedCatalog []byte

// defaultCatalog parses the embedded catalog once; DefaultCatalog hands out
// copies of the result.
var defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
	return LoadCatalog(bytes.NewReader(embeddedCatalog))
})

// DefaultCatalog returns the catalog embedded in the binary. It is parsed
// and validated once; every call returns a fresh deep copy, so callers may
// modify what they get.
func DefaultCatalog() (*Catalog, error) {
	c, err := defaultCatalog()
	if err != nil {
		return nil, fmt.Errorf("embedded catalog: %w", err)
	}
	return c.clone(), nil
}

// LoadCatalogFile reads, validates and returns the catalog in the YAML file
// at path. See LoadCatalog.
func LoadCatalogFile(path string) (*Catalog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open catalog: %w", err)
	}
	defer f.Close()
	c, err := LoadCatalog(f)
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", path, err)
	}
	return c, nil
}

// LoadCatalog decodes a YAML catalog strictly (unknown keys are problems,
// reported with their line), validates it, and fills in each Site.Country.
// A catalog with problems yields a *CatalogError listing every one of them:
// unknown keys and validation problems together.
func LoadCatalog(r io.Reader) (*Catalog, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var c Catalog
	var problems []string
	if err := dec.Decode(&c); err != nil {
		var te *yaml.TypeError
		switch {
		case errors.Is(err, io.EOF):
			return nil, &CatalogError{Problems: []string{"catalog is empty: no countries"}}
		case errors.As(err, &te):
			// The decoder carried on past these; report them with the rest.
			for _, msg := range te.Errors {
				problems = append(problems, describeYAMLError(msg))
			}
		default:
			return nil, fmt.Errorf("parse catalog YAML: %w", err)
		}
	}
	// When decoding stopped before any country, validating would only add
	// a misleading "no countries".
	decodedNothing := len(problems) > 0 && len(c.Countries) == 0
	if err := c.Validate(); err != nil && !decodedNothing {
		var ce *CatalogError
		if !errors.As(err, &ce) {
			return nil, err
		}
		problems = append(problems, ce.Problems...)
	}
	if len(problems) > 0 {
		return nil, &CatalogError{Problems: problems}
	}
	c.fillSiteCountries()
	return &c, nil
}

// unknownFieldRE matches yaml's "line 5: field foo not found in type sources.Site".
var unknownFieldRE = regexp.MustCompile(`^line (\d+): field (.+) not found in type (\S+)$`)

// describeYAMLError rewrites the decoder's unknown-field message in the
// catalog's own words and leaves any other message as it is.
func describeYAMLError(msg string) string {
	m := unknownFieldRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	where := map[string]string{
		"sources.Catalog": "at the top level",
		"sources.Country": "in a country",
		"sources.Site":    "in a site",
	}[m[3]]
	if where == "" {
		where = "in " + m[3]
	}
	return fmt.Sprintf("line %s: unknown key %q %s", m[1], m[2], where)
}

// CatalogError lists every problem found in a catalog.
type CatalogError struct {
	// Problems each name where they are, e.g.
	// `site "lemonde": missing language`.
	Problems []string
}

// Error returns a header line followed by one problem per line.
func (e *CatalogError) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		b.WriteString("invalid catalog: 1 problem:")
	} else {
		fmt.Fprintf(&b, "invalid catalog: %d problems:", len(e.Problems))
	}
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p)
	}
	return b.String()
}

// Country returns the catalog's country with this ISO code (any case,
// surrounding spaces ignored).
func (c *Catalog) Country(code string) (Country, bool) {
	code = strings.ToLower(strings.TrimSpace(code))
	for _, co := range c.Countries {
		if co.Code == code {
			return co, true
		}
	}
	return Country{}, false
}

// Site returns the site with this id, with its Country filled in.
func (c *Catalog) Site(id string) (Site, bool) {
	for _, co := range c.Countries {
		for _, s := range co.Sites {
			if s.ID == id {
				s.Country = co.Code
				return s, true
			}
		}
	}
	return Site{}, false
}

// Sites returns every site of the catalog with its Country filled in, in
// catalog order: countries as listed, and each country's sites as listed.
func (c *Catalog) Sites() []Site {
	var out []Site
	for _, co := range c.Countries {
		for _, s := range co.Sites {
			s.Country = co.Code
			out = append(out, s)
		}
	}
	return out
}

// Languages returns the distinct languages of the country's sites, sorted.
func (co Country) Languages() []string {
	var out []string
	for _, s := range co.Sites {
		if s.Language != "" && !slices.Contains(out, s.Language) {
			out = append(out, s.Language)
		}
	}
	slices.Sort(out)
	return out
}

// fillSiteCountries sets each site's Country from the country it is listed under.
func (c *Catalog) fillSiteCountries() {
	for i := range c.Countries {
		for j := range c.Countries[i].Sites {
			c.Countries[i].Sites[j].Country = c.Countries[i].Code
		}
	}
}

// clone returns a deep copy of the catalog.
func (c *Catalog) clone() *Catalog {
	out := &Catalog{Countries: make([]Country, len(c.Countries))}
	for i, co := range c.Countries {
		co.Aliases = slices.Clone(co.Aliases)
		sites := make([]Site, len(co.Sites))
		for j, s := range co.Sites {
			s.Feeds = slices.Clone(s.Feeds)
			s.Labels = slices.Clone(s.Labels)
			sites[j] = s
		}
		co.Sites = sites
		out.Countries[i] = co
	}
	return out
}

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
	problems []string
	codes    map[string]int    // country code → index of first use
	sites    map[string]string // site id → country code
	feeds    map[string]string // feed URL → site id
	names    map[string]string // normalised code/name/alias → country code
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
	for _, n := range append([]string{co.Code, co.Name}, co.Aliases...) {
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
