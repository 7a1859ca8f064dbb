package markdown

import (
	"bytes"
	"io"
	"strings"

	"mentorgen/generator/urls"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// inertHTMLExt is raw HTML with markdown.unsafe: true. Raw HTML then passes through, but only
// HTML that can neither run a script nor load anything but an image: the portal runs no
// script from content, whatever a profile contains. Each raw HTML node (an inline tag, or an
// HTML block) is tokenized as a browser would; one that has an element or attribute outside
// the allowed sets, a URL with another scheme than http, https, mailto or tel, a style that
// could load something, or a tag or comment left open (which would swallow the HTML after
// it), is shown as text, as without markdown.unsafe, with a warning at the offending tag.
//
// It is an allowlist, not a list of dangerous tags: a browser parses more than any such list
// names (<svg>, <math> and <noscript> change how the following bytes are read), and a
// missed tag should mean text, not a script.
type inertHTMLExt struct{}

func (inertHTMLExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(mdTransformFunc(checkRawHTML), 1000)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(inertHTML{}, 100)))
}

// inertAttr marks a raw HTML node that is shown as text.
var inertAttr = []byte("mentorgen-inert")

const inertHint = "with markdown.unsafe, HTML passes only when it can neither run a script nor load anything but an image: " +
	"no <script>, <style>, <iframe>, <object>, <embed>, <link>, <base>, <meta>, <form>, <svg>, on… attributes or javascript: URLs"

func checkRawHTML(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var segs []text.Segment
		switch n := n.(type) {
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				segs = append(segs, n.Segments.At(i))
			}
		case *ast.HTMLBlock:
			for i := 0; i < n.Lines().Len(); i++ {
				segs = append(segs, n.Lines().At(i))
			}
			if n.HasClosure() {
				segs = append(segs, n.ClosureLine)
			}
		default:
			return ast.WalkContinue, nil
		}
		var raw []byte
		for _, s := range segs {
			raw = append(raw, s.Value(src)...)
		}
		at, what := htmlProblem(raw)
		if what == "" {
			return ast.WalkSkipChildren, nil
		}
		n.SetAttribute(inertAttr, true)
		if strings.HasPrefix(what, "</") {
			return ast.WalkSkipChildren, nil // its start tag was reported
		}
		// The offset of raw[at] in the body.
		off := n.Pos()
		for _, s := range segs {
			if l := len(s.Value(src)); at < l {
				off = s.Start + max(at-s.Padding, 0)
				break
			} else {
				at -= l
			}
		}
		addProblem(pc, max(off, 0), "raw-html", "raw HTML "+what+" is shown as text", inertHint, true)
		return ast.WalkSkipChildren, nil
	})
}

// htmlProblem returns the offset in raw of the first thing that keeps it from passing, and
// says what it is; what is "" when raw may pass.
func htmlProblem(raw []byte) (at int, what string) {
	z := html.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				return at, "that cannot be read"
			}
			if at < len(raw) {
				return at, "with a tag left open"
			}
			return 0, ""
		}
		tokRaw := z.Raw()
		tok := z.Token()
		switch tt {
		case html.DoctypeToken:
			return at, "<!DOCTYPE>"
		case html.CommentToken:
			if !commentClosed(tokRaw) {
				return at, "with a comment left open"
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name := tok.Data
			if !inertElements[name] && !isCustomElement(name) {
				if tt == html.EndTagToken {
					return at, "</" + name + ">"
				}
				return at, "<" + name + ">"
			}
			for _, a := range tok.Attr {
				if w := attrProblem(a); w != "" {
					return at, "<" + name + " " + w + ">"
				}
			}
		}
		at += len(tokRaw)
	}
}

func commentClosed(raw []byte) bool {
	if !bytes.HasPrefix(raw, []byte("<!--")) {
		return bytes.HasSuffix(raw, []byte(">")) // <?…> and <!…> end at the first '>'
	}
	return len(raw) >= 7 && (bytes.HasSuffix(raw, []byte("-->")) || bytes.HasSuffix(raw, []byte("--!>"))) ||
		string(raw) == "<!-->" || string(raw) == "<!--->"
}

// A custom element (<mg-card>) does nothing without a script that defines it.
func isCustomElement(name string) bool {
	return strings.Contains(name, "-") && name[0] >= 'a' && name[0] <= 'z'
}

// inertElements can neither run nor load anything but an image, and do not change how a
// browser reads the bytes after them (as <textarea>, <title>, <noscript>, <svg> do).
var inertElements = setOf("a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br",
	"caption", "center", "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl",
	"dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
	"i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
	"samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
	"th", "thead", "time", "tr", "u", "ul", "var", "wbr")

// inertAttrs are attributes that are neither scripts nor URLs (href, src and srcset are
// checked apart), besides data-* and aria-*.
var inertAttrs = setOf("id", "class", "title", "lang", "dir", "role", "hidden", "translate", "alt", "width",
	"height", "colspan", "rowspan", "headers", "scope", "abbr", "align", "valign", "start", "reversed", "type",
	"value", "datetime", "open", "span", "rel", "target", "hreflang", "name", "loading", "decoding", "sizes",
	"border", "cellpadding", "cellspacing", "nowrap")

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// attrProblem says what keeps attribute a from passing, or "". The tokenizer has lowered
// its name and decoded the entities of its value.
func attrProblem(a html.Attribute) string {
	k := a.Key
	if a.Namespace != "" {
		k = a.Namespace + ":" + k
	}
	switch {
	case strings.HasPrefix(k, "on"):
		return k
	case k == "href", k == "src", k == "cite":
		if s := urlScheme(a.Val); s != "" {
			return k + `="` + s + `:…"`
		}
	case k == "srcset":
		for _, c := range strings.Split(a.Val, ",") {
			if f := strings.Fields(c); len(f) > 0 && urlScheme(f[0]) != "" {
				return k + `="` + urlScheme(f[0]) + `:…"`
			}
		}
	case k == "style":
		v := strings.ToLower(a.Val)
		for _, bad := range []string{"url", "image", "src", "expression", "@", `\`, "binding", "behavior", "script", "element", "paint", "fade"} {
			if strings.Contains(v, bad) {
				return `style="…` + bad + `…"`
			}
		}
	case inertAttrs[k], strings.HasPrefix(k, "data-"), strings.HasPrefix(k, "aria-"):
	default:
		return k
	}
	return ""
}

// urlScheme returns the scheme of URL u when it is another than http, https, mailto or tel,
// read as a browser reads it (it drops ASCII whitespace and control characters).
func urlScheme(u string) string {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	if !urls.HasScheme(u) {
		return ""
	}
	s := strings.ToLower(u[:strings.IndexByte(u, ':')])
	switch s {
	case "http", "https", "mailto", "tel":
		return ""
	}
	return s
}

// inertHTML renders raw HTML as written, or as text when checkRawHTML marked it.
type inertHTML struct{}

func (inertHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, inert := n.Attribute(inertAttr); inert {
			return renderEscapedRawHTML(w, src, n, entering)
		}
		if entering {
			segs := n.(*ast.RawHTML).Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				_, _ = w.Write(seg.Value(src))
			}
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, inert := n.Attribute(inertAttr); inert {
			return renderEscapedHTMLBlock(w, src, n, entering)
		}
		b := n.(*ast.HTMLBlock)
		if entering {
			for i := 0; i < b.Lines().Len(); i++ {
				seg := b.Lines().At(i)
				_, _ = w.Write(seg.Value(src))
			}
		} else if b.HasClosure() {
			_, _ = w.Write(closureValue(b, src))
		}
		return ast.WalkContinue, nil
	})
}
