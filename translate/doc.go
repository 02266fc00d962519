// Package translate will hold the Translator interface, the
// LibreTranslate, DeepL, Google and MyMemory clients and the database
// cache that make every headline readable in English. It is empty until
// the Translation issue lands; until then headlines show original titles.
package translate
