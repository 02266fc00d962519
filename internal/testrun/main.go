// Command testrun runs the project's tests the way `go test` does and then
// says what was skipped and why: the README's test command. Go prints
// nothing about skipped tests in package-list mode, so a suite that could
// not run here (no PostgreSQL DSN, no emulator, no browser, a fixture left
// out for its licence) would otherwise pass silently.
//
// Usage:
//
//	go run ./internal/testrun [go test flags] [packages]
//
// It runs `go test -json` with the given flags and packages (./... when
// none are given), prints each package's result line and the output of
// failing tests as go test would, then one closing line
// "tests: N passed, N failed, N skipped" and, for each skipped test, its
// package, name and reason. It exits with go test's exit code.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// skip is a skipped test and the reason it gave.
type skip struct {
	pkg, test, reason string
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs go test with args and reports to stdout; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	hasPkg := false
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			hasPkg = true
		}
	}
	if !hasPkg {
		args = append(args, "./...")
	}
	cmd := exec.Command("go", append([]string{"test", "-json"}, args...)...)
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(stderr, "testrun:", err)
		return 1
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(stderr, "testrun: cannot run go test:", err)
		return 1
	}
	s := summarise(out, stdout)
	code := 0
	if err := cmd.Wait(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			fmt.Fprintln(stderr, "testrun:", err)
			return 1
		}
		code = ee.ExitCode()
	}
	s.report(stdout)
	return code
}

// summary counts the tests of a run and keeps the skipped ones.
type summary struct {
	passed, failed int
	skipped        []skip
}

// summarise reads go test's JSON events from r, echoes package results
// and failing tests' output to w as go test would, and counts the tests.
func summarise(r io.Reader, w io.Writer) *summary {
	s := &summary{}
	outputs := map[string][]string{} // package + test → its output lines
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			fmt.Fprintln(w, sc.Text()) // not an event: pass it on
			continue
		}
		key := e.Package + "\x00" + e.Test
		switch {
		case e.Action == "output" && e.Test == "":
			// Package-level output: result lines, build errors, panics.
			if !strings.HasPrefix(e.Output, "=== ") && !strings.HasPrefix(e.Output, "PASS\n") {
				fmt.Fprint(w, e.Output)
			}
		case e.Action == "output":
			outputs[key] = append(outputs[key], e.Output)
		case e.Action == "build-output":
			fmt.Fprint(w, e.Output)
		case e.Test == "":
			// Package pass/fail/skip: its line came as output.
		case e.Action == "pass":
			s.passed++
			delete(outputs, key)
		case e.Action == "fail":
			s.failed++
			for _, l := range outputs[key] {
				fmt.Fprint(w, l)
			}
			delete(outputs, key)
		case e.Action == "skip":
			s.skipped = append(s.skipped, skip{e.Package, e.Test, reason(outputs[key])})
			delete(outputs, key)
		}
	}
	return s
}

// reason picks a skipped test's message out of its output: the last line
// before "--- SKIP", which t.Skip wrote (earlier lines are its logs).
func reason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		return t
	}
	return "(no reason given)"
}

// report prints the closing line and the skipped tests, grouped by the
// reason they gave (without its file:line prefix), a few names each.
func (s *summary) report(w io.Writer) {
	fmt.Fprintf(w, "tests: %d passed, %d failed, %d skipped\n", s.passed, s.failed, len(s.skipped))
	byReason := map[string][]string{}
	var reasons []string
	for _, k := range s.skipped {
		r := fileLine.ReplaceAllString(k.reason, "")
		if byReason[r] == nil {
			reasons = append(reasons, r)
		}
		byReason[r] = append(byReason[r], strings.TrimPrefix(k.pkg, module+"/")+" "+k.test)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		names := byReason[r]
		sort.Strings(names)
		more := ""
		if len(names) > 3 {
			more = fmt.Sprintf(" and %d more", len(names)-3)
			names = names[:3]
		}
		fmt.Fprintf(w, "skipped %d: %s (%s%s)\n", len(byReason[r]), r, strings.Join(names, ", "), more)
	}
}

// module is the project's module path, left out of package names.
const module = "github.com/worldbrief/worldbrief"

// fileLine matches the "name_test.go:12: " prefix testing puts before a
// message.
var fileLine = regexp.MustCompile(`^\S+\.go:\d+: `)
