package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/pipeline"
)

// digestWorld prints the world edition: `worldbrief digest world`. Every
// country's stale feeds are fetched first (those backing off after
// errors are left alone); --at a bare date (at) reads the edition stored
// that UTC day (or builds it from the day's stored articles), and another
// --at (when) builds the edition of the window ending then.
func (a *app) digestWorld(ctx context.Context, at string, when time.Time, format string) error {
	if err := a.loadCatalog(); err != nil {
		return err
	}
	if err := a.openStore(ctx); err != nil {
		return err
	}
	p := a.pipeline(nil)
	var (
		w   digest.World
		err error
	)
	if when.IsZero() {
		progress, finish := a.progressBar(format != "json")
		rep, rerr := p.Refresh(ctx, a.catalog.Sites(), pipeline.RefreshOptions{StaleOnly: true, Progress: progress})
		finish()
		if rerr != nil {
			return rerr
		}
		if rep.Fetch.NewArticles > 0 || rep.Translation.Translated > 0 {
			p.Digests.Invalidate()
		}
		if rep.Fetch.Feeds > 0 && rep.Fetch.Failed > 0 && format != "json" {
			fmt.Fprintf(a.stderr, "note: %d of %d feeds failed; see `worldbrief sources`\n", rep.Fetch.Failed, rep.Fetch.Feeds)
		}
		w, err = p.World(ctx)
	} else if day, derr := time.Parse(time.DateOnly, at); derr == nil {
		w, err = p.WorldOn(ctx, at)
		if errors.Is(err, digest.ErrNoDigest) {
			// Nothing stored of that day: the empty edition of its 24 hours
			// says so, as a country's empty digest does (exit 0).
			w, err = p.WorldAt(ctx, day.Add(24*time.Hour-time.Second))
		}
	} else {
		w, err = p.WorldAt(ctx, when)
	}
	if err != nil {
		return err
	}
	switch format {
	case "json":
		return writeJSON(a.stdout, w)
	case "markdown", "md":
		_, err = fmt.Fprint(a.stdout, w.Markdown())
	default:
		_, err = fmt.Fprint(a.stdout, strings.TrimRight(w.Text(), "\n")+"\n")
	}
	return err
}
