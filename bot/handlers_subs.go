package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// maxFilterWords caps the words of one filter.
const maxFilterWords = 20

func (c *Core) subscribe(ctx context.Context, req Request, args []string) (Message, error) {
	spec, _ := Lookup("subscribe")
	if len(args) == 0 {
		return Message{}, usage(spec, "Which countries?")
	}
	cos, err := c.resolveMany(args)
	if ue, ok := errors.AsType[*userError](err); ok && len(args) > 1 {
		// All or nothing, and the user is told so.
		return Message{}, say(ue.msg + " Nothing was changed: send the command again with that country fixed.")
	}
	if err != nil {
		return Message{}, err
	}
	before, err := c.Subs.Subscriptions(ctx, req.Chat)
	if err != nil {
		return Message{}, err
	}
	var added, kept []sources.Country
	var last Subscription
	for _, co := range cos {
		sub, created, err := c.Subs.Subscribe(ctx, Subscription{ChatKey: req.Chat, Country: co.Code, ThreadID: req.ThreadID, CreatedBy: req.User})
		if err != nil {
			return Message{}, err
		}
		last = sub
		if created {
			added = append(added, co)
		} else {
			kept = append(kept, co)
		}
	}
	var m Message
	if len(added) > 0 {
		m.Add(T("Subscribed to "), B(names(added)), T(fmt.Sprintf(". The digest comes every day at %s %s.", last.DeliveryTime, zoneLabel(last.Timezone))))
	}
	if len(kept) > 0 {
		m.Add(T("Already subscribed to " + names(kept) + "."))
	}
	if last.Timezone == DefaultTimezone && len(before) == 0 { // once: with the chat's first subscription
		m.Add(T("Tip: set your time zone so the digest arrives in your morning, e.g. "), C("/timezone Europe/Berlin"), T(", and the time with "), C("/time 07:30"), T("."))
	}
	return m, nil
}

func (c *Core) unsubscribe(ctx context.Context, req Request, args []string) (Message, error) {
	spec, _ := Lookup("unsubscribe")
	if len(args) == 0 {
		return Message{}, usage(spec, "Which countries?")
	}
	if len(args) == 1 && strings.EqualFold(args[0], "all") {
		n, err := c.Subs.Unsubscribe(ctx, req.Chat, nil)
		if err != nil {
			return Message{}, err
		}
		if n == 0 {
			return Text("This chat had no subscriptions."), nil
		}
		if n == 1 {
			return Text("Unsubscribed from 1 country. /subscribe brings it back."), nil
		}
		return Text(fmt.Sprintf("Unsubscribed from all %d countries. /subscribe brings them back.", n)), nil
	}
	// A subscription's own code always works, even for a country the
	// catalog no longer has.
	subs, err := c.Subs.Subscriptions(ctx, req.Chat)
	if err != nil {
		return Message{}, err
	}
	var (
		codes []string
		rest  []string
		cos   []sources.Country
	)
	for _, a := range args {
		code := strings.ToLower(strings.Trim(a, ","))
		if !isWorld(code) && slices.ContainsFunc(subs, func(s Subscription) bool { return s.Country == code }) {
			if _, err := c.Catalog.Resolve(code); err != nil {
				codes = append(codes, code)
				cos = append(cos, sources.Country{Code: code, Name: code})
				continue
			}
		}
		rest = append(rest, a)
	}
	if len(rest) > 0 {
		resolved, err := c.resolveMany(rest)
		if err != nil {
			return Message{}, err
		}
		for _, co := range resolved {
			codes = append(codes, co.Code)
		}
		cos = append(cos, resolved...)
	}
	n, err := c.Subs.Unsubscribe(ctx, req.Chat, codes)
	if err != nil {
		return Message{}, err
	}
	if n == 0 {
		return Text("This chat was not subscribed to " + names(cos) + ". /list shows its subscriptions."), nil
	}
	return Text("Unsubscribed from " + names(cos) + "."), nil
}

func (c *Core) setTime(ctx context.Context, req Request, args []string) (Message, error) {
	spec, _ := Lookup("time")
	if len(args) == 0 {
		return Message{}, usage(spec, "At what time?")
	}
	hhmm, ok := parseClock(strings.Join(args, ""))
	if !ok {
		return Message{}, say(fmt.Sprintf("%q is not a time. Send the time as HH:MM on a 24-hour clock, e.g. /time 07:30 or /time 18:00.", shown(strings.Join(args, " "))))
	}
	st, err := c.Subs.SetSchedule(ctx, req.Chat, hhmm, "")
	if err != nil {
		return Message{}, err
	}
	var m Message
	m.Add(T("Digests now arrive every day at "), B(st.DeliveryTime), T(" "+zoneLabel(st.Timezone)+"."))
	if st.Timezone == DefaultTimezone {
		m.Add(T("That is UTC; set your time zone with "), C("/timezone Europe/Berlin"), T(" (or your city)."))
	}
	return m, nil
}

func (c *Core) setTimezone(ctx context.Context, req Request, args []string) (Message, error) {
	spec, _ := Lookup("timezone")
	if len(args) == 0 {
		return Message{}, usage(spec, "Which time zone?")
	}
	zone, err := c.resolveZone(strings.Join(args, " "))
	if err != nil {
		return Message{}, err
	}
	st, err := c.Subs.SetSchedule(ctx, req.Chat, "", zone)
	if err != nil {
		return Message{}, err
	}
	var m Message
	m.Add(T("Time zone set to "), B(zoneLabel(st.Timezone)), T(fmt.Sprintf(". Digests arrive every day at %s there.", st.DeliveryTime)))
	return m, nil
}

func (c *Core) filter(ctx context.Context, req Request, args []string) (Message, error) {
	spec, _ := Lookup("filter")
	// The country is every argument before the first +word, -word or "clear".
	i := 0
	for i < len(args) && !strings.HasPrefix(args[i], "+") && !strings.HasPrefix(args[i], "-") && !strings.EqualFold(args[i], "clear") {
		i++
	}
	if i == 0 {
		return Message{}, usage(spec, "Which country?")
	}
	if i == len(args) {
		return Message{}, usage(spec, "Which words? Put + before words to keep and - before words to drop.")
	}
	co, err := c.resolveOne(args[:i])
	if err != nil {
		return Message{}, err
	}
	var include, exclude []string
	words := args[i:]
	if strings.EqualFold(words[0], "clear") {
		if len(words) > 1 {
			return Message{}, usage(spec, "“clear” takes no words.")
		}
	} else {
		if len(words) > maxFilterWords {
			return Message{}, say(fmt.Sprintf("A filter holds at most %d words.", maxFilterWords))
		}
		for _, w := range words {
			word := strings.ToLower(strings.TrimLeft(w, "+-"))
			switch {
			case word == "":
				return Message{}, usage(spec, fmt.Sprintf("%q has no word after its sign.", w))
			case strings.HasPrefix(w, "+"):
				include = append(include, word)
			case strings.HasPrefix(w, "-"):
				exclude = append(exclude, word)
			default:
				return Message{}, usage(spec, fmt.Sprintf("Put + or - before %q: + keeps stories with the word, - drops them.", shown(w)))
			}
		}
	}
	if _, err := digest.NewFilter(include, exclude); err != nil {
		return Message{}, usage(spec, "That filter does not work: "+err.Error()+".")
	}
	if err := c.Subs.SetFilter(ctx, req.Chat, co.Code, include, exclude); err != nil {
		if errors.Is(err, ErrNotSubscribed) {
			return Message{}, say(fmt.Sprintf("This chat is not subscribed to %s. Send /subscribe %s first.", co.Name, co.Code))
		}
		return Message{}, err
	}
	if include == nil && exclude == nil {
		return Text("Filter for " + co.Name + " cleared: every story is sent."), nil
	}
	var m Message
	m.Add(T("Filter for "+co.Name+": "), C(filterText(include, exclude)), T("."))
	return m, nil
}
