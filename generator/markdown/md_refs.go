package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"mentorgen/generator/urls"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// refKind says what an internal reference of a page body points to.
type refKind int

const (
	RefPage refKind = iota // a .md link, relative or content-absolute ("/tips/x.md"): Target is a content file
	RefSite                // a site path link or image ("/programs/", "/images/a.png"): Target is the cleaned site path
	RefFile                // a relative link or image to a non-.md file ("diagram.png", "../files/deck.pdf"): Target is a slash path in the site fs
)

// An Ref is a link or image destination inside the site. Its URL depends on the base URL and
// on other files, so parsing only records it; assemble resolves it to a site path and
// rendering writes the URL at the ref's slot in the body (esbuild's placeholder idea, with the
// placeholder kept outside the text so that nothing written in Markdown can forge one).
type Ref struct {
	Kind   refKind
	Target string
	Anchor string // without '#', RefPage only
	Suffix string // "?q…#frag" kept as written, for RefSite and RefFile
	Raw    string // the destination as written
	Offset int    // byte offset of the destination in the file (front matter included), for diagnostics
	Image  bool   // written as ![…](…)
}

// parseRef classifies dest, the destination of a link or image in a file in folder dir
// ("content/tips/"), with Markdown's backslash escapes and entities already resolved. ok is
// false for what is left as written: URLs with a scheme, "//host/…", "#anchor" (see
// collectRefs), a bare "?query", and relative paths to a folder ("../programs/").
func parseRef(dir, dest string) (r Ref, ok bool) {
	if dest == "" || dest[0] == '#' || urls.HasScheme(dest) || strings.HasPrefix(dest, "//") {
		return r, false
	}
	// Paths may be written percent-encoded ("my%20notes.md", "c%23.md") or not
	// (<my notes.md>); files and site paths are matched decoded, and URLs.Rel encodes them
	// again, so a name with '?', '#' or '%' keeps them.
	p, suffix := urls.SplitRef(dest)
	if p == "" {
		return r, false
	}
	switch {
	case strings.HasSuffix(strings.ToLower(p), ".md"):
		r = Ref{Kind: RefPage, Target: JoinSlash(dir, p)}
		if p[0] == '/' {
			r.Target = JoinSlash("content/", p[1:])
		}
		if _, frag, ok := strings.Cut(suffix, "#"); ok {
			r.Anchor = frag
		}
		return r, true
	case p[0] == '/':
		return Ref{Kind: RefSite, Target: urls.CleanPath(p), Suffix: suffix}, true
	case strings.HasSuffix(p, "/"), p == ".", p == "..", strings.HasSuffix(p, "/."), strings.HasSuffix(p, "/.."):
		return r, false
	}
	return Ref{Kind: RefFile, Target: JoinSlash(dir, p), Suffix: suffix}, true
}

// refsExt collects a page's internal references and renders each with an empty URL whose
// offset in the body is recorded. convert puts a *pageRefs into the parser.Context under
// refsKey before parsing and reads it back, slots included, after rendering.
type refsExt struct{}

func (refsExt) Extend(m goldmark.Markdown) {
	// After goldmark's own transformers (footnotes: 999), so refs come in document order.
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(mdTransformFunc(collectRefs), 1000)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&refRenderer{html: ghtml.NewRenderer()}, 100)))
}

var refsKey = parser.NewContextKey()

// pageRefs is the refs extension's per-document state.
type pageRefs struct {
	dir   string // folder of the page's file: "content/tips/"
	refs  []Ref  // Offset counted from the start of the body
	self  []Ref  // "#anchor" links into the page itself, only checked
	slots []int  // set by the renderer: offset in the body of ref i's URL, -1 until rendered
}

// refAttr holds a ref's index on its Link or Image node, from collectRefs to the renderer.
// goldmark's HTML renderer writes only known and data- attributes, so it never reaches the
// output.
var refAttr = []byte("mentorgen-ref")

// collectRefs records every internal link and image destination and empties it, so that
// goldmark renders `href=""` or `src=""` where the URL goes.
func collectRefs(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(refsKey).(*pageRefs)
	if st == nil {
		return
	}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		status := ast.WalkContinue
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			// An image's children are rendered only as its alt text: a link in there has
			// nowhere to go.
			dest, status = &n.Destination, ast.WalkSkipChildren
		default:
			return status, nil
		}
		raw := *dest
		if len(raw) == 0 {
			return status, nil
		}
		resolved := string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(raw))))
		r := Ref{Raw: string(raw), Offset: destOffset(src, raw, n), Image: n.Kind() == ast.KindImage}
		if resolved[0] == '#' {
			r.Anchor = resolved[1:]
			st.self = append(st.self, r)
			return status, nil
		}
		ref, ok := parseRef(st.dir, resolved)
		if !ok {
			return status, nil
		}
		ref.Raw, ref.Offset, ref.Image = r.Raw, r.Offset, r.Image
		n.SetAttribute(refAttr, len(st.refs))
		st.refs = append(st.refs, ref)
		*dest = nil
		return status, nil
	})
	st.slots = make([]int, len(st.refs))
	for i := range st.slots {
		st.slots[i] = -1
	}
}

// destOffset returns the offset of a link destination in src. goldmark hands out the
// destination as a slice of the source it parsed, so its offset is exact; a destination
// that is a copy (a line with a tab expanded to spaces) falls back to the node's own
// position, the '[' or '!' that starts it.
func destOffset(src, dest []byte, n ast.Node) int {
	if off := cap(src) - cap(dest); off >= 0 && off+len(dest) <= len(src) && len(dest) > 0 && &src[off] == &dest[0] {
		return off
	}
	return max(n.Pos(), 0)
}

// refRenderer renders a link or image that holds a ref as goldmark's HTML renderer does,
// with the empty destination collectRefs left, and records where that empty value is.
// Others are goldmark's unchanged. Options (unsafe, XHTML) reach the inner renderer
// through SetOption, so the two never disagree.
type refRenderer struct {
	html renderer.NodeRenderer
}

func (r *refRenderer) SetOption(name renderer.OptionName, value any) {
	if so, ok := r.html.(renderer.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

func (r *refRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	var link, image renderer.NodeRendererFunc
	r.html.RegisterFuncs(registerFunc(func(k ast.NodeKind, f renderer.NodeRendererFunc) {
		switch k {
		case ast.KindLink:
			link = f
		case ast.KindImage:
			image = f
		}
	}))
	reg.Register(ast.KindLink, withSlot(link, `<a href="`))
	reg.Register(ast.KindImage, withSlot(image, `<img src="`))
}

// registerFunc lets a plain function receive a node renderer's funcs.
type registerFunc func(ast.NodeKind, renderer.NodeRendererFunc)

func (f registerFunc) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f(k, fn) }

// withSlot wraps goldmark's renderer of a link or image, which starts its tag with open and
// then writes the (empty) URL.
func withSlot(render renderer.NodeRendererFunc, open string) renderer.NodeRendererFunc {
	want := []byte(open + `"`)
	return func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		v, _ := n.Attribute(refAttr)
		i, isRef := v.(int)
		if !entering || !isRef {
			return render(w, src, n, entering)
		}
		bw, ok := w.(*bodyWriter)
		if !ok || bw.st == nil || i >= len(bw.st.slots) {
			return ast.WalkStop, fmt.Errorf("internal link or image rendered outside convert")
		}
		start := bw.Len()
		status, err := render(w, src, n, entering)
		if !bytes.HasPrefix(bw.Bytes()[start:], want) {
			return ast.WalkStop, fmt.Errorf("goldmark began a %s with %.20q, want %s", n.Kind(), bw.Bytes()[start:], want)
		}
		bw.st.slots[i] = start + len(open)
		return status, err
	}
}

// bodyWriter is the util.BufWriter a page body is rendered into. It buffers nothing itself,
// so its length is the offset of the next byte, which is what a slot records.
type bodyWriter struct {
	bytes.Buffer
	st *pageRefs
}

func (w *bodyWriter) Buffered() int { return 0 }
func (w *bodyWriter) Flush() error  { return nil }
