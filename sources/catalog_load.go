package sources

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
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
	c, problems, err := decodeCatalog(r)
	if err != nil {
		return nil, err
	}
	return c.finish(problems)
}

// decodeCatalog decodes a YAML catalog strictly. Unknown keys and type
// mismatches are returned as problems (the decoder carries on past them);
// a syntax error or an empty document is an error.
func decodeCatalog(r io.Reader) (*Catalog, []string, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var c Catalog
	var problems []string
	if err := dec.Decode(&c); err != nil {
		var te *yaml.TypeError
		switch {
		case errors.Is(err, io.EOF):
			return nil, nil, &CatalogError{Problems: []string{"catalog is empty: no countries"}}
		case errors.As(err, &te):
			for _, msg := range te.Errors {
				problems = append(problems, describeYAMLError(msg))
			}
		default:
			return nil, nil, fmt.Errorf("parse catalog YAML: %w", err)
		}
	}
	return &c, problems, nil
}

// finish validates a decoded catalog, adding its problems to those of
// decoding, and fills in each Site.Country.
func (c *Catalog) finish(problems []string) (*Catalog, error) {
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
	return c, nil
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
		"sources.Region":  "in a region",
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
	out := &Catalog{Regions: make([]Region, len(c.Regions)), Countries: make([]Country, len(c.Countries))}
	for i, r := range c.Regions {
		r.Aliases = slices.Clone(r.Aliases)
		out.Regions[i] = r
	}
	for i, co := range c.Countries {
		co.Aliases = slices.Clone(co.Aliases)
		co.Native = slices.Clone(co.Native)
		co.Regions = slices.Clone(co.Regions)
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
