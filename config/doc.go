// Package config holds worldbrief's one Config struct and the rules that
// fill it: built-in defaults, then a YAML file (unknown keys rejected with
// their line), then WORLDBRIEF_* environment variables, then command-line
// flags. Validate reports every invalid value at once, one clear message
// per problem, and Redacted returns a copy safe to print or log.
//
// Only the cmd package reads configuration; every other package receives
// plain values.
package config
