package sources

import (
	"bytes"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The real feeds in these encodings come from the LGPL chardet corpus and
// are not shipped (testdata/feeds/SOURCES.md); these documents of our own
// keep each encoding decoded in every run.
func TestDecodeLegacyEncodingsOfLeftOutFixtures(t *testing.T) {
	for _, c := range []struct {
		label, wantEnc string
		enc            encoding.Encoding
		title          string
	}{
		{"euc-kr", "euc-kr", korean.EUCKR, "한국어 뉴스 제목"},
		{"big5", "big5", traditionalchinese.Big5, "臺灣勞工新聞"},
		{"TIS-620", "windows-874", charmap.Windows874, "ข่าวภาษาไทย"},
		{"windows-1255", "windows-1255", charmap.Windows1255, "חדשות בעברית"},
		{"iso-8859-9", "windows-1254", charmap.ISO8859_9, "Türkçe altyazı ışığı"},
		{"ISO-8859-2", "iso-8859-2", charmap.ISO8859_2, "Magyar hírek: őszi űrkutatás"},
		{"windows-1250", "windows-1250", charmap.Windows1250, "Rumsfeld: még évekig tarthat őt"},
		{"iso-8859-7", "iso-8859-7", charmap.ISO8859_7, "Ελληνικές ειδήσεις"},
	} {
		t.Run(c.label, func(t *testing.T) {
			doc, enc := decodeFeedBody(charsetEncode(t, c.enc, charsetFeed(c.label, c.title)), "", "")
			if enc != c.wantEnc {
				t.Errorf("encoding %q, want %q", enc, c.wantEnc)
			}
			if !bytes.Contains(doc, []byte("<title>"+c.title+"</title>")) {
				t.Errorf("decoded %q lacks the title %q", doc, c.title)
			}
			arts, err := ParseFeed(charsetEncode(t, c.enc, charsetFeed(c.label, c.title)), "", parseTestSite, parseTestNow)
			if err != nil || len(arts) != 1 || arts[0].Title != c.title {
				t.Errorf("parsed %+v, %v; want the title %q", arts, err, c.title)
			}
		})
	}
}
