package generator

import (
	"fmt"
	"strings"

	"mentorgen/generator/markdown"
)

// minBioWords is the shortest mentor bio (the body of the profile) that lint-bio-short
// accepts: about three sentences, enough to say what the mentor can help with.
const minBioWords = 40

// lintPage returns the editor's warnings for one parsed page: body problems found by
// lintBody (privacy ones only for mentor profiles, whose bodies are public contact
// pages), and, for a mentor, what a complete profile has. They are positioned at the field
// when it is there and empty, at the first front matter key when it is missing, and in the
// body for the body. Expertise and timezone need no rule here: checkMentor makes them
// required.
func lintPage(pg *Page, body []markdown.Problem, fm frontMatter, bodyLen int) Diagnostics {
	var ps []markdown.Problem
	for _, p := range body {
		if pg.Kind == KindMentor || !strings.HasPrefix(p.Code, "privacy-") {
			ps = append(ps, p)
		}
	}
	out := problemDiags(ps, pg.File, pg.lines)
	m := pg.Mentor
	if pg.Kind != KindMentor || m == nil {
		return out
	}
	first := 1 // the line of the first front matter key
	if fm.root != nil {
		first = fm.root.Line
	}
	at := func(key, code, msg, hint string) {
		d := Diagnostic{File: pg.File, Line: first, Col: 1, Code: code, Msg: msg, Hint: hint, Warning: true}
		if pos, ok := pg.keyPos[key]; ok {
			d.Line, d.Col = pos[0], pos[1]
		}
		out = append(out, d)
	}
	if m.Photo == "" && !m.NoPhoto {
		at("photo", "lint-photo", "the profile has no photo",
			"add photo: with a file beside the profile or under static/, or write photo: none to show initials on purpose")
	}
	if m.BookingURL == "" && len(m.Links) == 0 {
		at("booking_url", "lint-no-contact", "the profile gives mentees no way to reach the mentor",
			"add booking_url: (https: or mailto:) or links:")
	}
	if pg.Words < minBioWords {
		line, col := pg.lines.pos(fm.bodyOffset)
		if bodyLen == 0 && fm.bodyOffset > 0 {
			line, col = pg.lines.pos(fm.bodyOffset - 1) // the closing --- of the front matter
			col = 1
		}
		out = append(out, Diagnostic{File: pg.File, Line: line, Col: col, Code: "lint-bio-short", Warning: true,
			Msg:  fmt.Sprintf("the bio has %d words, fewer than %d", pg.Words, minBioWords),
			Hint: "say in a few sentences what the mentor has done and what they can help with"})
	}
	return out
}

// diagnostics returns the problems of the body of file, whose line starts are lines.
func bodyDiagnostics(r markdown.Result, file string, lines lineIndex) Diagnostics {
	return problemDiags(r.Problems, file, lines)
}

func problemDiags(ps []markdown.Problem, file string, lines lineIndex) Diagnostics {
	var out Diagnostics
	for _, p := range ps {
		line, col := lines.pos(p.Offset)
		out = append(out, Diagnostic{File: file, Line: line, Col: col, Code: p.Code, Msg: p.Msg, Hint: p.Hint, Warning: p.Warning})
	}
	return out
}
