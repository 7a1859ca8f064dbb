package generator

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

// Slug makes a file name or URL segment from a title: "Łukasz Wiśniewski" → "lukasz-wisniewski".
func Slug(title string) string {
	if s := slugify(title, false); s != "" {
		return s
	}
	return slugify(title, true)
}
