package generator

import (
	"fmt"
	"sort"
	"strings"

	"mentorgen/generator/internal/editdist"
	"mentorgen/generator/markdown"
	"mentorgen/generator/urls"
)

// checkSiteLinks reports every site path that the site links to and that no route serves:
// Markdown links and images such as [directory](/mentors/), and the urls of site.yaml's
// menus. It runs on the finished route table, not on a list of URLs kept by Assemble, so a
// URL is valid exactly when build writes it (or, without its final slash, a folder that build
// writes): pages, lists and their numbered pages,
// taxonomies and terms, aliases, the feed and the sitemap, static files, and whatever a
// future provider adds, without an edit here. A query is not checked; a fragment is checked
// against the headings of the page it names, as for .md links.
//
// (Mentor photos are site paths too; Assemble checks them against the files, since it must
// know the file to publish the photo.)
func (o *Output) checkSiteLinks() Diagnostics {
	s := o.Site
	c := &siteLinkChecker{o: o}
	var diags Diagnostics
	for _, p := range s.Pages {
		for _, r := range p.refs {
			if r.Kind != markdown.RefSite {
				continue
			}
			code, msg, hint := c.check(r.Target, r.Suffix)
			if msg == "" {
				continue
			}
			line, col := p.lines.pos(r.Offset)
			what := "link to "
			if r.Image {
				what = "image "
			}
			diags = append(diags, Diagnostic{File: p.File, Line: line, Col: col, Code: code, Msg: what + r.Raw + ": " + msg, Hint: hint})
		}
	}
	for _, name := range sortedKeys(s.Config.Menus) {
		for _, e := range s.Config.Menus[name] {
			u := e.URL
			if urls.HasScheme(u) || strings.HasPrefix(u, "//") || strings.HasPrefix(u, "#") {
				continue
			}
			p, suffix := urls.SplitRef(u)
			if p == "" {
				continue
			}
			// URLs.Ref makes "about/" the site path /about/, so the menu means that.
			code, msg, hint := c.check(urls.CleanPath(p), suffix)
			if msg == "" {
				continue
			}
			d := e.at
			d.Code, d.Msg, d.Hint = code, fmt.Sprintf("menus.%s: url %s: %s", name, u, msg), hint
			diags = append(diags, d)
		}
	}
	return diags
}

// siteLinkChecker checks site paths against one route table. What it needs only to explain a
// broken link (the candidates for a hint, the pages left out) it makes on the first one.
type siteLinkChecker struct {
	o       *Output
	cands   []string          // paths worth suggesting: no aliases, no hashed assets
	leftOut map[string]string // site path of a page that is not published → why
}

// check returns what is wrong with a link to the site path target with suffix ("?q#frag"),
// with its code and a hint; msg is "" when the link is good.
func (c *siteLinkChecker) check(target, suffix string) (code, msg, hint string) {
	r, ok := c.o.Lookup(target)
	if !ok && !strings.HasSuffix(target, "/") {
		// /tips for /tips/: static hosts redirect it, and so does the preview server.
		r, ok = c.o.Lookup(target + "/")
	}
	if !ok {
		msg, hint := c.missing(target)
		return "broken-link", msg, hint
	}
	_, frag, _ := strings.Cut(suffix, "#")
	if p := r.Page; frag != "" && p != nil && p.keyPos != nil && (r.Kind == RoutePage || r.Kind == RouteList) &&
		!p.anchors[frag] && !strings.HasPrefix(frag, "fn:") && !strings.HasPrefix(frag, "fnref:") {
		return "broken-anchor", fmt.Sprintf("%s has no heading with id %q", p.File, frag), anchorHint(frag, p)
	}
	return "", "", ""
}

func (c *siteLinkChecker) missing(target string) (msg, hint string) {
	o := c.o
	if c.cands == nil {
		c.leftOut = map[string]string{}
		for _, l := range o.Site.LeftOut {
			c.leftOut[l.Page.Path] = l.Why
		}
		c.cands = []string{}
		for _, r := range o.Routes {
			if r.Kind != RouteAlias && r.Kind != RouteAsset {
				c.cands = append(c.cands, r.Path)
			}
		}
		sort.Strings(c.cands)
	}
	if why := c.leftOut[target]; why != "" {
		return "that page " + why, ""
	}
	msg = "nothing is published at " + target
	for _, a := range o.Theme.Assets() {
		if target == "/assets/"+a.Name && a.Path != target {
			return msg, fmt.Sprintf("the theme serves %s under a name that changes with its content; to link to it, copy it under static/", a.Name)
		}
	}
	if h := editdist.DidYouMean(target, c.cands); h != "" {
		return msg, h
	}
	return msg, "write the site path of a page, such as /mentors/, or a file under static/ by its path, such as /images/a.png"
}
