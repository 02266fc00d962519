package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/config"
	"go.yaml.in/yaml/v3"
)

// systemdUnit is a parsed unit file: section → key → values in order.
type systemdUnit map[string]map[string][]string

// parseSystemdUnit reads the unit-file syntax systemd documents: [Section]
// headers, Key=Value lines, # and ; comments, a trailing backslash
// continuing a line. With commented, it also returns the settings of
// commented-out Key=Value lines (examples to enable).
func parseSystemdUnit(t *testing.T, text string) (active, commented systemdUnit) {
	t.Helper()
	active, commented = systemdUnit{}, systemdUnit{}
	section := ""
	var pending string
	for n, line := range strings.Split(text, "\n") {
		line = pending + strings.TrimSpace(line)
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			pending = cont + " "
			continue
		}
		pending = ""
		into := active
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
			into, line = commented, strings.TrimLeft(line, "#; ")
			if !strings.Contains(line, "=") || strings.Contains(line, " ") && strings.Index(line, " ") < strings.Index(line, "=") {
				continue // prose
			}
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = strings.Trim(line, "[]")
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || section == "" {
			t.Fatalf("unit line %d: %q is neither a section, a Key=Value nor a comment", n+1, line)
		}
		if into[section] == nil {
			into[section] = map[string][]string{}
		}
		into[section][k] = append(into[section][k], v)
	}
	return active, commented
}

// knownEnv is every environment variable worldbrief reads.
func knownEnv() map[string]bool {
	known := map[string]bool{"WORLDBRIEF_CONFIG": true}
	def := config.Default()
	for _, f := range config.Fields(&def) {
		known[f.Env] = true
		if f.Secret != "" {
			known[f.Env+"_FILE"] = true
		}
	}
	return known
}

// secretEnvs are the settings that must reach a deployment as files.
func secretEnvs() []string {
	var out []string
	def := config.Default()
	for _, f := range config.Fields(&def) {
		if f.Secret == "true" {
			out = append(out, f.Env)
		}
	}
	return out
}

// The systemd unit runs serve as a transient user with its database in the
// state directory, hands every secret over as a credential read through
// its *_FILE setting, and, given the credentials, yields a configuration
// worldbrief accepts.
func TestSystemdUnit(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/systemd/worldbrief.service")
	if err != nil {
		t.Fatal(err)
	}
	unit, examples := parseSystemdUnit(t, string(raw))
	svc := unit["Service"]
	if svc == nil || unit["Install"]["WantedBy"] == nil {
		t.Fatalf("no [Service] or no [Install] WantedBy: %v", unit)
	}
	for key, want := range map[string]string{"DynamicUser": "yes", "StateDirectory": "worldbrief", "ExecStart": "/usr/local/bin/worldbrief serve"} {
		if got := svc[key]; len(got) != 1 || got[0] != want {
			t.Errorf("%s=%q, want %q", key, got, want)
		}
	}
	if stop, err := strconv.Atoi(strings.TrimSuffix(svc["TimeoutStopSec"][0], "s")); err != nil || stop <= 8 {
		t.Errorf("TimeoutStopSec=%v: serve needs more than its 8 s of grace", svc["TimeoutStopSec"])
	}

	state, creds := t.TempDir(), t.TempDir()
	expand := strings.NewReplacer("%S", state, "%d", creds)
	envOf := func(u systemdUnit) map[string]string {
		env := map[string]string{}
		for _, line := range u["Service"]["Environment"] {
			for _, kv := range strings.Fields(line) {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
			}
		}
		return env
	}
	env, exampleEnv := envOf(unit), envOf(examples)
	known := knownEnv()
	for k := range env {
		if !known[k] {
			t.Errorf("Environment=%s: worldbrief has no such setting", k)
		}
	}
	if db := env["WORLDBRIEF_DB"]; !strings.HasPrefix(db, "%S/worldbrief/") {
		t.Errorf("WORLDBRIEF_DB=%q: want a file in the state directory %%S/worldbrief", db)
	}
	// Each credential, active or an example, is the file of a *_FILE setting.
	credentialOf := func(u systemdUnit, env map[string]string, active bool) map[string]bool {
		files := map[string]bool{}
		for _, lc := range u["Service"]["LoadCredential"] {
			id, path, ok := strings.Cut(lc, ":")
			if !ok || !filepath.IsAbs(path) {
				t.Errorf("LoadCredential=%s: want ID:/absolute/path", lc)
			}
			found := false
			for k, v := range env {
				if v == "%d/"+id && strings.HasSuffix(k, "_FILE") && known[k] {
					found, files[strings.TrimSuffix(k, "_FILE")] = true, true
				}
			}
			if !found {
				t.Errorf("LoadCredential=%s (active %v): no WORLDBRIEF_*_FILE=%%d/%s reads it", lc, active, id)
			}
		}
		return files
	}
	activeSecrets, exampleSecrets := credentialOf(unit, env, true), credentialOf(examples, exampleEnv, false)
	for _, s := range secretEnvs() {
		if !activeSecrets[s] && !exampleSecrets[s] {
			t.Errorf("%s: no LoadCredential= line, active or commented, for this secret", s)
		}
	}
	// What the service would run with: the credential directory holding a
	// token, the state directory under its path.
	if err := os.WriteFile(filepath.Join(creds, "telegram_token"), []byte("123456789:AAE-replace-with-your-token-from-BotFather\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+expand.Replace(v))
	}
	cfg, err := config.Load(config.Options{Environ: environ, NoDiscovery: true})
	if err != nil {
		t.Fatalf("the unit's configuration is refused: %v", err)
	}
	if cfg.Telegram.Token == "" || cfg.DB != filepath.Join(state, "worldbrief", "worldbrief.db") {
		t.Errorf("token from the credential %v, db %q", cfg.Telegram.Token != "", cfg.DB)
	}
	if cfg.Web.Listen == "" || cfg.Web.Listen == cfg.HTTP.Listen {
		t.Errorf("web.listen %q beside http.listen %q: want the pages on their own port", cfg.Web.Listen, cfg.HTTP.Listen)
	}
	if exampleEnv["WORLDBRIEF_WEB_BASE_URL"] == "" {
		t.Error("no example of web.base_url (the public address the pages are published at)")
	}
}

// k8sObject is the part of a Kubernetes manifest the test reads.
type k8sObject struct {
	Kind     string `yaml:"kind"`
	Metadata struct{ Name string }
	Data     map[string]string `yaml:"data"`
	String   map[string]string `yaml:"stringData"`
	Spec     struct {
		Replicas int `yaml:"replicas"`
		Ports    []struct {
			Name       string `yaml:"name"`
			Port       int    `yaml:"port"`
			TargetPort any    `yaml:"targetPort"`
		} `yaml:"ports"` // a Service's
		Template struct {
			Spec struct {
				SecurityContext struct {
					RunAsUser *int64 `yaml:"runAsUser"`
					FSGroup   *int64 `yaml:"fsGroup"`
				} `yaml:"securityContext"`
				Containers []k8sContainer `yaml:"containers"`
				Volumes    []struct {
					Name   string `yaml:"name"`
					Secret *struct {
						SecretName  string `yaml:"secretName"`
						DefaultMode *int   `yaml:"defaultMode"`
					} `yaml:"secret"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type k8sContainer struct {
	Args  []string `yaml:"args"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	EnvFrom []struct {
		ConfigMapRef *struct{ Name string } `yaml:"configMapRef"`
		SecretRef    any                    `yaml:"secretRef"`
	} `yaml:"envFrom"`
	Env []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom any    `yaml:"valueFrom"`
	} `yaml:"env"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
	ReadinessProbe k8sProbe `yaml:"readinessProbe"`
	LivenessProbe  k8sProbe `yaml:"livenessProbe"`
}

type k8sProbe struct {
	HTTPGet *struct {
		Path string `yaml:"path"`
		Port any    `yaml:"port"`
	} `yaml:"httpGet"`
}

// The Kubernetes example probes /healthz and /readyz on the operations
// port, serves the web pages on web.listen through a port of the Service,
// reads every secret from a mounted Secret through *_FILE settings
// (never from environment values), uses PostgreSQL when it runs more than
// one replica, and yields a configuration worldbrief accepts.
func TestKubernetesExample(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/kubernetes/worldbrief.yaml")
	if err != nil {
		t.Fatal(err)
	}
	objs := map[string]k8sObject{}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	for {
		var o k8sObject
		if err := dec.Decode(&o); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("worldbrief.yaml: %v", err)
		}
		objs[o.Kind] = o
	}
	dep, secret, cm := objs["Deployment"], objs["Secret"], objs["ConfigMap"]
	if len(dep.Spec.Template.Spec.Containers) != 1 || secret.Kind == "" || cm.Kind == "" || objs["Service"].Kind == "" {
		t.Fatalf("want a Deployment of one container, a Secret, a ConfigMap and a Service; got %v", objs)
	}
	c := dep.Spec.Template.Spec.Containers[0]
	if len(c.Args) != 1 || c.Args[0] != "serve" {
		t.Errorf("args %q, want [serve]", c.Args)
	}
	env := map[string]string{}
	for k, v := range cm.Data {
		env[k] = v
	}
	for _, e := range c.Env {
		if e.ValueFrom != nil {
			t.Errorf("env %s comes from valueFrom: secrets go in files", e.Name)
		}
		env[e.Name] = e.Value
	}
	for _, ef := range c.EnvFrom {
		if ef.SecretRef != nil {
			t.Error("envFrom secretRef: secrets go in files")
		}
	}
	known := knownEnv()
	for k := range env {
		if !known[k] {
			t.Errorf("%s: worldbrief has no such setting", k)
		}
	}
	_, port, _ := strings.Cut(env["WORLDBRIEF_HTTP_LISTEN"], ":")
	opsPort := ""
	for _, p := range c.Ports {
		if strconv.Itoa(p.ContainerPort) == port {
			opsPort = p.Name
		}
	}
	for probe, want := range map[*k8sProbe]string{&c.ReadinessProbe: "/readyz", &c.LivenessProbe: "/healthz"} {
		if probe.HTTPGet == nil || probe.HTTPGet.Path != want || (probe.HTTPGet.Port != opsPort && probe.HTTPGet.Port != port) {
			t.Errorf("probe %+v: want GET %s on the http.listen port %s (%s)", probe.HTTPGet, want, port, opsPort)
		}
	}

	_, webPort, _ := strings.Cut(env["WORLDBRIEF_WEB_LISTEN"], ":")
	webName := ""
	for _, p := range c.Ports {
		if strconv.Itoa(p.ContainerPort) == webPort {
			webName = p.Name
		}
	}
	served := false
	for _, p := range objs["Service"].Spec.Ports {
		if tp := fmt.Sprint(p.TargetPort); webPort != "" && (tp == webName || tp == webPort) {
			served = true
		}
	}
	if webName == "" || !served {
		t.Errorf("web.listen %q: no containerPort (%q) the Service routes to", env["WORLDBRIEF_WEB_LISTEN"], webName)
	}

	// The Secret volume, where the *_FILE settings point.
	mount := ""
	for _, v := range dep.Spec.Template.Spec.Volumes {
		if v.Secret == nil || v.Secret.SecretName != secret.Metadata.Name {
			continue
		}
		for _, m := range c.VolumeMounts {
			if m.Name == v.Name {
				mount = m.MountPath
			}
		}
		sc := dep.Spec.Template.Spec.SecurityContext
		if mode := v.Secret.DefaultMode; sc.RunAsUser != nil && *sc.RunAsUser != 0 && mode != nil && *mode&0o004 == 0 && (sc.FSGroup == nil || *mode&0o040 == 0) {
			t.Errorf("secret files of mode %#o are unreadable by user %d without an fsGroup and group read", *mode, *sc.RunAsUser)
		}
	}
	if mount == "" {
		t.Fatal("the Secret is not mounted as a volume")
	}
	files := t.TempDir()
	var environ []string
	for k, v := range env {
		if strings.HasSuffix(k, "_FILE") {
			key, ok := strings.CutPrefix(v, mount+"/")
			content, inSecret := secret.String[key]
			if !ok || !inSecret {
				t.Errorf("%s=%s is not a key of the mounted Secret", k, v)
				continue
			}
			v = filepath.Join(files, key)
			if err := os.WriteFile(v, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		environ = append(environ, k+"="+v)
	}
	for _, s := range secretEnvs() {
		if _, direct := env[s]; direct {
			t.Errorf("%s is set directly; use %s_FILE", s, s)
		}
	}
	cfg, err := config.Load(config.Options{Environ: environ, NoDiscovery: true})
	if err != nil {
		t.Fatalf("the manifest's configuration is refused: %v", err)
	}
	if dep.Spec.Replicas > 1 && !strings.HasPrefix(cfg.DB, "postgres") {
		t.Errorf("%d replicas on database %q: more than one replica needs PostgreSQL", dep.Spec.Replicas, cfg.DB)
	}
	if cfg.Telegram.Token == "" {
		t.Error("no Telegram token reaches the process")
	}
}
