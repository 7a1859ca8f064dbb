package generator

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"time"
)

// metaRoutes are the files every site has besides its pages: the not-found page, the
// sitemap, the Atom feed and robots.txt.
func metaRoutes(o *Output) []Route {
	s := o.Site
	notFound := &Page{Kind: KindNotFound, Path: "/404.html", Title: "Page not found", Description: "This page does not exist."}
	nf := o.page(RouteNotFound, "/404.html", notFound, nil, "404.html")
	nf.what = "the not-found page"
	return []Route{
		nf,
		o.generated(RouteSitemap, "/sitemap.xml", "the sitemap", o.sitemap),
		o.generated(RouteFeed, "/feed.xml", "the feed", o.feed),
		o.generated(RouteData, "/_headers", "the _headers file", func(b *bytes.Buffer) error {
			// Hosts that read a _headers file (Netlify, Cloudflare Pages) send these with every
			// file; frame-ancestors works only as a header, so it is added here.
			fmt.Fprintf(b, "/*\n  Content-Security-Policy: %s; frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n", ContentSecurityPolicy)
			return nil
		}),
		o.generated(RouteRobots, "/robots.txt", "robots.txt", func(b *bytes.Buffer) error {
			fmt.Fprintf(b, "User-agent: *\nAllow: /\nSitemap: %s\n", s.AbsURL("/sitemap.xml"))
			return nil
		}),
	}
}

// ContentSecurityPolicy is the policy of every page (a meta element in the layouts, and the
// _headers file): the site's own scripts, styles and images only, no inline script or style,
// no plugins, and forms that post only to the site or open a mail client. The theme holds to
// it; content that breaks it (raw HTML with a style attribute) is simply not applied.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self' mailto:"

// sitemap lists every route marked for it.
func (o *Output) sitemap(b *bytes.Buffer) error {
	b.WriteString(xml.Header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, r := range o.Routes {
		if !r.Sitemap {
			continue
		}
		b.WriteString("<url><loc>")
		_ = xml.EscapeText(b, []byte(o.Site.AbsURL(r.Path)))
		b.WriteString("</loc>")
		if r.Page != nil {
			if lm := lastmod(r.Page); !lm.IsZero() {
				b.WriteString("<lastmod>" + lm.Format("2006-01-02") + "</lastmod>")
			}
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return nil
}

func lastmod(p *Page) time.Time {
	if !p.Lastmod.IsZero() {
		return p.Lastmod
	}
	return p.Date
}

// undatedEpoch dates feed entries, and a feed, when nothing in the site has a date: Atom
// requires one, and the build's clock would make two builds of one input differ.
var undatedEpoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// entryDate is when a feed entry was last updated: its lastmod or date, for a mentor the day
// the availability was confirmed, or else fallback.
func entryDate(p *Page, fallback time.Time) time.Time {
	if lm := lastmod(p); !lm.IsZero() {
		return lm
	}
	if p.Mentor != nil && !p.Mentor.AvailabilityConfirmed.IsZero() {
		return p.Mentor.AvailabilityConfirmed
	}
	return fallback
}

// feed writes an Atom feed of the 30 newest routes marked for it. A site with no dated pages
// (a directory of mentors only) lists its mentors instead, in directory order; an undated
// one takes the newest date of any page of the site, or undatedEpoch. Nothing depends on the
// clock, so two builds of one input write the same feed.
func (o *Output) feed(b *bytes.Buffer) error {
	s := o.Site
	var items []*Page
	for _, r := range o.Routes {
		if r.Feed && r.Page != nil {
			items = append(items, r.Page)
		}
	}
	fallback := time.Time{}
	for _, p := range s.Pages {
		if d := entryDate(p, time.Time{}); d.After(fallback) {
			fallback = d
		}
	}
	if fallback.IsZero() {
		fallback = undatedEpoch
	}
	if len(items) == 0 {
		items = first(s.Mentors, 30)
	} else {
		sort.SliceStable(items, func(i, j int) bool {
			a, b := lastmod(items[i]), lastmod(items[j])
			if !a.Equal(b) {
				return a.After(b)
			}
			return items[i].Path < items[j].Path
		})
		items = first(items, 30)
	}
	updated := undatedEpoch
	for _, p := range items {
		if d := entryDate(p, fallback); d.After(updated) {
			updated = d
		}
	}
	esc := func(v string) string {
		var e bytes.Buffer
		_ = xml.EscapeText(&e, []byte(v))
		return e.String()
	}
	fmt.Fprintf(b, "%s<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n<title>%s</title>\n<subtitle>%s</subtitle>\n<link href=\"%s\" rel=\"self\" type=\"application/atom+xml\"/>\n<link href=\"%s\"/>\n<id>%s</id>\n<updated>%s</updated>\n",
		xml.Header, esc(s.Config.Language), esc(s.Config.Title), esc(s.Config.Description), esc(s.AbsURL("/feed.xml")), esc(s.AbsURL("/")), esc(s.AbsURL("/")), updated.UTC().Format(time.RFC3339))
	for _, p := range items {
		author := p.Author
		if author == "" {
			author = s.Config.Title
		}
		published := ""
		if !p.Date.IsZero() {
			published = "<published>" + p.Date.UTC().Format(time.RFC3339) + "</published>"
		}
		fmt.Fprintf(b, "<entry><title>%s</title><link href=\"%s\"/><id>%s</id>%s<updated>%s</updated><author><name>%s</name></author><summary>%s</summary><content type=\"html\">%s</content></entry>\n",
			esc(p.Title), esc(s.AbsURL(p.Path)), esc(s.AbsURL(p.Path)), published, entryDate(p, fallback).UTC().Format(time.RFC3339),
			esc(author), esc(p.Description), esc(string(s.contentAbs(p))))
	}
	b.WriteString("</feed>\n")
	return nil
}
