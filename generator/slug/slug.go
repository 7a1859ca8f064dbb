// Package slug makes the words of URLs and file names: a title folded to ASCII and joined by
// hyphens ("Łukasz Wiśniewski" → "lukasz-wisniewski"), or a heading's id in its own script.
// A leaf: the standard library and golang.org/x/text only.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSpecial maps letters that Unicode decomposition does not reduce to ASCII.
var foldSpecial = map[rune]string{
	'ß': "ss", 'ø': "o", 'Ø': "O", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D", 'æ': "ae", 'Æ': "AE",
	'œ': "oe", 'Œ': "OE", 'þ': "th", 'ı': "i", 'ð': "d",
}

// Fold removes diacritics: "José Ødegård" becomes "Jose Odegard". Letters of scripts without
// a Latin form (王, 김) are kept as they are.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := foldSpecial[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// Of makes a file name or URL segment from a title: "Łukasz Wiśniewski" → "lukasz-wisniewski".
func Of(title string) string {
	if s := Make(title, false); s != "" {
		return s
	}
	return Make(title, true)
}

// Make lower-cases s and joins its words with hyphens. With unicodeOK, letters of any
// script are kept (heading ids); without, letters are folded to ASCII and others dropped
// (URLs of taxonomy terms).
func Make(s string, unicodeOK bool) string {
	var b strings.Builder
	dash := false
	s = strings.ToLower(s)
	if !unicodeOK {
		s = Fold(s)
	}
	for _, r := range s {
		switch {
		case r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		case r >= 128 && unicodeOK && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)):
		default:
			if r < 128 || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
				dash = b.Len() > 0
			}
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
