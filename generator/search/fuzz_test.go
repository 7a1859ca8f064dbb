package search

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzTokenize: the tokenizer never panics, and every token is non-empty, valid UTF-8 and
// already folded: tokenizing it again yields itself.
func FuzzTokenize(f *testing.F) {
	for _, c := range readVectors(f).Tokenize {
		f.Add(c.In)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokenize(s) {
			if tok == "" || !utf8.ValidString(tok) && utf8.ValidString(s) {
				t.Fatalf("Tokenize(%q): bad token %q", s, tok)
			}
			if again := Tokenize(tok); !slices.Equal(again, []string{tok}) {
				t.Fatalf("Tokenize(%q) has %q, which tokenizes to %q", s, tok, again)
			}
		}
	})
}
