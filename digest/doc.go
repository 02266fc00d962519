// Package digest will turn a country's articles into a platform-neutral
// Digest: stories clustered across sites, ranked, summarised, with
// alternative takes from other countries and blindspot marks. It is empty
// until the Digest engine issue lands; nothing here pretends to work yet.
package digest
