package generator

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
)

// RouteKind says what a route is. Everything downstream (rendering, the sitemap, the feed,
// the build summary, the preview server) reads it instead of guessing from other fields.
type RouteKind int

const (
	RoutePage     RouteKind = iota // a content page: a mentor profile, a guide, a tip, a plain page
	RouteList                      // the home page, a section's list, or one page of a paginated list
	RouteTaxonomy                  // the terms of a taxonomy: /expertise/
	RouteTerm                      // the pages of one term: /expertise/discovery/
	RouteAlias                     // a redirect from an old URL to a page
	RouteFeed                      // the Atom feed
	RouteSitemap                   // sitemap.xml
	RouteRobots                    // robots.txt
	RouteNotFound                  // 404.html
	RouteAsset                     // a theme asset, named by its content hash
	RouteStatic                    // a file copied as it is (a JPEG or PNG without its metadata): from static/ or from beside a page
	RouteData                      // machine-readable data for scripts and other programs
	RoutePhoto                     // a mentor photo, re-encoded at a size the theme shows
)

var routeKindNames = [...]string{"page", "list", "taxonomy", "term", "alias", "feed", "sitemap", "robots", "not-found", "asset", "static", "data", "photo"}

func (k RouteKind) String() string {
	if int(k) < len(routeKindNames) {
		return routeKindNames[k]
	}
	return fmt.Sprintf("RouteKind(%d)", int(k))
}

// Route is one output of the site: a URL, what it is, and how to produce its bytes. The route
// table is what build writes and what the preview server serves; neither holds rendered pages.
type Route struct {
	Path    string    // site path as requested: /mentors/ana/ or /feed.xml (unencoded)
	File    string    // output file: mentors/ana/index.html
	Kind    RouteKind //
	Type    string    // content type: "text/html; charset=utf-8"
	Sitemap bool      // listed in sitemap.xml
	Feed    bool      // an entry of the Atom feed
	Page    *Page     // the page shown, for rendered routes; nil for files and data
	Src     string    // RouteStatic: the path in the site fs

	// from is the input that asked for the route, for diagnostics about its URL; it is
	// empty for routes that mentorgen makes by itself (the feed, a taxonomy).
	from origin
	// tree marks a route that owns every path below its own (a taxonomy owns its terms,
	// including terms that do not exist yet), so content may not claim them.
	tree bool
	// what names the route in messages: "the feed", "the expertise pages".
	what string
	// reserveOnly marks a path that a provider keeps for itself without writing anything
	// there yet (a taxonomy that no page uses today): it is dropped after conflicts are found.
	reserveOnly bool
	produce     func(site fs.FS) ([]byte, error)
}

// Output is a site's route table: the routes of every provider, sorted by path (case aside).
type Output struct {
	Site   *Site
	Theme  *Theme
	Routes []Route
	byPath map[string]int
	cards  *cardCache
	info   func() SiteInfo // what every layout may show of the site, counted once
}

// A provider returns the routes of one feature. It reads the assembled Site and the Theme,
// which it must not change; data it derives (rendered cards, an index) it computes itself,
// lazily and once per Output, and never stores in the Site.
type provider func(o *Output) []Route

// providers are the features of a site, each in its own routes_*.go file. A new feature is a
// new provider here: neither Assemble nor the preview's incremental path changes.
var providers = []provider{
	pageRoutes,      // routes_pages.go
	listRoutes,      // routes_lists.go
	taxonomyRoutes,  // routes_taxonomies.go
	aliasRoutes,     // routes_aliases.go
	metaRoutes,      // routes_meta.go: feed, sitemap, robots.txt, 404
	assetRoutes,     // routes_assets.go
	staticRoutes,    // routes_static.go
	photoRoutes,     // routes_photos.go: mentor photos at the theme's sizes
	directoryRoutes, // routes_directory.go: mentors.json and its schema
	searchRoutes,    // routes_search.go: the search page and its index
	compareRoutes,   // routes_compare.go: /programs/compare/
	goalsRoutes,     // routes_goals.go: /goals/, the SMART goal worksheet and agreement
	matchRoutes,     // routes_match.go: /match/, the page the ranking mounts in
}

// Routes builds the route table of an assembled site. It reports every URL that two routes
// want, every output file that would have to be a folder too, and every link to a site path
// (in Markdown or a menu) that no route serves, before anything is written.
func Routes(s *Site, t *Theme) (*Output, Diagnostics) {
	o := &Output{Site: s, Theme: t, cards: &cardCache{byPg: map[cardKey]*card{}, token: randomToken()}, info: sync.OnceValue(s.info)}
	lists := make([][]Route, len(providers))
	n := 0
	for i, p := range providers {
		lists[i] = p(o)
		n += len(lists[i])
	}
	o.Routes = make([]Route, 0, n)
	for _, list := range lists {
		for _, r := range list {
			if r.File == "" {
				r.File = fileOf(r.Path)
			}
			if r.Type == "" {
				r.Type = ContentType(r.File)
			}
			o.Routes = append(o.Routes, r)
		}
	}
	diags := o.resolveConflicts()
	o.byPath = make(map[string]int, len(o.Routes))
	for i, r := range o.Routes {
		o.byPath[r.Path] = i
	}
	// Links to site paths are checked against the finished table, so that every URL a
	// provider writes is a valid target, and the preview checks them as build does.
	diags = append(diags, o.checkSiteLinks()...)
	return o, diags
}

// Lookup returns the route of a site path.
func (o *Output) Lookup(sitePath string) (Route, bool) {
	i, ok := o.byPath[sitePath]
	if !ok {
		return Route{}, false
	}
	return o.Routes[i], true
}

// Render returns the bytes of a route as build writes them: rendered and minified, or read
// from the site fs for copied files.
func (o *Output) Render(site fs.FS, r Route) ([]byte, error) { return r.produce(site) }

// page makes a rendered HTML route: fill completes the layout's view, and the first of
// layouts that exists renders it.
func (o *Output) page(kind RouteKind, sitePath string, p *Page, fill func(*View), layouts ...string) Route {
	file := fileOf(sitePath)
	return Route{Path: sitePath, File: file, Type: ContentType(file), Kind: kind, Page: p, produce: func(fs.FS) ([]byte, error) {
		var b bytes.Buffer
		v := o.view(p)
		if fill != nil {
			fill(v)
		}
		if err := o.Theme.execute(&b, v, layouts...); err != nil {
			return nil, err
		}
		return o.minify(file, b.Bytes())
	}}
}

// generated makes a route whose bytes a function writes: XML, text, data.
func (o *Output) generated(kind RouteKind, sitePath, what string, write func(*bytes.Buffer) error) Route {
	return Route{Path: sitePath, Kind: kind, what: what, produce: func(fs.FS) ([]byte, error) {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			return nil, err
		}
		return o.minify(fileOf(sitePath), b.Bytes())
	}}
}

// minify minifies a rendered file, and puts the mentor cards in.
func (o *Output) minify(file string, data []byte) ([]byte, error) {
	out, err := o.Theme.minifyBytes(file, data)
	if err != nil || o.Theme.minify == nil {
		return out, err
	}
	return o.cards.splice(out), nil
}

// resolveConflicts sorts the routes and settles paths that more than one route wants: a file
// under static/ replaces a theme asset or robots.txt of the same path, and a mentor photo's
// route replaces the static file it is made from; content that claims a
// URL that mentorgen writes, or a URL under a taxonomy, is an error; so is an output file that
// another file needs as its folder (an alias /about beside the page /about/ would be).
// Content against content was already reported by Assemble, with more to say.
func (o *Output) resolveConflicts() Diagnostics {
	var diags Diagnostics
	// Sorted by the lower-case path first, routes that want one URL (in any case) are
	// neighbours, so no map is needed to find them.
	keys := make([]string, len(o.Routes))
	for i := range o.Routes {
		keys[i] = strings.ToLower(o.Routes[i].Path)
	}
	idx := make([]int, len(o.Routes))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := strings.Compare(keys[a], keys[b]); c != 0 {
			return c
		}
		return strings.Compare(o.Routes[a].Path, o.Routes[b].Path)
	})
	kept := make([]Route, 0, len(o.Routes))
	keptKeys := make([]string, 0, len(o.Routes))
	var trees []Route
	for _, i := range idx {
		r, key := o.Routes[i], keys[i]
		if r.tree {
			trees = append(trees, r)
		}
		n := len(kept)
		if n == 0 || keptKeys[n-1] != key {
			kept, keptKeys = append(kept, r), append(keptKeys, key)
			continue
		}
		prev := kept[n-1]
		switch {
		case r.Kind == RoutePhoto && prev.Kind == RouteStatic:
			kept[n-1] = r // a mentor photo is published processed, never as it is
		case prev.Kind == RoutePhoto && r.Kind == RouteStatic:
		case r.Kind == RouteStatic && (prev.Kind == RouteAsset || prev.Kind == RouteRobots):
			kept[n-1] = r // the site's own file wins
		case prev.Kind == RouteStatic && (r.Kind == RouteAsset || r.Kind == RouteRobots):
		case prev.from.none() && !r.from.none():
			diags = append(diags, reserved(r, prev))
		case r.from.none() && !prev.from.none():
			diags = append(diags, reserved(prev, r))
			kept[n-1] = r
		default:
			// Two inputs want one URL: Assemble has reported it. Keep the first.
		}
	}
	// below returns the kept routes whose key starts with prefix (lower case).
	below := func(prefix string) []Route {
		i, _ := slices.BinarySearch(keptKeys, prefix)
		j := i
		for j < len(keptKeys) && strings.HasPrefix(keptKeys[j], prefix) {
			j++
		}
		return kept[i:j]
	}
	// A URL under a taxonomy belongs to it, whatever terms exist today.
	for _, t := range trees {
		for _, r := range below(strings.ToLower(t.Path)) {
			if !r.from.none() && !strings.EqualFold(r.Path, t.Path) {
				diags = append(diags, reserved(r, t))
			}
		}
	}
	// An output file may not be the folder of another one: a route served as a file (its
	// path has no trailing slash) must have no route below it.
	for _, r := range kept {
		if r.reserveOnly || strings.HasSuffix(r.Path, "/") {
			continue
		}
		for _, inner := range below(strings.ToLower(r.Path) + "/") {
			if inner.reserveOnly || !strings.HasPrefix(inner.Path, r.Path+"/") {
				continue
			}
			diag := r.from.diag()
			if r.from.none() {
				diag = inner.from.diag()
			}
			diag.Code = "url-collision"
			diag.Msg = fmt.Sprintf("%s would be written as the file %s, but %s needs %s/ to be a folder", describeRoute(r), r.File, describeRoute(inner), r.File)
			diag.Hint = "give one of them another URL; an alias without an extension such as /old becomes /old/"
			diags = append(diags, diag)
			break
		}
	}
	o.Routes = kept[:0]
	for _, r := range kept {
		if !r.reserveOnly {
			o.Routes = append(o.Routes, r)
		}
	}
	return diags
}

// origin names the input that asked for a route: a front matter key of a page, or a file.
type origin struct {
	page *Page
	key  string // the front matter key to point at: "slug", "aliases"
	file string // a file copied as it is
}

func (o origin) none() bool { return o.file == "" && (o.page == nil || o.page.keyPos == nil) }

// diag is a diagnostic at the origin, without a message yet. A page made by Assemble (a
// section without _index.md) is no origin: no file holds it.
func (o origin) diag() Diagnostic {
	switch {
	case o.file != "":
		return Diagnostic{File: o.file}
	case o.none():
		return Diagnostic{}
	}
	d := Diagnostic{File: o.page.File, Line: 1, Col: 1}
	if pos, ok := o.page.keyPos[o.key]; ok {
		d.Line, d.Col = pos[0], pos[1]
	}
	return d
}

// reserved reports that content route r wants a URL that generated route g has.
func reserved(r, g Route) Diagnostic {
	d := r.from.diag()
	d.Code = "url-reserved"
	d.Msg = fmt.Sprintf("URL %s is where mentorgen writes %s", r.Path, g.what)
	d.Hint = "rename the file or folder, or give the page another slug"
	if r.Kind == RouteAlias {
		d.Hint = "choose another alias, or remove it"
	}
	return d
}

// describeRoute names a route in a message: the URL and who asked for it.
func describeRoute(r Route) string {
	switch {
	case r.Kind == RouteAlias && r.Page != nil:
		return fmt.Sprintf("the alias %s of %s", r.Path, r.Page.File)
	case r.Kind == RouteStatic:
		return r.Src
	case r.Page != nil && r.Page.File != "":
		return fmt.Sprintf("%s (%s)", r.Path, r.Page.File)
	case r.what != "":
		return r.what
	}
	return r.Path
}

// parentPath returns the folder path above a site path: /a/b/ → /a/, /a/b.xml → /a/, / → "".
func parentPath(p string) string {
	if p == "/" || p == "" {
		return ""
	}
	p = strings.TrimSuffix(p, "/")
	return p[:strings.LastIndexByte(p, '/')+1]
}

// fileOf maps a site path to the file that serves it: /a/b/ → a/b/index.html.
func fileOf(sitePath string) string {
	p := strings.TrimPrefix(sitePath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// randomToken makes the placeholders of one Output impossible to forge from content.
func randomToken() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
