package generator

import (
	"net/url"
	"strings"
)

// URLs turns site paths into the URLs the output links to. It is the one place where URLs are
// made: templates, Markdown links and images, aliases, the sitemap, the feed, JSON-LD and Open
// Graph all go through it, so every URL honours the base URL's sub-path and is encoded the
// same way.
//
// A site path is what the generator works with inside: "/mentors/ana-lima/", unencoded, so it
// may hold spaces or any letter ("/my notes/hello world/"). Its output file has the same
// letters; only URLs are percent-encoded.
type URLs struct {
	origin string // "https://org.github.io", or "" when the base URL has no host
	prefix string // the base URL's path without its last slash: "/portal", or ""
}

// NewURLs returns the URLs of a site published at baseURL, e.g. https://org.github.io/portal/.
// A base URL without a host (the default "/") makes root-relative URLs only.
func NewURLs(baseURL string) URLs {
	u, err := url.Parse(baseURL)
	if err != nil {
		return URLs{}
	}
	var us URLs
	if u.Host != "" {
		us.origin = u.Scheme + "://" + u.Host
	}
	us.prefix = strings.TrimSuffix(u.EscapedPath(), "/")
	return us
}

// Rel returns the root-relative URL of a site path: with a base URL of
// https://org.github.io/portal/, "/mentors/ana/" becomes "/portal/mentors/ana/" and
// "/my notes/" becomes "/portal/my%20notes/". A query or fragment is kept as written; an
// absolute URL ("https://…", "mailto:…", "//host/…") is returned unchanged.
func (u URLs) Rel(sitePath string) string {
	if hasScheme(sitePath) || strings.HasPrefix(sitePath, "//") {
		return sitePath
	}
	p, suffix := sitePath, ""
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p, suffix = p[:i], p[i:]
	}
	return u.prefix + "/" + escapePath(strings.TrimPrefix(p, "/")) + suffix
}

// Abs returns the absolute URL of a site path, for canonical links, the sitemap, the feed and
// structured data. Without a host in the base URL it is Rel.
func (u URLs) Abs(sitePath string) string {
	rel := u.Rel(sitePath)
	if u.origin == "" || hasScheme(rel) || strings.HasPrefix(rel, "//") {
		return rel
	}
	return u.origin + rel
}

// escapePath percent-encodes each segment of a slash path. A segment that is already encoded
// ("my%20notes") is decoded first, so that a path written either way gives one URL.
func escapePath(p string) string {
	if plainPath(p) {
		return p // nearly every path: lower-case slugs
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if dec, err := url.PathUnescape(s); err == nil {
			s = dec
		}
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// plainPath reports whether p has only characters that a URL path carries as they are.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		c := p[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || c == '-' || c == '_' || c == '.' || c == '/' || c == '~') {
			return false
		}
	}
	return true
}
