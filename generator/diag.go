package generator

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"mentorgen/generator/internal/editdist"
)

// A Diagnostic is one problem in the site's input. Col counts bytes, as go/token does.
type Diagnostic struct {
	File      string // slash path in the site fs.FS: "content/mentors/ana.md"
	Line, Col int    // 1-based, from the top of the file; 0 when unknown
	Msg, Hint string // Hint is optional: `did you mean "senior"?`
	// Code names the kind of problem, stable across rewordings: "unknown-key". Codes lists
	// them all.
	Code string
	// Warning marks a problem that does not stop a build: a placeholder left in, a page left
	// out. Options.Strict makes warnings errors.
	Warning bool
}

// String formats the diagnostic the way the Go toolchain prints errors, with the severity
// after the position, so editors can jump to it: content/mentors/ana.md:7:12: error: msg (hint).
func (d Diagnostic) String() string {
	s := d.File
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
		if d.Col > 0 {
			s += fmt.Sprintf(":%d", d.Col)
		}
	}
	if s += ": " + d.Severity() + ": " + d.Msg; d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	return s
}

// Severity is "warning" or "error".
func (d Diagnostic) Severity() string {
	if d.Warning {
		return "warning"
	}
	return "error"
}

// Diagnostics is a list of problems; it is an error when it is not empty.
type Diagnostics []Diagnostic

// Sort orders the list by file, line and column, so output does not depend on goroutine order.
func (l Diagnostics) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

func (l Diagnostics) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Errors returns the diagnostics that are not warnings.
func (l Diagnostics) Errors() Diagnostics { return l.filter(false) }

// Warnings returns the diagnostics that are warnings.
func (l Diagnostics) Warnings() Diagnostics { return l.filter(true) }

func (l Diagnostics) filter(warning bool) Diagnostics {
	var out Diagnostics
	for _, d := range l {
		if d.Warning == warning {
			out = append(out, d)
		}
	}
	return out
}

// strict returns the list with every warning made an error.
func (l Diagnostics) strict() Diagnostics {
	out := make(Diagnostics, len(l))
	for i, d := range l {
		d.Warning = false
		out[i] = d
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l Diagnostics) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// lineIndex converts byte offsets of one file to line and column. Offsets travel through
// parsing; line and column are computed only when a diagnostic is made.
// Columns on line 1 count from after a byte order mark, as yaml.v3 counts them in site.yaml.
type lineIndex []int // byte offset of the start of each line

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	if bytes.HasPrefix(src, bom) {
		idx[0] = len(bom)
	}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return idx
		}
		i += j + 1
		idx = append(idx, i)
	}
}

// pos returns the 1-based line and column of offset.
func (idx lineIndex) pos(offset int) (line, col int) {
	i := sort.SearchInts(idx, offset+1) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, max(offset-idx[i], 0) + 1
}

// closest returns up to n candidates, nearest to s first (by edit distance, ignoring case;
// ties keep the candidates' order).
func closest(s string, candidates []string, n int) []string {
	ls := strings.ToLower(s)
	dist := make(map[string]int, len(candidates))
	for _, c := range candidates {
		dist[c] = editdist.Distance(ls, strings.ToLower(c))
	}
	out := slices.Clone(candidates)
	slices.SortStableFunc(out, func(a, b string) int { return dist[a] - dist[b] })
	return out[:min(n, len(out))]
}

// nearlyEqual reports whether c is close enough to s to be offered alone as what s meant: a
// typo or two, relative to the length ("seinor" → "senior", not "lead" → "mid").
func nearlyEqual(s, c string) bool {
	ls, lc := strings.ToLower(s), strings.ToLower(c)
	if ls == lc {
		return true
	}
	return editdist.Distance(ls, lc) <= max(1, min(len([]rune(ls)), len([]rune(lc)))/3)
}
