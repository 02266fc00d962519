package main

import (
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/config"
	"go.yaml.in/yaml/v3"
)

// composeFile is the part of docker-compose.yml the test reads.
type composeFile struct {
	Services map[string]struct {
		Build       any               `yaml:"build"`
		Image       string            `yaml:"image"`
		Command     []string          `yaml:"command"`
		Profiles    []string          `yaml:"profiles"`
		Environment map[string]string `yaml:"environment"`
		DependsOn   map[string]any    `yaml:"depends_on"`
		Ports       []string          `yaml:"ports"`
	} `yaml:"services"`
}

// docker-compose.yml is the README's recommended setup: its worldbrief
// services must only set settings that exist (a renamed one would be
// ignored silently), reach the PostgreSQL it defines with that service's
// credentials, use its LibreTranslate, serve the web pages on web.listen
// (published on the host by the first replica, a setting worldbrief
// accepts), and run two replicas under the scale profile only.
func TestComposeFileMatchesConfiguration(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cf composeFile
	if err := yaml.Unmarshal(raw, &cf); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	known := knownEnv()
	pg, ok := cf.Services["postgres"]
	if !ok {
		t.Fatal("no postgres service")
	}
	if _, ok := cf.Services["libretranslate"]; !ok {
		t.Fatal("no libretranslate service")
	}
	var replicas []string
	for name, s := range cf.Services {
		if !strings.HasPrefix(name, "worldbrief") {
			continue
		}
		if len(s.Profiles) == 0 {
			replicas = append(replicas, name)
		} else if !slices.Contains(s.Profiles, "scale") {
			t.Errorf("%s: profiles %v; want scale", name, s.Profiles)
		}
		if !slices.Equal(s.Command, []string{"serve"}) {
			t.Errorf("%s: command %v; want [serve]", name, s.Command)
		}
		if _, ok := s.DependsOn["postgres"]; !ok {
			t.Errorf("%s does not wait for postgres", name)
		}
		for k := range s.Environment {
			if strings.HasPrefix(k, "WORLDBRIEF_") && !known[k] {
				t.Errorf("%s sets %s, which is no setting (see worldbrief config --reference)", name, k)
			}
		}
		env := s.Environment
		u, err := url.Parse(env["WORLDBRIEF_DB"])
		if err != nil || u.Scheme != "postgres" || u.Hostname() != "postgres" {
			t.Errorf("%s: WORLDBRIEF_DB %q does not point at the postgres service", name, env["WORLDBRIEF_DB"])
			continue
		}
		pw, _ := u.User.Password()
		if u.User.Username() != pg.Environment["POSTGRES_USER"] || pw != pg.Environment["POSTGRES_PASSWORD"] ||
			strings.TrimPrefix(u.Path, "/") != pg.Environment["POSTGRES_DB"] {
			t.Errorf("%s: WORLDBRIEF_DB user, password or database differ from the postgres service's", name)
		}
		if env["WORLDBRIEF_TRANSLATE_PROVIDER"] != "libretranslate" || !strings.Contains(env["WORLDBRIEF_TRANSLATE_URL"], "//libretranslate:") {
			t.Errorf("%s does not translate with the libretranslate service", name)
		}
	}
	main := cf.Services["worldbrief"]
	_, webPort, _ := strings.Cut(main.Environment["WORLDBRIEF_WEB_LISTEN"], ":")
	published := false
	for _, p := range main.Ports {
		if _, container, ok := strings.Cut(p, ":"); ok && container == webPort {
			published = true
		}
	}
	if webPort == "" || !published {
		t.Errorf("worldbrief: web.listen %q is not published (ports %v)", main.Environment["WORLDBRIEF_WEB_LISTEN"], main.Ports)
	}
	environ := []string{"WORLDBRIEF_TELEGRAM_TOKEN=123456789:AAE-replace-with-your-token-from-BotFather"}
	for k, v := range main.Environment {
		if strings.HasPrefix(v, "${") { // ${VAR:-}: unset on the host
			v = ""
		}
		if k != "WORLDBRIEF_TELEGRAM_TOKEN" {
			environ = append(environ, k+"="+v)
		}
	}
	if cfg, err := config.Load(config.Options{Environ: environ, NoDiscovery: true}); err != nil {
		t.Errorf("the compose file's configuration is refused: %v", err)
	} else if cfg.Web.Listen == "" || cfg.Web.Listen == cfg.HTTP.Listen {
		t.Errorf("web.listen %q beside http.listen %q: want the pages on their own port", cfg.Web.Listen, cfg.HTTP.Listen)
	}
	if len(replicas) != 1 {
		t.Errorf("worldbrief services without a profile: %v; want exactly one (the second replica is under the scale profile)", replicas)
	}
	if len(cf.Services) < 4 {
		t.Errorf("services %d; want worldbrief, its replica, postgres and libretranslate", len(cf.Services))
	}
}
