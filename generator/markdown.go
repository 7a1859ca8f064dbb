package generator

import (
	"fmt"
	"html"
	"sort"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// mdResult is what converting one body yields.
type mdResult struct {
	HTML      []byte
	TOC       []Heading
	Anchors   map[string]bool
	Refs      []mdRef // internal links and images, in the order of Slots
	Slots     []int   // offset in HTML where the URL of Refs[i] goes; ascending
	SelfLinks []mdRef // "#anchor" links into the same page
	Plain     string  // the body as text, for summaries, search and word counts
	Lead      string  // the text of the first paragraph
	Problems  []mdProblem
	Lint      []mdProblem // the editor's warnings (md_lint.go), reported with Options.Lint
}

// An mdProblem is a diagnostic found in a body, at a byte offset of the file (front matter
// included); line and column are computed only when it is reported.
type mdProblem struct {
	Offset    int
	Code      string
	Msg, Hint string
	Warning   bool
}

// diagnostics returns the problems of the body of file, whose line starts are lines.
func (r mdResult) diagnostics(file string, lines lineIndex) Diagnostics {
	return problemDiags(r.Problems, file, lines)
}

func problemDiags(ps []mdProblem, file string, lines lineIndex) Diagnostics {
	var out Diagnostics
	for _, p := range ps {
		line, col := lines.pos(p.Offset)
		out = append(out, Diagnostic{File: file, Line: line, Col: col, Code: p.Code, Msg: p.Msg, Hint: p.Hint, Warning: p.Warning})
	}
	return out
}

// markdown converts page bodies. One instance serves the whole build: goldmark compiles its
// parsers once, and per-document state lives in parser.Context. Its output does not depend
// on the base URL: internal links and images are refs, resolved after assemble.
type markdown struct {
	md goldmark.Markdown
}

func newMarkdown(cfg MarkdownConfig) *markdown {
	exts := []goldmark.Extender{extension.GFM, extension.Footnote, extension.DefinitionList,
		shortcodesExt{}, tocExt{}, textExt{}, refsExt{}}
	if cfg.Typographer {
		exts = append(exts, extension.Typographer)
	}
	rendererOpts := []renderer.Option{}
	if cfg.Unsafe {
		// Raw HTML passes, but only what can neither run nor load anything (md_html.go).
		// goldmark's own unsafe option stays off: it would also let javascript: URLs into
		// Markdown links.
		exts = append(exts, inertHTMLExt{})
	} else {
		// goldmark drops raw HTML when not unsafe; we show it as text instead, so an editor sees
		// what they wrote rather than losing it silently.
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &markdown{md: md}
}

// mdTransformFunc makes a plain function a parser.ASTTransformer, as http.HandlerFunc does
// for handlers.
type mdTransformFunc func(*ast.Document, text.Reader, parser.Context)

func (f mdTransformFunc) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	f(doc, r, pc)
}

// convert renders body, which starts at byte offset bodyOffset of the file at file (a slash
// path in the site fs); relative references are resolved against the file's folder.
func (m *markdown) convert(file string, body []byte, bodyOffset int) (mdResult, error) {
	refs := &pageRefs{dir: file[:strings.LastIndexByte(file, '/')+1]}
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	pc.Set(refsKey, refs)
	doc := m.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	w := &bodyWriter{st: refs}
	w.Grow(len(body) + len(body)/4)
	err := m.md.Renderer().Render(w, body, doc)
	toc, _ := pc.Get(tocKey).(*pageTOC)
	txt, _ := pc.Get(textKey).(*pageText)
	res := mdResult{HTML: w.Bytes(), TOC: toc.headings, Anchors: toc.anchors, Plain: txt.plain, Lead: txt.lead}
	if ps, _ := pc.Get(problemsKey).(*[]mdProblem); ps != nil {
		res.Problems = *ps
		for i := range res.Problems {
			res.Problems[i].Offset += bodyOffset
		}
	}
	if err != nil {
		return res, err
	}
	res.Lint = lintBody(doc, body)
	for i := range res.Lint {
		res.Lint[i].Offset += bodyOffset
	}
	for i := range refs.refs {
		refs.refs[i].Offset += bodyOffset
	}
	for i := range refs.self {
		refs.self[i].Offset += bodyOffset
	}
	res.Refs, res.Slots, res.SelfLinks = refs.refs, refs.slots, refs.self
	if err := sortBySlot(res.Refs, res.Slots); err != nil {
		return res, err
	}
	return res, nil
}

// sortBySlot orders refs by where they appear in the body, so that rendering splices in one
// pass. They usually come in that order already; goldmark may render in another order than
// it parses (footnotes move to the end).
func sortBySlot(refs []mdRef, slots []int) error {
	for i, s := range slots {
		if s < 0 {
			return fmt.Errorf("the link to %s was not rendered", refs[i].Raw)
		}
	}
	if sort.IntsAreSorted(slots) {
		return nil
	}
	sort.Sort(refsBySlot{refs, slots})
	return nil
}

type refsBySlot struct {
	refs  []mdRef
	slots []int
}

func (r refsBySlot) Len() int           { return len(r.slots) }
func (r refsBySlot) Less(i, j int) bool { return r.slots[i] < r.slots[j] }
func (r refsBySlot) Swap(i, j int) {
	r.refs[i], r.refs[j] = r.refs[j], r.refs[i]
	r.slots[i], r.slots[j] = r.slots[j], r.slots[i]
}

func hasScheme(s string) bool {
	for i, r := range s {
		switch {
		case r == ':':
			return i > 0
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return false
}

// joinSlash joins a folder ("content/mentors/") and a relative path ("../tips/x.md"), resolving
// "." and ".." without touching the disk.
func joinSlash(dir, rel string) string {
	parts := strings.Split(strings.TrimSuffix(dir, "/"), "/")
	if dir == "" {
		parts = nil
	}
	for _, p := range strings.Split(rel, "/") {
		switch p {
		case "", ".":
		case "..":
			if len(parts) > 0 {
				parts = parts[:len(parts)-1]
			}
		default:
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

// slugify lower-cases s and joins its words with hyphens. With unicodeOK, letters of any
// script are kept (heading ids); without, letters are folded to ASCII and others dropped
// (URLs of taxonomy terms).
func slugify(s string, unicodeOK bool) string {
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

// escapedHTML renders raw HTML in Markdown as visible text (markdown.unsafe: false).
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderEscapedRawHTML)
	reg.Register(ast.KindHTMLBlock, renderEscapedHTMLBlock)
}

func renderEscapedRawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := n.(*ast.RawHTML).Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			_, _ = w.WriteString(html.EscapeString(string(seg.Value(src))))
		}
	}
	return ast.WalkSkipChildren, nil
}

func renderEscapedHTMLBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	b := n.(*ast.HTMLBlock)
	if entering {
		_, _ = w.WriteString("<pre class=\"raw-html\"><code>")
		for i := 0; i < b.Lines().Len(); i++ {
			seg := b.Lines().At(i)
			_, _ = w.WriteString(html.EscapeString(string(seg.Value(src))))
		}
	} else {
		if b.HasClosure() {
			_, _ = w.WriteString(html.EscapeString(string(closureValue(b, src))))
		}
		_, _ = w.WriteString("</code></pre>\n")
	}
	return ast.WalkContinue, nil
}

func closureValue(b *ast.HTMLBlock, src []byte) []byte {
	seg := b.ClosureLine
	return seg.Value(src)
}
