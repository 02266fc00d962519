package main

import (
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/worldbrief/worldbrief/sources"
	"github.com/worldbrief/worldbrief/translate"
)

// TestREADMEJSONShapes: the README's "JSON shapes" name every top-level
// key the commands print, and no key they do not.
func TestREADMEJSONShapes(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		label string // the README's name of the output
		value any
	}{
		{"`countries --json`", countryRow{}},
		{"`sources --json`", sourceRow{}},
		{"`headlines --json`", headlineRow{}},
		{"`translate --status --json`", translate.Status{}},
		{"`fetch --json`", sources.CycleReport{}},
		{"`sources --check --json`", sources.CheckReport{}},
	} {
		doc := readmeShape(t, string(readme), tc.label)
		got := jsonKeys(reflect.TypeOf(tc.value))
		for _, k := range got {
			if !slices.Contains(doc, k) {
				t.Errorf("README's %s lacks %q (it prints %v)", tc.label, k, got)
			}
		}
		for _, k := range doc {
			if !slices.Contains(got, k) {
				t.Errorf("README's %s names %q, which it does not print (it prints %v)", tc.label, k, got)
			}
		}
	}
}

// readmeShape returns the top-level keys of the JSON shape the README
// gives after label: `{"a","b":{"c"}}` → a, b.
func readmeShape(t *testing.T, readme, label string) []string {
	t.Helper()
	i := strings.Index(readme, label+": `")
	if i < 0 {
		t.Fatalf("README gives no JSON shape for %s", label)
	}
	shape := readme[i+len(label)+3:]
	shape = shape[:strings.IndexByte(shape, '`')]
	var keys []string
	depth := 0
	key := regexp.MustCompile(`^"(\w+)"`)
	for j := 0; j < len(shape); j++ {
		switch shape[j] {
		case '{':
			depth++
		case '}':
			depth--
		case '"':
			if m := key.FindStringSubmatch(shape[j:]); m != nil {
				if depth == 1 {
					keys = append(keys, m[1])
				}
				j += len(m[0]) - 1
			}
		}
	}
	return keys
}

// jsonKeys returns the JSON keys of a struct's exported fields.
func jsonKeys(typ reflect.Type) []string {
	var keys []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		keys = append(keys, name)
	}
	return keys
}
