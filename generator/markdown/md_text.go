package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// textExt collects a page's body as plain text, for summaries, search and word counts, and
// the text of its lead paragraph. convert reads the result as a *pageText from the
// parser.Context under textKey.
type textExt struct{}

func (textExt) Extend(m goldmark.Markdown) {
	// After goldmark's footnote transformer (999), so footnotes come last as on the page.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(mdTransformFunc(collectText), 1000)))
}

var textKey = parser.NewContextKey()

type pageText struct {
	plain string // every text, blocks separated by a newline
	lead  string // the plain text up to <!--more-->, or else to the end of the first paragraph
}

// MoreMarker ends a page's summary, as Hugo's summary divider does. It is taken out of the
// document: shown neither as a comment (markdown.unsafe) nor as escaped text (the default).
const MoreMarker = "<!--more-->"

// isMore reports whether n is the summary divider: an HTML block of that line alone, or that
// inline comment in a paragraph.
func isMore(n ast.Node, src []byte) bool {
	switch n := n.(type) {
	case *ast.HTMLBlock:
		if n.Lines().Len() != 1 {
			return false
		}
		seg := n.Lines().At(0)
		return strings.TrimSpace(string(seg.Value(src))) == MoreMarker
	case *ast.RawHTML:
		if n.Segments.Len() != 1 {
			return false
		}
		seg := n.Segments.At(0)
		return string(seg.Value(src)) == MoreMarker
	}
	return false
}

func collectText(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var b strings.Builder
	t := &pageText{}
	var more []ast.Node // the dividers; the first one ends lead
	var lead string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && isMore(n, src) {
			if len(more) == 0 {
				lead = strings.TrimSpace(b.String())
			}
			more = append(more, n)
			return ast.WalkSkipChildren, nil
		}
		if !entering {
			if t.lead == "" && n.Kind() == ast.KindParagraph {
				t.lead = strings.TrimSpace(b.String())
			}
			if n.Type() == ast.TypeBlock {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		// Plain text, not HTML: an entity written in the source (&amp;) and the typographer's
		// quotes and dashes (&ldquo;, &mdash;) are decoded, so a summary, a snippet or a
		// description shows the character, never the entity.
		case *ast.Text:
			b.WriteString(html.UnescapeString(string(n.Segment.Value(src))))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(n.Value)))
		}
		return ast.WalkContinue, nil
	})
	if len(more) > 0 {
		t.lead = lead
	}
	for _, n := range more {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	t.plain = strings.TrimSpace(b.String())
	pc.Set(textKey, t)
}

// FirstHeading returns the text of the first heading of a Markdown body, of any level, or
// "". The page's TOC has levels 2 and 3 only; a body is parsed again, with CommonMark alone,
// only for the rare page without a title.
func FirstHeading(body []byte) string {
	doc := goldmark.DefaultParser().Parse(text.NewReader(body))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			if t := strings.TrimSpace(nodeText(h, body)); t != "" {
				return t
			}
		}
	}
	return ""
}
