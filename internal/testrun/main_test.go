package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// A run with a pass, a failure and a skip: the package lines and the
// failing test's output are echoed, the skip is listed with its reason,
// and the closing line counts all three.
func TestSummariseCountsAndListsSkips(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"run","Package":"m/a","Test":"TestOK"}`,
		`{"Action":"output","Package":"m/a","Test":"TestOK","Output":"=== RUN   TestOK\n"}`,
		`{"Action":"pass","Package":"m/a","Test":"TestOK"}`,
		`{"Action":"run","Package":"m/a","Test":"TestPG"}`,
		`{"Action":"output","Package":"m/a","Test":"TestPG","Output":"=== RUN   TestPG\n"}`,
		`{"Action":"output","Package":"m/a","Test":"TestPG","Output":"    pg_test.go:8: a log line before the skip\n"}`,
		`{"Action":"output","Package":"m/a","Test":"TestPG","Output":"    pg_test.go:9: set WORLDBRIEF_TEST_POSTGRES_DSN to run\n"}`,
		`{"Action":"output","Package":"m/a","Test":"TestPG","Output":"--- SKIP: TestPG (0.00s)\n"}`,
		`{"Action":"skip","Package":"m/a","Test":"TestPG"}`,
		`{"Action":"run","Package":"m/a","Test":"TestBad"}`,
		`{"Action":"output","Package":"m/a","Test":"TestBad","Output":"    bad_test.go:3: got 1, want 2\n"}`,
		`{"Action":"fail","Package":"m/a","Test":"TestBad"}`,
		`{"Action":"output","Package":"m/a","Output":"FAIL\tm/a\t0.01s\n"}`,
		`{"Action":"fail","Package":"m/a"}`,
		`{"Action":"output","Package":"m/b","Output":"ok  \tm/b\t0.01s\n"}`,
		`not json: passed on`,
	}, "\n")
	var out bytes.Buffer
	s := summarise(strings.NewReader(in), &out)
	s.report(&out)
	got := out.String()
	for _, want := range []string{
		"got 1, want 2", "FAIL\tm/a", "ok  \tm/b", "not json: passed on",
		"tests: 1 passed, 1 failed, 1 skipped\n",
		"skipped 1: set WORLDBRIEF_TEST_POSTGRES_DSN to run (m/a TestPG)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "=== RUN") {
		t.Errorf("output echoes passing tests' lines:\n%s", got)
	}
}

// Whatever go test writes, summarise never panics and counts no more
// tests than it saw events.
func FuzzSummarise(f *testing.F) {
	f.Add(`{"Action":"skip","Package":"p","Test":"T"}`)
	f.Add("{\"Action\":\"output\",\"Package\":\"p\",\"Test\":\"T\",\"Output\":\"--- SKIP\"}\n{")
	f.Fuzz(func(t *testing.T, in string) {
		s := summarise(strings.NewReader(in), &bytes.Buffer{})
		if n := s.passed + s.failed + len(s.skipped); n > strings.Count(in, "\n")+1 {
			t.Fatalf("%d tests from %d lines", n, strings.Count(in, "\n")+1)
		}
	})
}

// Skips that give one reason are listed once, with their count and a few
// of their names.
func TestReportGroupsSkipsByReason(t *testing.T) {
	s := &summary{passed: 2}
	for _, n := range []string{"TestA", "TestB", "TestC", "TestD"} {
		s.skipped = append(s.skipped, skip{module + "/store", n, fmt.Sprintf("backend_test.go:%d: WORLDBRIEF_TEST_POSTGRES_DSN not set", 90+len(s.skipped))})
	}
	s.skipped = append(s.skipped, skip{module + "/web", "TestBrowser", "browser_test.go:1: no chromium"})
	var out bytes.Buffer
	s.report(&out)
	want := "tests: 2 passed, 0 failed, 5 skipped\n" +
		"skipped 4: WORLDBRIEF_TEST_POSTGRES_DSN not set (store TestA, store TestB, store TestC and 1 more)\n" +
		"skipped 1: no chromium (web TestBrowser)\n"
	if out.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", out.String(), want)
	}
}
