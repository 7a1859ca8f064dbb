// Package markdown turns a page body into HTML with goldmark and the extensions mentorgen
// adds, one job per file: headings and the table of contents (md_toc), plain text and the
// summary (md_text), internal links and images left as refs for the site to resolve
// (md_refs), Hugo shortcodes made inert (md_shortcodes), raw HTML allowlisted (md_html), and
// the editor's accessibility and privacy warnings (md_lint). It is the only package that
// imports goldmark, and it knows nothing of pages, sites or the base URL: it imports urls,
// slug and editdist only.
package markdown

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Result is what converting one body yields.
type Result struct {
	HTML      []byte
	TOC       []Heading
	Anchors   map[string]bool
	Refs      []Ref  // internal links and images, in the order of Slots
	Slots     []int  // offset in HTML where the URL of Refs[i] goes; ascending
	SelfLinks []Ref  // "#anchor" links into the same page
	Plain     string // the body as text, for summaries, search and word counts
	Lead      string // the text of the first paragraph
	Problems  []Problem
	Lint      []Problem // the editor's warnings (md_lint.go), reported with Options.Lint
}

// An Problem is a diagnostic found in a body, at a byte offset of the file (front matter
// included); line and column are computed only when it is reported.
type Problem struct {
	Offset    int
	Code      string
	Msg, Hint string
	Warning   bool
}

// A Converter converts page bodies. One instance serves the whole build: goldmark compiles its
// parsers once, and per-document state lives in parser.Context. Its output does not depend
// on the base URL: internal links and images are refs, resolved after assemble.
type Converter struct {
	md goldmark.Markdown
}

// Config holds the Markdown options of site.yaml.
type Config struct {
	Unsafe      bool // pass raw HTML through instead of escaping it
	Typographer bool // curly quotes, dashes and ellipses
}

// New returns a Converter for cfg.
func New(cfg Config) *Converter {
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
	return &Converter{md: md}
}

// mdTransformFunc makes a plain function a parser.ASTTransformer, as http.HandlerFunc does
// for handlers.
type mdTransformFunc func(*ast.Document, text.Reader, parser.Context)

func (f mdTransformFunc) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	f(doc, r, pc)
}

// convert renders body, which starts at byte offset bodyOffset of the file at file (a slash
// path in the site fs); relative references are resolved against the file's folder.
func (m *Converter) Convert(file string, body []byte, bodyOffset int) (Result, error) {
	refs := &pageRefs{dir: file[:strings.LastIndexByte(file, '/')+1]}
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	pc.Set(refsKey, refs)
	doc := m.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	w := &bodyWriter{st: refs}
	w.Grow(len(body) + len(body)/4)
	err := m.md.Renderer().Render(w, body, doc)
	toc, _ := pc.Get(tocKey).(*pageTOC)
	txt, _ := pc.Get(textKey).(*pageText)
	res := Result{HTML: w.Bytes(), TOC: toc.headings, Anchors: toc.anchors, Plain: txt.plain, Lead: txt.lead}
	if ps, _ := pc.Get(problemsKey).(*[]Problem); ps != nil {
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
func sortBySlot(refs []Ref, slots []int) error {
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
	refs  []Ref
	slots []int
}

func (r refsBySlot) Len() int           { return len(r.slots) }
func (r refsBySlot) Less(i, j int) bool { return r.slots[i] < r.slots[j] }
func (r refsBySlot) Swap(i, j int) {
	r.refs[i], r.refs[j] = r.refs[j], r.refs[i]
	r.slots[i], r.slots[j] = r.slots[j], r.slots[i]
}

// JoinSlash joins a folder ("content/mentors/") and a relative path ("../tips/x.md"), resolving
// "." and ".." without touching the disk.
func JoinSlash(dir, rel string) string {
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
