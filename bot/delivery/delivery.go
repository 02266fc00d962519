package delivery

import (
	"time"

	"github.com/worldbrief/worldbrief/bot"
)

// Delivery states in the outbox: pending → sending → sent, failed or
// suspended; a sending row whose lease ran out is claimed again.
const (
	StatusPending   = "pending"
	StatusSending   = "sending"
	StatusSent      = "sent"
	StatusFailed    = "failed"
	StatusSuspended = "suspended"
)

// Delivery is one subscription's digest for one local date: the outbox
// row that makes a morning's digest arrive once.
type Delivery struct {
	ID             int64
	SubscriptionID int64
	bot.ChatKey
	ThreadID string
	Country  string
	// Include and Exclude are the subscription's filter when enqueued.
	Include, Exclude []string
	// Date is the subscription's local date, DateLayout.
	Date   string
	Status string
	// Attempts counts claims so far.
	Attempts int
	// NextAttemptAt is when a pending row may be claimed.
	NextAttemptAt time.Time
	// LeaseOwner and LeaseUntil name the worker sending the row and when
	// its claim lapses.
	LeaseOwner string
	LeaseUntil time.Time
	// MessageID is the platform's id of the sent message.
	MessageID string
	LastError string
	SentAt    time.Time
	CreatedAt time.Time
}

// Filter selects deliveries to list; zero fields match all.
type Filter struct {
	Date   string
	Status string
	Limit  int
}
