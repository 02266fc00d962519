package bot

import (
	"errors"
	"fmt"
	"strings"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// maxCountryWords is the longest country name tried when arguments are
// joined, e.g. "Bosnia and Herzegovina".
const maxCountryWords = 4

// countryError turns a sources.Catalog.Resolve error into a chat reply.
func countryError(err error) error {
	var uc *sources.UnknownCountryError
	var nc *sources.NotCoveredError
	switch {
	case errors.As(err, &uc):
		if len(uc.Suggestions) == 0 {
			return say(fmt.Sprintf("I don't know the country %q. Send /countries to see the countries I cover.", uc.Input))
		}
		return say(fmt.Sprintf("I don't know the country %q. Did you mean %s?", uc.Input, uc.SuggestionList()))
	case errors.As(err, &nc):
		return say(fmt.Sprintf("I don't cover %s (%s) yet. Send /countries to see the countries I do.", nc.Name, nc.Code))
	case errors.Is(err, sources.ErrEmptyCountry):
		return say("Which country? Type a name or code, e.g. France or fr.")
	}
	return err
}

// worldEdition stands for the world edition where a country is asked
// for: /digest world, /subscribe world, /filter world -word.
var worldEdition = sources.Country{Code: digest.WorldCode, Name: "the world edition"}

// isWorld reports whether a country argument names the world edition.
func isWorld(s string) bool {
	switch strings.ToLower(strings.Join(strings.Fields(s), " ")) {
	case "world", "the world", "world edition", "the world edition":
		return true
	}
	return false
}

// worldOnlyInDigests answers the commands that have nothing to show for
// the world edition.
func worldOnlyInDigests() error {
	return say("The world edition has no feeds of its own: /digest world shows it now and /subscribe world sends it every morning.")
}

// resolveOne resolves the whole argument list as one country name, or
// the world edition.
func (c *Core) resolveOne(args []string) (sources.Country, error) {
	if isWorld(strings.Join(args, " ")) {
		return worldEdition, nil
	}
	co, err := c.Catalog.Resolve(strings.Join(args, " "))
	if err != nil {
		return sources.Country{}, countryError(err)
	}
	return co, nil
}

// resolveMany reads several countries from args: comma-separated when a
// comma is present, otherwise word by word, joining up to four words for
// names such as "South Korea" or "United States" (a comma-separated part
// that names no country is read word by word too: "France Japan, frnce").
// "world" is the world edition. Duplicates are dropped.
func (c *Core) resolveMany(args []string) ([]sources.Country, error) {
	var out []sources.Country
	seen := map[string]bool{}
	add := func(co sources.Country) {
		if !seen[co.Code] {
			seen[co.Code] = true
			out = append(out, co)
		}
	}
	joined := strings.Join(args, " ")
	if !strings.Contains(joined, ",") {
		return out, c.resolveWords(args, add)
	}
	for _, part := range strings.Split(joined, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		if isWorld(part) {
			add(worldEdition)
			continue
		}
		co, err := c.Catalog.Resolve(part)
		var uc *sources.UnknownCountryError
		if errors.As(err, &uc) && len(strings.Fields(part)) > 1 {
			err = c.resolveWords(strings.Fields(part), add)
		} else if err == nil {
			add(co)
		}
		if err != nil {
			return nil, countryError(err)
		}
	}
	return out, nil
}

// resolveWords reads countries (or the world edition) word by word,
// joining up to four words for names such as "South Korea", and passes
// each to add.
func (c *Core) resolveWords(words []string, add func(sources.Country)) error {
	for i := 0; i < len(words); {
		if isWorld(words[i]) {
			add(worldEdition)
			i++
			continue
		}
		matched := false
		for j := min(len(words), i+maxCountryWords); j > i+1; j-- {
			co, err := c.Catalog.Resolve(strings.Join(words[i:j], " "))
			var nc *sources.NotCoveredError
			if errors.As(err, &nc) {
				return countryError(err)
			}
			if err == nil {
				add(co)
				i, matched = j, true
				break
			}
		}
		if matched {
			continue
		}
		co, err := c.Catalog.Resolve(words[i])
		if err != nil {
			return countryError(err)
		}
		add(co)
		i++
	}
	return nil
}

// names lists countries as "France (fr), Japan (jp)".
func names(cos []sources.Country) string {
	s := make([]string, len(cos))
	for i, co := range cos {
		s[i] = co.Name + " (" + co.Code + ")"
	}
	return strings.Join(s, ", ")
}
