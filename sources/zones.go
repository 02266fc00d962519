package sources

import (
	"slices"
	_ "time/tzdata" // zone data on systems without it, so dates are stable
)

// countryZones maps a country code to the IANA zone of its capital. It
// dates a country's digest, and answers "/timezone Japan".
var countryZones = map[string]string{
	"fr": "Europe/Paris", "de": "Europe/Berlin", "gb": "Europe/London", "it": "Europe/Rome",
	"es": "Europe/Madrid", "pt": "Europe/Lisbon", "nl": "Europe/Amsterdam", "be": "Europe/Brussels",
	"ch": "Europe/Zurich", "at": "Europe/Vienna", "pl": "Europe/Warsaw", "cz": "Europe/Prague",
	"sk": "Europe/Bratislava", "hu": "Europe/Budapest", "ro": "Europe/Bucharest", "bg": "Europe/Sofia",
	"gr": "Europe/Athens", "se": "Europe/Stockholm", "no": "Europe/Oslo", "dk": "Europe/Copenhagen",
	"fi": "Europe/Helsinki", "ie": "Europe/Dublin", "tr": "Europe/Istanbul", "ru": "Europe/Moscow",
	"ua": "Europe/Kyiv", "il": "Asia/Jerusalem", "ir": "Asia/Tehran", "eg": "Africa/Cairo",
	"sa": "Asia/Riyadh", "ae": "Asia/Dubai", "ma": "Africa/Casablanca", "ng": "Africa/Lagos",
	"ke": "Africa/Nairobi", "za": "Africa/Johannesburg", "et": "Africa/Addis_Ababa", "gh": "Africa/Accra",
	"in": "Asia/Kolkata", "pk": "Asia/Karachi", "bd": "Asia/Dhaka", "id": "Asia/Jakarta",
	"my": "Asia/Kuala_Lumpur", "sg": "Asia/Singapore", "th": "Asia/Bangkok", "vn": "Asia/Ho_Chi_Minh",
	"ph": "Asia/Manila", "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "cn": "Asia/Shanghai",
	"tw": "Asia/Taipei", "hk": "Asia/Hong_Kong", "au": "Australia/Sydney", "nz": "Pacific/Auckland",
	"us": "America/New_York", "ca": "America/Toronto", "mx": "America/Mexico_City", "br": "America/Sao_Paulo",
	"ar": "America/Argentina/Buenos_Aires", "cl": "America/Santiago", "co": "America/Bogota", "ve": "America/Caracas",
	"td": "Africa/Ndjamena",
}

// multiZone lists the countries spanning several time zones, whose users
// must name a city rather than the country.
var multiZone = []string{"us", "ca", "mx", "br", "cl", "ru", "au", "id", "es", "pt"}

// CapitalZone returns the IANA zone of a country's capital, e.g.
// "Asia/Tokyo" for "jp".
func CapitalZone(code string) (string, bool) {
	z, ok := countryZones[code]
	return z, ok
}

// SingleZone returns a country's time zone when the whole country has
// only one; it reports false for unknown and multi-zone countries.
func SingleZone(code string) (string, bool) {
	if slices.Contains(multiZone, code) {
		return "", false
	}
	return CapitalZone(code)
}

// CapitalZones lists the zones of every country known here.
func CapitalZones() []string {
	out := make([]string, 0, len(countryZones))
	for _, z := range countryZones {
		out = append(out, z)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
