package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strings"

	"mentorgen/generator/internal/editdist"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Hugo shortcodes ({{< name args >}}, {{% name args %}}) are never run as templates: content
// is data, and a copied Hugo site must build without its theme's template code. A few
// built-ins get offline-safe equivalents, made of ordinary goldmark nodes so that links and
// images in them go through the refs extension like any other:
//
//   - highlight: a fenced code block with the shortcode's language;
//   - figure: <figure> around an image (and a link), with a caption;
//   - ref, relref: a link, checked like a .md link;
//   - youtube, vimeo, tweet, x, instagram, gist: a plain link to the post on that service.
//
// Any other shortcode is a warning and is shown as text. Shortcodes in code spans and code
// blocks are code: goldmark's code parsers consume them before ours see a '{'.
//
// The block parser takes shortcodes that fill their lines (a figure on a line of its own,
// with arguments over several lines as Hugo allows; a highlight and its code); the inline
// parser takes the others, one line at most. resolveShortcodes then turns the nodes into
// what they render as, and records problems with their byte offsets.
type shortcodesExt struct{}

func (shortcodesExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(shortcodeBlockParser{}, 650)),
		parser.WithInlineParsers(util.Prioritized(shortcodeInlineParser{}, 450)),
		// Before the refs extension (1000), which must see the links and images made here.
		parser.WithASTTransformers(util.Prioritized(mdTransformFunc(resolveShortcodes), 500)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{}, 100)))
}

// builtinShortcodes are the shortcodes that render; the hint for others lists them.
var builtinShortcodes = []string{"figure", "highlight", "ref", "relref", "youtube", "vimeo", "x", "tweet", "instagram", "gist"}

// A shortcode is one {{< … >}} or {{% … %}} tag as written.
type shortcode struct {
	name       string
	closing    bool // {{< /name >}}
	comment    bool // {{</* name */>}}: Hugo's way to write a shortcode as text
	start, end int  // offsets in the body: the first '{' and past the last '}'
	args       []shortcodeArg
}

type shortcodeArg struct {
	key   string // "" for a positional argument
	value string
	off   int  // offset of the value in the body
	exact bool // value is body[off:off+len(value)], with no quote or escape removed
}

// get returns the named argument key, or else the positional one at index pos (-1: none).
func (sc *shortcode) get(key string, pos int) (shortcodeArg, bool) {
	n := 0
	for _, a := range sc.args {
		if a.key == key {
			return a, true
		}
		if a.key == "" {
			if n == pos {
				return a, true
			}
			n++
		}
	}
	return shortcodeArg{}, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// maxShortcode bounds the length of a shortcode, so that a body full of "{{<" without an
// end is read in linear time: each '{' reads at most this far.
const maxShortcode = 4096

// lexShortcode reads the shortcode that starts at src[at], not reading at or beyond limit.
// ok is false when src[at:] does not start a complete shortcode; it is then text.
func lexShortcode(src []byte, at, limit int) (sc shortcode, ok bool) {
	limit = min(limit, len(src), at+maxShortcode)
	if at+3 > limit || src[at] != '{' || src[at+1] != '{' || src[at+2] != '<' && src[at+2] != '%' {
		return sc, false
	}
	closer := []byte("%}}")
	if src[at+2] == '<' {
		closer[0] = '>'
	}
	if bytes.Index(src[at+3:limit], closer) < 0 {
		return sc, false // fail fast, before making arguments
	}
	sc.start = at
	i := at + 3
	if bytes.HasPrefix(src[i:limit], []byte("/*")) {
		end := bytes.Index(src[i:limit], append([]byte("*/"), closer...))
		if end < 0 {
			return sc, false
		}
		sc.comment, sc.end = true, i+end+5
		return sc, true
	}
	skip := func() {
		for i < limit && isSpace(src[i]) {
			i++
		}
	}
	skip()
	if i < limit && src[i] == '/' {
		sc.closing = true
		i++
		skip()
	}
	n := i
	for i < limit && (isNameByte(src[i]) || src[i] == '/' && !bytes.HasPrefix(src[i+1:limit], closer)) {
		i++
	}
	if i == n {
		return sc, false
	}
	sc.name = string(src[n:i])
	for {
		skip()
		switch {
		case i >= limit:
			return sc, false
		case bytes.HasPrefix(src[i:limit], closer):
			sc.end = i + 3
			return sc, true
		case src[i] == '/' && bytes.HasPrefix(src[i+1:limit], closer):
			sc.end = i + 4
			return sc, true
		}
		var a shortcodeArg
		k := i
		for k < limit && isNameByte(src[k]) {
			k++
		}
		if k > i && k < limit && src[k] == '=' {
			a.key, i = string(src[i:k]), k+1
		}
		var good bool
		a.value, a.off, a.exact, i, good = lexValue(src, i, limit, closer)
		if !good {
			return sc, false
		}
		sc.args = append(sc.args, a)
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// lexValue reads a quoted ("…" with backslash escapes), raw (`…`) or bare argument value at
// src[i], returning it, its offset, and the offset past it.
func lexValue(src []byte, i, limit int, closer []byte) (v string, off int, exact bool, next int, ok bool) {
	if i >= limit {
		return "", i, false, i, false
	}
	switch src[i] {
	case '"':
		var b []byte
		exact = true
		for j := i + 1; j < limit; j++ {
			switch c := src[j]; c {
			case '"':
				if exact {
					return string(src[i+1 : j]), i + 1, true, j + 1, true
				}
				return string(b), i + 1, false, j + 1, true
			case '\\':
				if exact {
					b, exact = append(b, src[i+1:j]...), false
				}
				if j+1 < limit {
					j++
					b = append(b, src[j])
				}
			default:
				if !exact {
					b = append(b, c)
				}
			}
		}
		return "", i, false, i, false
	case '`':
		end := bytes.IndexByte(src[i+1:limit], '`')
		if end < 0 {
			return "", i, false, i, false
		}
		return string(src[i+1 : i+1+end]), i + 1, true, i + 2 + end, true
	}
	j := i
	for j < limit && !isSpace(src[j]) && !bytes.HasPrefix(src[j:limit], closer) &&
		!(src[j] == '/' && bytes.HasPrefix(src[j+1:limit], closer)) {
		j++
	}
	return string(src[i:j]), i, true, j, j > i
}

// shortcodeNode is a shortcode in the AST until resolveShortcodes replaces it, and after that
// one rendered as text or as a link card: html is then what it renders as.
type shortcodeNode struct {
	ast.BaseInline
	sc   shortcode
	html string
}

// shortcodeBlock is a shortcode that fills its lines.
type shortcodeBlock struct {
	ast.BaseBlock
	sc   shortcode
	html string
	done bool // its last line is read
}

var kindShortcode = ast.NewNodeKind("Shortcode")

func (n *shortcodeNode) Kind() ast.NodeKind                { return kindShortcode }
func (n *shortcodeNode) Dump(src []byte, level int)        { ast.DumpHelper(n, src, level, nil, nil) }
func (n *shortcodeBlock) Kind() ast.NodeKind               { return kindShortcode }
func (n *shortcodeBlock) Dump(src []byte, level int)       { ast.DumpHelper(n, src, level, nil, nil) }
func (n *shortcodeBlock) shortcode() (*shortcode, *string) { return &n.sc, &n.html }
func (n *shortcodeNode) shortcode() (*shortcode, *string)  { return &n.sc, &n.html }

// figureNode is a figure shortcode: its children are the image (in a link when it has one);
// the caption is rendered after them.
type figureNode struct {
	ast.BaseBlock
	title, caption string
}

var kindFigure = ast.NewNodeKind("Figure")

func (n *figureNode) Kind() ast.NodeKind         { return kindFigure }
func (n *figureNode) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type shortcodeInlineParser struct{}

func (shortcodeInlineParser) Trigger() []byte { return []byte{'{'} }

func (shortcodeInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 || line[1] != '{' || line[2] != '<' && line[2] != '%' || seg.Padding > 0 {
		return nil
	}
	sc, ok := lexShortcode(block.Source(), seg.Start, seg.Stop)
	if !ok {
		return nil
	}
	block.Advance(sc.end - sc.start)
	n := &shortcodeNode{sc: sc}
	n.SetPos(sc.start)
	foundShortcode(pc, n)
	return n
}

// shortcodeBlockParser opens a block for a shortcode that starts a line and ends one (its
// arguments may run over several lines, up to a blank one), and for a highlight shortcode
// with the code lines up to its closing tag.
type shortcodeBlockParser struct{}

func (shortcodeBlockParser) Trigger() []byte             { return []byte{'{'} }
func (shortcodeBlockParser) CanInterruptParagraph() bool { return true }
func (shortcodeBlockParser) CanAcceptIndentedLine() bool { return false }

var highlightKey = parser.NewContextKey() // the highlight block still open, if any

func (shortcodeBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w >= 4 || pos < seg.Padding {
		return nil, parser.NoChildren
	}
	src := reader.Source()
	at := seg.Start + pos - seg.Padding
	sc, ok := lexShortcode(src, at, paragraphEnd(src, at))
	if !ok || sc.comment {
		return nil, parser.NoChildren
	}
	eol := len(src)
	if i := bytes.IndexByte(src[sc.end:], '\n'); i >= 0 {
		eol = sc.end + i
	}
	rest := src[sc.end:eol]
	if sc.name == "highlight" && !sc.closing {
		code := ast.NewFencedCodeBlock(nil)
		if lang, ok := sc.get("", 0); ok && lang.exact && lang.value != "" {
			code.Info = ast.NewTextSegment(text.NewSegment(lang.off, lang.off+len(lang.value)))
		}
		code.SetPos(sc.start)
		if c := bytes.Index(rest, []byte("{{")); c >= 0 {
			if cl, ok := lexShortcode(src, sc.end+c, eol); ok && cl.closing && cl.name == "highlight" && util.IsBlank(src[cl.end:eol]) {
				s := text.NewSegment(sc.end, sc.end+c)
				s.ForceNewline = true
				code.Lines().Append(s)
				skipTo(reader, eol)
				return code, parser.NoChildren // not in highlightKey: Continue closes it
			}
		}
		if !util.IsBlank(rest) {
			return nil, parser.NoChildren
		}
		skipTo(reader, eol)
		pc.Set(highlightKey, code)
		return code, parser.NoChildren
	}
	if !util.IsBlank(rest) {
		return nil, parser.NoChildren
	}
	n := &shortcodeBlock{sc: sc}
	n.SetPos(sc.start)
	n.done = skipTo(reader, eol)
	foundShortcode(pc, n)
	return n, parser.NoChildren
}

// skipTo advances reader to offset end, or to the end of the current line if end is beyond
// it; it reports whether end was reached.
func skipTo(reader text.Reader, end int) bool {
	_, seg := reader.PeekLine()
	if end <= seg.Stop {
		reader.AdvanceToEOL()
		return true
	}
	reader.AdvanceToEOL()
	return false
}

// paragraphEnd is the offset of the first blank line after at, or len(src), looking no
// further than a shortcode may be long.
func paragraphEnd(src []byte, at int) int {
	for i := at; i < len(src); {
		if i > at+maxShortcode {
			return i
		}
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return len(src)
		}
		i += j + 1
		k := i
		for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\r') {
			k++
		}
		if k == len(src) || src[k] == '\n' {
			return i
		}
	}
	return len(src)
}

func (shortcodeBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if n, ok := node.(*shortcodeBlock); ok {
		// The rest of a shortcode whose arguments run over several lines.
		if n.done {
			return parser.Close
		}
		if n.done = skipTo(reader, n.sc.end); n.done {
			return parser.Close
		}
		return parser.Continue | parser.NoChildren
	}
	if open, _ := pc.Get(highlightKey).(ast.Node); open != node {
		return parser.Close // a highlight on one line
	}
	_, pos := util.IndentWidth(line, reader.LineOffset())
	if pos < len(line) && line[pos] == '{' && pos >= seg.Padding {
		at := seg.Start + pos - seg.Padding
		if cl, ok := lexShortcode(reader.Source(), at, seg.Stop); ok && cl.closing && cl.name == "highlight" {
			reader.AdvanceToEOL()
			pc.Set(highlightKey, nil)
			return parser.Close
		}
	}
	s := text.NewSegmentPadding(seg.Start, seg.Stop, seg.Padding)
	s.ForceNewline = true
	node.Lines().Append(s)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (shortcodeBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	if open, _ := pc.Get(highlightKey).(ast.Node); open == node {
		pc.Set(highlightKey, nil)
		addProblem(pc, node.Pos(), "shortcode", "highlight is not closed: the code runs to the end of its block",
			"end the code with {{< /highlight >}} on a line of its own", true)
	}
}

var problemsKey = parser.NewContextKey()

// addProblem records a diagnostic at offset off of the body; convert returns them in
// Result.Problems.
func addProblem(pc parser.Context, off int, code, msg, hint string, warning bool) {
	ps, _ := pc.Get(problemsKey).(*[]Problem)
	if ps == nil {
		ps = &[]Problem{}
		pc.Set(problemsKey, ps)
	}
	*ps = append(*ps, Problem{Offset: off, Code: code, Msg: msg, Hint: hint, Warning: warning})
}

var foundKey = parser.NewContextKey() // *[]ast.Node: the shortcodes parsed, in order

// foundShortcode records n for resolveShortcodes, which then need not walk a document
// without shortcodes (most of them).
func foundShortcode(pc parser.Context, n ast.Node) {
	found, _ := pc.Get(foundKey).(*[]ast.Node)
	if found == nil {
		found = &[]ast.Node{}
		pc.Set(foundKey, found)
	}
	*found = append(*found, n)
}

// resolveShortcodes replaces each shortcode node by what it renders as.
func resolveShortcodes(doc *ast.Document, reader text.Reader, pc parser.Context) {
	found, _ := pc.Get(foundKey).(*[]ast.Node)
	if found == nil {
		return
	}
	src := reader.Source()
	for _, n := range *found {
		if n.Parent() != nil { // still in the document
			resolveShortcode(n, src, pc)
		}
	}
}

type shortcodeCarrier interface {
	ast.Node
	shortcode() (*shortcode, *string)
}

// resolveShortcode replaces a shortcode node with what it stands for: a link, a figure, a
// link to an embed, or its own text with a warning saying why.
func resolveShortcode(n ast.Node, src []byte, pc parser.Context) {
	sc, out := n.(shortcodeCarrier).shortcode()
	written := string(src[sc.start:sc.end])
	asText := func() { *out = html.EscapeString(written) }
	switch {
	case sc.comment:
		// {{</* name */>}} is how Hugo's documentation writes a shortcode as text.
		inner := strings.TrimSuffix(strings.TrimPrefix(written[3:len(written)-3], "/*"), "*/")
		*out = html.EscapeString(written[:3] + inner + written[len(written)-3:])
		return
	case sc.closing:
		asText() // its opening tag was reported
		return
	}
	ok := true
	switch sc.name {
	case "ref", "relref":
		ok = refShortcode(n, sc, src, pc)
	case "figure":
		ok = figureShortcode(n, sc, src, pc)
	case "youtube", "vimeo", "tweet", "x", "instagram", "gist":
		ok = embedShortcode(sc, out, pc)
	case "highlight":
		addProblem(pc, sc.start, "shortcode", "highlight inside a paragraph is shown as text",
			"put {{< highlight LANG >}}, the code and {{< /highlight >}} on lines of their own, or write a fenced code block", true)
		ok = false
	default:
		unknownShortcode(sc, pc)
		ok = false
	}
	if !ok {
		asText()
	}
}

// refShortcode makes {{< ref "other.md" >}} the Markdown link it means, so that the refs
// extension resolves it as any other link; false when it is shown as text instead.
func refShortcode(n ast.Node, sc *shortcode, src []byte, pc parser.Context) bool {
	target, ok := sc.get("path", 0)
	if !ok || target.value == "" {
		addProblem(pc, sc.start, "shortcode", sc.name+" needs a page path", `write {{< ref "other.md" >}}, or a Markdown link [text](other.md)`, true)
		return false
	}
	if p, _, _ := strings.Cut(target.value, "#"); p != "" && !strings.HasSuffix(strings.ToLower(p), ".md") {
		// Hugo also finds "about" as about.md, about/index.md or about/_index.md; a
		// single file's parse cannot know which exists, and a guess would be a wrong error.
		addProblem(pc, target.off, "shortcode", sc.name+" to "+p+" names no .md file and is shown as text",
			`write the page's file, relative to this one or from content/: "`+p+`.md", or "`+p+`/index.md" for a bundle`, true)
		return false
	}
	_, block := n.(*shortcodeBlock)
	link := ast.NewLink()
	link.Destination = argBytes(src, target)
	if !block && wrapInLink(n, link, src) {
		return true
	}
	link.SetPos(sc.start)
	if target.exact {
		link.AppendChild(link, ast.NewTextSegment(text.NewSegment(target.off, target.off+len(target.value))))
	} else {
		link.AppendChild(link, rawString(target.value))
	}
	parent := n.Parent()
	if block {
		p := ast.NewParagraph()
		p.AppendChild(p, link)
		parent.ReplaceChild(parent, n, p)
	} else {
		parent.ReplaceChild(parent, n, link)
	}
	return true
}

// figureShortcode makes {{< figure >}} a figure around an image (a ref like any other), with
// its caption and optional link; false when it has no src.
func figureShortcode(n ast.Node, sc *shortcode, src []byte, pc parser.Context) bool {
	src0, ok := sc.get("src", -1)
	if !ok || src0.value == "" {
		addProblem(pc, sc.start, "shortcode", "figure needs a src", `write {{< figure src="photo.jpg" alt="…" caption="…" >}}`, true)
		return false
	}
	fig := &figureNode{}
	fig.SetPos(sc.start)
	if a, ok := sc.get("title", -1); ok {
		fig.title = a.value
	}
	if a, ok := sc.get("caption", -1); ok {
		fig.caption = a.value
	}
	img := ast.NewLink()
	img.Destination = argBytes(src, src0)
	image := ast.NewImage(img)
	image.SetPos(sc.start)
	alt := fig.caption
	if a, ok := sc.get("alt", -1); ok {
		alt = a.value
	}
	image.AppendChild(image, rawString(alt))
	var child ast.Node = image
	if a, ok := sc.get("link", -1); ok && a.value != "" {
		link := ast.NewLink()
		link.Destination = argBytes(src, a)
		link.SetPos(sc.start)
		link.AppendChild(link, image)
		child = link
	}
	fig.AppendChild(fig, child)
	n.Parent().ReplaceChild(n.Parent(), n, fig)
	return true
}

// embedShortcode writes a video, post or gist as a plain link to it: nothing is loaded from
// elsewhere, and the page works offline. False when the shortcode names no embed.
func embedShortcode(sc *shortcode, out *string, pc parser.Context) bool {
	url, label, problem := embedURL(sc)
	if problem != "" {
		addProblem(pc, sc.start, "shortcode", problem, "write the shortcode as Hugo documents it, or a Markdown link to the page", true)
		return false
	}
	if a, ok := sc.get("title", -1); ok && a.value != "" {
		label = a.value
	}
	*out = `<a class="embed embed-` + sc.name + `" href="` + html.EscapeString(url) + `">` + html.EscapeString(label) + `</a>`
	return true
}

// unknownShortcode reports a shortcode mentorgen does not run, naming a built-in one it may
// have meant.
func unknownShortcode(sc *shortcode, pc parser.Context) {
	msg, hint := "shortcode "+sc.name+" is not supported and is shown as text",
		"mentorgen does not run Hugo shortcodes; write the content in Markdown, or use one of "+strings.Join(builtinShortcodes, ", ")
	if strings.HasSuffix(sc.name, ".inline") {
		msg, hint = "inline shortcode "+sc.name+" is a template and is shown as text",
			"mentorgen never runs templates written in content; write the content in Markdown"
	} else if dym := editdist.DidYouMean(sc.name, builtinShortcodes); dym != "" {
		hint = dym + " " + hint
	}
	addProblem(pc, sc.start, "shortcode", msg, hint, true)
}

// argBytes returns an argument's value as a slice of the body when it is written as is, so
// that the refs extension finds its exact offset.
func argBytes(src []byte, a shortcodeArg) []byte {
	if a.exact {
		return src[a.off : a.off+len(a.value)]
	}
	return []byte(a.value)
}

func rawString(s string) *ast.String {
	v := ast.NewString([]byte(s))
	v.SetRaw(true)
	return v
}

// wrapInLink handles `[text]({{< ref "x.md" >}})`: goldmark does not see a link there (a
// destination has no spaces), so the '[', the text and the "](" before the shortcode and
// the ")" after it are text nodes. It moves the nodes of the link text into link and puts
// link in their place; it reports false, changing nothing, when n is not written that way.
func wrapInLink(n ast.Node, link *ast.Link, src []byte) bool {
	sc, _ := n.(shortcodeCarrier).shortcode()
	next, ok := n.NextSibling().(*ast.Text)
	if !ok || next.Segment.Start != sc.end || sc.end >= len(src) || src[sc.end] != ')' {
		return false
	}
	prev, ok := n.PreviousSibling().(*ast.Text)
	if !ok || prev.Segment.Stop != sc.start || !bytes.HasSuffix(prev.Segment.Value(src), []byte("](")) {
		return false
	}
	var open *ast.Text
	at, depth, read := 0, 0, 0
	for c := ast.Node(prev); c != nil && open == nil && read < maxShortcode; c = c.PreviousSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		v := t.Segment.Value(src)
		read += len(v) // a bound, so that many refs without '[' are not quadratic
		stop := len(v)
		if t == prev {
			stop -= 2
		}
		for i := stop - 1; i >= 0; i-- {
			if i > 0 && v[i-1] == '\\' {
				continue
			}
			if v[i] == ']' {
				depth++
			} else if v[i] == '[' {
				if depth == 0 {
					open, at = t, t.Segment.Start+i
					break
				}
				depth--
			}
		}
	}
	if open == nil {
		return false
	}
	parent := n.Parent()
	// Split the text with the '[': what follows it starts the link text.
	first := ast.Node(nil)
	if at+1 < open.Segment.Stop {
		after := ast.NewTextSegment(open.Segment.WithStart(at + 1))
		after.SetSoftLineBreak(open.SoftLineBreak())
		after.SetHardLineBreak(open.HardLineBreak())
		parent.InsertAfter(parent, open, after)
		if open == prev {
			prev = after
		}
		first = after
	} else {
		first = open.NextSibling()
	}
	open.Segment = open.Segment.WithStop(at)
	open.SetSoftLineBreak(false)
	open.SetHardLineBreak(false)
	prev.Segment = prev.Segment.WithStop(prev.Segment.Stop - 2)
	next.Segment = next.Segment.WithStart(next.Segment.Start + 1)
	link.SetPos(at)
	for c := first; c != nil && c != n; {
		following := c.NextSibling()
		link.AppendChild(link, c) // AppendChild detaches c from parent
		c = following
	}
	parent.ReplaceChild(parent, n, link)
	for _, t := range []*ast.Text{open, prev, next} {
		if t.Segment.IsEmpty() && t.Parent() != nil && !t.SoftLineBreak() && !t.HardLineBreak() {
			t.Parent().RemoveChild(t.Parent(), t)
		}
	}
	return true
}

var embedID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// embedURL returns the canonical URL of an embedded post and a label for its link, or a
// problem when the shortcode lacks what the URL needs.
func embedURL(sc *shortcode) (url, label, problem string) {
	id, _ := sc.get("id", 0)
	user, _ := sc.get("user", -1)
	if !embedID.MatchString(id.value) {
		return "", "", sc.name + " needs an id of letters, digits, '_' or '-'"
	}
	switch sc.name {
	case "youtube":
		return "https://www.youtube.com/watch?v=" + id.value, "YouTube video " + id.value, ""
	case "vimeo":
		return "https://vimeo.com/" + id.value, "Vimeo video " + id.value, ""
	case "instagram":
		return "https://www.instagram.com/p/" + id.value + "/", "Instagram post " + id.value, ""
	case "tweet", "x":
		if user.value == "" {
			return "https://x.com/i/status/" + id.value, "Post on X", ""
		}
		if !embedID.MatchString(user.value) {
			return "", "", sc.name + " needs a user of letters, digits or '_'"
		}
		return "https://x.com/" + user.value + "/status/" + id.value, "Post by @" + user.value + " on X", ""
	}
	// gist: {{< gist user id [file] >}}
	user, _ = sc.get("user", 0)
	id, _ = sc.get("id", 1)
	if !embedID.MatchString(user.value) || !embedID.MatchString(id.value) {
		return "", "", "gist needs a user and a gist id"
	}
	label = "Gist " + user.value + "/" + id.value
	if f, ok := sc.get("file", 2); ok && f.value != "" {
		label += " (" + f.value + ")"
	}
	return "https://gist.github.com/" + user.value + "/" + id.value, label, ""
}

// shortcodeRenderer renders shortcodes left as text or link cards, and figures.
type shortcodeRenderer struct{}

func (shortcodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindShortcode, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		_, out := n.(shortcodeCarrier).shortcode()
		if n.Type() == ast.TypeBlock {
			_, _ = w.WriteString("<p>" + *out + "</p>\n")
		} else {
			_, _ = w.WriteString(*out)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindFigure, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		f := n.(*figureNode)
		if entering {
			_, _ = w.WriteString("<figure>")
			return ast.WalkContinue, nil
		}
		if f.title != "" || f.caption != "" {
			_, _ = w.WriteString("<figcaption>")
			if f.title != "" {
				_, _ = w.WriteString("<h4>" + html.EscapeString(f.title) + "</h4>")
			}
			if f.caption != "" {
				_, _ = w.WriteString("<p>" + html.EscapeString(f.caption) + "</p>")
			}
			_, _ = w.WriteString("</figcaption>")
		}
		_, _ = w.WriteString("</figure>\n")
		return ast.WalkContinue, nil
	})
}
