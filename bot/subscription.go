package bot

import (
	"errors"
	"time"
)

// Subscription statuses.
const (
	// StatusActive subscriptions receive digests.
	StatusActive = "active"
	// StatusSuspended subscriptions belong to a chat that refused a
	// message (bot blocked or removed); they are kept, not deleted, and
	// become active again when the chat subscribes anew.
	StatusSuspended = "suspended"
)

// Defaults of a chat that never set its delivery time or time zone.
const (
	DefaultDeliveryTime = "07:00"
	DefaultTimezone     = "UTC"
)

// ErrNotSubscribed is returned when a chat changes a subscription it
// does not have.
var ErrNotSubscribed = errors.New("not subscribed")

// ChatKey names one chat on one platform.
type ChatKey struct {
	// Platform is "telegram", "discord" or "console".
	Platform string
	// ChatID is the platform's chat or channel id, as text.
	ChatID string
}

// ChatSettings are a chat's defaults, copied into new subscriptions.
type ChatSettings struct {
	ChatKey
	// DeliveryTime is the local time of the daily digest, "HH:MM".
	DeliveryTime string
	// Timezone is an IANA zone name such as "Europe/Berlin".
	Timezone string
	// Saved is false when the chat never changed its settings and these
	// are the defaults.
	Saved bool
}

// Subscription is one chat's subscription to one country's digest.
type Subscription struct {
	ID int64
	ChatKey
	// Country is the catalog country code, e.g. "fr".
	Country string
	// ThreadID is the forum topic or thread the subscription was made in;
	// "" for the chat itself.
	ThreadID string
	// DeliveryTime is the local time of the daily digest, "HH:MM".
	DeliveryTime string
	// Timezone is an IANA zone name.
	Timezone string
	// Include keeps only stories mentioning one of these words (none: all).
	Include []string
	// Exclude drops stories mentioning one of these words.
	Exclude []string
	// Status is StatusActive or StatusSuspended.
	Status string
	// CreatedBy names the user who subscribed.
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}
