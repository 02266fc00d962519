package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/bot/discord"
	"github.com/worldbrief/worldbrief/bot/pace"
	"github.com/worldbrief/worldbrief/bot/telegram"
	"github.com/worldbrief/worldbrief/pipeline"
	"github.com/worldbrief/worldbrief/pipeline/jobs"
	"github.com/worldbrief/worldbrief/pipeline/ops"
	"github.com/worldbrief/worldbrief/store"
)

// pollLease is how long a dead Telegram poller keeps the others waiting.
const pollLease = 30 * time.Second

// sharedSlots returns the store as the adapters' shared send
// pacing on PostgreSQL, where several serve processes may share one bot;
// a SQLite file has one process, which paces in memory.
func (a *app) sharedSlots() pace.SlotBooker {
	if a.store.Dialect() == store.DialectPostgres {
		return a.store
	}
	return nil
}

func newServeCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the configured chat bots (Telegram, Discord: those whose token is set) and web pages",
		Long: "Runs every configured chat adapter until interrupted: Telegram by long polling,\n" +
			"or by webhook when telegram.webhook_url is set; and the web pages and feeds of\n" +
			"the digests on web.listen when it is set. `worldbrief chat` is the terminal\n" +
			"adapter and needs no configuration.",
		Args: argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return a.serve(cmd.Context()) },
	}
}

// serve wires one pipeline for the chats, the tick and the deliveries
// (one fetcher, one translator, one digest service), the configured chat
// adapters, the scheduled jobs and the operations endpoints, and runs
// them until ctx ends (SIGINT/SIGTERM, see main.go) or the first of them
// fails, which stops the others.
func (a *app) serve(ctx context.Context) error {
	a.serving = true
	if err := a.openStore(ctx); err != nil {
		return err
	}
	metrics := ops.NewMetrics(a.store.OutboxDepth)
	metrics.RegisterDB(a.store.SQLDB(), a.store.Dialect())
	registerBuildInfo(metrics)
	p := a.pipeline(metrics)
	chats := a.chatAdapters(a.botCore(p), metrics)
	if len(chats.runners) == 0 && a.cfg.Web.Listen == "" {
		return usageError{errors.New("no chat adapter is configured: set telegram.token (WORLDBRIEF_TELEGRAM_TOKEN or WORLDBRIEF_TELEGRAM_TOKEN_FILE) or discord.token (WORLDBRIEF_DISCORD_TOKEN or WORLDBRIEF_DISCORD_TOKEN_FILE), or web.listen for the web pages alone, or try `worldbrief chat` in the terminal")}
	}
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Fetches, pruning and deliveries run next to the adapters. When rctx
	// ends, a pass claims nothing more and the sends in flight get the
	// grace to finish. A process serving only the web pages fetches and
	// prunes but sends nothing: the chat processes deliver.
	var d *delivery.Deliverer
	if len(chats.runners) > 0 {
		d = a.deliverer(p, chats.messengers)
		d.Outbox = &ops.MeteredOutbox{Outbox: d.Outbox, Metrics: metrics, Stop: rctx.Done()}
	}
	sched, err := p.Jobs(d, pipeline.DefaultShutdownGrace)
	if err != nil {
		return err
	}
	runners := append(chats.runners, sched.Run, func(ctx context.Context) error {
		p.Start(ctx, d, pipeline.DefaultShutdownGrace)
		return nil
	})
	if addr := a.cfg.HTTP.Listen; addr != "" {
		srv := &ops.Server{DB: a.store, Metrics: metrics, FetchInterval: a.cfg.Fetch.Interval, Adapters: chats.adapters}
		runners = append(runners, func(ctx context.Context) error { return srv.ListenAndServe(ctx, addr) })
	}
	if addr := a.cfg.Web.Listen; addr != "" {
		pages, err := a.webServer(p)
		if err != nil {
			return err
		}
		runners = append(runners, func(ctx context.Context) error { return pages.ListenAndServe(ctx, addr) })
	}
	platforms := make([]string, 0, len(chats.adapters))
	for name := range chats.adapters {
		platforms = append(platforms, name)
	}
	slices.Sort(platforms)
	chatList := strings.Join(platforms, ",")
	if chatList == "" {
		chatList = "none (web pages only: the chat processes send the digests)"
	}
	a.log.Info("serving", "chats", chatList, "ops", a.cfg.HTTP.Listen, "web", a.cfg.Web.Listen,
		"countries", len(a.catalog.Countries), "sites", len(a.catalog.Sites()), "fetch_interval", a.cfg.Fetch.Interval.String())
	ran := make(chan struct{})
	go a.logStopping(ctx, ran, d != nil)
	first := runAll(rctx, cancel, runners)
	close(ran)
	if d != nil {
		a.releaseDeliveries(ctx, d.Owner)
	}
	if first != nil {
		return fmt.Errorf("serve: %w", first)
	}
	a.log.Info("stopped")
	return nil
}

// logStopping says, when the signal that ends ctx comes before ran
// closes, that serve is stopping and what it still waits for, so an
// operator sees the signal was taken.
func (a *app) logStopping(ctx context.Context, ran <-chan struct{}, delivering bool) {
	select {
	case <-ctx.Done():
	case <-ran:
		return
	}
	if delivering {
		a.log.Info("stopping: sends in flight get their grace, unsent claims go back to the outbox; a second signal exits at once",
			"grace", pipeline.DefaultShutdownGrace.String())
		return
	}
	a.log.Info("stopping; a second signal exits at once")
}

// chatAdapters are serve's configured chat adapters: how to run each,
// and each as the Messenger of its platform's deliveries and as an
// ops.Adapter for /readyz.
type chatAdapters struct {
	runners    []func(context.Context) error
	messengers map[string]bot.Messenger
	adapters   map[string]ops.Adapter
}

// chatAdapters builds the adapters whose token is set; their rate-limit
// waits are counted in metrics.
func (a *app) chatAdapters(core *bot.Core, metrics *ops.Metrics) chatAdapters {
	c := chatAdapters{messengers: map[string]bot.Messenger{}, adapters: map[string]ops.Adapter{}}
	if tg := a.cfg.Telegram; tg.Token != "" {
		b := telegram.New(core, a.store, telegram.Options{
			Token: tg.Token, APIURL: tg.APIURL, PollTimeout: tg.PollTimeout,
			WebhookURL: tg.WebhookURL, WebhookSecret: tg.WebhookSecret, Listen: tg.Listen,
			Log: a.log, GlobalInterval: time.Duration(float64(time.Second) / a.cfg.Delivery.TelegramRate),
			ChatInterval: a.cfg.Delivery.TelegramChatInterval, GroupInterval: a.cfg.Delivery.TelegramGroupInterval,
			Slots: a.sharedSlots(), RateObserver: metrics,
		})
		run := b.Run
		if tg.WebhookURL == "" {
			// One getUpdates poller per token: the lease elects it among
			// serve processes; any of them sends deliveries, so each
			// connects (getMe) first, for /readyz too.
			run = func(ctx context.Context) error {
				if err := b.Dial(ctx); err != nil || ctx.Err() != nil {
					return err
				}
				return jobs.Leader(ctx, a.store, "telegram-poll", workerID(), pollLease, a.log, b.Run)
			}
		}
		c.runners = append(c.runners, run)
		c.messengers[telegram.Platform] = b
		c.adapters[telegram.Platform] = b
	}
	if d := a.discordBot(core, metrics); d != nil {
		// One gateway session per shard across serve processes: the lease
		// elects the process holding them (every process may still send
		// deliveries over REST).
		lease := discordLease(a.cfg.Discord.ShardID, a.cfg.Discord.ShardCount)
		c.runners = append(c.runners, func(ctx context.Context) error {
			if err := d.Dial(ctx); err != nil || ctx.Err() != nil {
				return err
			}
			return jobs.Leader(ctx, a.store, lease, workerID(), pollLease, a.log, d.Run)
		})
		c.messengers[discord.Platform] = d
		c.adapters[discord.Platform] = d
	}
	return c
}

// runAll runs every runner on ctx until all have returned; the first to
// fail cancels the others, and its error is returned.
func runAll(ctx context.Context, cancel context.CancelFunc, runners []func(context.Context) error) error {
	errs := make(chan error, len(runners))
	for _, run := range runners {
		go func() { errs <- run(ctx) }()
	}
	var first error
	for range runners {
		if err := <-errs; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return first
}

// releaseDeliveries puts the claims a stopped pass could not finish back
// in the queue now rather than after their lease.
func (a *app) releaseDeliveries(ctx context.Context, owner string) {
	rel, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if n, err := a.store.ReleaseDeliveries(rel, owner); err != nil {
		a.log.Error("release deliveries", "err", err)
	} else if n > 0 {
		a.log.Info("unsent deliveries released", "count", n)
	}
}
