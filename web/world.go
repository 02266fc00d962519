package web

import (
	"bytes"
	"errors"
	"net/http"
	"time"

	"github.com/worldbrief/worldbrief/digest"
)

// handleWorld serves /world: today's world edition.
func (s *Server) handleWorld(w http.ResponseWriter, r *http.Request) {
	world, err := s.cfg.Digests.World(r.Context())
	if err != nil {
		s.unavailable(w, "world", err)
		return
	}
	s.serveWorld(w, r, world, todayMaxAge)
}

// handleWorldDay serves /world/{YYYY-MM-DD}: a UTC day's world edition.
func (s *Server) handleWorldDay(w http.ResponseWriter, r *http.Request) {
	day := r.PathValue("day")
	today := s.cfg.Digests.Today(digest.WorldCode)
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		s.worldDayNotFound(w, r, "“"+shorten(day, 40)+"” is not a date; days are written YYYY-MM-DD, e.g. "+today+".")
		return
	}
	past := day < today
	world, err := s.pastWorld.get(day, past, func() (digest.World, error) { return s.cfg.Digests.WorldOn(r.Context(), day) })
	switch {
	case errors.Is(err, digest.ErrNoDigest):
		msg := "There is no world edition for " + dateText(day) + "."
		if day > today {
			msg = dateText(day) + " has not happened yet (world editions are dated in UTC)."
		}
		s.worldDayNotFound(w, r, msg)
		return
	case err != nil:
		s.unavailable(w, "world/"+day, err)
		return
	}
	maxAge := todayMaxAge
	if past {
		maxAge = pastMaxAge
	}
	s.serveWorld(w, r, world, maxAge)
}

// serveWorld renders a world edition with links to the other days'.
func (s *Server) serveWorld(w http.ResponseWriter, r *http.Request, world digest.World, maxAge time.Duration) {
	daily, err := s.cfg.Digests.DailyWorlds(r.Context(), dayLinks+1)
	if err != nil {
		s.unavailable(w, "world", err)
		return
	}
	parts := []string{"world", world.Date, world.GeneratedAt.String()}
	for _, o := range daily {
		parts = append(parts, o.Date)
	}
	if fresh(w, r, s.etag(parts...), world.GeneratedAt, maxAge) {
		return
	}
	v := s.worldView(world)
	v.Feeds = []feedLink{{"application/atom+xml", "World feed (Atom)", "/world.atom"}}
	for i, o := range daily {
		if o.Date == world.Date {
			continue
		}
		text, url := dateText(o.Date), "/world/"+o.Date
		if i == 0 {
			text, url = "Today", "/world"
		}
		v.Days = append(v.Days, link{URL: url, Text: text})
	}
	s.render(w, http.StatusOK, "world", v)
}

// worldDayNotFound answers a day without a world edition with the days
// that have one.
func (s *Server) worldDayNotFound(w http.ResponseWriter, r *http.Request, msg string) {
	sugg := []link{{URL: "/world", Text: "Today's world edition"}}
	if daily, err := s.cfg.Digests.DailyWorlds(r.Context(), dayLinks+1); err == nil {
		for _, o := range daily[min(1, len(daily)):] {
			sugg = append(sugg, link{URL: "/world/" + o.Date, Text: dateText(o.Date)})
		}
	}
	s.noDay(w, msg, sugg)
}

// handleWorldAtom serves /world.atom: one entry per day's world edition.
func (s *Server) handleWorldAtom(w http.ResponseWriter, r *http.Request) {
	daily, err := s.cfg.Digests.DailyWorlds(r.Context(), feedDays)
	if err != nil {
		s.unavailable(w, "world.atom", err)
		return
	}
	days := make([]feedDay, len(daily))
	for i, o := range daily {
		days[i] = feedDay{o.Date, o.GeneratedAt}
	}
	if s.feedFresh(w, r, "world.atom", days) {
		return
	}
	base := s.base(r)
	f := newAtom(base, feedID(digest.WorldCode), "The world's current take — worldbrief", "/world")
	for _, o := range daily {
		var b bytes.Buffer
		if err := feedTemplates.ExecuteTemplate(&b, "worldentry", s.worldView(o)); err != nil {
			s.unavailable(w, "world.atom", err)
			return
		}
		title := "The world's current take, " + dateText(o.Date)
		if len(o.Stories) > 0 {
			title += ": " + o.Stories[0].Headline
		}
		f.add(entryID(digest.WorldCode, o.Date), title, base+"/world/"+o.Date, o.GeneratedAt, "", b.String())
	}
	writeXML(w, "application/atom+xml; charset=utf-8", f)
}
