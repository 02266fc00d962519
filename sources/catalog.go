package sources

// Catalog is the set of countries and news sites worldbrief reads.
// It is loaded from the embedded default or from a YAML file; see
// LoadCatalog and DefaultCatalog.
type Catalog struct {
	// Regions are the groups countries belong to, e.g. Africa; see
	// Catalog.Region.
	Regions []Region `yaml:"regions,omitempty" json:"regions,omitempty"`
	// Countries are the countries covered, each with its news sites.
	Countries []Country `yaml:"countries" json:"countries"`
}

// Region is a named group of countries, e.g. Europe or Africa.
type Region struct {
	// ID is how countries name the region, e.g. "middle-east".
	ID string `yaml:"id" json:"id"`
	// Name is the English display name, e.g. "Middle East".
	Name string `yaml:"name" json:"name"`
	// Aliases are other words for the region, e.g. "mena".
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
}

// Country is one country of the catalog with its national news sites.
type Country struct {
	// Code is the ISO 3166-1 alpha-2 code in lower case, e.g. "fr".
	Code string `yaml:"code" json:"code"`
	// Name is the English short name, e.g. "France".
	Name string `yaml:"name" json:"name"`
	// Aliases are other names people use, e.g. "french republic".
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
	// Native are the country's names in its own languages and scripts,
	// e.g. "Deutschland", "日本", "Россия".
	Native []string `yaml:"native,omitempty" json:"native,omitempty"`
	// Regions are the IDs of the catalog regions the country belongs to,
	// e.g. ["europe", "asia"].
	Regions []string `yaml:"regions,omitempty" json:"regions,omitempty"`
	// Sites are the country's news sites.
	Sites []Site `yaml:"sites" json:"sites"`
}

// Site is one news outlet with one or more feeds.
type Site struct {
	// ID is unique across the whole catalog, e.g. "lemonde".
	ID string `yaml:"id" json:"id"`
	// Name is the outlet's display name, e.g. "Le Monde".
	Name string `yaml:"name" json:"name"`
	// Language is the BCP 47 tag of the site's text, e.g. "fr".
	Language string `yaml:"language" json:"language"`
	// Homepage is the outlet's home page URL.
	Homepage string `yaml:"homepage" json:"homepage"`
	// Feeds are the RSS/Atom feed URLs read for this site.
	Feeds []string `yaml:"feeds" json:"feeds"`
	// Labels describe the outlet, e.g. "public-broadcaster", "state-funded", "wire".
	Labels []string `yaml:"labels,omitempty" json:"labels,omitempty"`
	// Charset is the fallback encoding for feeds that declare none and are
	// not valid UTF-8 (default windows-1252, a superset of Latin-1).
	Charset string `yaml:"charset,omitempty" json:"charset,omitempty"`
	// Country is the code of the country the site belongs to; it is filled
	// in when the catalog is loaded, not written in the file.
	Country string `yaml:"-" json:"country"`
}

// SiteIDs returns the IDs of sites, in order.
func SiteIDs(sites []Site) []string {
	ids := make([]string, len(sites))
	for i, s := range sites {
		ids[i] = s.ID
	}
	return ids
}

// SiteNames maps the IDs of sites to their display names.
func SiteNames(sites []Site) map[string]string {
	names := make(map[string]string, len(sites))
	for _, s := range sites {
		names[s.ID] = s.Name
	}
	return names
}
