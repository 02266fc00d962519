package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/sources"
)

// Subscriptions is what the core needs from the subscription store
// (*store.Store implements it).
type Subscriptions interface {
	ChatSettings(ctx context.Context, k ChatKey) (ChatSettings, error)
	SetSchedule(ctx context.Context, k ChatKey, deliveryTime, timezone string) (ChatSettings, error)
	Subscribe(ctx context.Context, sub Subscription) (Subscription, bool, error)
	Unsubscribe(ctx context.Context, k ChatKey, countries []string) (int64, error)
	Subscriptions(ctx context.Context, k ChatKey) ([]Subscription, error)
	SetFilter(ctx context.Context, k ChatKey, country string, include, exclude []string) error
}

// Articles lists stored articles for /headlines (*store.Store implements it).
type Articles interface {
	Articles(ctx context.Context, q sources.ArticleQuery) ([]sources.Article, error)
}

// FeedHealth reads the feed state behind /sources (*store.Store implements it).
type FeedHealth interface {
	Feeds(ctx context.Context, siteIDs []string) ([]sources.Feed, error)
	ArticleCounts(ctx context.Context) (map[string]int64, error)
}

// Digester builds a country's digest for /digest.
type Digester interface {
	Digest(ctx context.Context, country string) (digest.Digest, error)
}

// Core answers commands. Its fields are set once before use; it is safe
// for concurrent use afterwards.
type Core struct {
	Catalog *sources.Catalog
	Subs    Subscriptions
	Store   Articles
	Health  FeedHealth
	// Refresh, when set, brings a country's articles up to date (fetches
	// its stale feeds and translates what they hold, the titles of its
	// newest headlines first) before /headlines shows that many; its
	// failure is logged, not fatal.
	Refresh func(ctx context.Context, country sources.Country, headlines int) error
	// Digests hands out digests (refreshing what they read first); nil
	// means digests are not available yet.
	Digests Digester
	// PageURL, when set, names the web page of a country's (or the world
	// edition's) digest of a day, linked at the end of /digest; it
	// returns "" when there is none.
	PageURL func(country, date string) string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	Log *slog.Logger
}

// Request is one incoming message as an adapter sees it.
type Request struct {
	// Chat is where the message was sent.
	Chat ChatKey
	// ThreadID is the forum topic or thread, "" for none.
	ThreadID string
	// User names the sender, for the record of who subscribed.
	User string
	// Text is the message text, untrusted.
	Text string
	// BotName is the bot's own user name: "/cmd@OtherBot" is ignored.
	BotName string
	// SlashOptional accepts commands without their slash (console).
	SlashOptional bool
	// Group is true in groups and channels, where only administrators may
	// change subscriptions.
	Group bool
	// IsAdmin reports whether the sender administers the chat; it is
	// asked only for commands that change subscriptions in a Group.
	IsAdmin func(ctx context.Context) (bool, error)
}

// Handle answers one message. It reports false when the message is not a
// command for this bot, which adapters leave unanswered.
func (c *Core) Handle(ctx context.Context, req Request) (Message, bool) {
	cmd, ok := Parse(req.Text, req.SlashOptional)
	if !ok {
		return Message{}, false
	}
	if cmd.Mention != "" && req.BotName != "" && !equalFoldASCII(cmd.Mention, req.BotName) {
		return Message{}, false
	}
	spec, ok := Lookup(cmd.Name)
	if !ok && req.Group && cmd.Mention == "" {
		return Message{}, false // probably another bot's command
	}
	if !ok {
		return private(Text("I don't know the command /" + shown(cmd.Name) + ". Send /help to see what I can do.")), true
	}
	if spec.Admin && req.Group {
		if req.IsAdmin == nil {
			return private(Text("Only the chat's administrators can change its subscriptions.")), true
		}
		admin, err := req.IsAdmin(ctx)
		if err != nil {
			c.log().Warn("admin check failed", "chat", req.Chat.ChatID, "err", err)
			return private(Text("I could not check whether you administer this chat; please try again in a minute.")), true
		}
		if !admin {
			return private(Text("Only the chat's administrators can change its subscriptions. Anyone can use /headlines, /list and /help.")), true
		}
	}
	msg, err := spec.run(c, ctx, req, cmd.Args)
	if err != nil {
		var ue *userError
		if errors.As(err, &ue) {
			return private(Text(ue.msg)), true
		}
		c.log().Error("command failed", "command", spec.Name, "err", err)
		return private(Text("Sorry, something went wrong on my side; please try again later.")), true
	}
	return msg, true
}

func (c *Core) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Core) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.DiscardHandler)
}

// userError is an answer to a mistake of the user: its message is shown.
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

// say builds a userError.
func say(msg string) error { return &userError{msg: msg} }

// usage is the userError for missing or wrong arguments.
func usage(spec CommandSpec, why string) error {
	return say(why + " Usage: " + spec.Usage() + "\n" + spec.Example)
}

// equalFoldASCII compares bot names ignoring ASCII case.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// shown shortens user text quoted back in a reply.
func shown(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}
