// Package bot will hold worldbrief's platform-neutral chat core: the
// command table, the handlers, subscriptions and the delivery policy
// shared by the Telegram, Discord and console adapters in its
// subpackages. It is empty until the Chat issue lands; nothing here
// pretends to work yet.
package bot
