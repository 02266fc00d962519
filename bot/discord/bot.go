package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/pace"
	"github.com/worldbrief/worldbrief/internal/backoff"
	"github.com/worldbrief/worldbrief/sources"
)

// Platform is the store's platform name of Discord channels.
const Platform = "discord"

// Intents are the gateway intents the adapter asks for: interactions need
// none, and guild events keep the state's channels and threads current.
const Intents = discordgo.IntentsGuilds

// ChatStore is what the adapter changes when Discord reports a channel
// or thread gone (*store.Store implements it).
type ChatStore interface {
	SuspendChat(ctx context.Context, k bot.ChatKey) (int64, error)
	SuspendThread(ctx context.Context, k bot.ChatKey, threadID string) (int64, error)
}

// Options configure a Bot. Token is required; the rest have defaults.
type Options struct {
	// Token is the bot token of the Discord application, without the
	// "Bot " prefix. It is never logged.
	Token string
	// GuildID, when set, registers the commands in that guild only (they
	// appear at once there) instead of globally.
	GuildID string
	// ShardID and ShardCount select one shard; ShardCount 0 runs every
	// shard Discord recommends (GET /gateway/bot) in this process.
	ShardID, ShardCount int
	// HTTPClient sends the REST requests; tests point it at a fake.
	HTTPClient *http.Client
	// GatewayDial, when set, opens the gateway's connections instead of
	// the network (tests serve a fake gateway in memory).
	GatewayDial func(ctx context.Context, network, addr string) (net.Conn, error)
	// MaxRateWait caps one wait for Discord's retry_after (default 1m); a
	// shorter one is waited out with up to a quarter more, within it.
	MaxRateWait time.Duration
	// ReplyTimeout bounds the answer to one command (default 5m; Discord
	// keeps an interaction token for 15 minutes).
	ReplyTimeout time.Duration
	// GlobalInterval spaces all messages the bot posts (default 25ms, 40/s,
	// under Discord's global 50 requests/s) and ChannelInterval the ones
	// to one channel or thread (default 1s, Discord's 5 per 5s bucket).
	// discordgo also follows the buckets Discord announces in headers.
	GlobalInterval, ChannelInterval time.Duration
	// Slots, when set, books those slots across every process sharing the
	// database; nil paces within this process.
	Slots pace.SlotBooker
	// RateObserver, when set, is told of every wait for Discord's
	// limits: pacing and 429 retry_after.
	RateObserver pace.RateObserver
	// Log receives the adapter's logs; nil discards them.
	Log *slog.Logger
}

// Default send spacing, under Discord's published limits.
const (
	defaultGlobalInterval  = 25 * time.Millisecond
	defaultChannelInterval = time.Second
)

// Bot is the Discord adapter. It implements bot.Messenger.
type Bot struct {
	core  *bot.Core
	chats ChatStore
	opts  Options
	log   *slog.Logger

	pace *pace.Pacer

	mu    sync.Mutex
	restS *discordgo.Session
	// Connection state for Connected: the shards Dial found, its last
	// failure, and whether each gateway shard opened here is connected.
	dialed     bool
	dialErr    error
	shardIDs   []int
	shardCount int
	gateway    map[int]bool
}

var _ bot.Messenger = (*Bot)(nil)

// New returns a Bot answering with core. Call Run to connect it.
func New(core *bot.Core, chats ChatStore, opts Options) *Bot {
	if opts.MaxRateWait <= 0 {
		opts.MaxRateWait = time.Minute
	}
	if opts.ReplyTimeout <= 0 {
		opts.ReplyTimeout = 5 * time.Minute
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if opts.GlobalInterval <= 0 {
		opts.GlobalInterval = defaultGlobalInterval
	}
	if opts.ChannelInterval <= 0 {
		opts.ChannelInterval = defaultChannelInterval
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("platform", Platform)
	return &Bot{core: core, chats: chats, opts: opts, log: log,
		pace: &pace.Pacer{Platform: Platform, Global: opts.GlobalInterval, Shared: opts.Slots, Log: log, Observer: opts.RateObserver}}
}

// newSession returns a discordgo session for the token with the adapter's
// HTTP client and without discordgo's uncapped 429 retry.
func (b *Bot) newSession() (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + b.opts.Token)
	if err != nil {
		return nil, errors.New("discord: cannot create a session")
	}
	s.Client = b.opts.HTTPClient
	if b.opts.GatewayDial != nil {
		s.Dialer = &websocket.Dialer{NetDialContext: b.opts.GatewayDial, HandshakeTimeout: 45 * time.Second}
	}
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 0
	s.Identify.Intents = Intents
	s.LogLevel = -1 // discordgo's own logs may print URLs with tokens
	if st := s.State; st != nil {
		// Only channels and threads are looked up (is this a thread?).
		st.TrackEmojis, st.TrackStickers, st.TrackMembers, st.TrackThreadMembers = false, false, false, false
		st.TrackRoles, st.TrackVoice, st.TrackPresences = false, false, false
	}
	return s, nil
}

// rest returns the session used for REST requests.
func (b *Bot) rest() (*discordgo.Session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.restS == nil {
		s, err := b.newSession()
		if err != nil {
			return nil, err
		}
		b.restS = s
	}
	return b.restS, nil
}

// shards returns the shard ids to run here and the shard count.
func (b *Bot) shards(ctx context.Context) ([]int, int, error) {
	if b.opts.ShardCount > 0 {
		return []int{b.opts.ShardID}, b.opts.ShardCount, nil
	}
	s, err := b.rest()
	if err != nil {
		return nil, 0, err
	}
	var gw *discordgo.GatewayBotResponse
	err = b.call(ctx, "get gateway", func(opts ...discordgo.RequestOption) error {
		var err error
		gw, err = s.GatewayBot(opts...)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	n := max(gw.Shards, 1)
	ids := make([]int, n)
	for i := range ids {
		ids[i] = i
	}
	return ids, n, nil
}

// Dial checks that Discord answers and accepts the token (GET
// /gateway/bot, which also tells the shard count), retrying with a
// growing pause while Discord cannot be reached. It returns nil once
// connected or when ctx ends, and an error when the token is rejected.
func (b *Bot) Dial(ctx context.Context) error {
	return pace.Redial(ctx, b.log, "Discord", func(ctx context.Context) error {
		ids, count, err := b.shards(ctx)
		b.mu.Lock()
		defer b.mu.Unlock()
		if err == nil {
			b.dialed, b.dialErr, b.shardIDs, b.shardCount = true, nil, ids, count
		} else if ctx.Err() == nil {
			b.dialErr = err
		}
		return err
	}, func(err error) error {
		if errors.Is(err, errTokenRejected) {
			return fmt.Errorf("discord: %w", err)
		}
		return nil
	})
}

// Connected reports, for readiness checks, whether the adapter is
// connected: nil once Discord accepted the token and while every gateway
// shard this process opened is connected; otherwise what is wrong.
func (b *Bot) Connected() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case !b.dialed && b.dialErr != nil:
		return fmt.Errorf("not connected to Discord: %w", b.dialErr)
	case !b.dialed:
		return errors.New("not connected to Discord yet")
	}
	var down []string
	for id, up := range b.gateway {
		if !up {
			down = append(down, strconv.Itoa(id))
		}
	}
	if len(down) > 0 {
		slices.Sort(down)
		return fmt.Errorf("gateway shard %s not connected", strings.Join(down, ", "))
	}
	return nil
}

// setGateway records whether gateway shard id is connected, while Run
// holds the gateway (late events of closed sessions are ignored).
func (b *Bot) setGateway(id int, up bool) {
	b.mu.Lock()
	if b.gateway != nil {
		b.gateway[id] = up
	}
	b.mu.Unlock()
}

// Run registers the slash commands, opens one gateway session per shard
// and answers interactions until ctx ends; it returns nil then. When
// Discord cannot be reached at start Run keeps trying with a growing
// pause (Dial); a token Discord rejects ends it at once.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.Dial(ctx); err != nil || ctx.Err() != nil {
		return err
	}
	b.mu.Lock()
	ids, count := b.shardIDs, b.shardCount
	b.gateway = map[int]bool{}
	for _, id := range ids {
		b.gateway[id] = false
	}
	b.mu.Unlock()
	var opened []*discordgo.Session
	defer func() {
		for _, s := range opened {
			_ = s.Close()
		}
		b.mu.Lock()
		b.gateway = nil // closed here, not disconnected: no longer checked
		b.mu.Unlock()
	}()
	for n, id := range ids {
		if n > 0 && pace.Sleep(ctx, identifyInterval) != nil { // Discord allows one IDENTIFY per 5s
			return nil
		}
		s, err := b.openShard(ctx, id, count)
		if err != nil {
			return err
		}
		if s == nil {
			return nil // ctx ended
		}
		opened = append(opened, s)
	}
	<-ctx.Done()
	return nil
}

// identifyInterval spaces the start of shards.
const identifyInterval = 5500 * time.Millisecond

// shardBackoff spaces a shard's failed gateway connections: steps of 5s
// doubling to 2m, each wait drawn from the upper half of its step, so
// replicas restarting together do not identify in step.
var shardBackoff = backoff.Policy{Base: 5 * time.Second, Cap: 2 * time.Minute}

// openShard connects one shard, retrying with a growing, jittered pause
// until ctx ends (then it returns nil, nil).
func (b *Bot) openShard(ctx context.Context, id, count int) (*discordgo.Session, error) {
	for attempt := 1; ; attempt++ {
		s, err := b.newSession()
		if err != nil {
			return nil, err
		}
		s.ShardID, s.ShardCount = id, count
		s.Identify.Shard = &[2]int{id, count}
		s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
			b.HandleInteraction(ctx, s, ic)
		})
		s.AddHandler(func(*discordgo.Session, *discordgo.Connect) { b.setGateway(id, true) })
		s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { b.setGateway(id, false) })
		if id == 0 {
			// Shard 0 registers the commands once it knows the
			// application id (the bot user's id) from READY.
			var once sync.Once
			s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
				once.Do(func() {
					appID := r.User.ID
					if r.Application != nil && r.Application.ID != "" {
						appID = r.Application.ID
					}
					if err := b.RegisterCommands(ctx, appID); err != nil {
						b.log.Warn("registering slash commands failed", "err", err)
					}
				})
			})
		}
		err = s.Open()
		if err == nil {
			b.setGateway(id, true)
			b.log.Info("connected", "shard", id, "shards", count)
			return s, nil
		}
		wait := shardBackoff.Delay(attempt)
		b.log.Warn("cannot open gateway session; retrying", "shard", id, "shards", count, "err", b.scrub(err.Error()), "retry_in", wait)
		if pace.Sleep(ctx, wait) != nil {
			return nil, nil
		}
	}
}

// catalog is the core's catalog, or an empty one.
func (b *Bot) catalog() *sources.Catalog {
	if b.core != nil && b.core.Catalog != nil {
		return b.core.Catalog
	}
	return &sources.Catalog{}
}
