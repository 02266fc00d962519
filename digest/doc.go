// Package digest turns the articles of a time window into per-country
// digests: stories rather than links.
//
// A Builder clusters each country's articles by story (TF-IDF cosine over
// title and summary, joined by average linkage): on the English text when
// every article of the country has one, else on the original text in each
// article's language (Snowball stemming, truncation, or character bigrams
// for scripts without spaces; see tokenize.go), so a digest is grouped
// right when only what it shows is translated. It ranks the stories by breadth of coverage,
// recency and site weight, writes an extractive summary, finds alternative
// takes from other countries through an inverted index over story
// centroids of their translated articles, and marks blindspots: stories several of a country's sites
// carry and no US/UK site of the catalog does.
//
// A Service builds a country's digest at most once per interval, however
// many callers ask at once, stores it, and may replace extractive
// summaries with those of an OpenAI-compatible endpoint. Filter narrows a
// built digest to a subscriber's keywords. DigestOn and Daily read the
// archive of past days.
//
// The world edition (Index.World, Service.World) joins the countries'
// stories that are each other's best match into world stories, ranked by
// the number of countries covering them, each with one headline per
// country and the world's current take; and lists the stories one
// country's press leads with that no other country covers ("overlooked").
package digest
