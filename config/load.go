package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Options tells Load where to look.
type Options struct {
	// File is the YAML file given with --config; when empty the
	// WORLDBRIEF_CONFIG environment variable names it; when both are
	// empty the first existing file of ConfigFiles is read, if any.
	File string
	// NoDiscovery skips ConfigFiles (tests that must not read the
	// machine's files).
	NoDiscovery bool
	// Environ is the process environment as "KEY=value" pairs (os.Environ()).
	Environ []string
	// Flags applies command-line flags last; it may be nil.
	Flags func(*Config)
}

// Load builds the effective configuration: defaults (the database under
// the user's data directory, see DefaultDB), then the YAML file (see
// Options.File), then WORLDBRIEF_* variables, then flags; then it
// validates the result.
// Every problem found is reported, one per line.
func Load(opts Options) (Config, error) {
	cfg := Default()
	cfg.DB = DefaultDB(opts.Environ)
	env := envMap(opts.Environ)
	file := opts.File
	if file == "" {
		file = env[EnvPrefix+"CONFIG"]
	}
	if file == "" && !opts.NoDiscovery {
		file = discoverFile(opts.Environ)
	}
	var problems []string
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return cfg, fmt.Errorf("config file: %w", err)
		}
		problems = append(problems, decodeYAML(data, file, &cfg)...)
	}
	for _, f := range Fields(&cfg) {
		if v, ok := env[f.Env]; ok {
			if err := f.Set(v); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", f.Env, err))
			}
		} else if path, ok := env[f.Env+"_FILE"]; ok && f.Secret != "" {
			// A secret may come from a file (Docker/Kubernetes secrets).
			if err := setFromFile(f, path); err != nil {
				problems = append(problems, fmt.Sprintf("%s_FILE: %v", f.Env, err))
			}
		}
	}
	if opts.Flags != nil {
		opts.Flags(&cfg)
	}
	// Every problem in one round: what could not be read (unknown keys,
	// wrong types) and what was read but is out of range. A setting that
	// could not be read keeps its default, which is valid.
	var ve *Error
	if err := cfg.Validate(); errors.As(err, &ve) {
		problems = append(problems, ve.Problems...)
	}
	if len(problems) > 0 {
		return cfg, &Error{Problems: problems}
	}
	return cfg, nil
}

// setFromFile sets a secret field to the contents of a file, without its
// trailing newline. Errors never include the contents.
func setFromFile(f Field, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read secret file: %w", err)
	}
	return f.Set(strings.TrimRight(string(data), "\r\n"))
}

func envMap(environ []string) map[string]string {
	m := make(map[string]string)
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(k, EnvPrefix) {
			m[k] = v
		}
	}
	return m
}

var (
	unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)
	lineErr      = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// decodeYAML strictly decodes data into cfg and turns yaml's messages into
// one readable problem each.
func decodeYAML(data []byte, file string, cfg *Config) []string {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(cfg)
	if err == nil || errors.Is(err, io.EOF) { // an empty file sets nothing
		return nil
	}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return []string{fmt.Sprintf("%s: %v", file, strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	var out []string
	for _, msg := range te.Errors {
		if m := unknownField.FindStringSubmatch(msg); m != nil {
			out = append(out, fmt.Sprintf("%s:%s: unknown key %q", file, m[1], m[2]))
		} else if m := lineErr.FindStringSubmatch(msg); m != nil {
			out = append(out, fmt.Sprintf("%s:%s: %s", file, m[1], m[2]))
		} else {
			out = append(out, fmt.Sprintf("%s: %s", file, msg))
		}
	}
	return out
}

// Error lists every configuration problem found, one per line.
type Error struct {
	Problems []string
}

func (e *Error) Error() string {
	if len(e.Problems) == 1 {
		return "invalid configuration: " + e.Problems[0]
	}
	return "invalid configuration:\n  " + strings.Join(e.Problems, "\n  ")
}
