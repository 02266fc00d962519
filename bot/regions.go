package bot

import (
	"strings"

	"github.com/worldbrief/worldbrief/sources"
)

// regionCountries returns the region's display name and its countries
// when query names one of the catalog's regions.
func (c *Core) regionCountries(query string) (string, []sources.Country, bool) {
	r, list, ok := c.Catalog.Region(query)
	return r.Name, list, ok
}

// regionNames lists the catalog's regions for help text.
func (c *Core) regionNames() string {
	return strings.Join(c.Catalog.RegionNames(), ", ")
}
