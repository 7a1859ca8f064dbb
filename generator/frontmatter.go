package generator

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// frontMatter is the decoded head of a content file. Both YAML and TOML are turned into a
// yaml.Node mapping, so that one decoder checks fields and reports positions for both.
type frontMatter struct {
	root       *yaml.Node // a MappingNode; nil when the file has no front matter
	bodyOffset int        // byte offset of the Markdown body in the file
	lineOffset int        // lines before the front matter's first line (the opening delimiter)
}

// rawFrontMatter records which delimiter matched and the bytes between the delimiters.
type rawFrontMatter struct {
	format string
	data   []byte
}

func captureFormat(start, format string) *frontmatter.Format {
	return frontmatter.NewFormat(start, start, func(data []byte, v any) error {
		raw := v.(*rawFrontMatter)
		raw.format, raw.data = format, data
		return nil
	})
}

var frontMatterFormats = []*frontmatter.Format{captureFormat("---", "yaml"), captureFormat("+++", "toml")}

// bom is the UTF-8 byte order mark that Windows editors write at the start of "UTF-8 with
// BOM" files. yaml.v3 skips it in site.yaml; adrg/frontmatter does not, and would see no
// opening delimiter.
var bom = []byte("\xef\xbb\xbf")

// splitFrontMatter finds and decodes the front matter of src. Errors carry positions counted
// from the top of the file. A byte order mark at the start is skipped.
func splitFrontMatter(file string, src []byte) (frontMatter, Diagnostics) {
	var raw rawFrontMatter
	skip := 0
	if bytes.HasPrefix(src, bom) {
		skip = len(bom)
	}
	rest, err := frontmatter.Parse(bytes.NewReader(src[skip:]), &raw, frontMatterFormats...)
	if err != nil {
		return frontMatter{}, Diagnostics{{File: file, Line: 1, Code: "yaml-syntax", Msg: "cannot read front matter: " + err.Error()}}
	}
	fm := frontMatter{bodyOffset: len(src) - len(rest)}
	// The opening delimiter is the first non-blank line.
	open := skip
	for open < len(src) {
		end := bytes.IndexByte(src[open:], '\n')
		if end < 0 {
			end = len(src) - open
		}
		if len(bytes.TrimSpace(src[open:open+end])) > 0 {
			break
		}
		open += end + 1
	}
	fm.lineOffset = bytes.Count(src[:min(open, len(src))], []byte("\n"))
	if raw.format == "" {
		line := bytes.TrimSpace(firstLine(src[min(open, len(src)):]))
		if string(line) == "---" || string(line) == "+++" {
			return fm, Diagnostics{{File: file, Line: fm.lineOffset + 1, Col: 1, Code: "yaml-syntax",
				Msg:  "front matter is not closed",
				Hint: fmt.Sprintf("did you forget the closing %s line?", line)}}
		}
		return fm, nil
	}
	var diags Diagnostics
	switch raw.format {
	case "yaml":
		fm.root, diags = decodeYAML(file, raw.data, fm.lineOffset+1)
	case "toml":
		fm.root, diags = decodeTOML(file, raw.data, fm.lineOffset+1)
	}
	return fm, diags
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

var yamlLineRE = regexp.MustCompile(`line (\d+): (.*)`)

// decodeYAML parses data into a mapping node whose lines count from the top of the file;
// lineShift is the number of lines before data.
func decodeYAML(file string, data []byte, lineShift int) (*yaml.Node, Diagnostics) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, Diagnostics{yamlError(file, data, err, lineShift)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}, nil
	}
	root := doc.Content[0]
	shiftLines(root, lineShift)
	if root.Kind != yaml.MappingNode {
		return nil, Diagnostics{{File: file, Line: root.Line, Col: root.Column, Code: "yaml-syntax",
			Msg: "want `key: value` lines, got " + describe(root), Hint: "write one `key: value` per line"}}
	}
	return root, nil
}

// yamlError turns a yaml.v3 error ("yaml: line 3: mapping values are not allowed…") into a
// diagnostic at the line and column where the text is wrong, counted from the top of the file.
//
// yaml.v3 keeps the column to itself, and its line is often not the wrong one: for a parser
// error it prints the 0-based line, and it prefers the start of the enclosing block (a
// mis-indented `url:` on line 24 is blamed on the `links:` of line 20). So the wrong line is
// found again from the text: the first line whose prefix of the document fails with the same
// message. The column and the hint then come from that line.
func yamlError(file string, data []byte, err error, lineShift int) Diagnostic {
	msg := trimPrefix(err.Error(), "yaml: ")
	// Without "line N:", yaml.v3's marks were on its line 0.
	n, m := 1, []string{"", "", msg}
	if lm := yamlLineRE.FindStringSubmatch(msg); lm != nil {
		n, _ = strconv.Atoi(lm[1])
		m = lm
	}
	lines := strings.SplitAfter(string(data), "\n")
	bad := blameLine(lines, n, m[2])
	d := Diagnostic{File: file, Line: bad + 1 + lineShift, Code: "yaml-syntax", Msg: "invalid YAML: " + m[2],
		Hint: "check indentation and quote values that contain a colon"}
	if bad >= len(lines) {
		return d
	}
	text := strings.TrimRight(lines[bad], "\r\n")
	body := strings.TrimLeft(text, " ")
	indent := len(text) - len(body)
	d.Col = indent + 1
	switch {
	case strings.HasPrefix(body, "\t"):
		d.Hint = "indent with spaces: YAML does not allow tabs there"
	case reindent(lines, bad, indent, body, lineShift, &d):
	case strings.Contains(m[2], "mapping values are not allowed"):
		if i := strings.Index(body, ": "); i >= 0 {
			if j := strings.Index(body[i+2:], ":"); j >= 0 {
				d.Col = indent + i + 2 + j + 1
				key, val := body[:i], strings.TrimSpace(body[i+2:])
				d.Hint = fmt.Sprintf("quote a value that contains a colon: %s: %s", key, strconv.Quote(val))
			}
		}
	case strings.Contains(m[2], "']'") || strings.Contains(m[2], "'}'"):
		if c := unclosedBracket(body); c >= 0 {
			d.Col = indent + c + 1
			d.Hint = fmt.Sprintf("close the %c with %c, and quote items that contain a comma or colon", body[c], map[byte]byte{'[': ']', '{': '}'}[body[c]])
		}
	case strings.Contains(m[2], "end of stream") || strings.Contains(m[2], "quoted scalar"):
		if c := strings.IndexAny(body, "\"'"); c >= 0 {
			d.Col = indent + c + 1
			d.Hint = fmt.Sprintf("close the quote with %c", body[c])
		}
	}
	return d
}

// parses reports whether lines parse as YAML.
func parses(lines []string) bool {
	var n yaml.Node
	return yaml.Unmarshal([]byte(strings.Join(lines, "")), &n) == nil
}

// blameLine returns the 0-based index of the first line at which the document fails with msg.
// yaml.v3 printed line n; the wrong line is never more than one before it.
func blameLine(lines []string, n int, msg string) int {
	for k := max(n-1, 1); k <= len(lines); k++ {
		var doc yaml.Node
		err := yaml.Unmarshal([]byte(strings.Join(lines[:k], "")), &doc)
		if err == nil {
			continue
		}
		e := trimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRE.FindStringSubmatch(e); m != nil {
			e = m[2]
		}
		if e == msg {
			return k - 1
		}
	}
	return min(max(n-1, 0), max(len(lines)-1, 0))
}

// reindent looks for an indentation of line bad that lines it up with a key above and makes the
// document parse up to that line. If there is one, it sets d's message and hint and returns
// true; the nearest such indentation wins.
func reindent(lines []string, bad, indent int, body string, lineShift int, d *Diagnostic) bool {
	type ref struct {
		col, line int
		key       string
	}
	var refs []ref
	seen := map[int]bool{}
	for i := bad - 1; i >= 0; i-- {
		t := strings.TrimRight(lines[i], "\r\n")
		b := strings.TrimLeft(t, " ")
		if b == "" || b[0] == '#' {
			continue
		}
		col := len(t) - len(b)
		for {
			if !seen[col] {
				seen[col] = true
				refs = append(refs, ref{col, i, keyOf(b)})
			}
			rest, ok := strings.CutPrefix(b, "- ")
			if !ok {
				break
			}
			trimmed := strings.TrimLeft(rest, " ")
			col += 2 + len(rest) - len(trimmed)
			b = trimmed
		}
	}
	sort.SliceStable(refs, func(i, j int) bool {
		di, dj := abs(refs[i].col-indent), abs(refs[j].col-indent)
		return di < dj || di == dj && refs[i].col > refs[j].col
	})
	for _, r := range refs {
		if r.col == indent {
			continue
		}
		try := append(append([]string(nil), lines[:bad]...), strings.Repeat(" ", r.col)+body+"\n")
		if !parses(try) {
			continue
		}
		d.Msg = fmt.Sprintf("invalid YAML: %q is indented %s", keyOf(body), spaces(indent))
		d.Hint = fmt.Sprintf("indentation: line it up with %q on line %d", r.key, r.line+1+lineShift)
		if r.col == 0 {
			d.Hint += ", at the start of the line"
		} else {
			d.Hint += ", " + spaces(r.col) + " in"
		}
		return true
	}
	return false
}

// keyOf returns the start of a YAML line as people name it: "url:" for `url: https://…`.
func keyOf(b string) string {
	if i := strings.Index(b, ": "); i >= 0 {
		return b[:i+1]
	}
	if strings.HasSuffix(b, ":") {
		return b
	}
	if len(b) > 20 {
		return b[:20] + "…"
	}
	return b
}

// unclosedBracket returns the index of the last [ or { in s that is not closed on the line, or
// -1.
func unclosedBracket(s string) int {
	var open []int
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[', '{':
			open = append(open, i)
		case ']', '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	if len(open) == 0 {
		return -1
	}
	return open[len(open)-1]
}

func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return strconv.Itoa(n) + " spaces"
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}

// decodeTOML parses TOML front matter and converts it into the same yaml.Node shape that YAML
// front matter has. BurntSushi/toml keeps no positions per key, so each top-level key's line is
// found by scanning for `key =` at the start of a line.
func decodeTOML(file string, data []byte, lineShift int) (*yaml.Node, Diagnostics) {
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, Diagnostics{{File: file, Line: pe.Position.Line + lineShift, Col: pe.Position.Col, Code: "yaml-syntax",
				Msg: "invalid TOML: " + pe.Message}}
		}
		return nil, Diagnostics{{File: file, Line: lineShift + 1, Code: "yaml-syntax", Msg: "invalid TOML: " + err.Error()}}
	}
	lines := bytes.Split(data, []byte("\n"))
	// Top-level keys come before the first [table] header, so a key of the same name in a
	// table ([params] toc = true) is not taken for the top-level one.
	for i, l := range lines {
		if t := bytes.TrimSpace(l); len(t) > 0 && t[0] == '[' {
			lines = lines[:i]
			break
		}
	}
	keyPos := func(key string) (line, col, valCol int) {
		re := regexp.MustCompile(`^(\s*)("` + regexp.QuoteMeta(key) + `"|'` + regexp.QuoteMeta(key) + `'|` + regexp.QuoteMeta(key) + `)\s*=[ \t]*`)
		for i, l := range lines {
			if m := re.FindSubmatchIndex(l); m != nil {
				return i + 1 + lineShift, m[3] + 1, m[1] + 1
			}
		}
		return lineShift + 1, 1, 1
	}
	return tomlToNode(m, keyPos), nil
}

func tomlToNode(m map[string]any, keyPos func(string) (line, col, valCol int)) *yaml.Node {
	root := &yaml.Node{Kind: yaml.MappingNode, Line: 1}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		line, col, valCol := 0, 1, 1
		if keyPos != nil {
			line, col, valCol = keyPos(k)
		}
		kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: line, Column: col}
		vn := tomlValue(m[k], line, valCol)
		root.Content = append(root.Content, kn, vn)
	}
	return root
}

func tomlValue(v any, line, col int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: col}
	switch v := v.(type) {
	case string:
		n.Tag, n.Value = "!!str", v
	case int64:
		n.Tag, n.Value = "!!int", strconv.FormatInt(v, 10)
	case float64:
		n.Tag, n.Value = "!!float", strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		n.Tag, n.Value = "!!bool", strconv.FormatBool(v)
	case time.Time:
		n.Tag, n.Value = "!!timestamp", v.Format(time.RFC3339)
	case []any:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, e := range v {
			n.Content = append(n.Content, tomlValue(e, line, col))
		}
	case []map[string]any:
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		for _, e := range v {
			n.Content = append(n.Content, tomlValue(e, line, col))
		}
	case map[string]any:
		sub := tomlToNode(v, nil)
		for _, c := range sub.Content {
			c.Line, c.Column = line, col
		}
		sub.Line, sub.Column = line, col
		return sub
	default:
		n.Tag, n.Value = "!!str", fmt.Sprint(v)
	}
	return n
}
