// Package pipeline holds worldbrief's workflows, each written once and
// used by every entry point: Refresh (fetch → store → translate) serves the
// CLI's fetch, headlines and digest, serve's minute tick and the chat
// commands alike; Digest refreshes what a digest shows, then asks the one
// digest.Service of the process; DeliveryPass enqueues the mornings owed
// and sends them; Prune drops what outlived the retention; Jobs schedules
// the tick, the pruning and the deliveries of `serve`.
//
// A Service holds the stateful parts built once per process by main: one
// sources.Fetcher (so one HTTP transport and one per-host limit), one
// translator, one digest.Service (one cache and one single-flight table
// for chat and delivery), and is safe for concurrent use.
//
// Why a top-level package: these workflows join sources, translate,
// digest, store-backed interfaces and bot/delivery. They do not belong in
// any of those (each must stay ignorant of the others: digest does not
// fetch, bot does not translate), nor in cmd/worldbrief, which only reads
// configuration and wires. Its subpackages jobs (cron scheduler, leases)
// and ops (/healthz, /readyz, /metrics) serve the same process-level
// wiring.
//
// Translation is a step of its own (Translation) that receives the
// Demand behind each refresh — which countries a person is waiting for.
// PlannedTranslation (translation.go) is the one main wires: it asks the
// digests what they are about to show (WantedBy, DemandOf in demand.go)
// and has translate.Plan put it first within the provider's daily budget;
// CurrentDigest lets it translate a digest's texts before the digest is
// handed out.
package pipeline
