// Package sources is the front of worldbrief's pipeline: the country
// catalog (countries → news sites → feeds), the country resolver that turns
// people's words into catalog entries, the HTTP fetcher with conditional GET
// and per-host limits, the feed parser with charset handling, and the
// normaliser that turns feed items into clean Articles.
//
// The package depends on the standard library and its feed/charset
// libraries only; storage is reached through the small interfaces declared
// where the ingester uses them.
package sources
