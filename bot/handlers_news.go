package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// Headline counts for /headlines.
const (
	defaultHeadlines = 10
	maxHeadlines     = 30
)

func (c *Core) headlines(ctx context.Context, _ Request, args []string) (Message, error) {
	spec, _ := Lookup("headlines")
	if len(args) == 0 {
		return Message{}, usage(spec, "Which country?")
	}
	n := defaultHeadlines
	if len(args) > 1 {
		if v, err := strconv.Atoi(args[len(args)-1]); err == nil {
			if v < 1 || v > maxHeadlines {
				return Message{}, say(fmt.Sprintf("I can show 1 to %d headlines; e.g. /headlines %s 5.", maxHeadlines, shown(args[0])))
			}
			n, args = v, args[:len(args)-1]
		}
	}
	co, err := c.resolveOne(args)
	var unknown *sources.UnknownCountryError
	if _, rerr := c.Catalog.Resolve(strings.Join(args, " ")); err != nil && len(args) > 1 && errors.As(rerr, &unknown) && len(unknown.Suggestions) == 0 {
		// "/headlines fr abc": a country, then a count that is no
		// number (not "saudi arabya", a typo of a country's name).
		if first, ferr := c.resolveOne(args[:len(args)-1]); ferr == nil {
			return Message{}, say(fmt.Sprintf("%q is not a number of headlines; e.g. /headlines %s 5.", shown(args[len(args)-1]), first.Code))
		}
	}
	if err != nil {
		return Message{}, err
	}
	if co.Code == worldEdition.Code {
		return Message{}, worldOnlyInDigests()
	}
	if c.Refresh != nil {
		if err := c.Refresh(ctx, co, n); err != nil {
			c.log().Warn("refresh feeds before headlines", "country", co.Code, "err", err)
		}
	}
	siteNames := sources.SiteNames(co.Sites)
	arts, err := c.Store.Articles(ctx, sources.ArticleQuery{Country: co.Code, SiteIDs: sources.SiteIDs(co.Sites), Limit: n})
	if err != nil {
		return Message{}, err
	}
	if len(arts) == 0 {
		return Message{}, say(fmt.Sprintf("No headlines for %s yet: its feeds have not been read or returned nothing. /sources %s shows their health.", co.Name, co.Code))
	}
	var m Message
	m.Add(B(co.Name + " — latest headlines"))
	for i, a := range arts {
		spans := []Span{T(fmt.Sprintf("%d. ", i+1)), L(a.Title, a.URL), T("\n"), I(siteNames[a.SiteID]), T(" · " + publishedText(a.PublishedAt.UTC(), c.now()))}
		if a.OriginalTitle != "" && a.OriginalTitle != a.Title {
			spans = append(spans, T("\n"+a.OriginalTitle))
		}
		m.Add(spans...)
	}
	return m, nil
}

func (c *Core) digest(ctx context.Context, req Request, args []string) (Message, error) {
	spec, _ := Lookup("digest")
	if len(args) == 0 {
		return Message{}, usage(spec, "Which country?")
	}
	co, err := c.resolveOne(args)
	if err != nil {
		return Message{}, err
	}
	if c.Digests == nil {
		return Message{}, say(fmt.Sprintf("Digests are not available yet. /headlines %s shows %s's latest headlines now.", co.Code, co.Name))
	}
	d, err := c.Digests.Digest(ctx, co.Code)
	if err != nil {
		return Message{}, err
	}
	if len(d.Stories) == 0 && co.Code == worldEdition.Code {
		return Message{}, say("The world edition has no story covered by two countries yet; try again later.")
	}
	if len(d.Stories) == 0 {
		return Message{}, say(fmt.Sprintf("There is no digest for %s yet: too few articles. /headlines %s shows what there is.", co.Name, co.Code))
	}
	// The chat's filter for this country, if it has one, applies here too.
	subs, err := c.Subs.Subscriptions(ctx, req.Chat)
	if err != nil {
		return Message{}, err
	}
	for _, s := range subs {
		if s.Country != co.Code || len(s.Include)+len(s.Exclude) == 0 {
			continue
		}
		f, err := digest.NewFilter(s.Include, s.Exclude)
		if err != nil {
			return Message{}, say("This chat's filter for " + co.Name + " is invalid (" + err.Error() + "); change it with /filter " + co.Code + " clear.")
		}
		d = f.Apply(d)
		if len(d.Stories) == 0 {
			return Message{}, say(fmt.Sprintf("No story of %s's digest passes this chat's filter (%s).", co.Name, filterText(s.Include, s.Exclude)))
		}
	}
	return WithPage(DigestMessage(d), c.pageURL(d)), nil
}

// pageURL is the web page of digest d, or "".
func (c *Core) pageURL(d digest.Digest) string {
	if c.PageURL == nil {
		return ""
	}
	return c.PageURL(d.Country, d.Date)
}

func (c *Core) sources(ctx context.Context, _ Request, args []string) (Message, error) {
	spec, _ := Lookup("sources")
	if len(args) == 0 {
		return Message{}, usage(spec, "Which country?")
	}
	co, err := c.resolveOne(args)
	if err != nil {
		return Message{}, err
	}
	if co.Code == worldEdition.Code {
		return Message{}, worldOnlyInDigests()
	}
	feeds, err := c.Health.Feeds(ctx, sources.SiteIDs(co.Sites))
	if err != nil {
		return Message{}, err
	}
	counts, err := c.Health.ArticleCounts(ctx)
	if err != nil {
		return Message{}, err
	}
	bySite := map[string][]sources.Feed{}
	for _, f := range feeds {
		bySite[f.SiteID] = append(bySite[f.SiteID], f)
	}
	var m Message
	m.Add(B(co.Name + " — sources"))
	for _, s := range co.Sites {
		h := sources.SiteHealthOf(s, bySite[s.ID], counts[s.ID])
		spans := []Span{L(s.Name, s.Homepage), T(fmt.Sprintf(" (%s) — %s, %s", s.Language, h.Status, plural(h.Articles, "article", "articles")))}
		if !h.LastFetchedAt.IsZero() {
			spans = append(spans, T(", last read "+h.LastFetchedAt.UTC().Format("Jan 2 15:04 UTC")))
		}
		if h.LastError != "" {
			spans = append(spans, T("\nlast error: "+shown(h.LastError)))
		}
		m.Add(spans...)
	}
	return m, nil
}

// publishedText writes an article's UTC time as "Jan 7 14:45 UTC", with
// the year when it is not this year's ("Jan 7 2017 14:45 UTC"), so a
// feed's old items do not pass for this week's.
func publishedText(t, now time.Time) string {
	if t.Year() != now.UTC().Year() {
		return t.Format("Jan 2 2006 15:04 UTC")
	}
	return t.Format("Jan 2 15:04 UTC")
}
