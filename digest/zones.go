package digest

import (
	"sync"
	"time"
	_ "time/tzdata" // zone data on systems without it, for stable dates
)

// countryZones maps a country code to the IANA zone of its capital, which
// dates the country's digest. Countries spanning many zones (us, ru, br,
// ca, au, mx, id) use the zone most of their press writes in.
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

var (
	zoneMu    sync.Mutex
	zoneCache = map[string]*time.Location{}
)

// CountryZone returns the time zone dating a country's digest: its
// capital's zone, or UTC for a country it does not know or a system
// without zone data.
func CountryZone(country string) *time.Location {
	zoneMu.Lock()
	defer zoneMu.Unlock()
	if l, ok := zoneCache[country]; ok {
		return l
	}
	l := time.UTC
	if name, ok := countryZones[country]; ok {
		if z, err := time.LoadLocation(name); err == nil {
			l = z
		}
	}
	zoneCache[country] = l
	return l
}
