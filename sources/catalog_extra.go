package sources

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// LoadCatalogFiles returns the catalog worldbrief reads: the YAML file at
// path, or the embedded catalog when path is empty, extended by the YAML
// file at extraPath when it is not empty (see Catalog.Extend).
func LoadCatalogFiles(path, extraPath string) (*Catalog, error) {
	var (
		c   *Catalog
		err error
	)
	if path != "" {
		c, err = LoadCatalogFile(path)
	} else {
		c, err = DefaultCatalog()
	}
	if err != nil || extraPath == "" {
		return c, err
	}
	f, err := os.Open(extraPath)
	if err != nil {
		return nil, fmt.Errorf("open catalog extra: %w", err)
	}
	defer f.Close()
	out, err := c.ExtendFrom(f)
	if err != nil {
		return nil, fmt.Errorf("catalog extra %s: %w", extraPath, err)
	}
	return out, nil
}

// ExtendFrom decodes an extra catalog (same YAML format, read as strictly)
// and returns c extended by it; see Extend.
func (c *Catalog) ExtendFrom(r io.Reader) (*Catalog, error) {
	extra, problems, err := decodeCatalog(r)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &CatalogError{Problems: problems}
	}
	return c.Extend(extra)
}

// Extend returns a copy of c with extra applied, validated as a whole
// like any catalog, so that an operator can add a local paper without
// replacing the catalog:
//
//   - a region with a new id is added; one with a known id gets extra's
//     name (when given) and aliases;
//   - a country with a new code is added as it is;
//   - a country with a known code gets extra's name (when given), and its
//     aliases, native names, regions and sites are added, a site with the
//     id of one of the country's sites replacing that site.
//
// A site whose id belongs to another country is a problem: overriding
// works within a country.
func (c *Catalog) Extend(extra *Catalog) (*Catalog, error) {
	out := c.clone()
	var problems []string
	for _, r := range extra.Regions {
		i := slices.IndexFunc(out.Regions, func(o Region) bool { return o.ID == r.ID })
		if i < 0 {
			out.Regions = append(out.Regions, r)
			continue
		}
		if r.Name != "" {
			out.Regions[i].Name = r.Name
		}
		out.Regions[i].Aliases = appendNew(out.Regions[i].Aliases, r.Aliases...)
	}
	owner := map[string]string{}
	for _, s := range out.Sites() {
		owner[s.ID] = s.Country
	}
	for _, co := range extra.Countries {
		i := slices.IndexFunc(out.Countries, func(o Country) bool { return o.Code == co.Code })
		if i < 0 {
			for _, s := range co.Sites {
				if other, ok := owner[s.ID]; ok {
					problems = append(problems, fmt.Sprintf("extra site %q: the id belongs to a site of %s; list it under %s to replace it, or pick another id", s.ID, other, other))
				}
			}
			out.Countries = append(out.Countries, co)
			continue
		}
		base := &out.Countries[i]
		if co.Name != "" {
			base.Name = co.Name
		}
		base.Aliases = appendNew(base.Aliases, co.Aliases...)
		base.Native = appendNew(base.Native, co.Native...)
		base.Regions = appendNew(base.Regions, co.Regions...)
		for _, s := range co.Sites {
			if other, ok := owner[s.ID]; ok && other != co.Code {
				problems = append(problems, fmt.Sprintf("extra site %q: the id belongs to a site of %s; list it under %s to replace it, or pick another id", s.ID, other, other))
				continue
			}
			if j := slices.IndexFunc(base.Sites, func(o Site) bool { return o.ID == s.ID }); j >= 0 {
				base.Sites[j] = s
			} else {
				base.Sites = append(base.Sites, s)
			}
		}
	}
	if len(problems) > 0 {
		return nil, &CatalogError{Problems: problems}
	}
	return out.finish(nil)
}

// appendNew appends the items of add that list does not hold yet.
func appendNew(list []string, add ...string) []string {
	for _, a := range add {
		if !slices.Contains(list, a) {
			list = append(list, a)
		}
	}
	return list
}

// LoadExtraFile decodes the extra catalog at path strictly but does not
// validate it on its own (it may name countries by code only); a missing
// file is an empty extra.
func LoadExtraFile(path string) (*Catalog, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Catalog{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open catalog extra: %w", err)
	}
	defer f.Close()
	c, problems, err := decodeCatalog(f)
	var ce *CatalogError
	if errors.As(err, &ce) && len(ce.Problems) == 1 && strings.HasPrefix(ce.Problems[0], "catalog is empty") {
		return &Catalog{}, nil
	}
	if err == nil && len(problems) > 0 {
		err = &CatalogError{Problems: problems}
	}
	if err != nil {
		return nil, fmt.Errorf("catalog extra %s: %w", path, err)
	}
	return c, nil
}

// AddSites adds sites to the country code of an extra catalog, creating
// the country entry (with name) when the extra has none; no sites add
// nothing.
func (c *Catalog) AddSites(code, name string, sites []Site) {
	if len(sites) == 0 {
		return
	}
	i := slices.IndexFunc(c.Countries, func(o Country) bool { return o.Code == code })
	if i < 0 {
		c.Countries = append(c.Countries, Country{Code: code, Name: name})
		i = len(c.Countries) - 1
	}
	for _, s := range sites {
		s.Country = ""
		c.Countries[i].Sites = append(c.Countries[i].Sites, s)
	}
}

// WriteYAML writes the catalog in the YAML format LoadCatalog reads.
func (c *Catalog) WriteYAML(w io.Writer) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return fmt.Errorf("write catalog YAML: %w", err)
	}
	return enc.Close()
}
