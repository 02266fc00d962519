package bot

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in      string
		slashOK bool
		want    Command
		ok      bool
	}{
		{"/start", false, Command{Name: "start"}, true},
		{"  /Subscribe@WorldBriefBot   fr\t jp \n", false, Command{Name: "subscribe", Mention: "WorldBriefBot", Args: []string{"fr", "jp"}}, true},
		{"/HEADLINES fr 5", false, Command{Name: "headlines", Args: []string{"fr", "5"}}, true},
		{"list", true, Command{Name: "list"}, true},
		{"list", false, Command{}, false},
		{"hello world", false, Command{}, false},
		{"/", false, Command{}, false},
		{"/ start", false, Command{}, false},
		{"/héllo", false, Command{}, false},
		{"/timezone\u200bEurope/Berlin", false, Command{Name: "timezone", Args: []string{"Europe/Berlin"}}, true},
	}
	for _, c := range cases {
		got, ok := Parse(c.in, c.slashOK)
		if ok != c.ok || got.Name != c.want.Name || got.Mention != c.want.Mention || !slices.Equal(got.Args, c.want.Args) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"/start", "/subscribe@Bot France Japan", "/filter fr +a -b", "\xff/x", "/time 25:61", "/" + strings.Repeat("a", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cmd, ok := Parse(s, true)
		if !ok {
			return
		}
		if cmd.Name == "" || cmd.Name != strings.ToLower(cmd.Name) || len(cmd.Name) > maxNameBytes {
			t.Fatalf("bad name %q", cmd.Name)
		}
		if len(cmd.Args) > maxArgs {
			t.Fatalf("%d args", len(cmd.Args))
		}
		for _, a := range cmd.Args {
			if a == "" || len(a) > maxArgBytes || !utf8.ValidString(a) || strings.ContainsAny(a, " \t\n\r\x00") {
				t.Fatalf("bad arg %q", a)
			}
		}
		// Every argument comes from the input (after cleaning).
		cleaned := clean(s)
		for _, a := range cmd.Args {
			if !strings.Contains(cleaned, a) {
				t.Fatalf("arg %q not in input", a)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	in := "/subscribe@WorldBriefBot  France Japan  united states, south korea"
	b.ReportAllocs()
	for b.Loop() {
		Parse(in, false)
	}
}
