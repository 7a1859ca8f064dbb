package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"mentorgen/generator/urls"
)

// aliasRoutes writes a redirect page at each alias of a page.
func aliasRoutes(o *Output) []Route {
	s := o.Site
	var out []Route
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			sitePath := aliasPath(p, a)
			out = append(out, Route{Path: sitePath, Kind: RouteAlias, Page: p, from: origin{page: p, key: "aliases"},
				produce: func(fs.FS) ([]byte, error) {
					var b bytes.Buffer
					aliasPage(&b, s.Config.Language, s.RelURL(p.Path), s.AbsURL(p.Path))
					return o.minify(fileOf(sitePath), b.Bytes())
				}})
		}
	}
	return out
}

// aliasPath is the site path an alias of page pg is served at. The alias is written as a URL
// path (percent-escapes decoded; the parse refuses a query or fragment). An alias without a file
// extension is a folder, "/old" → "/old/", so that every static host serves its index.html
// as HTML.
//
// An alias without a leading slash is relative to the parent of the page's URL, as Hugo
// resolves it (hugolib/site_render.go, renderAliases: path.Join of the page's base link,
// "..", and the alias): "about-us" on /posts/hello/ is /posts/about-us/. Copied Hugo sites
// rely on it.
func aliasPath(pg *Page, a string) string {
	a, _ = urls.SplitRef(a) // an old URL, as a browser showed it: "/old%20page/" is "/old page/"
	if !strings.HasPrefix(a, "/") {
		a = path.Join(path.Dir(strings.TrimSuffix(pg.Path, "/")), a)
	}
	p := urls.CleanPath(a)
	if !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
		p += "/"
	}
	return p
}

func aliasPage(b *bytes.Buffer, lang, target, canonical string) {
	t := template.HTMLEscapeString(target)
	fmt.Fprintf(b, `<!doctype html><html lang="%s"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="%s"><title>Moved</title><link rel="canonical" href="%s"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=%s"></head><body><p>This page has moved to <a href="%s">%s</a>.</p></body></html>`,
		template.HTMLEscapeString(lang), template.HTMLEscapeString(ContentSecurityPolicy), template.HTMLEscapeString(canonical), t, t, t)
}
