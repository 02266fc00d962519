package main

import (
	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/bot/discord"
	"github.com/worldbrief/worldbrief/bot/pace"
	"github.com/worldbrief/worldbrief/bot/telegram"
	"github.com/worldbrief/worldbrief/digest"
	"github.com/worldbrief/worldbrief/pipeline"
	"github.com/worldbrief/worldbrief/pipeline/jobs"
	"github.com/worldbrief/worldbrief/pipeline/ops"
	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/store"
	"github.com/worldbrief/worldbrief/translate"
)

// The store is every consumer's storage: these fail to compile when a
// consumer's interface and *store.Store drift apart. They live here, where
// the store is wired into its consumers, because store must not import the
// adapters (nor their platform libraries).
var (
	_ sources.FeedStore      = (*store.Store)(nil)
	_ translate.ArticleStore = (*store.Store)(nil)
	_ translate.Cache        = (*store.Store)(nil)
	_ translate.Ledger       = (*store.Store)(nil)
	_ digest.Store           = (*store.Store)(nil)
	_ bot.Subscriptions      = (*store.Store)(nil)
	_ bot.Articles           = (*store.Store)(nil)
	_ bot.FeedHealth         = (*store.Store)(nil)
	_ delivery.Outbox        = (*store.Store)(nil)
	_ pace.SlotBooker        = (*store.Store)(nil)
	_ telegram.ChatStore     = (*store.Store)(nil)
	_ discord.ChatStore      = (*store.Store)(nil)
	_ pipeline.Store         = (*store.Store)(nil)
	_ pipeline.PlanStore     = (*store.Store)(nil)
	_ jobs.Leaser            = (*store.Store)(nil)
	_ ops.Database           = (*store.Store)(nil)
)
