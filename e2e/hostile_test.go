package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// A hostile site is written by someone who wants the portal to run their script in a
// visitor's browser. Every payload below, had it run, would leave a trace the test looks for:
// window.__pwned set, a dialog, an element with the class "pwned", or a request to the trap
// listener (any request to a host other than the site counts too).

// hostileJS is what each payload would run: set the marker, open a dialog and call the trap.
func hostileJS(trap, tag string) string {
	return fmt.Sprintf("window.__pwned='%s';alert('%s');fetch('%s/pwned?%s')", tag, tag, trap, tag)
}

// markup is the HTML payload for one text field: a script, event handlers on an image and an
// SVG, an element to find, an attribute break-out both ways, a </script> that would end a
// JSON-LD or data block early, and Go template actions, which must stay text.
func markup(trap, tag string) string {
	js := hostileJS(trap, tag)
	return fmt.Sprintf(`<script>%s</script><img src=x onerror="%s"><svg onload="%s"><b class=pwned>%s</b>"'><i class="pwned" onmouseover="%s">`+
		`</script><script>%s</script><!-- {{ .Site.Title }} {{ template "x" }}`, js, js, js, tag, js, js)
}

// markupPayloads is how many payloads one markup value carries.
const markupPayloads = 8

// markdownBody is a Markdown body of payloads: raw HTML of every kind, links and images to
// javascript:, data: and vbscript: URLs, mixed-case and entity-encoded, and template text. It
// returns how many. (A scheme split by an entity tab is refused: TestHostileRefused.)
func markdownBody(trap, tag string) (string, int) {
	js := hostileJS(trap, tag)
	lines := []string{
		"<script>" + js + "</script>",
		`<img src=x onerror="` + js + `">`,
		`<svg onload="` + js + `"><circle r="1"/></svg>`,
		`<div class="pwned" onmouseover="` + js + `">div</div>`,
		`<a href="javascript:` + js + `" class="pwned">raw link</a>`,
		`<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></iframe>`,
		`<img src="` + trap + `/pwned?img-` + tag + `">`,
		"</script><script>" + js + "</script>",
		"[plain](javascript:alert('" + tag + "'))",
		"[mixed](JaVaScRiPt:alert('" + tag + "'))",
		"[entity](&#106;avascript:alert('" + tag + "'))",
		"[hex entity](&#x6A;avascript:alert('" + tag + "'))",
		"[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
		"[vb](vbscript:msgbox('" + tag + "'))",
		"[angle](<javascript:alert('" + tag + "')>)",
		"<javascript:alert('" + tag + "')>",
		"![img](javascript:alert('" + tag + "'))",
		"![svg](data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4=)",
		"![trap](" + trap + "/pwned?md-img-" + tag + ")",
		`[ref link][r]` + "\n\n[r]: javascript:alert('" + tag + "')",
		"Template text: {{ .Site.Title }} and {{ template \"x\" }} and {{ printf \"%s\" \"pwned\" }}.",
	}
	return strings.Join(lines, "\n\n") + "\n", len(lines)
}

// hostileVocab is the value of each vocabulary list that carries a payload.
func hostileVocab(trap string) map[string]string {
	return map[string]string{
		"expertise":  "<script>" + hostileJS(trap, "vocab-expertise") + "</script>x",
		"helps_with": `<img src=x onerror="` + hostileJS(trap, "vocab-helps") + `">`,
		"industries": `</script><script>` + hostileJS(trap, "vocab-industries") + `</script>`,
		"style":      `"'><b class=pwned>style</b>`,
		"languages":  `<svg onload="` + hostileJS(trap, "vocab-languages") + `">`,
	}
}

// bidiName has a right-to-left override and a zero-width space. As a file name whose URL it
// would be, the build refuses it (TestHostileRefused); the hostile site gives such files a
// slug: or url: and carries the same characters in their titles, as text.
const bidiName = "ev\u202eil\u200bname"

// writeHostileSite writes the site to dir and returns how many payloads it holds.
func writeHostileSite(t *testing.T, dir, trap string, unsafe bool) int {
	t.Helper()
	q := func(s string) string { // a YAML (JSON) string
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	n := 0
	m := func(tag string) string { n += markupPayloads; return q(markup(trap, tag)) }
	// A taxonomy term becomes a URL, so it is kept short enough for a file name.
	short := func(tag string) string {
		n += 3
		return q(`</script><script>alert('` + tag + `')</script><b class=pwned onclick=alert(1)>{{ .Site }}`)
	}
	vocab := hostileVocab(trap)
	n += len(vocab)
	files := map[string]string{}
	var site strings.Builder
	fmt.Fprintf(&site, "title: %s\ntagline: %s\ndescription: %s\nbase_url: https://mentors.example.org/\n", m("site-title"), m("site-tagline"), m("site-description"))
	fmt.Fprintf(&site, "markdown:\n  unsafe: %v\nvocabularies:\n", unsafe)
	for _, k := range generator.VocabularyNames {
		fmt.Fprintf(&site, "  %s: [discovery, %s]\n", k, q(vocab[k]))
	}
	files["site.yaml"] = site.String()

	body := func(tag string) string {
		b, k := markdownBody(trap, tag)
		n += k
		return b
	}
	files["content/_index.md"] = fmt.Sprintf("---\ntitle: %s\n---\n%s", m("home"), body("home"))
	files["content/mentors/_index.md"] = fmt.Sprintf("---\ntitle: %s\nsummary: %s\n---\n%s", m("mentors-title"), m("mentors-summary"), body("mentors"))
	var mentor strings.Builder
	fmt.Fprintf(&mentor, "---\ntitle: %s\nname_latin: %s\nrole: %s\ncompany: %s\nsummary: %s\ndescription: %s\n",
		m("name"), m("name-latin"), m("role"), m("company"), m("summary"), m("description"))
	fmt.Fprintf(&mentor, "location: %s\nauthor: %s\nlinkTitle: %s\nkeywords: [%s]\ntags: [%s]\n", m("location"), m("author"), m("link-title"), m("keywords"), short("tags"))
	fmt.Fprintf(&mentor, "formats: [%s]\nparams: {note: %s}\n", m("formats"), m("params"))
	for _, k := range generator.VocabularyNames {
		fmt.Fprintf(&mentor, "%s: [discovery, %s]\n", k, q(vocab[k]))
	}
	// Links and the booking URL are https: addresses that try to break out of their attribute.
	breakout := `/"onmouseover="` + hostileJS(trap, "url") + `"x='<script>` + hostileJS(trap, "url-script") + `</script>`
	n += 4
	fmt.Fprintf(&mentor, "links:\n  - %s\n  - {title: %s, url: %s}\n", q("https://example.org"+breakout), m("link-title"), q("https://github.com"+breakout))
	fmt.Fprintf(&mentor, "booking_url: %s\n", q("mailto:ana@example.org?subject="+`"><script>`+hostileJS(trap, "booking")+`</script>`))
	fmt.Fprintf(&mentor, "photo: %s\n", q(hostilePhoto))
	n++
	fmt.Fprintf(&mentor, "seniority: senior\ntimezone: Europe/Berlin\naccepting: true\ncapacity: 2\navailability: [\"Tue 18:00-20:00\"]\n---\n%s", body("mentor"))
	files["content/mentors/hostile.md"] = mentor.String()
	// The same name a second time, so that comparisons, similar mentors and ranking show it
	// next to another hostile card.
	files["content/mentors/second.md"] = fmt.Sprintf("---\ntitle: %s\nrole: PM\nseniority: mid\ntimezone: UTC\nexpertise: [discovery, %s]\nhelps_with: [%s]\naccepting: true\n---\nSecond.\n",
		m("second-name"), q(vocab["expertise"]), q(vocab["helps_with"]))
	files["content/mentors/"+bidiName+".md"] = fmt.Sprintf("---\ntitle: %s\nslug: bidi-file\nrole: PM\nseniority: mid\ntimezone: UTC\nexpertise: [discovery]\naccepting: true\n---\nBidi.\n", q("Ana \u202egnp.exe\u200b Lima"))
	n += 2
	files["content/mentors/plain.md"] = "---\ntitle: Plain Mentor\nrole: PM\nseniority: senior\ntimezone: UTC\nexpertise: [discovery]\naccepting: true\n---\nPlain.\n"

	var guide strings.Builder
	fmt.Fprintf(&guide, "---\ntitle: %s\nsummary: %s\ndescription: %s\nprogram_type: formal\n", m("guide-title"), m("guide-summary"), m("guide-description"))
	for _, k := range []string{"duration", "cadence", "commitment", "audience", "cost", "matching"} {
		fmt.Fprintf(&guide, "%s: %s\n", k, m("guide-"+k))
	}
	fmt.Fprintf(&guide, "date: 2025-01-02\nauthor: %s\ntags: [%s]\naliases: [/old-guide/, \" javascript:alert(1)\"]\n---\n%s", m("guide-author"), short("guide-tag"), body("guide"))
	files["content/programs/hostile.md"] = guide.String()
	files["content/programs/plain.md"] = "---\ntitle: Plain program\nprogram_type: online\n---\nPlain.\n"
	files["content/tips/hostile.md"] = fmt.Sprintf("---\ntitle: %s\ntopic: %s\nexpertise: [%s]\nsummary: %s\ndate: 2025-01-03\n---\n%s",
		m("tip-title"), m("tip-topic"), q(vocab["expertise"]), m("tip-summary"), body("tip"))
	files["content/about.md"] = fmt.Sprintf("---\ntitle: %s\ndescription: %s\nsummary: %s\nkeywords: [%s]\ndate: 2025-01-04\n---\n%s",
		m("page-title"), m("page-description"), m("page-summary"), m("page-keywords"), body("page"))
	files["content/"+bidiName+"-page.md"] = fmt.Sprintf("---\ntitle: %s\nurl: %s\n---\nA page with a bidi file name, and markup in its url.\n",
		q("about \u202etxt.exe\u200b"), q(`/x"><script>alert('url')</script>'/`))
	n++

	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	photo := filepath.Join(dir, "static", filepath.FromSlash(strings.TrimPrefix(hostilePhoto, "/")))
	if err := os.MkdirAll(filepath.Dir(photo), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(photo, tinyPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	return n
}

// hostilePhoto is a photo path that would end a CSS url() or an attribute and add its own
// rules if it reached a style or srcset unescaped. It is a real image on disk.
const hostilePhoto = `/images/a');background:url('https:evil.example'),x" onerror="alert(1) 2x, evil.png 3x.png`

// tinyPNG is a valid 8×8 PNG image.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	data, err := fs.ReadFile(os.DirFS(".."), "static/favicon.png")
	if err == nil {
		return data
	}
	// A 1×1 transparent PNG.
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x03\x00\x08\xfc\x02\xfe\xa7\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82")
}

// A refused payload is one the build stops at with an error in file whose message contains
// want: a front matter key set to value (key "body": the Markdown body).
type refused struct{ file, key, value, want string }

// refusedCases are payloads the build refuses, each in a mentor otherwise valid: script URLs
// in booking_url, links and aliases, markup where only a known value is allowed, Markdown
// links whose scheme is split by an entity, and invisible or direction-changing characters
// in anything that becomes a URL.
func refusedCases() []refused {
	var out []refused
	add := func(key, value, want string) {
		out = append(out, refused{"content/mentors/x.md", key, value, want})
	}
	for _, u := range []string{"javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", "java\tscript:alert(1)",
		" javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "vbscript:msgbox(1)", "//evil.example/x"} {
		q, _ := json.Marshal(u)
		add("booking_url", string(q), "booking_url")
		add("links", "["+string(q)+"]", "links")
		add("links", "[{title: x, url: "+string(q)+"}]", "links.url")
		if !strings.HasPrefix(u, " ") {
			// An alias with a scheme is refused, and so is one with a '#' or a control
			// character (no request can reach it); one with a leading space is a relative
			// path, built by the hostile site as a folder named so.
			add("aliases", "["+string(q)+"]", "aliases")
		}
	}
	// A tab or newline written as an entity inside a Markdown link's scheme makes it a
	// relative link to a file that does not exist.
	for _, u := range []string{"java&#x09;script:alert(1)", "java&#x0A;script:alert(1)", "java&#9;script:alert(1)"} {
		add("body", "[x]("+u+")", "link to")
	}
	script, _ := json.Marshal("<script>alert(1)</script>")
	for _, k := range []string{"timezone", "seniority", "program_types", "availability", "photo", "slug"} {
		v := string(script)
		if k == "program_types" || k == "availability" {
			v = "[" + v + "]"
		}
		add(k, v, k)
	}
	for _, c := range []string{"\u202e", "\u200b", "\u2066", "\ufeff"} {
		add("slug", `"ana`+c+`lima"`, "slug")
		add("url", `"/ana`+c+`lima/"`, "url")
		add("aliases", `["/old`+c+`/"]`, "aliases")
		out = append(out,
			refused{"content/mentors/ev" + c + "il.md", "", "", "invisible"},
			refused{"content/mentors/" + c + "ana/index.md", "", "", "invisible"},
			refused{"content/fol" + c + "der/page.md", "", "", "invisible"})
	}
	return out
}

// TestHostileRefused builds one small site per refused payload and requires an error in its
// file whose message says what was wrong.
func TestHostileRefused(t *testing.T) {
	base := map[string]string{"title": "X", "role": "PM", "seniority": "senior", "timezone": "UTC", "expertise": "[discovery]"}
	for _, c := range refusedCases() {
		fm := maps.Clone(base)
		if c.key != "" {
			fm[c.key] = c.value
		}
		var src strings.Builder
		src.WriteString("---\n")
		for _, k := range slices.Sorted(maps.Keys(fm)) {
			if k != "body" {
				fmt.Fprintf(&src, "%s: %s\n", k, fm[k])
			}
		}
		src.WriteString("---\n" + fm["body"] + "\n")
		site := fstest.MapFS{"site.yaml": {Data: []byte("title: T\n")}, c.file: {Data: []byte(src.String())}}
		o, diags := generator.Prepare(generator.Options{Site: site, Theme: layouts.FS})
		found := false
		for _, d := range diags.Errors() {
			found = found || d.File == c.file && strings.Contains(d.Msg, c.want)
		}
		if o != nil || !found {
			t.Errorf("%s: %s %s was not refused with an error saying %q; diagnostics: %v", c.file, c.key, c.value, c.want, diags)
		}
	}
}

// buildHostile writes the hostile site (Markdown raw HTML allowed or not) and builds it.
func buildHostile(t *testing.T, trap string, unsafe bool) (dir, out string, payloads int) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "site")
	payloads = writeHostileSite(t, dir, trap, unsafe)
	out = filepath.Join(t.TempDir(), "public")
	res, err := generator.Build(generator.Options{Site: os.DirFS(dir), Theme: layouts.FS, Minify: true}, generator.Destination{Dir: out, SiteDir: dir})
	if err != nil {
		t.Fatalf("the hostile site (unsafe: %v) does not build: %v", unsafe, err)
	}
	for _, w := range res.Warnings {
		t.Logf("warning: %s", w)
	}
	return dir, out, payloads
}

// TestHostileContent builds the hostile site twice, with Markdown raw HTML refused (the
// default) and allowed (markdown.unsafe), checks the files it wrote, then loads every HTML
// page of it in chromium, with the search, the match page and the request composer driven
// too, and requires that no payload ran: no dialog, no marker, no made element, no request
// to the trap or to any other host.
func TestHostileContent(t *testing.T) {
	var trapMu sync.Mutex
	var trapped []string
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	trapSrv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		trapMu.Lock()
		defer trapMu.Unlock()
		trapped = append(trapped, r.URL.String())
	})}
	go trapSrv.Serve(ln)
	t.Cleanup(func() { trapSrv.Close() })
	trap := "http://" + ln.Addr().String()

	for _, unsafe := range []bool{false, true} {
		t.Run(fmt.Sprintf("unsafe=%v", unsafe), func(t *testing.T) {
			_, out, payloads := buildHostile(t, trap, unsafe)
			checkHostileFiles(t, out)
			b := newHostileBrowser(t, out)
			b.canary(t, out, trap, func() int {
				trapMu.Lock()
				defer trapMu.Unlock()
				n := len(trapped)
				if n > 0 {
					trapped = nil
				}
				return n
			})
			pages := b.visitAll(t, out)
			b.interact(t)
			b.finish(t)
			trapMu.Lock()
			defer trapMu.Unlock()
			for _, u := range trapped {
				t.Errorf("a payload called the trap: %s", u)
			}
			t.Logf("%d payloads, %d pages and %d interactions in chromium; %d script executions, %d dialogs, %d trap requests, %d requests to other hosts; the CSP reported %d violations and blocked %d requests",
				payloads, pages, b.interactions, b.executions, b.dialogs, len(trapped), b.foreign, b.cspBlocked, b.blockedRequests)
		})
	}
}

// checkHostileFiles reads what the build wrote: every JSON file and JSON-LD block parses and
// holds no "</script" (any case) or "<!--"; the feed is well-formed XML whose texts keep the
// markup as text; every HTML file, tokenized as a browser would, has no script but its own
// (external or JSON-LD), no on… attribute, no element made from a payload and no URL with a
// script scheme; and template text in content is still there, as text.
func checkHostileFiles(t *testing.T, out string) {
	t.Helper()
	closing := regexp.MustCompile(`(?i)</script|<!--`)
	checkJSON := func(what string, data []byte) {
		t.Helper()
		if !json.Valid(data) {
			t.Errorf("%s: not valid JSON", what)
		}
		if loc := closing.FindIndex(data); loc != nil {
			t.Errorf("%s: holds %q, which would end an HTML script block", what, data[loc[0]:loc[1]])
		}
	}
	var htmlFiles, jsonFiles, ldBlocks int
	templateText := false
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch {
		case strings.HasSuffix(rel, ".json"):
			jsonFiles++
			checkJSON(rel, data)
		case rel == "feed.xml" || rel == "sitemap.xml":
			checkFeed(t, rel, data)
		case strings.HasSuffix(rel, ".html"):
			htmlFiles++
			blocks, text := checkHTML(t, rel, data)
			for _, b := range blocks {
				ldBlocks++
				checkJSON(rel+": JSON-LD", b)
			}
			templateText = templateText || strings.Contains(text, `{{ printf `) && strings.Contains(text, `{{ .Site.Title }}`) && strings.Contains(text, `{{ template `)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !templateText {
		t.Error("no page shows the template text of the content as text")
	}
	if htmlFiles < 30 || jsonFiles < 5 || ldBlocks < 5 {
		t.Errorf("checked only %d HTML files, %d JSON files and %d JSON-LD blocks", htmlFiles, jsonFiles, ldBlocks)
	}
	t.Logf("checked %d HTML files, %d JSON-LD blocks, %d JSON files and the feed", htmlFiles, ldBlocks, jsonFiles)
}

// checkFeed requires well-formed XML in which no element is declared to hold HTML (a feed
// reader would render it) and the payloads' markup is character data.
func checkFeed(t *testing.T, name string, data []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	inHTML := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s: not well-formed XML: %v", name, err)
			return
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "script" || tok.Name.Local == "img" || tok.Name.Local == "b" {
				t.Errorf("%s: an element <%s> made from a payload", name, tok.Name.Local)
			}
			for _, a := range tok.Attr {
				// A feed reader renders an html element: it is checked as a page is.
				inHTML = inHTML || a.Name.Local == "type" && strings.Contains(a.Value, "html") && tok.Name.Local != "link"
			}
		case xml.EndElement:
			inHTML = false
		case xml.CharData:
			if inHTML {
				checkHTML(t, name+": HTML content", tok)
			}
		}
	}
	if name == "feed.xml" && !bytes.Contains(data, []byte("&lt;script&gt;")) {
		t.Errorf("%s: the markup of titles is not escaped", name)
	}
}

// urlAttrs are the attributes a browser loads or follows.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "poster": true, "data": true, "xlink:href": true, "background": true, "cite": true}

// scriptScheme reports whether a URL, as a browser reads it (entities decoded by the
// tokenizer, then tabs, newlines and leading spaces dropped), runs or renders a document.
func scriptScheme(v string) bool {
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimLeft(v, " \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"))
	v = strings.ToLower(v)
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:") && !strings.HasPrefix(v, "data:image/") || strings.HasPrefix(v, "data:image/svg")
}

// sitePath is a path on the site itself, or an absolute URL of it.
var sitePath = regexp.MustCompile(`^(/[^/\\]|https://mentors\.example\.org/)`)

// checkHTML tokenizes one page and returns its JSON-LD blocks and its text.
func checkHTML(t *testing.T, name string, data []byte) (ld [][]byte, text string) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(data))
	var b strings.Builder
	inLD := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", name, z.Err())
			}
			return ld, b.String()
		case html.TextToken:
			if inLD {
				ld = append(ld, bytes.Clone(z.Raw()))
			} else {
				b.Write(z.Text())
			}
		case html.EndTagToken:
			inLD = false
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attrs := map[string]string{}
			for _, a := range tok.Attr {
				attrs[a.Key] = a.Val
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q>: an event handler attribute", name, tok.Data, a.Key, a.Val)
				}
				if urlAttrs[a.Key] && scriptScheme(a.Val) && !(tok.Data == "img" && a.Key == "src" && strings.HasPrefix(strings.ToLower(a.Val), "data:image/") && !strings.HasPrefix(strings.ToLower(a.Val), "data:image/svg")) {
					t.Errorf("%s: <%s %s=%q>: a script URL", name, tok.Data, a.Key, a.Val)
				}
				if a.Key == "srcset" && (strings.Contains(strings.ToLower(a.Val), "javascript:") || strings.Contains(a.Val, `"`)) {
					t.Errorf("%s: <%s srcset=%q>", name, tok.Data, a.Val)
				}
				if a.Key == "style" && strings.Contains(strings.ToLower(a.Val), "url(") {
					t.Errorf("%s: <%s style=%q>: a style that loads", name, tok.Data, a.Val)
				}
				if a.Key == "class" && slices.Contains(strings.Fields(a.Val), "pwned") {
					t.Errorf("%s: <%s class=%q>: an element made from a payload", name, tok.Data, a.Val)
				}
			}
			switch tok.Data {
			case "script":
				switch {
				case attrs["type"] == "application/ld+json":
					inLD = true
				case attrs["src"] == "" || !strings.HasPrefix(attrs["src"], "/assets/"):
					t.Errorf("%s: a script that is not the theme's: %s", name, tok.String())
				}
			case "iframe", "object", "embed", "base", "form", "style", "link":
				if tok.Data == "link" && (attrs["rel"] == "stylesheet" && strings.HasPrefix(attrs["href"], "/assets/") || attrs["rel"] != "stylesheet" && attrs["rel"] != "import") {
					break
				}
				if tok.Data == "form" && (attrs["action"] == "" || strings.HasPrefix(attrs["action"], "/")) {
					break
				}
				t.Errorf("%s: %s", name, tok.String())
			case "meta":
				if strings.EqualFold(attrs["http-equiv"], "refresh") && !sitePath.MatchString(strings.TrimPrefix(attrs["content"], "0; url=")) {
					t.Errorf("%s: a refresh to %s", name, attrs["content"])
				}
			}
		}
	}
}

// hostileBrowser is a chromium tab on the built hostile site that counts what a payload could
// do: dialogs (dismissed at once), requests to other hosts, console errors and exceptions.
type hostileBrowser struct {
	*tab
	mu                           sync.Mutex
	dialogs, foreign, executions int
	cspBlocked, interactions     int
	blockedRequests              int
	pending                      map[network.RequestID]string // to other hosts, not (yet) blocked
	host                         string
}

func newHostileBrowser(t *testing.T, out string) *hostileBrowser {
	t.Helper()
	b := &hostileBrowser{tab: &tab{t: t}, pending: map[network.RequestID]string{}}
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(r.URL.Path))); err != nil && r.URL.Path != "/favicon.ico" {
			b.report("HTTP 404 for " + r.URL.Path)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	b.base = srv.URL
	b.host = strings.TrimPrefix(srv.URL, "http://")
	var ctx context.Context
	ctx = browser(t, func(ev any) {
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			b.mu.Lock()
			b.dialogs++
			b.mu.Unlock()
			b.report(fmt.Sprintf("a dialog opened on %s: %q", ev.URL, ev.Message))
			go chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
				return err
			}))
		case *network.EventRequestWillBeSent:
			// Chromium announces a request the CSP then blocks; that one fails with the
			// reason "csp" and is only counted.
			u, err := url.Parse(ev.Request.URL)
			if err != nil || u.Scheme != "data" && u.Host != b.host {
				b.mu.Lock()
				b.pending[ev.RequestID] = ev.Request.URL
				b.mu.Unlock()
			}
		case *network.EventLoadingFailed:
			b.mu.Lock()
			if _, ok := b.pending[ev.RequestID]; ok && ev.BlockedReason == network.BlockedReasonCsp {
				delete(b.pending, ev.RequestID)
				b.blockedRequests++
			}
			b.mu.Unlock()
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.report(fmt.Sprintf("console %s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			b.report(fmt.Sprintf("exception: %s %s", ev.ExceptionDetails.Text, ev.ExceptionDetails.Exception.Description))
		}
	})
	b.ctx = ctx
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatcher})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return b
}

// traces is evaluated on each page: what a payload would have left behind. A URL is checked
// as the browser resolved it, so entities, tabs and case are already undone.
const traces = `(() => {
  const out = [];
  if (window.__pwned !== undefined) out.push("window.__pwned = " + window.__pwned);
  for (const e of document.querySelectorAll(".pwned, #pwned")) out.push("an element made from a payload: " + e.outerHTML.slice(0, 120));
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      if (a.name.startsWith("on")) out.push("an event handler: <" + e.localName + " " + a.name + ">");
    }
  }
  for (const s of document.scripts) {
    if (s.type === "application/ld+json") { try { JSON.parse(s.textContent) } catch (err) { out.push("JSON-LD that does not parse: " + s.textContent.slice(0, 120)) } continue; }
    if (!s.src || new URL(s.src).origin !== location.origin) out.push("a script that is not the theme's: " + s.outerHTML.slice(0, 120));
  }
  for (const e of document.querySelectorAll("[href], [src], [action], [formaction]")) {
    for (const name of ["href", "src", "action", "formaction"]) {
      const v = e.getAttribute(name);
      if (v === null) continue;
      let p;
      try { p = new URL(v, location.href).protocol } catch (err) { continue }
      if (p === "javascript:" || p === "vbscript:" || p === "data:" && !(e.localName === "img" && /^data:image\/(?!svg)/i.test(v.trim()))) out.push("a script URL: <" + e.localName + " " + name + "=" + v.slice(0, 80) + ">");
    }
  }
  for (const f of document.querySelectorAll("iframe, object, embed, base")) out.push("an element that loads a document: " + f.outerHTML.slice(0, 120));
  return out;
})()`

// look reads the traces and the CSP reports of the page open now.
func (b *hostileBrowser) look(what string) {
	b.t.Helper()
	time.Sleep(150 * time.Millisecond) // past the page's own scripts' first work
	for _, tr := range eval[[]string](b.tab, traces) {
		b.mu.Lock()
		b.executions++
		b.mu.Unlock()
		b.t.Errorf("%s: %s", what, tr)
	}
	csp := eval[[]string](b.tab, `window.__csp || []`)
	b.mu.Lock()
	b.cspBlocked += len(csp)
	b.mu.Unlock()
	for _, v := range csp {
		b.t.Logf("%s: the CSP blocked %s", what, v)
	}
}

// canary shows that the watch works: a page without the site's policy, whose script does all
// a payload would, must leave every trace. Then the counts start again from zero.
func (b *hostileBrowser) canary(t *testing.T, out, trap string, trapHits func() int) {
	t.Helper()
	file := filepath.Join(out, "__canary", "index.html")
	page := `<!doctype html><html lang="en"><title>canary</title><body><b class="pwned">x</b><script>window.__pwned="canary";alert("canary");fetch("` + trap + `/pwned?canary", {mode: "no-cors"})</script></body></html>`
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(filepath.Dir(file))
	b.do("open the canary", chromedp.Navigate(b.base+"/__canary/"), chromedp.WaitReady("body"))
	deadline := time.Now().Add(10 * time.Second)
	for {
		b.mu.Lock()
		dialogs, pending := b.dialogs, len(b.pending)
		b.mu.Unlock()
		if dialogs > 0 && pending > 0 && trapHits() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the canary's script left %d dialogs, %d requests to other hosts and %d trap requests; the watch sees nothing", dialogs, pending, trapHits())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if tr := eval[[]string](b.tab, traces); len(tr) < 2 {
		t.Fatalf("the canary's marks were not seen: %q", tr)
	}
	b.mu.Lock()
	b.dialogs, b.pending = 0, map[network.RequestID]string{}
	b.mu.Unlock()
	b.tab.mu.Lock()
	b.tab.problems = nil
	b.tab.mu.Unlock()
}

// visitAll loads every HTML file the build wrote and returns how many.
func (b *hostileBrowser) visitAll(t *testing.T, out string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		path := "/" + strings.TrimSuffix(filepath.ToSlash(rel), "index.html")
		u := (&url.URL{Path: path}).EscapedPath()
		b.do("open "+path, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(b.base+u), chromedp.WaitReady("body"))
		b.settle()
		b.look(path)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// interact drives the pages whose scripts draw content: a search whose words match the
// payloads, the directory filtered to a hostile value, /match/ ranking the hostile mentors,
// and the request composer of a hostile profile with markup typed into it.
func (b *hostileBrowser) interact(t *testing.T) {
	t.Helper()
	step := func(what string) { b.interactions++; b.look(what) }
	for _, q := range []string{"pwned", "script", "onerror", "name", "alert", "svg onload", "<script>"} {
		b.open("/search/", 1280, "light")
		b.retype("#search-q", q)
		b.wait(`document.querySelector("#search-status").textContent !== ""`)
		time.Sleep(400 * time.Millisecond)
		step("/search/ typing " + q)
	}
	if n := eval[int](b.tab, `(b => { const r = document.querySelectorAll("#search-results .result-title"); return r.length })()`); n == 0 {
		t.Error("the search for <script> found nothing: the payloads were not searched")
	}
	for _, c := range []struct{ path, title string }{
		{"/mentors/?q=pwned", ".dir-results .card-title"},
		{"/mentors/?expertise=discovery", ".dir-results .card-title"},
		{"/search/?q=onmouseover", "#search-results .result-title"},
	} {
		b.open(c.path, 1280, "light")
		b.wait(fmt.Sprintf(`document.querySelector(%q)`, c.title))
		step(c.path)
		names := eval[[]string](b.tab, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => e.textContent)`, c.title))
		if !slices.ContainsFunc(names, func(s string) bool { return strings.Contains(s, "<b class=pwned>name</b>") }) {
			t.Errorf("%s does not show the hostile name as text: %q", c.path, names)
		}
	}
	b.open("/match/?expertise=discovery", 1280, "light")
	b.wait(`document.querySelectorAll(".match-results > li").length >= 2`)
	names := eval[[]string](b.tab, `[...document.querySelectorAll(".match-results .card-title")].map(e => e.textContent)`)
	if !slices.ContainsFunc(names, func(s string) bool { return strings.Contains(s, "<b class=pwned>name</b>") }) {
		t.Errorf("/match/ does not rank the hostile mentor, or does not show its name as text: %q", names)
	}
	step("/match/?expertise=discovery")
	for _, sel := range []string{".match-option"} {
		for i := range eval[int](b.tab, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)) {
			eval[any](b.tab, fmt.Sprintf(`(() => { const o = document.querySelectorAll(%q)[%d]; const l = o.querySelector("label") || o; l.click(); })()`, sel, i))
		}
		step("/match/ with every option chosen")
	}
	b.open("/mentors/hostile/", 375, "light")
	b.wait(`document.querySelector("#rq-goal")`)
	b.do("compose a request", chromedp.SendKeys("#rq-goal", `<img src=x onerror="window.__pwned=1"> {{ .Site }}`), chromedp.SendKeys("#rq-ask", `</textarea><script>window.__pwned=2</script>`))
	step("the request composer of /mentors/hostile/")
	text := eval[string](b.tab, `document.querySelector(".request-text").value`)
	if !strings.Contains(text, "<b class=pwned>name</b>") || !strings.Contains(text, `<img src=x onerror="window.__pwned=1">`) {
		t.Errorf("the composed request lacks the name or the goal as text:\n%s", text)
	}
}

// finish reports the requests to other hosts that nothing blocked, and the console's errors.
func (b *hostileBrowser) finish(t *testing.T) {
	t.Helper()
	time.Sleep(200 * time.Millisecond)
	b.mu.Lock()
	for _, u := range b.pending {
		b.foreign++
		t.Errorf("a request to another host: %s", u)
	}
	b.mu.Unlock()
	b.check()
}

// TestHostileFeed builds a directory of mentors only, whose feed lists the mentors: a name
// of markup is the text of its entry's title, and the feed holds no element made from it.
func TestHostileFeed(t *testing.T) {
	name := markup("http://127.0.0.1:9", "feed")
	q, _ := json.Marshal(name)
	site := fstest.MapFS{
		"site.yaml":            {Data: []byte("title: T\nbase_url: https://mentors.example.org/\n")},
		"content/mentors/x.md": {Data: []byte("---\ntitle: " + string(q) + "\nrole: PM\nseniority: senior\ntimezone: UTC\nexpertise: [discovery]\n---\nBody.\n")},
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(generator.Options{Site: site, Theme: layouts.FS, Minify: true}, generator.Destination{Dir: out}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	checkFeed(t, "feed.xml", data)
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(data, &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 1 || feed.Entries[0].Title != name {
		t.Errorf("the feed's entries %+v, want one titled with the name as text", feed.Entries)
	}
}
