package web

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// otherRegion is where countries without a region are listed.
const otherRegion = "More countries"

// handleHome serves the country picker: every country by region with its
// top story today, and the world edition's top stories.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	v, err := s.homeView(r)
	if err != nil {
		s.unavailable(w, "home", err)
		return
	}
	if fresh(w, r, v.etag, v.updated, todayMaxAge) {
		return
	}
	s.render(w, http.StatusOK, "home", v)
}

// homeView builds the country picker, reusing it for homeTTL.
func (s *Server) homeView(r *http.Request) (*homeView, error) {
	s.homeMu.Lock()
	defer s.homeMu.Unlock()
	if s.home != nil && time.Since(s.homeAt) < homeTTL {
		return s.home, nil
	}
	ctx := r.Context()
	v := &homeView{page: page{Title: "worldbrief — each country's own news, in English",
		Feeds: []feedLink{{"application/atom+xml", "World feed (Atom)", "/world.atom"}}}}
	var parts []string
	world, err := s.cfg.Digests.World(ctx)
	if err != nil {
		return nil, err
	}
	parts = append(parts, world.GeneratedAt.String())
	for i, st := range world.Stories {
		if i == 3 {
			break
		}
		v.World = append(v.World, worldTeaser{Rank: i + 1, Countries: st.Countries, Headline: st.Headline})
	}
	v.updated = world.GeneratedAt
	regions := map[string]*regionView{}
	var order []string
	for _, co := range s.cfg.Catalog.Countries {
		d, err := s.cfg.Digests.Digest(ctx, co.Code)
		if err != nil {
			return nil, err
		}
		parts = append(parts, co.Code, d.GeneratedAt.String())
		if d.GeneratedAt.After(v.updated) {
			v.updated = d.GeneratedAt
		}
		name := otherRegion
		if s.cfg.Region != nil {
			if n := s.cfg.Region(co.Code); n != "" {
				name = n
			}
		}
		rv, ok := regions[name]
		if !ok {
			rv = &regionView{Name: name}
			regions[name] = rv
			order = append(order, name)
		}
		cl := countryLink{Code: co.Code, Name: co.Name}
		if len(d.Stories) > 0 {
			cl.Top = d.Stories[0].Headline
		}
		rv.Countries = append(rv.Countries, cl)
	}
	sort.Slice(order, func(i, j int) bool {
		if (order[i] == otherRegion) != (order[j] == otherRegion) {
			return order[j] == otherRegion
		}
		return order[i] < order[j]
	})
	for _, name := range order {
		rv := regions[name]
		sort.SliceStable(rv.Countries, func(i, j int) bool { return rv.Countries[i].Name < rv.Countries[j].Name })
		v.Regions = append(v.Regions, *rv)
	}
	v.etag = s.etag(parts...)
	s.home, s.homeAt = v, time.Now()
	return v, nil
}

// handleCountryOrFeed serves /{country} (today's digest), and the feeds
// /{country}.atom and /{country}.json.
func (s *Server) handleCountryOrFeed(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	for ext, serve := range map[string]func(http.ResponseWriter, *http.Request, sources.Country){
		".atom": s.serveAtom, ".json": s.serveJSONFeed,
	} {
		if code, ok := strings.CutSuffix(name, ext); ok {
			if co, ok := s.country(w, r, code, ext); ok {
				serve(w, r, co)
			}
			return
		}
	}
	co, ok := s.country(w, r, name, "")
	if !ok {
		return
	}
	d, err := s.cfg.Digests.Digest(r.Context(), co.Code)
	if err != nil {
		s.unavailable(w, co.Code, err)
		return
	}
	s.serveDigest(w, r, d, todayMaxAge)
}

// handleDay serves /{country}/{YYYY-MM-DD}: a day's digest.
func (s *Server) handleDay(w http.ResponseWriter, r *http.Request) {
	co, ok := s.country(w, r, r.PathValue("country"), "/"+r.PathValue("day"))
	if !ok {
		return
	}
	day := r.PathValue("day")
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		s.dayNotFound(w, r, co, day, "“"+day+"” is not a date; days are written YYYY-MM-DD, e.g. "+s.cfg.Digests.Today(co.Code)+".")
		return
	}
	today := s.cfg.Digests.Today(co.Code)
	d, err := s.pastDigest(r, co.Code, day, day < today)
	switch {
	case errors.Is(err, digest.ErrNoDigest):
		msg := "There is no digest of " + digest.Possessive(co.Name) + " press for " + dateText(day) + "."
		if day > today {
			msg = dateText(day) + " has not happened yet in " + co.Name + "."
		}
		s.dayNotFound(w, r, co, day, msg)
		return
	case err != nil:
		s.unavailable(w, co.Code+"/"+day, err)
		return
	}
	maxAge := todayMaxAge
	if day < today {
		maxAge = pastMaxAge
	}
	s.serveDigest(w, r, d, maxAge)
}

// pastDigest returns a day's digest, keeping past days (which no longer
// change) in memory.
func (s *Server) pastDigest(r *http.Request, country, day string, past bool) (digest.Digest, error) {
	return s.past.get(country+"/"+day, past, func() (digest.Digest, error) {
		return s.cfg.Digests.DigestOn(r.Context(), country, day)
	})
}

// serveDigest renders a country's digest with links to its other days.
func (s *Server) serveDigest(w http.ResponseWriter, r *http.Request, d digest.Digest, maxAge time.Duration) {
	daily, err := s.cfg.Digests.Daily(r.Context(), d.Country, dayLinks+1)
	if err != nil {
		s.unavailable(w, d.Country, err)
		return
	}
	parts := []string{"country", d.Country, d.Date, d.GeneratedAt.String()}
	for _, o := range daily {
		parts = append(parts, o.Date)
	}
	if fresh(w, r, s.etag(parts...), d.GeneratedAt, maxAge) {
		return
	}
	v := s.countryView(d)
	v.Feeds = []feedLink{
		{"application/atom+xml", v.Heading + " (Atom)", "/" + d.Country + ".atom"},
		{"application/feed+json", v.Heading + " (JSON Feed)", "/" + d.Country + ".json"},
	}
	for i, o := range daily {
		if o.Date == d.Date {
			continue
		}
		text := dateText(o.Date)
		if i == 0 {
			text = "Today"
		}
		v.Days = append(v.Days, link{URL: "/" + d.Country + "/" + o.Date, Text: text})
	}
	s.render(w, http.StatusOK, "country", v)
}

// country resolves a path's country: a catalog code in lower case is
// served; another spelling the catalog resolves ("FR", "france") is
// redirected to the code's address (with rest appended); anything else
// gets the 404 page with suggestions.
func (s *Server) country(w http.ResponseWriter, r *http.Request, name, rest string) (sources.Country, bool) {
	if co, ok := s.cfg.Catalog.Country(name); ok && co.Code == name {
		return co, true
	}
	co, err := s.cfg.Catalog.Resolve(name)
	if err == nil {
		http.Redirect(w, r, "/"+co.Code+rest, http.StatusMovedPermanently)
		return sources.Country{}, false
	}
	v := notFoundView{page: page{Title: "Unknown country — worldbrief"}, Heading: "Unknown country",
		Message: "worldbrief does not cover a country called “" + shorten(name, 80) + "”."}
	var uc *sources.UnknownCountryError
	var nc *sources.NotCoveredError
	switch {
	case errors.As(err, &uc):
		for _, c := range uc.Suggestions {
			v.Suggestions = append(v.Suggestions, link{URL: "/" + c.Code + rest, Text: c.Name})
		}
	case errors.As(err, &nc):
		v.Message = "worldbrief does not read " + digest.Possessive(nc.Name) + " press yet."
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	s.render(w, http.StatusNotFound, "notfound", v)
	return sources.Country{}, false
}

// dayNotFound answers a day without a digest with the days that have one.
func (s *Server) dayNotFound(w http.ResponseWriter, r *http.Request, co sources.Country, day, msg string) {
	sugg := []link{{URL: "/" + co.Code, Text: "Today in " + digest.Possessive(co.Name) + " press"}}
	if daily, err := s.cfg.Digests.Daily(r.Context(), co.Code, dayLinks+1); err == nil {
		for _, d := range daily[min(1, len(daily)):] {
			sugg = append(sugg, link{URL: "/" + co.Code + "/" + d.Date, Text: dateText(d.Date)})
		}
	}
	s.noDay(w, msg, sugg)
}

// noDay renders the 404 page of a day without a digest or edition.
func (s *Server) noDay(w http.ResponseWriter, msg string, suggestions []link) {
	w.Header().Set("Cache-Control", "public, max-age=300")
	s.render(w, http.StatusNotFound, "notfound", notFoundView{page: page{Title: "No digest for that day — worldbrief"},
		Heading: "No digest for that day", Message: msg, Suggestions: suggestions})
}

// handleNotFound answers any other path.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "Only GET and HEAD are served here.", http.StatusMethodNotAllowed)
		return
	}
	s.render(w, http.StatusNotFound, "notfound", notFoundView{page: page{Title: "Not found — worldbrief"},
		Heading: "Page not found", Message: "There is no page at this address."})
}

// shorten cuts s to n runes for quoting it back.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
