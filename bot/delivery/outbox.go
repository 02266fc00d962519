package delivery

import (
	"context"
	"time"

	"github.com/worldbrief/worldbrief/digest"
)

// Outbox is the delivery ledger the Deliverer works from (*store.Store
// implements it).
type Outbox interface {
	EnqueueDeliveries(ctx context.Context, ds []Delivery) (int, error)
	ClaimDeliveries(ctx context.Context, owner string, now time.Time, limit int, lease time.Duration) ([]Delivery, error)
	MarkDeliverySent(ctx context.Context, id int64, owner, messageID string, at time.Time) error
	RetryDelivery(ctx context.Context, id int64, owner string, at time.Time, reason string) error
	EndDelivery(ctx context.Context, id int64, owner, status, reason string) error
}

// Digester builds a country's current digest for the Deliverer (the
// pipeline's digest service implements it).
type Digester interface {
	Digest(ctx context.Context, country string) (digest.Digest, error)
}
