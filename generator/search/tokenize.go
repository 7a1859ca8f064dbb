package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldLetters maps the lower-case letters that canonical decomposition leaves alone.
// Upper-case forms reach this table already lowered.
var foldLetters = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ı': "i", 'æ': "ae", 'œ': "oe", 'ß': "ss",
	'þ': "th", 'ð': "d", 'ħ': "h", 'ς': "σ",
}

// isWord reports whether r belongs to a word: letters, numbers and marks.
func isWord(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isIdeo reports whether r is a Han, Hiragana or Katakana character, each of which is a
// token of its own (there are no spaces between words in those scripts).
func isIdeo(r rune) bool {
	if r < 0x2E80 { // below the CJK radicals
		return false
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// fold turns one word into its token: canonical decomposition, combining marks dropped,
// lower case, the letters of foldLetters replaced, then recomposed (so Hangul syllables,
// which NFD splits into jamo, come back whole). Apostrophes are dropped.
func fold(w string) string {
	if t, ok := foldASCII(w); ok {
		return t
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(w) {
		if unicode.Is(unicode.Mn, r) || isApostrophe(r) {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := foldLetters[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// Tokenize splits s into search terms, as the browser's MentorgenSearch.tokenize does:
// words of letters, numbers and marks, lower case, diacritics folded; `c#`, `c++` and `.net`
// are terms of their own; an apostrophe inside a word joins it ("don't" → "dont"); each Han,
// Hiragana and Katakana character is a term. FORMAT.md has the full rules.
func Tokenize(s string) []string {
	var out []string
	scan(s, func(tok string, _, _ int) { out = append(out, tok) })
	return out
}

// scan calls fn with each token of s and the byte range of its word in s.
func scan(s string, fn func(tok string, start, end int)) {
	// at returns the rune at byte i (0 past either end) and its size.
	at := func(i int) (rune, int) {
		if i < 0 || i >= len(s) {
			return 0, 0
		}
		if c := s[i]; c < utf8.RuneSelf {
			return rune(c), 1
		}
		return utf8.DecodeRuneInString(s[i:])
	}
	before := func(i int) rune {
		if i <= 0 {
			return 0
		}
		if c := s[i-1]; c < utf8.RuneSelf {
			return rune(c)
		}
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		return r
	}
	plainWord := func(r rune) bool { return isWord(r) && !isIdeo(r) }
	emit := func(a, b int) {
		// A word of nothing but combining marks folds to nothing (or to its "." or "#").
		if t := fold(s[a:b]); strings.IndexFunc(t, isWord) >= 0 {
			fn(t, a, b)
		}
	}
	for i := 0; i < len(s); {
		r, n := at(i)
		next, _ := at(i + n)
		switch {
		case isIdeo(r):
			emit(i, i+n)
			i += n
		case plainWord(r) || (r == '.' && !isWord(before(i)) && plainWord(next)):
			start := i
			i += n
			for i < len(s) {
				c, m := at(i)
				if plainWord(c) {
					i += m
				} else if d, k := at(i + m); isApostrophe(c) && plainWord(d) {
					i += m + k
				} else {
					break
				}
			}
			// A suffix: one '#' or a run of '+', not followed by a word character.
			j := i
			if j < len(s) && s[j] == '#' {
				j++
			} else {
				for j < len(s) && s[j] == '+' {
					j++
				}
			}
			if c, _ := at(j); j > i && !isWord(c) {
				i = j
			}
			emit(start, i)
		default:
			i += n
		}
	}
}

// foldASCII is fold for a word of ASCII letters, digits and suffix marks, the common case.
func foldASCII(w string) (string, bool) {
	upper := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || c == '\'' {
			return "", false
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return w, true
	}
	return strings.ToLower(w), true
}
