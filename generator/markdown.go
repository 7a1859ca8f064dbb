package generator

import (
	"bytes"
	"html"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkPlaceholder is written as the href of a relative .md link while the page is parsed; the
// page URL it points to is known only after assemble, and rendering substitutes it. This way no
// Markdown runs twice (esbuild's "unique key" idea).
const linkPlaceholder = "mentorgen-link:"

// mdLink is a relative .md link found in a page body, resolved by assemble.
type mdLink struct {
	Target string // slash path of the linked file in the site fs, e.g. content/tips/x.md
	Anchor string // without '#'
	Offset int    // byte offset of the link in the file, for diagnostics
	Raw    string // the destination as written
}

// mdResult is what converting one body yields.
type mdResult struct {
	HTML      []byte
	TOC       []Heading
	Anchors   map[string]bool
	Links     []mdLink
	SelfLinks []mdLink // "#anchor" links into the same page
	Plain     string   // the body as text, for summaries, search and word counts
	Lead      string   // the text of the first paragraph
}

// markdown converts page bodies. One instance serves the whole build: goldmark compiles its
// parsers once, and per-document state lives in parser.Context.
type markdown struct {
	md       goldmark.Markdown
	basePath string // the base URL's path, e.g. /portal/
}

func newMarkdown(cfg MarkdownConfig, basePath string) *markdown {
	exts := []goldmark.Extender{extension.GFM, extension.Footnote, extension.DefinitionList, tocExt{}, textExt{}}
	if cfg.Typographer {
		exts = append(exts, extension.Typographer)
	}
	rendererOpts := []renderer.Option{}
	if cfg.Unsafe {
		rendererOpts = append(rendererOpts, ghtml.WithUnsafe())
	} else {
		// goldmark drops raw HTML when not unsafe; we show it as text instead, so an editor sees
		// what they wrote rather than losing it silently.
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	}
	md := goldmark.New(
		goldmark.WithExtensions(exts...),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &markdown{md: md, basePath: basePath}
}

// mdTransformFunc makes a plain function a parser.ASTTransformer, as http.HandlerFunc does
// for handlers.
type mdTransformFunc func(*ast.Document, text.Reader, parser.Context)

func (f mdTransformFunc) Transform(doc *ast.Document, r text.Reader, pc parser.Context) {
	f(doc, r, pc)
}

// convert renders body, which starts at byte offset bodyOffset of the file at file (a slash
// path in the site fs); relative links are resolved against the file's folder.
func (m *markdown) convert(file string, body []byte, bodyOffset int) (mdResult, error) {
	pc := parser.NewContext(parser.WithIDs(newHeadingIDs()))
	doc := m.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	toc, _ := pc.Get(tocKey).(*pageTOC)
	txt, _ := pc.Get(textKey).(*pageText)
	res := mdResult{TOC: toc.headings, Anchors: toc.anchors, Plain: txt.plain, Lead: txt.lead}
	dir := file[:strings.LastIndexByte(file, '/')+1]
	searchFrom := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			dest := string(n.Destination)
			off := bytes.Index(body[searchFrom:], n.Destination)
			if off >= 0 {
				off += searchFrom
				searchFrom = off + len(n.Destination)
			} else {
				off = max(n.Pos(), 0)
			}
			if newDest, link, kind := m.rewrite(dir, dest); kind != linkKeep {
				link.Offset = bodyOffset + off
				switch kind {
				case linkPage:
					n.Destination = []byte(linkPlaceholder + strconv.Itoa(len(res.Links)))
					res.Links = append(res.Links, link)
				case linkSelf:
					res.SelfLinks = append(res.SelfLinks, link)
				case linkSite:
					n.Destination = []byte(newDest)
				}
			}
		case *ast.Image:
			if dest := string(n.Destination); strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") {
				n.Destination = []byte(m.basePath + dest[1:])
			}
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	buf.Grow(len(body) + len(body)/4)
	if err := m.md.Renderer().Render(&buf, body, doc); err != nil {
		return res, err
	}
	res.HTML = buf.Bytes()
	return res, nil
}

type linkKind int

const (
	linkKeep linkKind = iota // external or unrelated: leave as written
	linkPage                 // a relative .md link: resolved by assemble
	linkSelf                 // #anchor within the page: checked by assemble
	linkSite                 // a site-absolute path: prefixed with the base path
)

// rewrite classifies a link destination found in a file in folder dir.
func (m *markdown) rewrite(dir, dest string) (string, mdLink, linkKind) {
	if dest == "" || hasScheme(dest) || strings.HasPrefix(dest, "//") {
		return dest, mdLink{}, linkKeep
	}
	if strings.HasPrefix(dest, "#") {
		return dest, mdLink{Anchor: dest[1:], Raw: dest}, linkSelf
	}
	pathPart, anchor, _ := strings.Cut(dest, "#")
	if q := strings.IndexByte(pathPart, '?'); q >= 0 {
		pathPart = pathPart[:q]
	}
	if strings.HasSuffix(strings.ToLower(pathPart), ".md") {
		target := pathPart
		if strings.HasPrefix(target, "/") {
			target = joinSlash("content/", target[1:])
		} else {
			target = joinSlash(dir, target)
		}
		return dest, mdLink{Target: target, Anchor: anchor, Raw: dest}, linkPage
	}
	if strings.HasPrefix(dest, "/") {
		return m.basePath + cleanSitePath(dest)[1:], mdLink{}, linkSite
	}
	return dest, mdLink{}, linkKeep
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
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				_, _ = w.WriteString(html.EscapeString(string(seg.Value(src))))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
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
	})
}

func closureValue(b *ast.HTMLBlock, src []byte) []byte {
	seg := b.ClosureLine
	return seg.Value(src)
}
