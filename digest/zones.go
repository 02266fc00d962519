package digest

import (
	"sync"
	"time"

	"github.com/worldbrief/worldbrief/sources"
)

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
	if name, ok := sources.CapitalZone(country); ok {
		if z, err := time.LoadLocation(name); err == nil {
			l = z
		}
	}
	zoneCache[country] = l
	return l
}
