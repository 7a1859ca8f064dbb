package generator

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
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
	RouteStatic                    // a file copied as it is: from static/ or from beside a page
	RouteData                      // machine-readable data for scripts and other programs
)

var routeKindNames = [...]string{"page", "list", "taxonomy", "term", "alias", "feed", "sitemap", "robots", "not-found", "asset", "static", "data"}

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

	// from is the input that asked for the route, for diagnostics about its URL; File is
	// empty for routes that mentorgen makes by itself (the feed, a taxonomy).
	from Diagnostic
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

// Output is a site's route table: the routes of every provider, sorted by path.
type Output struct {
	Site   *Site
	Theme  *Theme
	Routes []Route
	byPath map[string]int
	cards  *cardCache
}

// A provider returns the routes of one feature. It reads the assembled Site and the Theme,
// which it must not change; data it derives (rendered cards, an index) it computes itself,
// lazily and once per Output, and never stores in the Site.
type provider func(o *Output) []Route

// providers are the features of a site, each in its own routes_*.go file. A new feature is a
// new provider here: neither Assemble nor the preview's incremental path changes.
var providers = []provider{
	pageRoutes,     // routes_pages.go
	listRoutes,     // routes_lists.go
	taxonomyRoutes, // routes_taxonomies.go
	aliasRoutes,    // routes_aliases.go
	metaRoutes,     // routes_meta.go: feed, sitemap, robots.txt, 404
	assetRoutes,    // routes_assets.go
	staticRoutes,   // routes_static.go
}

// Routes builds the route table of an assembled site. It reports every URL that two routes
// want, and every output file that would have to be a folder too, before anything is written.
func Routes(s *Site, t *Theme) (*Output, Diagnostics) {
	o := &Output{Site: s, Theme: t, cards: &cardCache{byPg: map[*Page]*card{}, token: randomToken()}}
	for _, p := range providers {
		for _, r := range p(o) {
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
	return Route{Path: sitePath, Kind: kind, Page: p, produce: func(fs.FS) ([]byte, error) {
		var b bytes.Buffer
		v := o.view(p)
		if fill != nil {
			fill(v)
		}
		if err := o.Theme.execute(&b, v, layouts...); err != nil {
			return nil, err
		}
		return o.minify(fileOf(sitePath), b.Bytes())
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
// under static/ replaces a theme asset or robots.txt of the same path; content that claims a
// URL that mentorgen writes, or a URL under a taxonomy, is an error; so is an output file that
// another file needs as its folder (an alias /about beside the page /about/ would be).
// Content against content was already reported by Assemble, with more to say.
func (o *Output) resolveConflicts() Diagnostics {
	var diags Diagnostics
	slices.SortStableFunc(o.Routes, func(a, b Route) int { return strings.Compare(a.Path, b.Path) })
	byKey := map[string]int{} // lower-case path → index in kept
	kept := make([]Route, 0, len(o.Routes))
	trees := map[string]Route{}
	for _, r := range o.Routes {
		key := strings.ToLower(r.Path)
		if r.tree {
			trees[key] = r
		}
		i, dup := byKey[key]
		if !dup {
			byKey[key] = len(kept)
			kept = append(kept, r)
			continue
		}
		prev := kept[i]
		switch {
		case r.Kind == RouteStatic && (prev.Kind == RouteAsset || prev.Kind == RouteRobots):
			kept[i] = r // the site's own file wins
		case prev.Kind == RouteStatic && (r.Kind == RouteAsset || r.Kind == RouteRobots):
		case prev.from.File == "" && r.from.File != "":
			diags = append(diags, reserved(r, prev))
		case r.from.File == "" && prev.from.File != "":
			diags = append(diags, reserved(prev, r))
			kept[i] = r
		default:
			// Two inputs want one URL: Assemble has reported it. Keep the first.
		}
	}
	// A URL under a taxonomy belongs to it, whatever terms exist today.
	for _, r := range kept {
		if r.from.File == "" {
			continue
		}
		for d := parentPath(r.Path); d != ""; d = parentPath(d) {
			if t, ok := trees[strings.ToLower(d)]; ok {
				diags = append(diags, reserved(r, t))
				break
			}
		}
	}
	o.Routes = kept[:0]
	for _, r := range kept {
		if !r.reserveOnly {
			o.Routes = append(o.Routes, r)
		}
	}
	// An output file may not be the folder of another one.
	files := make(map[string]int, len(o.Routes))
	for i, r := range o.Routes {
		files[r.File] = i
	}
	for _, r := range o.Routes {
		for d := path.Dir(r.File); d != "." && d != "/"; d = path.Dir(d) {
			if i, ok := files[d]; ok {
				other := o.Routes[i]
				diag := other.from
				if diag.File == "" {
					diag = r.from
				}
				diag.Msg = fmt.Sprintf("%s would be written as the file %s, but %s needs %s/ to be a folder", describeRoute(other), other.File, describeRoute(r), other.File)
				diag.Hint = "give one of them another URL; an alias without an extension such as /old becomes /old/"
				diags = append(diags, diag)
				break
			}
		}
	}
	return diags
}

// reserved reports that content route r wants a URL that generated route g has.
func reserved(r, g Route) Diagnostic {
	d := r.from
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
