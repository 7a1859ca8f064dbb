package importer

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"mentorgen/generator"
	"mentorgen/generator/slug"
)

// Options says how to import.
type Options struct {
	Config *generator.Config // the site's site.yaml, so that its vocabularies apply
	Map    *Map              // nil: synonyms only
	Update bool              // change the sheet's fields in existing files
	Today  time.Time         // the date written into new files
}

// Action is what happens to one row's file.
type Action string

const (
	Create    Action = "created"
	Update    Action = "updated"
	Unchanged Action = "unchanged"
	Skip      Action = "skipped"
)

// An Entry is one row's outcome.
type Entry struct {
	Line   int    // the row's line in the sheet
	Name   string // the mentor's name, as in the sheet
	File   string // slash path in the site: content/mentors/ana-lima.md
	Action Action
	Reason string // why a row was skipped
	data   []byte // what Write writes for Create and Update
}

// A Plan is what an import would do. Nothing is written until Write.
type Plan struct {
	Entries  []Entry
	Ignored  []string              // headers that map to no field
	Warnings generator.Diagnostics // e.g. a time-zone abbreviation; they do not stop an import
}

// Count returns how many entries have action a.
func (p *Plan) Count(a Action) int {
	n := 0
	for _, e := range p.Entries {
		if e.Action == a {
			n++
		}
	}
	return n
}

// Write writes the plan's new and changed files under the site folder dir.
func (p *Plan) Write(dir string) error {
	for _, e := range p.Entries {
		if e.Action != Create && e.Action != Update {
			continue
		}
		f := filepath.Join(dir, filepath.FromSlash(e.File))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(f, e.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// A value is one field's rendered node and the cells it came from.
type value struct {
	key   string
	node  *yaml.Node
	cells []int // column index per item for links; one index otherwise
}

// rowDoc is a row turned into front matter and a body.
type rowDoc struct {
	values []value
	body   string
	bodyAt int // column of the body, -1 when none
	name   string
	latin  string
}

// Build reads every row of s, validates it as mentorgen validates content/mentors/*.md, and
// plans the files to write. site is the site folder, read for existing files. With any error
// the plan is nil and every problem is in the diagnostics, positioned in the sheet.
func Build(s *Sheet, site fs.FS, opts Options) (*Plan, generator.Diagnostics) {
	cfg := opts.Config
	if cfg == nil {
		cfg, _ = generator.ParseConfig("site.yaml", nil)
	}
	parser := generator.NewParser(cfg)
	cols, ignored, diags := columns(s, opts.Map)
	plan := &Plan{Ignored: ignored}
	if !hasTarget(cols, "title") {
		return nil, append(diags, generator.Diagnostic{File: s.File, Line: 1, Code: "import-column", Msg: "no column holds the mentor's name",
			Hint: `name one "Name" or "Full name", or map it with --map (columns: {"Your header": title})`})
	}
	slugs, noColumn := map[string]bool{}, map[string]bool{}
	for _, row := range s.Rows {
		doc := render(row, cols, opts, cfg)
		name := slug.Of(doc.latin)
		if name == "" {
			name = slug.Of(doc.name)
		}
		if name == "" && doc.name != "" {
			c := row.Cells[colOf(cols, "title")]
			diags = append(diags, cellDiag(s, row, c, s.Header[colOf(cols, "title")],
				fmt.Sprintf("cannot make a file name from %q", doc.name), "write the name with letters or digits, or add a Latin spelling in a name_latin column", false))
			continue
		}
		base := name
		for n := 2; slugs[name]; n++ { // a second Ana Lima is ana-lima-2, in sheet order
			name = fmt.Sprintf("%s-%d", base, n)
		}
		if name != "" {
			slugs[name] = true
		} else {
			name = fmt.Sprintf("row-%d", row.Line)
		}
		file := "content/mentors/" + name + ".md"
		src, fmLines := doc.file(s.File, row.Line, opts.Today, true)
		_, pd := parser.ParsePage(file, src)
		for _, d := range pd {
			if key, ok := strings.CutSuffix(d.Msg, " is missing"); ok && !hasTarget(cols, key) {
				noColumn[key] = true // reported once, at the header, below
				continue
			}
			m := mapDiag(s, row, cols, doc, fmLines, d)
			if d.Warning {
				plan.Warnings = append(plan.Warnings, m)
			} else {
				diags = append(diags, m)
			}
		}
		e := Entry{Line: row.Line, Name: doc.name, File: file, Action: Create}
		existing, bundle, found := readExisting(site, name)
		switch {
		case found && !opts.Update:
			e.Action, e.Reason = Skip, "exists (--update changes its fields from the sheet)"
		case found:
			e.File = bundle
			data, changed, why := merge(existing, doc)
			switch {
			case why != "":
				e.Action, e.Reason = Skip, why
			case !changed:
				e.Action = Unchanged
			default:
				e.Action, e.data = Update, data
				_, pd := parser.ParsePage(bundle, data)
				for _, d := range pd {
					if d.Warning {
						plan.Warnings = append(plan.Warnings, d)
					} else {
						diags = append(diags, d)
					}
				}
			}
		default:
			e.data = src
		}
		plan.Entries = append(plan.Entries, e)
	}
	for key := range noColumn {
		d := generator.Diagnostic{File: s.File, Line: 1, Code: "import-column", Msg: fmt.Sprintf("no column holds %s, which every mentor needs", key),
			Hint: fmt.Sprintf("add one, or name one in --map (columns: {\"Your header\": %s})", key)}
		if s.JSON {
			d.Line = 0
		}
		diags = append(diags, d)
	}
	if len(diags.Errors()) > 0 {
		diags.Sort()
		return nil, diags
	}
	plan.Warnings.Sort()
	return plan, nil
}

func hasTarget(cols []column, t string) bool { return colOf(cols, t) >= 0 }

func colOf(cols []column, t string) int {
	for _, c := range cols {
		if c.target == t {
			return c.index
		}
	}
	return -1
}

// readExisting finds the file a slug's page lives in: content/mentors/<slug>.md or a bundle.
func readExisting(site fs.FS, slug string) ([]byte, string, bool) {
	if site == nil {
		return nil, "", false
	}
	for _, f := range []string{"content/mentors/" + slug + ".md", "content/mentors/" + slug + "/index.md"} {
		if data, err := fs.ReadFile(site, f); err == nil {
			return data, f, true
		}
	}
	return nil, "", false
}

// render turns a row into front matter values.
func render(row Row, cols []column, opts Options, cfg *generator.Config) rowDoc {
	doc := rowDoc{bodyAt: -1}
	byKey := map[string]*value{}
	add := func(key string, n *yaml.Node, col int) {
		if v := byKey[key]; v != nil {
			if key == "links" {
				v.node.Content = append(v.node.Content, n.Content...)
				for range n.Content {
					v.cells = append(v.cells, col)
				}
			}
			return // booking_url: a booking column wins over an e-mail one (see below)
		}
		v := &value{key: key, node: n, cells: []int{col}}
		if key == "links" {
			v.cells = nil
			for range n.Content {
				v.cells = append(v.cells, col)
			}
		}
		byKey[key] = v
	}
	// A booking column goes before an e-mail one, so that its value wins.
	ordered := append([]column(nil), cols...)
	sort.SliceStable(ordered, func(i, j int) bool { return ordered[i].target == "booking_url" && ordered[j].target == "email" })
	for _, c := range ordered {
		cell := row.Cells[c.index]
		v := cell.Value
		if v == "" && len(cell.List) == 0 {
			continue
		}
		switch {
		case c.target == "body":
			doc.body, doc.bodyAt = strings.ReplaceAll(v, "\r\n", "\n"), c.index
		case c.target == "email":
			addr := v
			if len(addr) > 7 && strings.EqualFold(addr[:7], "mailto:") {
				addr = addr[7:]
			}
			if strings.Contains(addr, "@") && !strings.ContainsAny(addr, " /") {
				v = "mailto:" + addr
			}
			add("booking_url", str(v), c.index)
		case c.target == "booking_url":
			if !strings.Contains(v, ":") && strings.Count(v, "@") == 1 && !strings.ContainsAny(v, " /") {
				v = "mailto:" + v
			}
			add("booking_url", str(v), c.index)
		case isLinkTitle(c.target):
			add("links", links([]string{v}, c.target), c.index)
		case c.target == "links":
			add("links", links(items(cell, opts.Map), ""), c.index)
		default:
			f := fieldOf(c.target)
			switch f.kind {
			case list:
				seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
				for _, it := range items(cell, opts.Map) {
					seq.Content = append(seq.Content, plain(canonical(cfg, c.target, it)))
				}
				add(c.target, seq, c.index)
			case number:
				if _, err := strconv.Atoi(v); err == nil {
					add(c.target, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: v}, c.index)
				} else {
					add(c.target, str(v), c.index)
				}
			case boolean:
				if b, ok := yesNo(v); ok {
					add(c.target, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}, c.index)
				} else {
					add(c.target, str(v), c.index)
				}
			default:
				if c.target == "seniority" {
					v = strings.ToLower(v)
				}
				add(c.target, str(v), c.index)
			}
			if c.target == "title" {
				doc.name = v
			}
			if c.target == "name_latin" {
				doc.latin = v
			}
		}
	}
	for _, f := range fields {
		if v := byKey[f.key]; v != nil {
			doc.values = append(doc.values, *v)
		}
	}
	return doc
}

func fieldOf(key string) field {
	for _, f := range fields {
		if f.key == key {
			return f
		}
	}
	return field{key, text}
}

// items splits a list cell: on the map's separator, else on ";" when the cell has one, else
// on ",".
func items(c Cell, m *Map) []string {
	if c.List != nil {
		return c.List
	}
	sep := ","
	if m != nil && m.Split != "" {
		sep = m.Split
	} else if strings.Contains(c.Value, ";") {
		sep = ";"
	}
	var out []string
	for _, s := range strings.Split(c.Value, sep) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// canonical returns the vocabulary's spelling of a value written in other case or with
// spaces for hyphens ("User research" → "user-research"); other values stay as written, for
// the parser to report with its hint.
func canonical(cfg *generator.Config, key, s string) string {
	vocab := cfg.Vocabularies[key]
	if key == "program_types" {
		vocab = generator.ProgramTypes
	}
	k := headerKey(s)
	for _, v := range vocab {
		if v == s {
			return s
		}
	}
	for _, v := range vocab {
		if headerKey(v) == k {
			return v
		}
	}
	return s
}

func yesNo(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "yes", "y", "true", "1", "x", "✓", "✔":
		return true, true
	case "no", "n", "false", "0":
		return false, true
	}
	return false, false
}

// links makes link entries; a URL without a scheme gets https://, an untitled link its host.
func links(urls []string, title string) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, u := range urls {
		if !strings.Contains(u, "://") && !strings.HasPrefix(u, "mailto:") && strings.Contains(strings.SplitN(u, "/", 2)[0], ".") {
			u = "https://" + u
		}
		t := title
		if t == "" {
			t = u
			if pu, err := url.Parse(u); err == nil && pu.Host != "" {
				t = strings.TrimPrefix(pu.Host, "www.")
			}
		}
		seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{
			plain("title"), str(t), plain("url"), str(u)}})
	}
	return seq
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, Style: yaml.DoubleQuotedStyle}
}

func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// file renders a new file for the row: its front matter and body. fmLines is the 1-based
// line in the file where each value's key starts, and for links each item.
func (doc rowDoc) file(sheet string, line int, today time.Time, draft bool) ([]byte, map[string][]int) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, v := range doc.values {
		m.Content = append(m.Content, plain(v.key), v.node)
	}
	if !today.IsZero() {
		m.Content = append(m.Content, plain("date"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: today.Format("2006-01-02")})
	}
	if draft {
		m.Content = append(m.Content, plain("draft"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true",
			LineComment: "# a sign-up, not reviewed yet: delete this line to publish"})
	}
	m.HeadComment = fmt.Sprintf("Imported from %s, line %d.", commentName(path.Base(filepath.ToSlash(sheet))), line)
	fm := encode(m)
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n")
	if doc.body != "" {
		b.WriteString("\n" + strings.TrimRight(doc.body, "\n") + "\n")
	}
	lines := keyLines(fm, 1)
	lines[bodyKey] = []int{bytes.Count(fm, []byte("\n")) + 3} // "---", the front matter, "---"
	return b.Bytes(), lines
}

// commentName is a sheet's file name as the head comment can hold it: as it is when it is
// printable UTF-8, quoted with escapes otherwise. A name is bytes on Linux, and the YAML
// encoder panics on invalid UTF-8 (FuzzReadSheet found "\x8a.tsv").
func commentName(name string) string {
	if utf8.ValidString(name) && !strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) }) {
		return name
	}
	return strconv.Quote(name)
}

// bodyKey holds, in the lines of a rendered file, the first line after the front matter.
const bodyKey = "\x00body"

func encode(n *yaml.Node) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		panic(err) // nodes made here always encode
	}
	enc.Close()
	return b.Bytes()
}

// keyLines parses rendered front matter back and returns, per key, the line of the key and
// then of each item of a links list, shifted by the lines before the front matter.
func keyLines(fm []byte, shift int) map[string][]int {
	var root yaml.Node
	out := map[string][]int{}
	if yaml.Unmarshal(fm, &root) != nil || len(root.Content) == 0 {
		return out
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		lines := []int{k.Line + shift}
		if k.Value == "links" {
			for _, it := range v.Content {
				lines = append(lines, it.Line+shift)
			}
		}
		out[k.Value] = lines
	}
	return out
}

// mapDiag moves a diagnostic from the rendered file to the sheet cell its value came from.
func mapDiag(s *Sheet, row Row, cols []column, doc rowDoc, fmLines map[string][]int, d generator.Diagnostic) generator.Diagnostic {
	if key, ok := strings.CutSuffix(d.Msg, " is missing"); ok {
		if i := colOf(cols, key); i >= 0 {
			return cellDiag(s, row, row.Cells[i], s.Header[i], d.Msg, fmt.Sprintf("fill in the %q cell", s.Header[i]), d.Warning)
		}
	}
	// The key whose lines hold the diagnostic: the last key starting at or before it.
	best, bestLine := -1, 0
	for _, v := range doc.values {
		lines := fmLines[v.key]
		if len(lines) == 0 || lines[0] > d.Line || lines[0] < bestLine {
			continue
		}
		col := v.cells[0]
		for i, l := range lines[1:] {
			if l <= d.Line && i < len(v.cells) {
				col = v.cells[i]
			}
		}
		best, bestLine = col, lines[0]
	}
	if b := fmLines[bodyKey]; len(b) > 0 && d.Line >= b[0] && doc.bodyAt >= 0 {
		best = doc.bodyAt
	}
	if best < 0 {
		return rowDiag(s, row, d)
	}
	return cellDiag(s, row, row.Cells[best], s.Header[best], d.Msg, d.Hint, d.Warning)
}

func cellDiag(s *Sheet, row Row, c Cell, header, msg, hint string, warning bool) generator.Diagnostic {
	prefix := fmt.Sprintf("column %q: ", header)
	if s.JSON {
		prefix = fmt.Sprintf("record %d, key %q: ", row.Index, header)
	}
	return generator.Diagnostic{File: s.File, Line: c.Line, Col: c.Col, Code: "import-cell", Msg: prefix + msg, Hint: hint, Warning: warning}
}

func rowDiag(s *Sheet, row Row, d generator.Diagnostic) generator.Diagnostic {
	msg := d.Msg
	if s.JSON {
		msg = fmt.Sprintf("record %d: %s", row.Index, msg)
	}
	return generator.Diagnostic{File: s.File, Line: row.Line, Code: d.Code, Msg: msg, Hint: d.Hint, Warning: d.Warning}
}

// merge sets the sheet's fields in an existing file's front matter and keeps everything
// else: the editor's body, other fields, their order and comments. why says why a file
// cannot be merged.
func merge(existing []byte, doc rowDoc) (data []byte, changed bool, why string) {
	src := bytes.TrimPrefix(existing, bom)
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return nil, false, "its front matter is not YAML between --- lines; update it by hand"
	}
	end := bytes.Index(src[4:], []byte("\n---\n"))
	if end < 0 && bytes.HasSuffix(src, []byte("\n---")) {
		end = len(src) - 4 - 4
	}
	if end < 0 {
		return nil, false, "its front matter has no closing --- line"
	}
	fm, rest := src[4:4+end+1], src[4+end+1:]
	var root yaml.Node
	if err := yaml.Unmarshal(fm, &root); err != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, false, "its front matter does not parse; fix it (mentorgen check shows where), then import again"
	}
	m := root.Content[0]
	for _, v := range doc.values {
		i := indexOf(m, v.key)
		if i < 0 {
			m.Content = append(m.Content, plain(v.key), v.node)
			changed = true
			continue
		}
		old := m.Content[i+1]
		nv := v.node
		if v.key == "links" {
			nv = mergeLinks(old, nv)
		}
		if same(old, nv) {
			continue
		}
		if old.Kind == nv.Kind && old.Kind == yaml.SequenceNode {
			nv.Style = old.Style // a block list stays a block list
		}
		nv.LineComment, nv.HeadComment, nv.FootComment = old.LineComment, old.HeadComment, old.FootComment
		m.Content[i+1] = nv
		changed = true
	}
	if !changed {
		return existing, false, ""
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.Write(encode(&root))
	b.Write(rest)
	return b.Bytes(), true, ""
}

func indexOf(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}

// mergeLinks replaces the url of an existing link with the sheet's title, adds the sheet's
// other links and keeps the editor's.
func mergeLinks(old, sheet *yaml.Node) *yaml.Node {
	if old.Kind != yaml.SequenceNode {
		return sheet
	}
	out := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: old.Style}
	titles := map[string]*yaml.Node{}
	for _, it := range sheet.Content {
		titles[linkField(it, "title")] = it
	}
	used := map[string]bool{}
	for _, it := range old.Content {
		t := linkField(it, "title")
		if nv, ok := titles[t]; ok && it.Kind == yaml.MappingNode && !used[t] {
			cp := *it
			cp.Content = append([]*yaml.Node(nil), it.Content...)
			if i := indexOf(&cp, "url"); i >= 0 {
				cp.Content[i+1] = nv.Content[3]
			}
			out.Content = append(out.Content, &cp)
			used[t] = true
			continue
		}
		out.Content = append(out.Content, it)
	}
	for _, it := range sheet.Content {
		if !used[linkField(it, "title")] {
			out.Content = append(out.Content, it)
		}
	}
	return out
}

func linkField(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	if i := indexOf(n, key); i >= 0 {
		return n.Content[i+1].Value
	}
	return ""
}

// same reports whether two nodes decode to the same value, whatever their style.
func same(a, b *yaml.Node) bool {
	var x, y any
	if a.Decode(&x) != nil || b.Decode(&y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
