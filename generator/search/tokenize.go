package search

import (
	"strings"
	"unicode"

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
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// isIdeo reports whether r is a Han, Hiragana or Katakana character, each of which is a
// token of its own (there are no spaces between words in those scripts).
func isIdeo(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// fold turns one word into its token: canonical decomposition, combining marks dropped,
// lower case, the letters of foldLetters replaced, then recomposed (so Hangul syllables,
// which NFD splits into jamo, come back whole). Apostrophes are dropped.
func fold(w string) string {
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
	rs := []rune(s)
	offs := make([]int, len(rs)+1)
	o := 0
	for i, r := range rs {
		offs[i] = o
		o += len(string(r))
	}
	offs[len(rs)] = o
	at := func(i int) rune {
		if i < 0 || i >= len(rs) {
			return 0
		}
		return rs[i]
	}
	plainWord := func(r rune) bool { return isWord(r) && !isIdeo(r) }
	emit := func(a, b int) {
		if t := fold(string(rs[a:b])); t != "" {
			fn(t, offs[a], offs[b])
		}
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case isIdeo(r):
			emit(i, i+1)
			i++
		case plainWord(r) || (r == '.' && !isWord(at(i-1)) && plainWord(at(i+1))):
			start := i
			i++
			for i < len(rs) {
				if plainWord(rs[i]) {
					i++
				} else if isApostrophe(rs[i]) && plainWord(at(i+1)) {
					i += 2
				} else {
					break
				}
			}
			// A suffix: one '#' or a run of '+', not followed by a word character.
			j := i
			if at(j) == '#' {
				j++
			} else {
				for at(j) == '+' {
					j++
				}
			}
			if j > i && !isWord(at(j)) {
				i = j
			}
			emit(start, i)
		default:
			i++
		}
	}
}
