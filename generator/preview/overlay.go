package preview

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strings"

	"mentorgen/generator"
)

// problem is one diagnostic as the overlay shows it: the line the terminal prints, and the
// source lines around the position.
type problem struct {
	Text  string    `json:"text"` // content/mentors/ana.md:7:12: error: msg (hint), as the terminal prints it
	File  string    `json:"file"`
	Line  int       `json:"line,omitempty"`
	Col   int       `json:"col,omitempty"`
	Lines []srcLine `json:"lines,omitempty"`
}

type srcLine struct {
	N    int    `json:"n"`
	Text string `json:"text"`
	Bad  bool   `json:"bad,omitempty"`
}

const (
	excerptProblems = 50  // source excerpts for the first this many problems
	excerptContext  = 2   // lines before and after
	excerptWidth    = 240 // bytes of a line shown
)

// problems turns diagnostics into overlay entries with source excerpts. Files are read from
// the site, and layouts the site does not override from the built-in theme.
func problems(diags generator.Diagnostics, site, theme fs.FS) []problem {
	files := map[string][]string{}
	lines := func(name string) []string {
		if l, ok := files[name]; ok {
			return l
		}
		src, err := fs.ReadFile(site, name)
		if rest, ok := strings.CutPrefix(name, "layouts/"); err != nil && ok && theme != nil {
			src, err = fs.ReadFile(theme, rest)
		}
		var l []string
		if err == nil {
			l = strings.Split(string(src), "\n")
		}
		files[name] = l
		return l
	}
	out := make([]problem, 0, len(diags))
	for i, d := range diags {
		p := problem{Text: d.String(), File: d.File, Line: d.Line, Col: d.Col}
		if src := lines(d.File); i < excerptProblems && d.Line > 0 && d.Line <= len(src) && fs.ValidPath(d.File) {
			for n := max(1, d.Line-excerptContext); n <= min(len(src), d.Line+excerptContext); n++ {
				text := strings.TrimRight(src[n-1], "\r")
				if len(text) > excerptWidth {
					text = text[:excerptWidth] + "…"
				}
				p.Lines = append(p.Lines, srcLine{N: n, Text: text, Bad: n == d.Line})
			}
		}
		out = append(out, p)
	}
	return out
}

var problemTmpl = template.Must(template.New("").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · mentorgen</title>
<meta http-equiv="Content-Security-Policy" content="{{ .CSP }}">
<link rel="stylesheet" href="{{ .Style }}"></head>
<body class="mentorgen-problems"><h1>{{ .Title }}</h1><p>Fix the file and this page reloads by itself.</p><ol>
{{- range .Problems }}<li><code>{{ .Text }}</code>{{ with .Lines }}<pre><code>
{{- range . }}<span{{ if .Bad }} class="bad"{{ end }}>{{ printf "%4d" .N }} | {{ .Text }}</span>
{{ end }}</code></pre>{{ end }}</li>{{ end }}
</ol><script src="{{ .Script }}" data-v="{{ .Version }}" defer></script></body></html>
`))

// problemPage is the page served when there is nothing good to show.
func problemPage(title string, probs []problem, version string) []byte {
	var b bytes.Buffer
	_ = problemTmpl.Execute(&b, map[string]any{"Title": title, "Problems": probs, "Script": scriptPath, "Style": stylePath, "CSP": generator.ContentSecurityPolicy, "Version": version})
	return b.Bytes()
}

// writeProblems prints problems for the terminal as the overlay shows them: each line, then
// the source lines around its position, the wrong one marked and a caret under the column.
func writeProblems(b *strings.Builder, probs []problem) {
	for _, p := range probs {
		b.WriteString(p.Text)
		b.WriteByte('\n')
		for _, l := range p.Lines {
			mark := "  "
			if l.Bad {
				mark = "> "
			}
			fmt.Fprintf(b, "  %s%4d | %s\n", mark, l.N, l.Text)
			if l.Bad && p.Col > 0 && p.Col <= len(l.Text)+1 {
				fmt.Fprintf(b, "         | %s^\n", caretPad(l.Text[:p.Col-1]))
			}
		}
	}
}

// caretPad is the blank space under the text before a column: tabs stay tabs, so the caret
// lines up in a terminal, and every other character is one space.
func caretPad(before string) string {
	var pad strings.Builder
	for _, r := range before {
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	return pad.String()
}
