package sources

import (
	"strings"
	"unicode/utf8"
)

// cp1252High maps the characters windows-1252 puts at bytes 0x80–0x9F back
// to their byte. Together with Latin-1 (U+0080–U+00FF is byte for byte) it
// undoes "UTF-8 bytes read as windows-1252", the usual double encoding.
var cp1252High = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// repairMojibake undoes double-encoded UTF-8 ("Ã©" for "é", "Ð¿" for "п",
// "â€™" for "’") sequence by sequence, so text that is only partly mangled is
// repaired too. It is conservative: a sequence is replaced only when it
// starts with a typical lead character, the bytes it stands for form exactly
// one valid UTF-8 character, and that character is a plausible one.
// Double-encoding twice is undone as well.
func repairMojibake(s string) string {
	for pass := 0; pass < 2; pass++ {
		// Every lead character (U+00C2–U+00F0) is encoded as 0xC3 0xXX.
		if strings.IndexByte(s, 0xC3) < 0 {
			return s
		}
		out, n := repairMojibakeOnce(s)
		if n == 0 {
			return s
		}
		s = out
	}
	return s
}

// repairMojibakeOnce makes one left-to-right pass and reports how many
// sequences it replaced.
func repairMojibakeOnce(s string) (string, int) {
	var b strings.Builder
	repaired, last := 0, 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		need := mojibakeLead(r)
		if need == 0 {
			i += size
			continue
		}
		var buf [4]byte
		buf[0] = byte(r)
		j, ok := i+size, true
		for k := 1; k <= need && ok; k++ {
			c, csize := utf8.DecodeRuneInString(s[j:])
			cb, isByte := mojibakeByte(c)
			ok = isByte && cb >= 0x80 && cb <= 0xBF
			buf[k] = cb
			j += csize
		}
		if !ok {
			i += size
			continue
		}
		fixed, fsize := utf8.DecodeRune(buf[:need+1])
		if fsize != need+1 || !plausibleRepair(fixed) {
			i += size
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteRune(fixed)
		repaired++
		i, last = j, j
	}
	if repaired == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	return b.String(), repaired
}

// mojibakeLead returns how many continuation characters follow r when r is a
// typical first character of double-encoded UTF-8, or 0.
func mojibakeLead(r rune) int {
	switch r {
	case 'Â', 'Ã', 'Ä', 'Å', // Latin-1 supplement and Latin Extended-A
		'Î', 'Ï', // Greek
		'Ð', 'Ñ', // Cyrillic
		'×',                // Hebrew
		'Ø', 'Ù', 'Ú', 'Û': // Arabic
		return 1
	case 'ð': // emoji and other astral characters
		return 3
	}
	if r >= 'à' && r <= 'ï' { // punctuation, Indic, Thai, CJK, Hangul
		return 2
	}
	return 0
}

// mojibakeByte returns the byte that r stands for when UTF-8 was read as
// windows-1252 (or Latin-1, which yields U+0080–U+009F for the bytes
// windows-1252 leaves undefined).
func mojibakeByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0xFF {
		return byte(r), true
	}
	b, ok := cp1252High[r]
	return b, ok
}

// plausibleRepair rejects repairs that would produce control characters or
// scripts that real text next to a Latin letter almost never means (e.g.
// French "à\u00a0«" reads as bytes of a Samaritan letter).
func plausibleRepair(r rune) bool {
	switch {
	case r < 0xA0:
		return false
	case r >= 0x0800 && r <= 0x08FF:
		return false
	case r >= 0x10000 && r < 0x1F000:
		return false
	}
	return true
}
