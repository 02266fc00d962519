// Package web publishes the digests on the web and in feed readers:
// server-rendered pages for browsers (pick a country, a country's digest
// of today or of a past day, the world edition of today or of a past UTC
// day) and Atom, JSON Feed and OPML documents for feed readers.
//
// It is an adapter like bot/telegram and bot/discord, for browsers and
// feed readers instead of chats: it reads digests through the small
// Digests interface (the process's one digest service) and the catalog,
// and renders them with html/template. Pages need no JavaScript; they
// carry cache headers and ETags derived from the stored digests, and an
// unknown country or day gets a 404 page with suggestions, never a 500.
package web
