// Package ops serves the operations endpoints of `worldbrief serve`:
// /healthz (liveness), /readyz (readiness) and /metrics (Prometheus text
// from a private registry, never the global one) (server.go); the
// Metrics they expose, which implement pipeline.Observer and
// pace.RateObserver (metrics.go); and the wrappers that meter the
// delivery outbox and the translation provider (metered.go).
package ops
