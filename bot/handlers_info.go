package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/worldbrief/worldbrief/sources"
)

func (c *Core) start(_ context.Context, _ Request, _ []string) (Message, error) {
	var m Message
	m.Add(B("worldbrief"), T(" — each country's own news, in English."))
	m.Add(T(fmt.Sprintf("I read the national press of %s in their own languages and send this chat a morning digest per country.", plural(len(c.Catalog.Countries), "country", "countries"))))
	m.Add(T("Try "), C("/subscribe France Japan"), T(", then "), C("/time 07:30"), T(" and "), C("/timezone Europe/Berlin"), T(". "),
		C("/headlines fr"), T(" shows France's latest headlines right now; "), C("/help"), T(" lists everything."))
	return m, nil
}

func (c *Core) help(_ context.Context, req Request, _ []string) (Message, error) {
	var m Message
	discord := req.Chat.Platform == discordPlatform
	lines := [][]Span{{B("Commands")}}
	for _, s := range commands {
		if s.Greeting && discord {
			continue
		}
		lines = append(lines, []Span{C(s.Usage()), T(" — " + s.Description)})
	}
	m.AddLines(lines...)
	who := "In groups only administrators can change subscriptions."
	if discord {
		who = "In servers, changing a channel's subscriptions needs the Manage Channels permission."
	}
	m.Add(T("Countries may be names or codes, with or without accents: France, fr, Côte d'Ivoire, cote divoire. " + who))
	return m, nil
}

// discordPlatform is the ChatKey.Platform of Discord chats, whose
// permission model /help describes differently.
const discordPlatform = "discord"

func (c *Core) countries(_ context.Context, _ Request, args []string) (Message, error) {
	query := strings.Join(args, " ")
	var (
		list  []sources.Country
		title string
	)
	if name, in, ok := c.regionCountries(query); ok {
		title, list = name, in
	} else {
		list = c.Catalog.Search(query)
		title = "Countries covered"
		if query != "" {
			title = fmt.Sprintf("Countries matching %q", shown(query))
		}
	}
	if len(list) == 0 {
		return Message{}, say(fmt.Sprintf("No country matches %q. Try a region (%s) or part of a name, e.g. /countries korea.", shown(query), c.regionNames()))
	}
	var m Message
	m.Add(B(title), T(fmt.Sprintf(" (%d)", len(list))))
	lines := make([]string, len(list))
	for i, co := range list {
		lines[i] = fmt.Sprintf("%s %s (%s)", co.Code, co.Name, plural(len(co.Sites), "site", "sites"))
	}
	m.Add(T(strings.Join(lines, "\n")))
	if query == "" {
		m.Add(T("Regions: " + c.regionNames() + ". Subscribe with /subscribe CODE."))
	}
	return m, nil
}

func (c *Core) list(ctx context.Context, req Request, _ []string) (Message, error) {
	subs, err := c.Subs.Subscriptions(ctx, req.Chat)
	if err != nil {
		return Message{}, err
	}
	if len(subs) == 0 {
		return Text("This chat has no subscriptions. Send /subscribe COUNTRY, e.g. /subscribe France."), nil
	}
	var m Message
	lines := [][]Span{{B("Subscriptions")}}
	for _, s := range subs {
		lines = append(lines, subscriptionLine(c.countryName(s.Country), s))
	}
	m.AddLines(lines...)
	return m, nil
}

// subscriptionLine describes one subscription.
func subscriptionLine(name string, s Subscription) []Span {
	spans := []Span{B(name), T(fmt.Sprintf(" (%s) — every day at %s %s", s.Country, s.DeliveryTime, zoneLabel(s.Timezone)))}
	if s.Status == StatusSuspended {
		spans = append(spans, I(" (suspended: I could not post here; subscribe again to resume)"))
	}
	if f := filterText(s.Include, s.Exclude); f != "" {
		spans = append(spans, T("; filter: "+f))
	}
	return spans
}

// filterText shows filter words as "+a +b -c".
func filterText(include, exclude []string) string {
	var w []string
	for _, x := range include {
		w = append(w, "+"+x)
	}
	for _, x := range exclude {
		w = append(w, "-"+x)
	}
	return strings.Join(w, " ")
}

func (c *Core) settings(ctx context.Context, req Request, _ []string) (Message, error) {
	st, err := c.Subs.ChatSettings(ctx, req.Chat)
	if err != nil {
		return Message{}, err
	}
	subs, err := c.Subs.Subscriptions(ctx, req.Chat)
	if err != nil {
		return Message{}, err
	}
	var m Message
	lines := [][]Span{{B("Settings")}, {T("Delivery time: "), C(st.DeliveryTime), T(" ("), C(zoneLabel(st.Timezone)), T(")")}}
	if st.Timezone == DefaultTimezone {
		lines = append(lines, []Span{I("Your time zone is still UTC; set yours with /timezone, e.g. /timezone Europe/Berlin.")})
	}
	codes := make([]string, 0, len(subs))
	for _, s := range subs {
		codes = append(codes, s.Country)
		if f := filterText(s.Include, s.Exclude); f != "" {
			lines = append(lines, []Span{T("Filter for " + c.countryName(s.Country) + ": "), C(f)})
		}
	}
	sort.Strings(codes)
	if len(codes) == 0 {
		lines = append(lines, []Span{T("Subscriptions: none yet (/subscribe COUNTRY).")})
	} else {
		lines = append(lines, []Span{T("Subscriptions: " + strings.Join(codes, ", "))})
	}
	m.AddLines(lines...)
	return private(m), nil
}

// countryName returns the catalog name of a code, or the code.
func (c *Core) countryName(code string) string {
	if code == worldEdition.Code {
		return worldEdition.Name
	}
	for _, co := range c.Catalog.Countries {
		if co.Code == code {
			return co.Name
		}
	}
	return code
}
