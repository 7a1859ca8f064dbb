package markdown

import (
	"strconv"
	"strings"

	"mentorgen/generator/slug"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// tocExt gives every heading an id (see headingIDs) and collects the page's table of
// contents, levels 2 and 3, and the set of ids links may point at. convert reads the result
// as a *pageTOC from the parser.Context under tocKey.
type tocExt struct{}

func (tocExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(mdTransformFunc(collectTOC), 1000)))
}

var tocKey = parser.NewContextKey()

type pageTOC struct {
	headings []Heading
	anchors  map[string]bool
}

func collectTOC(doc *ast.Document, reader text.Reader, pc parser.Context) {
	t := &pageTOC{anchors: map[string]bool{}}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			e := Heading{Level: h.Level, ID: string(idb), Text: nodeText(h, src)}
			t.anchors[e.ID] = true
			if h.Level >= 2 && h.Level <= 3 {
				t.headings = append(t.headings, e)
			}
			return ast.WalkSkipChildren, nil
		}
		if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil // a paragraph or cell: no headings below
		}
		return ast.WalkContinue, nil
	})
	pc.Set(tocKey, t)
}

// nodeText is the text of n's inline content, without markup.
func nodeText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(src))
			case *ast.String:
				b.Write(c.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// headingIDs makes heading ids from their text: lower case, letters and digits of any script
// kept (goldmark's default drops non-ASCII, which leaves headings in Japanese without ids),
// everything else folded into single hyphens; repeats get -1, -2, …. One is made per
// document and passed to the parser.Context.
type headingIDs struct {
	used map[string]bool
	// next is the last suffix given to each base, so that the n-th repeat of a heading does
	// not try the n-1 taken before it: a 10 MB page with 100,000 "## Notes" took minutes.
	next map[string]int
}

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]bool{}, next: map[string]int{}}
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Make(string(value), true)
	if base == "" {
		base = "section"
	}
	id, i := base, h.next[base]
	for h.used[id] {
		i++
		id = base + "-" + strconv.Itoa(i)
	}
	h.next[base] = i
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }
