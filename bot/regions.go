package bot

import "strings"

// regions groups country codes for /countries REGION.
var regions = []struct {
	name    string
	aliases []string
	codes   string
}{
	{"Europe", []string{"eu", "europa"}, "fr de gb it es pt nl be ch at pl cz sk hu ro bg gr se no dk fi ie ua ru tr"},
	{"Middle East", []string{"mideast", "middle east", "near east", "mena"}, "tr il ir eg sa ae"},
	{"Africa", nil, "eg ma ng ke za et gh"},
	{"Asia", []string{"asia pacific", "apac"}, "in pk bd id my sg th vn ph jp kr cn tw hk ru tr"},
	{"Oceania", []string{"pacific", "australasia"}, "au nz"},
	{"Americas", []string{"america", "north america", "south america", "latin america", "latam"}, "us ca mx br ar cl co ve"},
}

// regionCodes returns the region's display name and codes when query
// names a region.
func regionCodes(query string) (string, map[string]bool, bool) {
	q := strings.ToLower(strings.Join(strings.Fields(query), " "))
	for _, r := range regions {
		match := q == strings.ToLower(r.name)
		for _, a := range r.aliases {
			match = match || q == a
		}
		if match {
			set := map[string]bool{}
			for _, c := range strings.Fields(r.codes) {
				set[c] = true
			}
			return r.name, set, true
		}
	}
	return "", nil, false
}

// regionNames lists the regions for help text.
func regionNames() string {
	n := make([]string, len(regions))
	for i, r := range regions {
		n[i] = r.name
	}
	return strings.Join(n, ", ")
}
