package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/pipeline"
)

// digestWorld prints the world edition: `worldbrief digest world`. Every
// country's stale feeds are fetched first (those backing off after
// errors are left alone); --at (when) builds the edition of a past window.
func (a *app) digestWorld(ctx context.Context, when time.Time, format string) error {
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
