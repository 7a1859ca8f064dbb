package generator

import (
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
	lead  string // the plain text up to the end of the first paragraph
}

func collectText(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var b strings.Builder
	t := &pageText{}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
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
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		}
		return ast.WalkContinue, nil
	})
	t.plain = strings.TrimSpace(b.String())
	pc.Set(textKey, t)
}
