package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runPiped runs worldbrief in-process with stdin.
func runPiped(t *testing.T, env []string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb, environ: env}
	defer a.close()
	root := newRoot(a)
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

func TestChatReadsCommandsFromAPipe(t *testing.T) {
	fs := newFeedServer(t)
	env := []string{
		"WORLDBRIEF_DB=" + filepath.Join(t.TempDir(), "wb.db"),
		"WORLDBRIEF_CATALOG=" + testCatalog(t, fs.URL),
		"WORLDBRIEF_TRANSLATE_PROVIDER=none",
	}
	out, stderr, err := runPiped(t, env, "/subscribe fr russia\n/list\nheadlines fr 2\n/sources fr\n/digest fr\n/subscribe atlantis\n", "chat")
	if err != nil {
		t.Fatalf("chat: %v\n%s", err, stderr)
	}
	for _, want := range []string{
		"Subscribed to France (fr), Russia (ru)",
		"France (fr) — every day at 07:00 UTC",
		"France — latest headlines",
		"1. ", "2. ",
		"Le Monde (https://www.lemonde.fr) (fr) — ok",
		"Dead Paper (https://dead.example) (fr) — failing",
		`I don't know the country "atlantis"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("chat output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "3. ") && strings.Index(out, "3. ") < strings.Index(out, "Le Monde (https") {
		t.Errorf("/headlines fr 2 showed a third headline:\n%s", out)
	}
	if strings.Contains(out, "something went wrong") {
		t.Errorf("a command failed:\n%s\n%s", out, stderr)
	}
	// Subscriptions persist between runs.
	out, _, err = runPiped(t, env, "list", "chat")
	if err != nil || !strings.Contains(out, "Russia (ru)") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
}

func TestServeWithoutAdapterExplains(t *testing.T) {
	env := []string{"WORLDBRIEF_DB=" + filepath.Join(t.TempDir(), "wb.db")}
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve"}, env, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "WORLDBRIEF_TELEGRAM_TOKEN") {
		t.Fatalf("serve without token: exit %d, %s", code, errb.String())
	}
}
