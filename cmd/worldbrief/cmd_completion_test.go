package main

import (
	"strings"
	"testing"
)

func TestCompletionScriptsAndCountryArguments(t *testing.T) {
	c := newCLI(t)
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		if code, out, errOut := c.run("completion", shell); code != 0 || !strings.Contains(out, "worldbrief") {
			t.Errorf("completion %s: exit %d, %d bytes, %s", shell, code, len(out), errOut)
		}
	}
	if code, out, errOut := c.run("completion", "tcsh"); code != exitUsage || out != "" || !strings.Contains(errOut, "bash, zsh, fish or powershell") {
		t.Errorf("completion tcsh: exit %d, %q %q; want exit 2 naming the shells", code, out, errOut)
	}
	// What the shell scripts ask: `worldbrief __complete ARGS… PREFIX`.
	code, out, _ := c.run("__complete", "headlines", "f")
	if code != 0 || !strings.Contains(out, "fr\tFrance\n") || !strings.Contains(out, "France\tfr\n") || strings.Contains(out, "de\t") {
		t.Errorf("headlines f<TAB>: exit %d\n%s", code, out)
	}
	if !strings.HasSuffix(strings.TrimSpace(out), ":4") { // ShellCompDirectiveNoFileComp
		t.Errorf("completion should not offer files:\n%s", out)
	}
	if _, out, _ = c.run("__complete", "digest", "Jap"); !strings.Contains(out, "Japan\tjp\n") {
		t.Errorf("digest Jap<TAB>:\n%s", out)
	}
	if _, out, _ = c.run("__complete", "fetch", "fr", "f"); strings.Contains(out, "fr\t") || !strings.Contains(out, "fi\t") {
		t.Errorf("fetch fr f<TAB> should offer the other countries:\n%s", out)
	}
	if _, out, _ = c.run("__complete", "headlines", "fr", ""); strings.Contains(out, "\t") {
		t.Errorf("headlines takes one country, yet a second is offered:\n%s", out)
	}
}
