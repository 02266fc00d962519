package bot

import (
	"context"
	"strings"
)

// CommandSpec describes one command. The table of specs (Commands) drives
// /help, Telegram's command menu and Discord's slash commands.
type CommandSpec struct {
	// Name is the command without its slash, lower case.
	Name string
	// Args is the argument synopsis, e.g. "COUNTRY [N]"; "" for none.
	Args string
	// Description is one line for menus, at most 256 bytes
	// (Telegram allows 3–256 characters).
	Description string
	// Example is a sentence with an example, shown with usage errors.
	Example string
	// Params describe the arguments for platforms with typed options
	// (Discord slash commands); Args is their one-line synopsis.
	Params []Param
	// Admin marks commands that change the chat's subscriptions: in
	// groups and channels only administrators may run them.
	Admin bool
	// Greeting marks the command a platform sends by itself when a user
	// first opens the bot (Telegram's /start); platforms without such a
	// greeting (Discord) neither register nor list it.
	Greeting bool

	run func(c *Core, ctx context.Context, req Request, args []string) (Message, error)
}

// ParamKind tells what an argument holds, so an adapter can offer
// autocompletion (countries, zones) or a typed option (integer).
type ParamKind uint8

// Argument kinds.
const (
	ParamText      ParamKind = iota // free text
	ParamCountry                    // one country name or code
	ParamCountries                  // one or more countries, or "all" for /unsubscribe
	ParamInt                        // a whole number
	ParamTime                       // HH:MM
	ParamZone                       // an IANA zone, a city or a country
)

// Param is one argument of a command.
type Param struct {
	Name        string
	Description string
	Kind        ParamKind
	Required    bool
}

// Usage returns "/name ARGS".
func (s CommandSpec) Usage() string {
	if s.Args == "" {
		return "/" + s.Name
	}
	return "/" + s.Name + " " + s.Args
}

// commands is the command table, in the order /help shows it.
var commands []CommandSpec

func init() {
	commands = []CommandSpec{
		{Name: "start", Description: "What this bot does and how to begin", Greeting: true, run: (*Core).start},
		{Name: "help", Description: "List the commands", run: (*Core).help},
		{Name: "countries", Args: "[REGION or SEARCH]", Description: "The countries covered, by region or search",
			Params:  []Param{{Name: "search", Description: "a region (Europe, Asia…) or part of a name", Kind: ParamText}},
			Example: "For example: /countries europe or /countries korea", run: (*Core).countries},
		{Name: "subscribe", Args: "COUNTRY…", Description: "Get a country's morning digest here", Admin: true,
			Params:  []Param{{Name: "countries", Description: "one or more countries, e.g. France Japan, or world", Kind: ParamCountries, Required: true}},
			Example: "For example: /subscribe France Japan, or /subscribe world for the world edition", run: (*Core).subscribe},
		{Name: "unsubscribe", Args: "COUNTRY…|all", Description: "Stop a country's digest (or all)", Admin: true,
			Params:  []Param{{Name: "countries", Description: "one or more countries, or all", Kind: ParamCountries, Required: true}},
			Example: "For example: /unsubscribe fr or /unsubscribe all", run: (*Core).unsubscribe},
		{Name: "list", Description: "This chat's subscriptions", run: (*Core).list},
		{Name: "headlines", Args: "COUNTRY [N]", Description: "A country's latest headlines now",
			Params: []Param{{Name: "country", Description: "a country name or code", Kind: ParamCountry, Required: true},
				{Name: "count", Description: "how many headlines (1–30)", Kind: ParamInt}},
			Example: "For example: /headlines fr 5", run: (*Core).headlines},
		{Name: "digest", Args: "COUNTRY", Description: "A country's digest now",
			Params:  []Param{{Name: "country", Description: "a country name or code", Kind: ParamCountry, Required: true}},
			Example: "For example: /digest Japan, or /digest world for the stories covered by the most countries", run: (*Core).digest},
		{Name: "time", Args: "HH:MM", Description: "Daily delivery time (24-hour clock)", Admin: true,
			Params:  []Param{{Name: "time", Description: "HH:MM, e.g. 07:30", Kind: ParamTime, Required: true}},
			Example: "For example: /time 07:30", run: (*Core).setTime},
		{Name: "timezone", Args: "Area/City", Description: "Time zone of the delivery time", Admin: true,
			Params:  []Param{{Name: "zone", Description: "e.g. Europe/Berlin, Berlin or Japan", Kind: ParamZone, Required: true}},
			Example: "For example: /timezone Europe/Berlin, /timezone Berlin or /timezone Japan", run: (*Core).setTimezone},
		{Name: "sources", Args: "COUNTRY", Description: "A country's news sites and their feed health",
			Params:  []Param{{Name: "country", Description: "a country name or code", Kind: ParamCountry, Required: true}},
			Example: "For example: /sources de", run: (*Core).sources},
		{Name: "filter", Args: "COUNTRY +word -word | clear", Description: "Keep or drop stories by keyword", Admin: true,
			Params: []Param{{Name: "country", Description: "a country name or code", Kind: ParamCountry, Required: true},
				{Name: "words", Description: "+word keeps, -word drops, or clear", Kind: ParamText, Required: true}},
			Example: "For example: /filter fr +climat -football, or /filter fr clear", run: (*Core).filter},
		{Name: "settings", Description: "This chat's time, zone and filters", run: (*Core).settings},
	}
}

// Commands returns the command table in help order.
func Commands() []CommandSpec { return append([]CommandSpec(nil), commands...) }

// Lookup finds a command by name, ignoring case.
func Lookup(name string) (CommandSpec, bool) {
	name = strings.ToLower(name)
	for _, s := range commands {
		if s.Name == name {
			return s, true
		}
	}
	return CommandSpec{}, false
}
