package generator

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"mentorgen/generator/internal/par"
	"mentorgen/layouts"
)

// The session tests edit the portal in testdata/session/site.txtar. Its comment says what it
// holds; the tests depend on its text, never on the example portal's.
const sessionArchive = "testdata/session/site.txtar"

// sessionSite reads the session archive into a MapFS that a test may edit.
func sessionSite(t testing.TB) fstest.MapFS {
	t.Helper()
	ar, err := txtar.ParseFile(sessionArchive)
	if err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	for _, f := range ar.Files {
		m[f.Name] = &fstest.MapFile{Data: slices.Clone(f.Data), Mode: 0o644}
	}
	return m
}

// sessionOpts are the preview server's defaults: drafts shown, future pages not.
var sessionOpts = Options{
	Theme: layouts.FS, BaseURL: "http://127.0.0.1:1313/", Minify: true,
	Drafts: true, Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC),
}

// publishedOpts are `serve --drafts=false`: a draft is left out, and links to it are errors.
var publishedOpts = Options{
	Theme: layouts.FS, BaseURL: sessionOpts.BaseURL, Minify: true, Now: sessionOpts.Now,
}

// renderAll renders every route of o into a map by path.
func renderAll(t *testing.T, site fs.FS, o *Output) map[string][]byte {
	t.Helper()
	out := make([][]byte, len(o.Routes))
	errs := make([]error, len(o.Routes))
	par.For(len(o.Routes), func(i int) { out[i], errs[i] = o.Render(site, o.Routes[i]) })
	m := make(map[string][]byte, len(o.Routes))
	for i, r := range o.Routes {
		if errs[i] != nil {
			t.Fatalf("render %s: %v", r.Path, errs[i])
		}
		m[r.Path] = out[i]
	}
	return m
}

// A rendering is a route table rendered, or the problems that stopped it.
type rendering struct {
	diags  Diagnostics
	routes []Route
	bytes  map[string][]byte
}

// renderings remembers what a few sites rendered to, so that a test which returns to a state
// it has seen (a file written back as it was) neither prepares nor renders it again. It keeps
// the first site it saw (the archive as it is) and the last one, and the last Output served.
type renderings struct {
	first, last [sha256.Size]byte
	prepared    map[[sha256.Size]byte]*rendering // a full Prepare, by the site's bytes
	lastOut     *Output                          // Outputs never change once returned
	lastServed  map[string][]byte
}

// siteSum hashes every file of a site.
func siteSum(m fstest.MapFS) [sha256.Size]byte {
	h := sha256.New()
	for _, f := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(h, "%q %d\n", f, len(m[f].Data))
		h.Write(m[f].Data)
	}
	return [sha256.Size]byte(h.Sum(nil))
}

// diffPrepare compares what a Session returned with what a full Prepare of the same site
// returns: the same problems, and then the same routes in the same order, each with the same
// file and the same bytes. It returns "" when they agree, or the first difference: the route,
// and a short excerpt of both sides where they part.
func (rs *renderings) diffPrepare(t *testing.T, site fstest.MapFS, opts Options, out *Output, diags Diagnostics) string {
	t.Helper()
	sum := siteSum(site)
	if rs.prepared == nil {
		rs.prepared, rs.first = map[[sha256.Size]byte]*rendering{}, sum
	}
	want := rs.prepared[sum]
	if want == nil {
		o, d := Prepare(withSite(opts, site))
		want = &rendering{diags: d}
		if o != nil {
			want.routes, want.bytes = o.Routes, renderAll(t, site, o)
		}
		if rs.last != rs.first {
			delete(rs.prepared, rs.last)
		}
		rs.prepared[sum], rs.last = want, sum
	}
	if !slices.Equal(diags, want.diags) {
		return fmt.Sprintf("problems\n%v\nwant (Prepare)\n%v", diags, want.diags)
	}
	if diags != nil {
		return ""
	}
	if out == nil {
		return "no Output and no problems"
	}
	for i := range max(len(out.Routes), len(want.routes)) {
		switch {
		case i >= len(out.Routes):
			return fmt.Sprintf("route %s is missing (a full build has it)", want.routes[i].Path)
		case i >= len(want.routes):
			return fmt.Sprintf("route %s is served, but a full build has no such route", out.Routes[i].Path)
		case out.Routes[i].Path != want.routes[i].Path:
			return fmt.Sprintf("route %d is %s, a full build's is %s", i, out.Routes[i].Path, want.routes[i].Path)
		case out.Routes[i].File != want.routes[i].File:
			return fmt.Sprintf("route %s is written to %s, a full build writes %s", out.Routes[i].Path, out.Routes[i].File, want.routes[i].File)
		}
	}
	if out != rs.lastOut {
		rs.lastOut, rs.lastServed = out, renderAll(t, site, out)
	}
	got := rs.lastServed
	var first string
	n := 0
	for _, r := range want.routes {
		g, w := got[r.Path], want.bytes[r.Path]
		if r.Src != "" {
			g = must(out.Render(site, r)) // a copied file's bytes may change under the same Output
		}
		if bytes.Equal(g, w) {
			continue
		}
		if n++; first == "" {
			at := 0
			for at < len(g) && at < len(w) && g[at] == w[at] {
				at++
			}
			from := max(0, at-60)
			first = fmt.Sprintf("%s differs from a full build at byte %d\n got: …%s…\nwant: …%s…",
				r.Path, at, g[from:min(len(g), at+100)], w[from:min(len(w), at+100)])
		}
	}
	if n > 1 {
		first += fmt.Sprintf("\n(and %d more routes)", n-1)
	}
	return first
}

// A sessionRun is a Session on an editable site, checked against Prepare after every Update.
type sessionRun struct {
	t    *testing.T
	m    fstest.MapFS
	s    *Session
	opts Options
	out  *Output
	rs   renderings
}

func newSessionRun(t *testing.T, opts Options) *sessionRun {
	t.Helper()
	m := sessionSite(t)
	s, out, diags := NewSession(withSite(opts, m))
	if diags != nil {
		t.Fatalf("%s does not build:\n%v", sessionArchive, diags)
	}
	r := &sessionRun{t: t, m: m, s: s, opts: opts, out: out}
	if msg := r.rs.diffPrepare(t, m, opts, out, diags); msg != "" {
		t.Errorf("NewSession: %s", msg)
	}
	return r
}

func (r *sessionRun) src(f string) string { return string(r.m[f].Data) }

func (r *sessionRun) write(f, data string) {
	r.m[f] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
}

// rename moves every file at or under from to the same place under to.
func (r *sessionRun) rename(from, to string) {
	for f, d := range r.m {
		if rest, ok := strings.CutPrefix(f, from); ok && (rest == "" || rest[0] == '/') {
			delete(r.m, f)
			r.m[to+rest] = d
		}
	}
}

// remove deletes every file at or under p.
func (r *sessionRun) remove(p string) {
	for f := range r.m {
		if f == p || strings.HasPrefix(f, p+"/") {
			delete(r.m, f)
		}
	}
}

// update applies c and reports, as an error naming the step, any way in which the session's
// problems or routes differ from a full Prepare of the site as it now is.
func (r *sessionRun) update(step string, c Changes) (*Output, Report, Diagnostics) {
	r.t.Helper()
	out, rep, diags, msg := r.try(c)
	if msg != "" {
		r.t.Errorf("%s (assembled %q): %s", step, rep.Assembled, msg)
	}
	return out, rep, diags
}

// try applies c and returns, with what Update returned, how the session differs from a full
// Prepare, or "".
func (r *sessionRun) try(c Changes) (*Output, Report, Diagnostics, string) {
	r.t.Helper()
	out, rep, diags := r.s.Update(c)
	msg := r.rs.diffPrepare(r.t, r.m, r.opts, out, diags)
	if out != nil {
		r.out = out
	}
	return out, rep, diags, msg
}

// Front matter, edited as lines: every archive page starts with "---\n", and each of its
// keys takes one line (values are in flow style).

// fmKey returns the index of key's line in the front matter of src, and the index of the
// closing "---" line.
func fmKey(src, key string) (lines []string, at, end int) {
	lines = strings.Split(src, "\n")
	at = -1
	for i := 1; i < len(lines); i++ {
		if lines[i] == "---" {
			return lines, at, i
		}
		if strings.HasPrefix(lines[i], key+":") {
			at = i
		}
	}
	panic("no front matter in\n" + src)
}

// keyValue returns the value written for key, and whether the key is there.
func keyValue(src, key string) (string, bool) {
	lines, at, _ := fmKey(src, key)
	if at < 0 {
		return "", false
	}
	return strings.TrimSpace(strings.TrimPrefix(lines[at], key+":")), true
}

// setKey sets key to value (YAML, in flow style), adding the key at the end if it is absent.
func setKey(src, key, value string) string {
	lines, at, end := fmKey(src, key)
	if at < 0 {
		lines = slices.Insert(lines, end, key+": "+value)
	} else {
		lines[at] = key + ": " + value
	}
	return strings.Join(lines, "\n")
}

// removeKey deletes key's line.
func removeKey(src, key string) string {
	lines, at, _ := fmKey(src, key)
	if at < 0 {
		return src
	}
	return strings.Join(slices.Delete(lines, at, at+1), "\n")
}

// TestSessionMatchesPrepare edits the session portal step by step. After each Update the
// session's output must equal, route by route and byte by byte, what a full Prepare of the
// edited site renders, and its problems must be Prepare's problems. Each step also says how
// the site must have been assembled, and which files parsed again: only the saved one.
func TestSessionMatchesPrepare(t *testing.T) {
	r := newSessionRun(t, sessionOpts)
	const ana = "content/mentors/ana.md"
	anaSrc := r.src(ana)
	home := r.src("content/_index.md")
	edit := r.write
	steps := []struct {
		name     string
		do       func()
		changes  Changes
		assemble string   // "fast", "full", or ""
		parsed   []string // nil: not checked
		broken   bool
	}{
		{"body text", func() { edit(ana, anaSrc+"\nA new sentence about discovery.\n") },
			Changes{Content: []string{ana}}, "fast", []string{ana}, false},
		{"same bytes saved again", func() { edit(ana, anaSrc+"\nA new sentence about discovery.\n") },
			Changes{Content: []string{ana}}, "", []string{}, false},
		{"title", func() { edit(ana, setKey(anaSrc, "title", "Ana Lima B")) },
			Changes{Content: []string{ana}}, "full", []string{ana}, false},
		{"expertise", func() { edit(ana, setKey(anaSrc, "expertise", "[pricing, discovery, growth]")) },
			Changes{Content: []string{ana}}, "full", []string{ana}, false},
		{"new heading", func() { edit(ana, anaSrc+"\n## A new heading\n\nText.\n") },
			Changes{Content: []string{ana}}, "full", []string{ana}, false},
		{"heading kept, text changed", func() { edit(ana, anaSrc+"\n## A new heading\n\nOther text.\n") },
			Changes{Content: []string{ana}}, "fast", []string{ana}, false},
		{"broken front matter", func() { edit(ana, setKey(anaSrc, "title", `["Ana Lima"`)) },
			Changes{Content: []string{ana}}, "", []string{ana}, true},
		{"fixed", func() { edit(ana, anaSrc) }, Changes{Content: []string{ana}}, "full", []string{ana}, false},
		{"broken link", func() { edit(ana, anaSrc+"\nSee [x](../tips/no-such-tip.md).\n") },
			Changes{Content: []string{ana}}, "fast", []string{ana}, true},
		{"link fixed", func() { edit(ana, anaSrc) }, Changes{Content: []string{ana}}, "full", []string{ana}, false},
		{"new page", func() {
			edit("content/tips/new-tip.md", "---\ntitle: A new tip\ndate: 2026-01-02\ntags: [fresh]\n---\nRead [Ana](../mentors/ana.md).\n")
		}, Changes{Content: []string{"content/tips/new-tip.md"}}, "full", []string{"content/tips/new-tip.md"}, false},
		{"page renamed", func() { r.rename("content/tips/new-tip.md", "content/tips/renamed-tip.md") },
			Changes{Content: []string{"content/tips/new-tip.md", "content/tips/renamed-tip.md"}}, "full", []string{"content/tips/renamed-tip.md"}, false},
		{"page deleted", func() { r.remove("content/tips/renamed-tip.md") },
			Changes{Content: []string{"content/tips/renamed-tip.md"}}, "full", []string{}, false},
		{"new folder with a bundle", func() {
			edit("content/events/launch/index.md", "---\ntitle: Launch\ndate: 2026-03-01\n---\nWe launched.\n")
			edit("content/events/launch/photo.txt", "not really a photo")
		}, Changes{Content: []string{"content/events"}}, "full", []string{"content/events/launch/index.md"}, false},
		{"bundle resource changed", func() { edit("content/events/launch/photo.txt", "still not a photo") },
			Changes{Content: []string{"content/events/launch/photo.txt"}}, "", []string{}, false},
		{"folder deleted", func() { r.remove("content/events") },
			Changes{Content: []string{"content/events"}}, "full", []string{}, false},
		// The preview shows drafts, so marking a page as one moves nothing.
		{"draft", func() { edit(ana, setKey(anaSrc, "draft", "true")) },
			Changes{Content: []string{ana}}, "fast", []string{ana}, false},
		{"dated in the future", func() { edit(ana, setKey(anaSrc, "date", "2031-01-15")) },
			Changes{Content: []string{ana}}, "full", []string{ana}, true}, // about.md links to it
		{"link to it removed", func() {
			edit(ana, setKey(anaSrc, "date", "2031-01-15"))
			edit("content/about.md", strings.ReplaceAll(r.src("content/about.md"), "mentors/ana.md#how-i-mentor", "mentors/_index.md"))
		}, Changes{Content: []string{"content/about.md"}}, "full", []string{"content/about.md"}, false},
		{"still in the future", func() { edit(ana, setKey(anaSrc, "date", "2032-01-15")+"\nMore.\n") },
			Changes{Content: []string{ana}}, "", []string{ana}, false},
		{"published again", func() { edit(ana, anaSrc) }, Changes{Content: []string{ana}}, "full", []string{ana}, false},
		{"home text", func() { edit("content/_index.md", home+"\nWelcome, again.\n") },
			Changes{Content: []string{"content/_index.md"}}, "fast", []string{"content/_index.md"}, false},
		{"layout", func() {
			edit("layouts/partials/toc.html", string(must(fs.ReadFile(layouts.FS, "partials/toc.html")))+"<!-- site override -->")
		}, Changes{Layouts: []string{"layouts/partials/toc.html"}}, "", []string{}, false},
		{"site.yaml", func() {
			edit("site.yaml", strings.Replace(r.src("site.yaml"), "pagination: 2", "pagination: 5", 1))
		}, Changes{Config: true}, "full", nil, false},
	}
	out := r.out
	for _, st := range steps {
		st.do()
		next, rep, diags := r.update(st.name, st.changes)
		if st.broken != (diags != nil) {
			t.Fatalf("%s: problems %v, want some: %v", st.name, diags, st.broken)
		}
		if rep.Assembled != st.assemble {
			t.Errorf("%s: assembled %q, want %q", st.name, rep.Assembled, st.assemble)
		}
		if st.parsed != nil && !slices.Equal(rep.Parsed, st.parsed) && !(len(rep.Parsed) == 0 && len(st.parsed) == 0) {
			t.Errorf("%s: parsed %q, want only %q", st.name, rep.Parsed, st.parsed)
		}
		if st.broken {
			continue
		}
		if (next != out) != (rep.Changed && (rep.Assembled != "" || rep.Theme)) {
			t.Errorf("%s: new output %v, report %+v", st.name, next != out, rep)
		}
		out = next
	}
}

// schemaPages are the archive's pages that the schema test edits, by the key list it takes
// from page.go: common keys on a page of every kind, kind keys on each page of that kind
// (mentors in one file and in a bundle, whose photos resolve differently).
var schemaPages = map[string][]string{
	"commonKeys": {"content/_index.md", "content/mentors/_index.md", "content/mentors/ana.md",
		"content/programs/cohort.md", "content/tips/goals.md", "content/about.md", "content/news/meetup/index.md"},
	"mentorKeys":  {"content/mentors/ana.md", "content/mentors/bo/index.md"},
	"programKeys": {"content/programs/cohort.md"},
	"tipKeys":     {"content/tips/goals.md"},
}

// schemaValues gives, for every front matter key of page.go, valid values (YAML in flow style)
// for a page: the schema test sets the key to the first two that differ from what the page
// has. A value may be valid and still be a problem for the site (a date in the future hides
// a linked page); the session must then report what Prepare reports.
var schemaValues = map[string]func(p *Page) []string{
	// commonKeys
	"title":       func(p *Page) []string { return []string{strconv.Quote("Zz " + p.Title), "Aardvark"} }, // last, then first
	"slug":        func(p *Page) []string { return []string{"moved-" + pageName(p), "moved-again-" + pageName(p)} },
	"date":        func(*Page) []string { return []string{"2023-07-01", "2031-01-01"} },
	"lastmod":     func(*Page) []string { return []string{"2026-10-01T08:30:00Z", "2022-01-01"} },
	"draft":       func(*Page) []string { return []string{"true", "false"} },
	"summary":     func(*Page) []string { return []string{`"A new summary."`, `"Another summary, longer than the first."`} },
	"description": func(*Page) []string { return []string{`"A new description."`, `"Another description."`} },
	"weight":      func(*Page) []string { return []string{"1", "7"} },
	"aliases": func(p *Page) []string { // the second one claims a page's URL: a problem
		return []string{"[/old-" + pageName(p) + "/, /older/" + pageName(p) + ".html]", "[/old-" + pageName(p) + "/, /news/launch/]"}
	},
	"tags":        func(*Page) []string { return []string{"[fresh]", "[planning, fresh]"} },
	"categories":  func(*Page) []string { return []string{"[guides]", "[guides, people]"} },
	"author":      func(*Page) []string { return []string{`"Someone Else"`, "Program team"} },
	"params":      func(*Page) []string { return []string{"{color: blue}", "{color: red, level: 2}"} },
	"keywords":    func(*Page) []string { return []string{"[pricing]", "[pricing, okrs]"} },
	"linkTitle":   func(*Page) []string { return []string{"Short", `"Shorter still"`} },
	"publishDate": func(*Page) []string { return []string{"2023-07-01", "2031-01-01"} },
	"expiryDate":  func(*Page) []string { return []string{"2031-01-01", "2020-01-01"} }, // the second one hides the page
	"url": func(p *Page) []string { // the second one claims a page's URL: a problem
		return []string{"/moved-" + pageName(p) + "/", "/news/launch/"}
	},
	"headless": func(*Page) []string { return []string{"true", "false"} },
	// Layouts that exist: a missing one is a warning, which the preview leaves to build and check.
	"type":   func(*Page) []string { return []string{"_default"} },
	"layout": func(*Page) []string { return []string{"single"} },
	// mentorKeys
	"role":             func(*Page) []string { return []string{`"Staff PM"`, "Head of Product"} },
	"company":          func(*Page) []string { return []string{"Acme", `"Zed & Co"`} },
	"years_experience": func(*Page) []string { return []string{"3", "15"} },
	"seniority":        func(*Page) []string { return slices.Clone(Seniorities) },
	"expertise":        func(*Page) []string { return []string{"[pricing]", "[analytics, okrs]"} }, // mentors and tips
	"helps_with":       func(*Page) []string { return []string{`["IC to manager"]`, `["first PM job", "interview prep"]`} },
	"industries":       func(*Page) []string { return []string{"[saas]", "[climate, fintech]"} },
	"program_types": func(*Page) []string {
		return []string{"[" + ProgramTypes[1] + "]", "[" + strings.Join(ProgramTypes[2:], ", ") + "]"}
	},
	"formats":   func(*Page) []string { return []string{"[group]", `["async review", "1:1 video"]`} },
	"style":     func(*Page) []string { return []string{"[direct]", "[supportive, structured]"} },
	"timezone":  func(*Page) []string { return []string{"Europe/Berlin", "Asia/Tokyo"} },
	"languages": func(*Page) []string { return []string{"[Spanish]", "[English, Portuguese]"} },
	"capacity":  func(*Page) []string { return []string{"0", "5"} },
	"accepting": func(*Page) []string { return []string{"false", "true"} },
	"availability": func(*Page) []string {
		return []string{`["Mon 07:00-08:30"]`, `["Wed 18:00-20:00", "Sat 10:00-12:00"]`}
	},
	"availability_confirmed": func(*Page) []string { return []string{"2026-11-01", "2025-01-01"} },
	"booking_url":            func(*Page) []string { return []string{"https://cal.example.org/x", `"mailto:mentor@example.org"`} },
	"photo": func(p *Page) []string {
		if p.Bundle {
			return []string{"portrait.png", "photo.png", "/images/other.png"}
		}
		return []string{"/images/other.png", "/images/ana.png"}
	},
	"name_latin": func(*Page) []string { return []string{"Aaron Aalto", `"Zed Zimmer"`} },
	"location":   func(*Page) []string { return []string{"Lisbon", `"Nairobi, Kenya"`} },
	"links": func(*Page) []string {
		return []string{`[{title: Blog, url: "https://blog.example.org"}]`, "[]"}
	},
	// programKeys
	"program_type": func(*Page) []string { return slices.Clone(ProgramTypes) },
	"duration":     func(*Page) []string { return []string{`"3 months"`, `"a year"`} },
	"cadence":      func(*Page) []string { return []string{"weekly", "monthly"} },
	"commitment":   func(*Page) []string { return []string{`"1 hour a week"`, `"2 hours a month"`} },
	"audience":     func(*Page) []string { return []string{`"Senior PMs"`, `"Career changers"`} },
	"cost":         func(*Page) []string { return []string{`"€50"`, "sponsored"} },
	"matching":     func(*Page) []string { return []string{`"you choose from the directory"`, `"the team pairs you"`} },
	// tipKeys: topic, and expertise (above)
	"topic": func(*Page) []string { return []string{"feedback", "networking"} },
}

// pageName is a page's file as one URL-safe word: content/mentors/ana.md → mentors-ana.
func pageName(p *Page) string {
	n := strings.TrimSuffix(strings.TrimPrefix(p.File, "content/"), ".md")
	return strings.Trim(strings.NewReplacer("/", "-", "_", "").Replace(n), "-")
}

// TestSessionSchemaEdits edits the front matter one key at a time, for every key that page.go
// knows, on the pages of schemaPages. One page of the list takes turns being the key's
// subject: it gets other valid values (or the key added), loses the key when it had it, and
// gets its own text back, one Update each. The other pages of the list then get the key's
// first other value together, in one Update, and their text back in another; when that
// differs from a full build, each page is tried alone to name the one at fault. After every
// Update the session must agree with a full Prepare, route by route and byte by byte,
// problems included.
//
// It runs with drafts shown, the preview's default; with drafts hidden it edits only the keys
// that then decide publication (draft and date), on every page.
//
// A key added to page.go without an entry in schemaValues fails the test, so no field of the
// content model escapes it.
func TestSessionSchemaEdits(t *testing.T) {
	lists := []struct {
		name string
		keys []string
	}{{"commonKeys", commonKeys}, {"mentorKeys", mentorKeys}, {"programKeys", programKeys}, {"tipKeys", tipKeys}}
	known := map[string]bool{}
	for _, l := range lists {
		for _, k := range l.keys {
			known[k] = true
			if schemaValues[k] == nil {
				t.Fatalf("front matter key %q (%s in page.go) has no entry in schemaValues: add valid values for it, so the session is tested with it", k, l.name)
			}
		}
		if len(schemaPages[l.name]) == 0 {
			t.Fatalf("schemaPages has no page for the keys of %s", l.name)
		}
	}
	for k := range schemaValues {
		if !known[k] {
			t.Errorf("schemaValues has an entry for %q, which page.go does not know", k)
		}
	}
	for _, o := range []struct {
		name string
		opts Options
		keys []string // nil: every key
	}{{"drafts", sessionOpts, nil}, {"published", publishedOpts, []string{"draft", "date"}}} {
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			r := newSessionRun(t, o.opts)
			for _, l := range lists {
				var pages []*Page
				for _, f := range schemaPages[l.name] {
					p := r.s.pages[f]
					if p == nil {
						t.Fatalf("%s has no page %s", sessionArchive, f)
					}
					pages = append(pages, p)
				}
				for i, key := range l.keys {
					switch {
					case o.keys == nil:
						r.schemaEdit(key, pages[i%len(pages)], true)
						r.schemaBatch(key, slices.Delete(slices.Clone(pages), i%len(pages), i%len(pages)+1))
					case slices.Contains(o.keys, key):
						for _, p := range pages {
							r.schemaEdit(key, p, true)
						}
					}
				}
			}
		})
	}
}

// otherValues returns the values of schemaValues for key that differ from what src has.
func otherValues(key string, p *Page, src string) []string {
	cur, present := keyValue(src, key)
	var vals []string
	for _, v := range schemaValues[key](p) {
		if !present || v != cur {
			vals = append(vals, v)
		}
	}
	return vals
}

// schemaEdit sets key in p's file to another value, then to a second one (or removes the key
// if the file had it), and writes the file back as it was, checking the session each time.
func (r *sessionRun) schemaEdit(key string, p *Page, report bool) (failed bool) {
	r.t.Helper()
	orig := r.src(p.File)
	_, present := keyValue(orig, key)
	step := func(what, src string) {
		r.write(p.File, src)
		_, rep, _, msg := r.try(Changes{Content: []string{p.File}})
		if msg != "" && report {
			r.t.Errorf("key %s, %s %s (assembled %q): %s", key, p.File, what, rep.Assembled, msg)
		}
		failed = failed || msg != ""
	}
	vals := otherValues(key, p, orig)
	if len(vals) == 0 {
		r.t.Fatalf("key %s: schemaValues has no value for %s other than what it has", key, p.File)
	}
	step("set to "+vals[0], setKey(orig, key, vals[0]))
	switch {
	case present:
		step("removed", removeKey(orig, key))
	case len(vals) > 1:
		step("set to "+vals[1], setKey(orig, key, vals[1]))
	}
	step("restored", orig)
	return failed
}

// schemaBatch sets key to another value on every page in one Update, and writes them back in
// another. When the session then differs from a full build, it tries each page alone to name
// the one at fault.
func (r *sessionRun) schemaBatch(key string, pages []*Page) {
	r.t.Helper()
	if len(pages) == 0 {
		return
	}
	var c Changes
	orig := map[string]string{}
	for _, p := range pages {
		orig[p.File] = r.src(p.File)
		r.write(p.File, setKey(orig[p.File], key, otherValues(key, p, orig[p.File])[0]))
		c.Content = append(c.Content, p.File)
	}
	_, rep, _, msg := r.try(c)
	for _, p := range pages {
		r.write(p.File, orig[p.File])
	}
	_, back, _, backMsg := r.try(c)
	if msg == "" && backMsg == "" {
		return
	}
	alone := false
	for _, p := range pages {
		alone = r.schemaEdit(key, p, true) || alone
	}
	if !alone {
		r.t.Errorf("key %s, set on %v together (assembled %q): %s\nwritten back (assembled %q): %s", key, c.Content, rep.Assembled, msg, back.Assembled, backMsg)
	}
}

// TestSessionEdits saves, creates, renames and deletes files the way an editor does, and
// checks every Update against a full Prepare. Edits that touch only a page's text must take
// the fast path. Drafts are toggled with drafts shown and hidden.
func TestSessionEdits(t *testing.T) {
	t.Run("drafts", func(t *testing.T) {
		t.Parallel()
		r := newSessionRun(t, sessionOpts)
		sessionEdits(t, r)
		draftEdits(t, r)
	})
	t.Run("published", func(t *testing.T) {
		t.Parallel()
		draftEdits(t, newSessionRun(t, publishedOpts))
	})
}

func sessionEdits(t *testing.T, r *sessionRun) {
	save := func(step, f, data string) Report {
		r.write(f, data)
		_, rep, _ := r.update(step, Changes{Content: []string{f}})
		return rep
	}

	// Text only: the fast path, on a page of every kind.
	for _, f := range []string{"content/_index.md", "content/mentors/_index.md", "content/mentors/ana.md",
		"content/mentors/bo/index.md", "content/programs/cohort.md", "content/tips/goals.md",
		"content/about.md", "content/news/_index.md", "content/news/launch.md", "content/news/meetup/index.md"} {
		orig := r.src(f)
		for _, step := range []struct{ what, src string }{
			{"a sentence added", orig + "\nOne more *sentence*, with a [link](https://example.org/).\n"},
			{"restored", orig},
		} {
			if rep := save(f+": "+step.what, f, step.src); rep.Assembled != "fast" || !slices.Equal(rep.Parsed, []string{f}) {
				t.Errorf("%s: %s: assembled %q, parsed %q; want fast, only it", f, step.what, rep.Assembled, rep.Parsed)
			}
		}
	}

	// Headings that other pages link to: home links to #why-goals-matter, feedback.md (and
	// goals.md itself) to #write-it-down, ana.md to cohort.md#structure.
	goals, cohort := "content/tips/goals.md", "content/programs/cohort.md"
	goalsSrc, cohortSrc := r.src(goals), r.src(cohort)
	if rep := save("heading case changed, same id", goals, strings.Replace(goalsSrc, "## Why goals matter", "## Why Goals Matter", 1)); rep.Assembled != "fast" {
		t.Errorf("heading text changed, id kept: assembled %q, want fast", rep.Assembled)
	}
	save("linked heading renamed", goals, strings.Replace(goalsSrc, "## Why goals matter", "## Why goals count", 1))
	save("heading renamed back", goals, goalsSrc)
	save("linked heading removed", goals, strings.Replace(goalsSrc, "## Write it down", "Write it down.", 1))
	save("heading back", goals, goalsSrc)
	save("heading duplicated", goals, goalsSrc+"\n## Write it down\n\nAgain.\n")
	save("heading once", goals, goalsSrc)
	save("linked heading removed", cohort, strings.Replace(cohortSrc, "## Structure\n", "", 1))
	save("linked heading added back", cohort, cohortSrc)

	// Create, rename and delete a page of every kind. Each new page links to another one and is
	// linked from nowhere; the renamed and deleted pages that others link to break those links.
	created := []struct{ what, file, src string }{
		{"mentor", "content/mentors/dee.md", "---\ntitle: Dee Park\nrole: PM\nseniority: junior\nexpertise: [discovery]\ntimezone: Asia/Seoul\ncapacity: 3\n---\nRead [the cohort](../programs/cohort.md#structure).\n"},
		{"program", "content/programs/sprint.md", "---\ntitle: Sprint\nprogram_type: informal\ndate: 2025-09-01\ntags: [structure]\n---\nA short one. Ask [Ana](../mentors/ana.md).\n"},
		{"tip", "content/tips/listen.md", "---\ntitle: Listen\nexpertise: [growth]\ndate: 2026-04-01\n---\nListen first. [Goals](goals.md#write-it-down).\n"},
		{"page", "content/faq.md", "---\ntitle: FAQ\naliases: [/questions/]\n---\n## Who can join?\n\nAnyone. [About](about.md).\n"},
		{"section page", "content/news/recap.md", "---\ntitle: Recap\ndate: 2026-03-01\ntags: [launch]\n---\nA recap of [the launch](launch.md).\n"},
		{"section", "content/events/_index.md", "---\ntitle: Events\n---\nWhat is on.\n"},
	}
	for _, c := range created {
		r.write(c.file, c.src)
		_, rep, _ := r.update("new "+c.what, Changes{Content: []string{c.file}})
		if rep.Assembled != "full" {
			t.Errorf("new %s: assembled %q, want full", c.what, rep.Assembled)
		}
		moved := strings.TrimSuffix(c.file, ".md") + "-moved.md"
		if strings.HasSuffix(c.file, "/_index.md") {
			moved = "content/happenings/_index.md"
		}
		r.rename(c.file, moved)
		r.update("renamed "+c.what, Changes{Content: []string{c.file, moved}})
		r.remove(moved)
		r.update("deleted "+c.what, Changes{Content: []string{moved}})
	}
	// A mentor bundle, created, renamed and deleted as a folder.
	r.write("content/mentors/eve/index.md", "---\ntitle: Eve Adams\nrole: PM\nseniority: senior\nexpertise: [okrs]\ntimezone: Europe/London\nphoto: eve.png\n---\nHi.\n")
	r.write("content/mentors/eve/eve.png", tinyPNG) // a photo must decode
	r.update("new mentor bundle", Changes{Content: []string{"content/mentors/eve"}})
	r.rename("content/mentors/eve", "content/mentors/eve-adams")
	r.update("mentor bundle renamed", Changes{Content: []string{"content/mentors/eve", "content/mentors/eve-adams"}})
	r.remove("content/mentors/eve-adams")
	r.update("mentor bundle deleted", Changes{Content: []string{"content/mentors/eve-adams"}})

	// Existing pages of every kind, most linked from others, renamed, deleted and restored.
	for _, f := range []string{"content/_index.md", "content/mentors/_index.md", "content/mentors/ana.md",
		"content/mentors/bo", "content/programs/cohort.md", "content/tips/goals.md", "content/about.md",
		"content/news/_index.md", "content/news/launch.md", "content/news/meetup"} {
		saved := map[string]*fstest.MapFile{}
		for p, d := range r.m {
			if p == f || strings.HasPrefix(p, f+"/") {
				saved[p] = d
			}
		}
		moved := strings.TrimSuffix(f, ".md") + "-moved"
		if strings.HasSuffix(f, ".md") {
			moved += ".md"
		}
		switch {
		case f == "content/_index.md": // the home page becomes a plain page
			moved = "content/home.md"
		case strings.HasSuffix(f, "/_index.md"): // a section index moves to another folder
			moved = strings.Replace(f, "/_index.md", "-moved/_index.md", 1)
		}
		r.rename(f, moved)
		r.update(f+" renamed", Changes{Content: []string{f, moved}})
		r.remove(moved)
		r.update(f+" deleted", Changes{Content: []string{moved}})
		for p, d := range saved {
			r.m[p] = d
		}
		r.update(f+" restored", Changes{Content: []string{f}})
	}

	// Bundle files: the photo in use deleted and restored, another image added and removed,
	// a static image added and removed.
	photo := "content/mentors/bo/photo.png"
	photoFile := r.m[photo]
	r.remove(photo)
	r.update("bundle photo deleted", Changes{Content: []string{photo}})
	r.m[photo] = photoFile
	r.update("bundle photo restored", Changes{Content: []string{photo}})
	r.write("content/mentors/bo/extra.png", tinyPNG) // a photo must decode
	r.update("bundle image added", Changes{Content: []string{"content/mentors/bo/extra.png"}})
	bo := r.src("content/mentors/bo/index.md")
	save("bundle photo switched to the new image", "content/mentors/bo/index.md", setKey(bo, "photo", "extra.png"))
	r.remove("content/mentors/bo/extra.png")
	r.update("new image deleted while in use", Changes{Content: []string{"content/mentors/bo/extra.png"}})
	save("photo switched back", "content/mentors/bo/index.md", bo)
	r.write("static/images/new.png", tinyPNG) // a photo must decode
	r.update("static image added", Changes{Static: []string{"static/images/new.png"}})
	r.remove("static/images/new.png")
	r.update("static image deleted", Changes{Static: []string{"static/images/new.png"}})

	// An editor's hidden swap file is no input: nothing is parsed, assembled or changed.
	swap := "content/mentors/.ana.md.swp"
	r.write(swap, "swap")
	if _, rep, _ := r.update("hidden swap file written", Changes{Content: []string{swap}}); rep.Assembled != "" || rep.Changed || len(rep.Parsed) > 0 {
		t.Errorf("hidden swap file written: report %+v, want nothing done", rep)
	}
	r.remove(swap)
	r.update("hidden swap file deleted", Changes{Content: []string{swap}})
}

// draftEdits toggles drafts: goals.md is linked from other pages, later.md is a draft that no
// page links to.
func draftEdits(t *testing.T, r *sessionRun) {
	save := func(step, f, data string) Report {
		r.write(f, data)
		_, rep, _ := r.update(step, Changes{Content: []string{f}})
		return rep
	}
	goals, later := "content/tips/goals.md", "content/tips/later.md"
	goalsSrc, laterSrc := r.src(goals), r.src(later)
	rep := save("linked page made a draft", goals, setKey(goalsSrc, "draft", "true"))
	if r.opts.Drafts && rep.Assembled != "fast" {
		t.Errorf("draft toggled with drafts shown: assembled %q, want fast", rep.Assembled)
	}
	save("draft edited", goals, setKey(goalsSrc, "draft", "true")+"\nMore.\n")
	save("no longer a draft", goals, setKey(goalsSrc, "draft", "false"))
	save("draft key removed", goals, goalsSrc)
	save("draft published", later, removeKey(laterSrc, "draft"))
	save("published page made a draft again", later, laterSrc)
	save("draft text edited", later, laterSrc+"\nStill not ready.\n")
	save("draft restored", later, laterSrc)
	r.write("content/tips/new-draft.md", "---\ntitle: New draft\ndraft: true\n---\nSoon. [Goals](goals.md).\n")
	r.update("new draft", Changes{Content: []string{"content/tips/new-draft.md"}})
	r.remove("content/tips/new-draft.md")
	r.update("new draft deleted", Changes{Content: []string{"content/tips/new-draft.md"}})
}

// TestSessionFastPathLeavesNoOldPage checks that the fast path swapped the edited page in
// everywhere: no value reachable from the new Site still points at the page it replaced. It
// walks the Site by reflection, so a field added to Site later is covered too. It edits a
// page of every kind the fast path swaps.
func TestSessionFastPathLeavesNoOldPage(t *testing.T) {
	for _, f := range []string{"content/mentors/ana.md", "content/mentors/bo/index.md", "content/_index.md",
		"content/mentors/_index.md", "content/programs/cohort.md", "content/tips/goals.md", "content/about.md",
		"content/news/launch.md", "content/news/meetup/index.md"} {
		m := sessionSite(t)
		s, _, diags := NewSession(withSite(sessionOpts, m))
		if diags != nil {
			t.Fatal(diags)
		}
		old := s.site.PageByFile(f)
		m[f] = &fstest.MapFile{Data: append(slices.Clone(m[f].Data), "\nMore text.\n"...)}
		out, rep, diags := s.Update(Changes{Content: []string{f}})
		if diags != nil || rep.Assembled != "fast" {
			t.Fatalf("%s: assembled %q, problems %v", f, rep.Assembled, diags)
		}
		if newSeen := pagesReachable(t, out.Site, old, s.pages[f], f); newSeen == 0 {
			t.Errorf("%s: the new page is nowhere in the new Site", f)
		}
	}
}

// pagesReachable walks everything reachable from site, reports an error for every place that
// holds old, and counts the places that hold n.
func pagesReachable(t *testing.T, site *Site, old, n *Page, file string) (newSeen int) {
	t.Helper()
	pageType := reflect.TypeFor[*Page]()
	seen := map[uintptr]bool{}
	var walk func(v reflect.Value, where string)
	walk = func(v reflect.Value, where string) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if v.Type() == pageType {
				switch v.Pointer() {
				case reflect.ValueOf(old).Pointer():
					t.Errorf("%s: the replaced page is still at %s", file, where)
				case reflect.ValueOf(n).Pointer():
					newSeen++
				}
				return // pages point at no other page
			}
			if seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem(), where)
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), where+"."+v.Type().Field(i).Name)
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), where+"[]")
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key(), where+"{key}")
				walk(it.Value(), where+"{}")
			}
		case reflect.Interface:
			walk(v.Elem(), where)
		}
	}
	walk(reflect.ValueOf(site), "Site")
	return newSeen
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// overlayFile serves one file's bytes from memory over a site folder, so a benchmark can edit
// a corpus it must not change.
type overlayFile struct {
	fs.FS
	name string
	data []byte
}

func (o *overlayFile) Open(name string) (fs.File, error) {
	if name == o.name {
		return fstest.MapFS{name: &fstest.MapFile{Data: o.data, Mode: 0o644}}.Open(name)
	}
	return o.FS.Open(name)
}

// exampleSite copies the example portal of this repository into a MapFS, as benchmark input:
// no test may depend on its text.
func exampleSite(b *testing.B) fstest.MapFS {
	m := fstest.MapFS{}
	root := os.DirFS("..")
	for _, top := range []string{"site.yaml", "content", "static"} {
		_ = fs.WalkDir(root, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			m[p] = &fstest.MapFile{Data: must(fs.ReadFile(root, p)), Mode: 0o644}
			return nil
		})
	}
	return m
}

// BenchmarkSessionEdit times what the preview server does after a mentor's text is saved:
// parse that file, swap it into the site, route. It uses the example portal of this
// repository and its first mentor profile, or the site folder in $MENTORGEN_BENCH_SITE
// (e.g. /dev/shm/c10k) with $MENTORGEN_BENCH_FILE edited.
func BenchmarkSessionEdit(b *testing.B) {
	site, file := fs.FS(exampleSite(b)), ""
	if dir := os.Getenv("MENTORGEN_BENCH_SITE"); dir != "" {
		site, file = os.DirFS(dir), os.Getenv("MENTORGEN_BENCH_FILE")
	}
	if file == "" {
		mentors, _ := fs.Glob(site, "content/mentors/*.md")
		for _, f := range mentors {
			if !strings.HasSuffix(f, "/_index.md") {
				file = f
				break
			}
		}
		if file == "" {
			b.Fatal("the example portal has no mentor profile in content/mentors/")
		}
	}
	orig := must(fs.ReadFile(site, file))
	o := &overlayFile{FS: site, name: file, data: orig}
	s, _, diags := NewSession(withSite(sessionOpts, o))
	if diags != nil {
		b.Fatal(diags)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		o.data = append(slices.Clone(orig), []byte("\nEdit "+strconv.Itoa(i)+".\n")...)
		if _, rep, diags := s.Update(Changes{Content: []string{file}}); diags != nil || rep.Assembled != "fast" {
			b.Fatalf("%v %+v", diags, rep)
		}
	}
}

// withSite returns opts with the site folder set.
func withSite(opts Options, site fs.FS) Options {
	opts.Site = site
	return opts
}

// TestSessionSectionIndexAppears adds a section's _index.md where the section had none (its
// list page was synthesized): the new page must be published in Site.Pages as a full
// Assemble does, not only put in the section's place.
func TestSessionSectionIndexAppears(t *testing.T) {
	const f = "content/mentors/_index.md"
	m := sessionSite(t)
	index := m[f]
	delete(m, f)
	s, _, diags := NewSession(withSite(sessionOpts, m))
	if diags != nil {
		t.Fatal(diags)
	}
	m[f] = index
	out, _, diags := s.Update(Changes{Content: []string{f}})
	if diags != nil {
		t.Fatal(diags)
	}
	n := s.pages[f]
	if !slices.Contains(out.Site.Pages, n) {
		t.Errorf("%s is not among the Site's published pages after it was added", f)
	}
	full, _ := Prepare(withSite(sessionOpts, m))
	if len(full.Site.Pages) != len(out.Site.Pages) {
		t.Errorf("the session publishes %d pages, a full build %d", len(out.Site.Pages), len(full.Site.Pages))
	}
}

// TestSessionDraftSectionIndexEdited edits a draft _index.md that stays a draft: the section
// keeps its synthesized list page, and Site.Pages the same pages, as a full Assemble has them.
func TestSessionDraftSectionIndexEdited(t *testing.T) {
	const f = "content/mentors/_index.md"
	m := sessionSite(t)
	draft := strings.Replace(string(m[f].Data), "---\n", "---\ndraft: true\n", 1)
	m[f] = &fstest.MapFile{Data: []byte(draft)}
	s, _, diags := NewSession(withSite(sessionOpts, m))
	if diags != nil {
		t.Fatal(diags)
	}
	m[f] = &fstest.MapFile{Data: []byte(draft + "\nMore text.\n")}
	out, _, diags := s.Update(Changes{Content: []string{f}})
	if diags != nil {
		t.Fatal(diags)
	}
	full, _ := Prepare(withSite(sessionOpts, m))
	if len(full.Site.Pages) != len(out.Site.Pages) {
		t.Errorf("the session publishes %d pages, a full build %d", len(out.Site.Pages), len(full.Site.Pages))
	}
	for i, sec := range full.Site.Sections {
		if got := out.Site.Sections[i].Index; got.Draft != sec.Index.Draft || got.Title != sec.Index.Title {
			t.Errorf("section %s: the session's list page is %q (draft %v), a full build's %q (draft %v)", sec.Name, got.Title, got.Draft, sec.Index.Title, sec.Index.Draft)
		}
	}
}
