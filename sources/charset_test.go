package sources

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// charsetEncode encodes s with e for building legacy-encoded test bodies.
func charsetEncode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// charsetFeed is a one-item RSS document whose prolog declares decl
// (no declaration when decl is empty).
func charsetFeed(decl, title string) string {
	prolog := `<?xml version="1.0"?>`
	if decl != "" {
		prolog = `<?xml version="1.0" encoding="` + decl + `"?>`
	}
	return prolog + "\n<rss version=\"2.0\"><channel><title>t</title><link>https://n.example/</link>" +
		"<item><title>" + title + "</title><link>https://n.example/a</link></item></channel></rss>"
}

func TestDecodeFeedBody(t *testing.T) {
	const fr, ru, ja = "Été à Noël: ça coûte 5 €", "Привет, мир", "日本語のニュース"
	cases := []struct {
		name, contentType, fallback string
		body                        []byte
		want, wantEnc               string
	}{
		{"declared latin1", "", "", charsetEncode(t, charmap.Windows1252, charsetFeed("ISO-8859-1", fr)), fr, "windows-1252"},
		{"declared latin1 actually utf8", "", "", []byte(charsetFeed("iso-8859-1", fr)), fr, "utf-8"},
		{"declared windows-1252 actually utf8 in header", "text/xml; charset=windows-1252", "", []byte(charsetFeed("", fr)), fr, "utf-8"},
		{"declared koi8-r", "", "", charsetEncode(t, charmap.KOI8R, charsetFeed("koi8-r", ru)), ru, "koi8-r"},
		{"header charset only", "application/rss+xml; charset=windows-1251", "", charsetEncode(t, charmap.Windows1251, charsetFeed("", ru)), ru, "windows-1251"},
		{"prolog wins over a wrong header", "text/xml; charset=utf-8", "", charsetEncode(t, charmap.Windows1251, charsetFeed("windows-1251", ru)), ru, "windows-1251"},
		{"shift_jis", "", "", charsetEncode(t, japanese.ShiftJIS, charsetFeed("Shift_JIS", ja)), ja, "shift_jis"},
		{"euc-jp", "", "", charsetEncode(t, japanese.EUCJP, charsetFeed("EUC-JP", ja)), ja, "euc-jp"},
		{"undeclared utf8", "", "windows-1251", []byte(charsetFeed("", ru)), ru, "utf-8"},
		{"undeclared latin1 default fallback", "", "", charsetEncode(t, charmap.Windows1252, charsetFeed("", fr)), fr, "windows-1252"},
		{"undeclared with site fallback", "", "windows-1251", charsetEncode(t, charmap.Windows1251, charsetFeed("", ru)), ru, "windows-1251"},
		{"declared utf8 but latin1", "", "", charsetEncode(t, charmap.Windows1252, charsetFeed("utf-8", fr)), fr, "windows-1252"},
		{"unknown label", "", "", charsetEncode(t, charmap.Windows1252, charsetFeed("x-nonsense", fr)), fr, "windows-1252"},
		{"utf8 bom", "", "", append([]byte{0xEF, 0xBB, 0xBF}, charsetFeed("", ru)...), ru, "utf-8"},
		{"utf16 bom", "", "", charsetEncode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), charsetFeed("UTF-16", ru)), ru, "utf-16le"},
		{"leading whitespace", "", "", []byte("\n\n  \t" + charsetFeed("UTF-8", ru)), ru, "utf-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, enc := decodeFeedBody(c.body, c.contentType, c.fallback)
			if enc != c.wantEnc {
				t.Errorf("encoding %q, want %q", enc, c.wantEnc)
			}
			if !utf8.Valid(doc) {
				t.Fatalf("result is not UTF-8: %q", doc)
			}
			if !bytes.Contains(doc, []byte("<title>"+c.want+"</title>")) {
				t.Errorf("result %q lacks the title %q", doc, c.want)
			}
			if !bytes.HasPrefix(doc, []byte(utf8Prolog)) {
				t.Errorf("result does not start with the UTF-8 prolog: %.60q", doc)
			}
			// End to end: gofeed must not decode the bytes a second time.
			arts, err := ParseFeed(c.body, c.contentType, Site{ID: "s", Charset: c.fallback}, parseTestNow)
			if err != nil || len(arts) != 1 || arts[0].Title != c.want {
				t.Errorf("ParseFeed = %+v, %v; want title %q", arts, err, c.want)
			}
		})
	}
}

func TestDecodeFeedBodyDropsInvalidBytes(t *testing.T) {
	body := []byte(charsetFeed("UTF-8", "Привет\xff\xfe мир\x01\x02 \uFFFD ok") + "\xd0")
	doc, _ := decodeFeedBody(body, "", "")
	if !utf8.Valid(doc) || bytes.ContainsRune(doc, utf8.RuneError) || bytes.ContainsAny(doc, "\x01\x02") {
		t.Fatalf("invalid bytes survived: %q", doc)
	}
	if !bytes.Contains(doc, []byte("<title>Привет мир  ok</title>")) {
		t.Errorf("text damaged: %q", doc)
	}
}

func TestDecodeFeedBodyRemovesLaterDeclarations(t *testing.T) {
	body := []byte(`<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet href="s.xsl"?><rss><?xml version="1.0" encoding="koi8-r"?><channel/></rss>`)
	doc, _ := decodeFeedBody(body, "", "")
	if got := strings.Count(string(doc), "<?xml "); got != 1 {
		t.Errorf("%d XML declarations left in %q", got, doc)
	}
	if !bytes.Contains(doc, []byte("<?xml-stylesheet")) {
		t.Errorf("stylesheet instruction removed: %q", doc)
	}
}

func TestHeaderCharset(t *testing.T) {
	for in, want := range map[string]string{
		"":                                    "",
		"application/rss+xml":                 "",
		"text/xml; charset=ISO-8859-1":        "ISO-8859-1",
		`text/xml; charset="koi8-r"`:          "koi8-r",
		"text/xml;charset=utf-8; broken=\"":   "utf-8",
		"text/html; charset=windows-1251 foo": "windows-1251",
	} {
		if got := headerCharset(in); got != want {
			t.Errorf("headerCharset(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLooksUTF8(t *testing.T) {
	cases := []struct {
		in                   string
		ok, mostly, nonASCII bool
	}{
		{"plain ascii", true, true, false},
		{"déjà vu", true, true, true},
		{"truncated at the end \xd0", true, true, true},
		{"d\xe9j\xe0 vu", false, false, true},
		{strings.Repeat("привет ", 10) + "\xff", true, true, true},
		{"привет \xff\xfe", false, true, true},
		{"\xe9t\xe9 \xc3\xa9", false, false, true},
	}
	for _, c := range cases {
		ok, mostly, non := looksUTF8([]byte(c.in))
		if ok != c.ok || mostly != c.mostly || non != c.nonASCII {
			t.Errorf("looksUTF8(%q) = %v, %v, %v; want %v, %v, %v", c.in, ok, mostly, non, c.ok, c.mostly, c.nonASCII)
		}
	}
}

func TestRepairMojibake(t *testing.T) {
	cases := map[string]string{
		"Piratage imputÃ© Ã\u00a0 la Russie":       "Piratage imputé à la Russie",
		"Ð’ ÐœÐ¾Ñ\u0081ÐºÐ²Ðµ":                     "В Москве",
		"Trudeauâ€™s top advisers":                 "Trudeau’s top advisers",
		"fotoâ€™s: in GeorgiÃ« en vroeÃ«r, Ãªrens": "foto’s: in Georgië en vroeër, êrens",
		"Ã‚Â¿CUÃ\u0081NTO?":                        "¿CUÁNTO?",
		"ÃƒÂ©tÃƒÂ©":                                "été",
		"Î‘Î¸Î®Î½Î±":                               "Αθήνα",
		"æ—¥æœ¬":                                   "日本",
		"ðŸ˜€ ok":                                  "😀 ok",
		"mixed: été and Ã©tÃ©":                     "mixed: été and été",
		"NÃO SÃO PAULO":                            "NÃO SÃO PAULO",
		"„SPÖ“ und „ÖVP“":                          "„SPÖ“ und „ÖVP“",
		"répondre à\u00a0« oui »":                  "répondre à\u00a0« oui »",
		"Ðóra and Ñandú":                           "Ðóra and Ñandú",
		"plain ASCII":                              "plain ASCII",
		"Ã":                                        "Ã",
		"already fine: Москва, 東京, café":           "already fine: Москва, 東京, café",
		"Â\u0080 control would result":             "Â\u0080 control would result",
		"Ã\u0080 is a capital A grave":             "À is a capital A grave",
		"Ã© at the end Ã":                          "é at the end Ã",
		"Two-byte lead followed by end Ð":          "Two-byte lead followed by end Ð",
		"three-byte lead with one continuation â€": "three-byte lead with one continuation â€",
		"Ã¼ber and Ã¤ and Ã¶ and ÃŸ: Ã„Ã–Ãœ (German)": "über and ä and ö and ß: ÄÖÜ (German)",
		"Å‚Ã³dÅº and Ä…":                              "łódź and ą",
		"×©×œ×•×\u009d":                               "שלום",
	}
	for in, want := range cases {
		if got := repairMojibake(in); got != want {
			t.Errorf("repairMojibake(%q) = %q, want %q", in, got, want)
		}
	}
}
