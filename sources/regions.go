package sources

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// regionIDRE is the shape of a region id, e.g. "middle-east".
var regionIDRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Region returns the catalog region that query names (its id, name or an
// alias, ignoring case, accents and punctuation) and the catalog's
// countries in it, by name.
func (c *Catalog) Region(query string) (Region, []Country, bool) {
	key := normalizeKey(truncateBytes(query, maxInputBytes))
	if key == "" {
		return Region{}, nil, false
	}
	for _, r := range c.Regions {
		if !slices.ContainsFunc(regionKeys(r), func(k string) bool { return k == key }) {
			continue
		}
		var in []Country
		for _, co := range c.Search("") {
			if slices.Contains(co.Regions, r.ID) {
				in = append(in, co)
			}
		}
		return r, in, true
	}
	return Region{}, nil, false
}

// RegionNames returns the display names of the catalog's regions, in
// catalog order.
func (c *Catalog) RegionNames() []string {
	names := make([]string, len(c.Regions))
	for i, r := range c.Regions {
		names[i] = r.Name
	}
	return names
}

// regionKeys returns the normalised id, name and aliases of a region.
func regionKeys(r Region) []string {
	keys := []string{normalizeKey(r.ID), normalizeKey(r.Name)}
	for _, a := range r.Aliases {
		keys = append(keys, normalizeKey(a))
	}
	return keys
}

// regions checks the catalog's region list: ids well formed and unique,
// names present, no name or alias shared by two regions.
func (v *validator) regions(rs []Region) {
	v.regionIDs = map[string]bool{}
	taken := map[string]string{}
	for i, r := range rs {
		where := fmt.Sprintf("regions[%d] (%s)", i, r.ID)
		switch {
		case r.ID == "":
			where = fmt.Sprintf("regions[%d]", i)
			v.addf("%s: missing id", where)
		case !regionIDRE.MatchString(r.ID):
			v.addf("%s: id must be lower-case words joined by hyphens, e.g. middle-east", where)
		case v.regionIDs[r.ID]:
			v.addf("%s: duplicate region id", where)
		}
		if r.ID != "" {
			v.regionIDs[r.ID] = true
		}
		if strings.TrimSpace(r.Name) == "" {
			v.addf("%s: missing name", where)
		}
		for _, k := range regionKeys(r) {
			if k == "" {
				continue
			}
			if other, ok := taken[k]; ok && other != r.ID {
				v.addf("%s: name or alias %q is also used by region %s", where, k, other)
				continue
			}
			taken[k] = r.ID
		}
	}
}

// countryRegions checks that every region a country lists is defined.
func (v *validator) countryRegions(where string, co Country) {
	for _, id := range co.Regions {
		if !v.regionIDs[id] {
			v.addf("%s: unknown region %q (the catalog defines: %s)", where, id, strings.Join(slices.Sorted(maps.Keys(v.regionIDs)), ", "))
		}
	}
}
