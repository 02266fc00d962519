package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

// zoneNames are IANA zones whose city part people type on its own
// ("Berlin", "new york"); with the capitals' zones they cover the catalog's
// countries and big cities.
var zoneNames = strings.Fields(`
Europe/Lisbon Europe/Madrid Europe/Moscow Europe/Kiev Europe/Luxembourg Europe/Belgrade
Europe/Zagreb Europe/Ljubljana Europe/Vilnius Europe/Riga Europe/Tallinn Europe/Minsk
Europe/Chisinau Europe/Reykjavik Europe/Samara Atlantic/Canary Atlantic/Azores
Asia/Yekaterinburg Asia/Novosibirsk Asia/Vladivostok Asia/Jakarta Asia/Makassar Asia/Jayapura
Asia/Kathmandu Asia/Colombo Asia/Baghdad Asia/Beirut Asia/Amman Asia/Qatar Asia/Kuwait
Asia/Almaty Asia/Tashkent Asia/Kabul Asia/Yangon Asia/Phnom_Penh Asia/Hanoi
Africa/Algiers Africa/Tunis Africa/Dakar Africa/Abidjan Africa/Kinshasa Africa/Luanda
Africa/Khartoum Africa/Dar_es_Salaam Africa/Kampala
America/New_York America/Chicago America/Denver America/Phoenix America/Los_Angeles
America/Anchorage America/Detroit America/Toronto America/Montreal America/Vancouver
America/Edmonton America/Winnipeg America/Halifax America/St_Johns America/Mexico_City
America/Tijuana America/Cancun America/Monterrey America/Sao_Paulo America/Manaus America/Recife
America/Buenos_Aires America/Argentina/Buenos_Aires America/Santiago America/Lima
America/La_Paz America/Montevideo America/Asuncion America/Havana America/Panama
Pacific/Honolulu Australia/Sydney Australia/Melbourne Australia/Brisbane Australia/Adelaide
Australia/Perth Australia/Darwin Australia/Hobart UTC
`)

// zoneAliases are city names people type that differ from the zone's city.
// An explicit UTC or GMT is stored as Etc/UTC or Etc/GMT: the same time as
// DefaultTimezone, but chosen, so the bot stops suggesting a zone.
var zoneAliases = map[string]string{
	"kiev": "Europe/Kyiv", "kyiv": "Europe/Kyiv", "mumbai": "Asia/Kolkata", "delhi": "Asia/Kolkata",
	"new delhi": "Asia/Kolkata", "beijing": "Asia/Shanghai", "peking": "Asia/Shanghai",
	"washington": "America/New_York", "san francisco": "America/Los_Angeles",
	"saigon": "Asia/Ho_Chi_Minh", "ho chi minh city": "Asia/Ho_Chi_Minh", "rio": "America/Sao_Paulo",
	"rio de janeiro": "America/Sao_Paulo", "brasilia": "America/Sao_Paulo", "ottawa": "America/Toronto",
	"gmt": "Etc/GMT", "utc": "Etc/UTC", "z": "Etc/UTC", "zurich": "Europe/Zurich", "geneva": "Europe/Zurich",
	"munich": "Europe/Berlin", "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin",
	"barcelona": "Europe/Madrid", "milan": "Europe/Rome", "osaka": "Asia/Tokyo", "busan": "Asia/Seoul",
	"istanbul": "Europe/Istanbul", "ankara": "Europe/Istanbul", "tel aviv": "Asia/Jerusalem",
	"abu dhabi": "Asia/Dubai", "cape town": "Africa/Johannesburg", "abuja": "Africa/Lagos",
	"wellington": "Pacific/Auckland", "canberra": "Australia/Sydney",
}

// zoneExample is shown with timezone errors.
const zoneExample = "Send an IANA zone such as /timezone Europe/Berlin or America/New_York, a city such as /timezone Tokyo, or a country with one zone such as /timezone France."

// resolveZone turns a zone name, a city or a single-zone country into an
// IANA zone name.
func (c *Core) resolveZone(input string) (string, error) {
	input = strings.TrimSpace(input)
	if input == "" {
		return "", say("Which time zone? " + zoneExample)
	}
	key := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(input, "_", " ")), " "))
	if z, ok := zoneAliases[key]; ok {
		return z, nil
	}
	if strings.Contains(input, "/") && len(input) < 64 && !strings.Contains(input, "..") {
		for _, z := range allZones() {
			if strings.EqualFold(z, strings.ReplaceAll(input, " ", "_")) {
				return z, nil
			}
		}
		if loc, err := time.LoadLocation(input); err == nil && loc.String() != "Local" {
			return loc.String(), nil
		}
	}
	for _, z := range allZones() {
		city := z[strings.LastIndex(z, "/")+1:]
		if strings.EqualFold(strings.ReplaceAll(city, "_", " "), key) {
			return z, nil
		}
	}
	if co, err := c.Catalog.Resolve(input); err == nil {
		if z, ok := sources.SingleZone(co.Code); ok {
			return z, nil
		}
		return "", say(fmt.Sprintf("%s has several time zones; send the one of your city, e.g. /timezone America/New_York or /timezone Chicago.", co.Name))
	}
	return "", say(fmt.Sprintf("I don't know the time zone %q. %s", shown(input), zoneExample))
}

// zoneLabel is how a stored zone is shown to people: the Etc/UTC and
// Etc/GMT an explicit "UTC" or "GMT" is stored as read as typed.
func zoneLabel(zone string) string {
	switch zone {
	case "Etc/UTC", "Etc/Zulu", "Etc/UCT":
		return "UTC"
	case "Etc/GMT", "Etc/Greenwich":
		return "GMT"
	}
	return zone
}

// allZones lists the zones known by name: the capitals' and zoneNames.
func allZones() []string {
	return append(sources.CapitalZones(), zoneNames...)
}

// parseClock reads "HH:MM" (also "7:30", "0730", "7h30", "7") into "HH:MM".
func parseClock(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("h", ":", ".", ":").Replace(s)
	var h, m int
	switch {
	case strings.Contains(s, ":"):
		hs, ms, _ := strings.Cut(s, ":")
		if ms == "" {
			ms = "0"
		}
		var ok1, ok2 bool
		h, ok1 = atoi(hs)
		m, ok2 = atoi(ms)
		if !ok1 || !ok2 || len(ms) > 2 {
			return "", false
		}
	case len(s) == 4:
		var ok1, ok2 bool
		h, ok1 = atoi(s[:2])
		m, ok2 = atoi(s[2:])
		if !ok1 || !ok2 {
			return "", false
		}
	default:
		var ok bool
		if h, ok = atoi(s); !ok {
			return "", false
		}
	}
	if h < 0 || h > 23 || m < 0 || m > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, m), true
}

// atoi parses 1–2 ASCII digits.
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 2 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
