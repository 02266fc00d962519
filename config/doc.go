// Package config holds worldbrief's one Config struct and the rules that
// fill it: built-in defaults, then a YAML file (unknown keys rejected with
// their line), then WORLDBRIEF_* environment variables, then command-line
// flags. Load reports every problem at once (unknown keys, wrong types,
// values out of range), one clear message per problem. Each setting's
// constraints sit in struct tags next to its help text (see rules.go), so
// Validate and the configuration reference state the same ranges; Redacted
// returns a copy safe to print or log.
//
// Only the cmd package reads configuration; every other package receives
// plain values.
package config
