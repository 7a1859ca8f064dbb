package generator

import (
	"crypto/sha256"
	"io/fs"
	"slices"
	"sort"
	"strings"
)

// Changes says which inputs of a site changed since the last Update. The preview server's
// watcher turns file-system events into Changes; it only says where to look, so a path may
// name a file or a folder that was created, changed, renamed or deleted: Update finds out
// which by reading the site.
type Changes struct {
	Config  bool     // site.yaml: the configuration is reloaded and every page parsed again
	Layouts []string // files under layouts/: the templates and assets are parsed again
	Content []string // paths under content/: each .md file is parsed again if its bytes changed
	Static  []string // paths under static/
}

// Empty reports whether nothing changed.
func (c Changes) Empty() bool {
	return !c.Config && len(c.Layouts) == 0 && len(c.Content) == 0 && len(c.Static) == 0
}

// Report tells what an Update did, for the preview server's one line per rebuild and for the
// tests that count the work.
type Report struct {
	Parsed    []string // content files parsed again, sorted
	Assembled string   // "full", "fast" (changed pages swapped into the last Site), or "" (the Site did not change)
	Theme     bool     // templates and assets were parsed again
	Files     bool     // a copied file (static/ or a bundle resource) was added, changed or removed
	// Changed is false when nothing a browser can see changed: every saved file had the same
	// bytes as before, or only unpublished pages changed.
	Changed bool
}

// A Session keeps a site loaded between edits, for the preview server. Update re-reads only
// what changed: a saved content file is parsed again alone, then the site is re-assembled and
// routed; a layout change parses the templates again; a site.yaml change reloads everything.
//
// A Session is not safe for concurrent use: one goroutine calls Update. The Outputs it returns
// are never modified afterwards, so any number of goroutines may render from them while the
// next Update runs.
type Session struct {
	fsys, builtin fs.FS
	opts          Options

	cfg       *Config
	cfgDiags  Diagnostics
	walkDiags Diagnostics // folders that could not be read on the last full load
	parser    *Parser
	pages     map[string]*Page       // every content file that parsed, published or not
	fileDiags map[string]Diagnostics // parse and read problems, by content file
	sums      map[string][sha256.Size]byte
	md        map[string]bool // every .md file under content/, readable or not
	files     map[string]bool // copied files: static/… and everything else under content/

	theme      *Theme
	themeDiags Diagnostics

	// site is the Site assembled from exactly the current pages, or nil when the last
	// assembly reported problems (then the next Update assembles in full).
	site     *Site
	excluded map[string]string // with site: unpublished file → why
	out      *Output
}

// NewSession loads a whole site, as Prepare does with the same Options. The returned
// diagnostics are those of Update: an Output is returned only when there are none.
func NewSession(opts Options) (*Session, *Output, Diagnostics) {
	s := &Session{fsys: opts.Site, builtin: opts.Theme, opts: opts}
	s.loadAll()
	s.loadTheme()
	out, _, diags := s.finish(Report{Assembled: "full"})
	return s, out, diags
}

// Output returns the last good route table, or nil if there has not been one.
func (s *Session) Output() *Output { return s.out }

// Update applies changes and returns the new route table. When the site has problems it
// returns them all, sorted, and a nil Output; the previous Output stays valid, and a later
// Update that fixes the problems returns a new one.
func (s *Session) Update(c Changes) (*Output, Report, Diagnostics) {
	var rep Report
	fullAssemble := false
	var parsed []string
	if c.Config {
		s.loadAll() // every file: not listed in the report
		fullAssemble = true
	} else {
		for _, p := range sortedUnique(append(slices.Clone(c.Content), c.Static...)) {
			added, removed, files := s.refresh(p, &parsed)
			fullAssemble = fullAssemble || added || removed
			rep.Files = rep.Files || files
		}
		rep.Parsed = parsed
	}
	if c.Config || len(c.Layouts) > 0 {
		s.loadTheme()
		rep.Theme = true
	}
	switch {
	case fullAssemble || s.site == nil:
		rep.Assembled = "full"
	case len(parsed) > 0:
		rep.Assembled = "fast"
	}
	return s.finish(rep)
}

// loadAll reads the configuration and every content file, as Load does.
func (s *Session) loadAll() {
	in, diags := Load(s.fsys, s.opts)
	s.cfg = in.Config
	s.parser = NewParser(in.Config)
	s.pages = make(map[string]*Page, len(in.Pages))
	s.fileDiags = map[string]Diagnostics{}
	s.sums = map[string][sha256.Size]byte{}
	s.md = make(map[string]bool, len(in.Pages))
	s.files = make(map[string]bool, len(in.Files))
	s.cfgDiags, s.walkDiags = nil, nil
	for _, p := range in.Pages {
		s.pages[p.File] = p
		s.md[p.File] = true
	}
	for _, f := range in.Files {
		s.files[f] = true
	}
	for _, d := range diags {
		switch {
		case d.File == "site.yaml":
			s.cfgDiags = append(s.cfgDiags, d)
		case d.File == "content" && d.Msg == "no content found":
			// recomputed by finish
		case strings.HasSuffix(d.File, ".md") && strings.HasPrefix(d.File, "content/"):
			s.fileDiags[d.File] = append(s.fileDiags[d.File], d)
			s.md[d.File] = true
		default:
			s.walkDiags = append(s.walkDiags, d)
		}
	}
	s.site = nil
}

func (s *Session) loadTheme() {
	s.theme, s.themeDiags = LoadTheme(siteLayouts(s.fsys), s.builtin, s.opts.Minify)
}

// refresh re-reads one path under content/ or static/: a file, a folder, or something gone.
// It reports whether files appeared or disappeared (the site must be assembled in full) and
// whether a copied file changed.
func (s *Session) refresh(p string, parsed *[]string) (added, removed, files bool) {
	if !strings.HasPrefix(p, "content/") && p != "content" && !strings.HasPrefix(p, "static/") && p != "static" {
		return
	}
	present := map[string]bool{}
	st, err := fs.Stat(s.fsys, p)
	switch {
	case err != nil:
		// Gone: everything at or under p goes.
	case st.IsDir():
		_ = fs.WalkDir(s.fsys, p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if q != p && !loaded(q) {
					return fs.SkipDir
				}
				return nil
			}
			if loaded(q) {
				present[q] = true
			}
			return nil
		})
	case loaded(p):
		present[p] = true
	}
	// Forget what is no longer there. A file that is still there has nothing under it.
	under := func(q string) bool { return q == p || strings.HasPrefix(q, p+"/") }
	if err == nil && !st.IsDir() {
		under = func(q string) bool { return q == p }
	}
	for f := range s.md {
		if under(f) && !present[f] {
			delete(s.md, f)
			delete(s.pages, f)
			delete(s.fileDiags, f)
			delete(s.sums, f)
			removed = true
		}
	}
	for f := range s.files {
		if under(f) && !present[f] {
			delete(s.files, f)
			removed, files = true, true
		}
	}
	for _, f := range sortedKeys(present) {
		if strings.HasPrefix(f, "content/") && strings.HasSuffix(f, ".md") {
			if !s.md[f] {
				added = true
			}
			s.md[f] = true
			if s.parse(f) {
				*parsed = append(*parsed, f)
			}
			continue
		}
		if !s.files[f] {
			added = true
		}
		s.files[f] = true
		files = true
	}
	return added, removed, files
}

// loaded reports whether Load takes a file: the input rule, for content and static files.
func loaded(p string) bool {
	a := InputArea(p)
	return a == AreaContent || a == AreaStatic
}

// parse parses one content file again unless its bytes are those parsed last time. It
// reports whether it parsed.
func (s *Session) parse(f string) bool {
	src, err := fs.ReadFile(s.fsys, f)
	if err != nil {
		delete(s.pages, f)
		delete(s.sums, f)
		s.fileDiags[f] = Diagnostics{unreadable(s.fsys, f, err)}
		return true
	}
	sum := sha256.Sum256(src)
	if old, ok := s.sums[f]; ok && old == sum && s.pages[f] != nil {
		return false
	}
	p, diags := s.parser.ParsePage(f, src)
	s.pages[f], s.sums[f] = p, sum
	if len(diags) > 0 {
		s.fileDiags[f] = diags
	} else {
		delete(s.fileDiags, f)
	}
	return true
}

// finish assembles (in full, or by swapping re-parsed pages into the last Site), routes, and
// collects every problem.
func (s *Session) finish(rep Report) (*Output, Report, Diagnostics) {
	prev := s.site
	var site *Site
	var diags Diagnostics
	diags = append(diags, s.cfgDiags...)
	diags = append(diags, s.walkDiags...)
	for _, f := range sortedKeys(s.fileDiags) {
		diags = append(diags, s.fileDiags[f]...)
	}
	if len(s.md) == 0 {
		diags = append(diags, Diagnostic{File: "content", Code: "no-content", Msg: "no content found", Hint: "add Markdown files under content/, or run `mentorgen init DIR` to start a new site"})
	}
	// The preview stops only for errors; warnings (a placeholder left in a draft) are
	// build's and check's to report.
	diags = diags.Errors()
	switch {
	case len(diags) > 0:
		rep.Assembled = "" // nothing to assemble until every file parses
	case prev != nil && rep.Assembled == "fast":
		var ok bool
		if site, diags, ok = s.swapPages(rep.Parsed); ok {
			if site == prev {
				rep.Assembled = "" // only unpublished pages changed
			}
			break
		}
		fallthrough
	case prev == nil || rep.Assembled != "":
		rep.Assembled = "full"
		site, diags = s.assemble()
	default:
		site = prev
	}
	diags = diags.Errors()
	if len(diags) > 0 {
		s.site = nil // the pages and the last Site no longer correspond
	} else {
		s.site = site
	}
	diags = append(diags, s.themeDiags.Errors()...)
	if len(diags) > 0 {
		diags.Sort()
		return nil, rep, diags
	}
	if site == prev && !rep.Theme && s.out != nil {
		rep.Changed = rep.Files
		return s.out, rep, nil
	}
	out, diags := Routes(site, s.theme)
	if len(diags) > 0 {
		s.site = nil
		diags.Sort()
		return nil, rep, diags
	}
	s.out = out
	rep.Changed = true
	return s.out, rep, nil
}

// assemble assembles the current pages in full, and notes which ones are not published.
func (s *Session) assemble() (*Site, Diagnostics) {
	in := &Input{Config: s.cfg, Files: sortedKeys(s.files)}
	for _, f := range sortedKeys(s.pages) {
		in.Pages = append(in.Pages, s.pages[f])
	}
	site, diags := Assemble(in, s.opts)
	s.excluded = map[string]string{}
	for _, p := range in.Pages {
		if why := exclusion(p, s.opts, site.Built); why != "" {
			s.excluded[p.File] = why
		}
	}
	return site, diags
}

// swapPages makes the next Site from the last one when each re-parsed page has the facts of
// the page it replaces (see pageFacts): then no list, section, taxonomy or other page's link
// changes, and the new pages take the old ones' places. It reports false when a full Assemble
// is needed. The result is what Assemble would return (Built keeps the last Site's time);
// TestSessionSchemaEdits checks that on every route.
func (s *Session) swapPages(parsed []string) (*Site, Diagnostics, bool) {
	old := s.site
	repl := map[*Page]*Page{}
	for _, f := range parsed {
		n := s.pages[f]
		o := old.byFile[f]
		switch {
		case o == nil || o.File != f: // was not published (or f is a synthesized section index)
			why := exclusion(n, s.opts, old.Built)
			if why == "" || why != s.excluded[f] {
				return nil, nil, false
			}
		case !factsOf(o, s.opts, old.Built).equal(factsOf(n, s.opts, old.Built)):
			return nil, nil, false
		default:
			repl[o] = n
		}
	}
	if len(repl) == 0 {
		return old, nil, true
	}
	next := old.withPages(repl)
	var diags Diagnostics
	for _, n := range repl {
		var d Diagnostics
		next.links[n], d = next.resolveLinks(n, s.excluded)
		diags = append(diags, d...)
	}
	return next, diags, true
}

func sortedUnique(ps []string) []string {
	sort.Strings(ps)
	return slices.Compact(ps)
}
