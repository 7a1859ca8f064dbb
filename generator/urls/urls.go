// Package urls makes every URL a built site links to, and reads back the ones authors write.
// A leaf: the standard library only. Site paths (the literal names files are written under)
// go in; encoded URLs honouring the base URL's sub-path come out.
package urls

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// URLs turns site paths into the URLs the output links to. It is the one place where URLs are
// made: templates, Markdown links and images, aliases, the sitemap, the feed, JSON-LD and Open
// Graph all go through it, so every URL honours the base URL's sub-path and is encoded the
// same way.
//
// A site path is what the generator works with inside: "/mentors/ana-lima/", unencoded, so it
// may hold spaces or any letter ("/my notes/hello world/"). Its output file has the same
// letters, and every character of it is a letter of a name: "/tips/c#/" is the folder
// "c#", and "/tips/a%20b/" the folder "a%20b". Only URLs are percent-encoded. What an author
// writes (a Markdown link, a menu's url, an alias) is a URL reference instead, and
// SplitRef turns it into a site path.
type URLs struct {
	origin string // "https://org.github.io", or "" when the base URL has no host
	prefix string // the base URL's path without its last slash: "/portal", or ""
}

// NewURLs returns the URLs of a site published at baseURL, e.g. https://org.github.io/portal/.
// A base URL without a host (the default "/") makes root-relative URLs only.
func New(baseURL string) URLs {
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
// https://org.github.io/portal/, "/mentors/ana/" becomes "/portal/mentors/ana/", "/my notes/"
// becomes "/portal/my%20notes/" and "/tips/c#/" becomes "/portal/tips/c%23/". A server
// decodes the URL back to the site path, which is the output file's name.
func (u URLs) Rel(sitePath string) string {
	return u.prefix + "/" + escapePath(strings.TrimPrefix(sitePath, "/"))
}

// Abs returns the absolute URL of a site path, for canonical links, the sitemap, the feed and
// structured data. Without a host in the base URL it is Rel.
func (u URLs) Abs(sitePath string) string { return u.origin + u.Rel(sitePath) }

// Ref returns the root-relative URL of a reference written by an author, in a layout or in
// site.yaml: a URL path ("/mentors/", "/my%20notes/") with an optional query and fragment,
// which are kept as written. An absolute URL ("https://…", "mailto:…", "//host/…") and a
// bare "#fragment" or "?query" are returned unchanged.
func (u URLs) Ref(ref string) string {
	if HasScheme(ref) || strings.HasPrefix(ref, "//") || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "?") || ref == "" {
		return ref
	}
	p, suffix := SplitRef(ref)
	return u.Rel(p) + suffix
}

// AbsRef is Ref with an absolute URL, as Abs is to Rel.
func (u URLs) AbsRef(ref string) string {
	if r := u.Ref(ref); strings.HasPrefix(r, "/") && !strings.HasPrefix(r, "//") {
		return u.origin + r
	}
	return ref
}

// SplitRef splits a URL reference as an author writes it ("/my%20notes/?q=1#top") into the
// site path it names ("/my notes/") and its query and fragment ("?q=1#top"), kept as
// written. Each segment of the path is percent-decoded on its own, so "%2F" cannot join two
// segments into one name; a segment that is not valid percent-encoding ("100%") is taken
// as written, the way browsers send it.
func SplitRef(ref string) (sitePath, suffix string) {
	p := ref
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		p, suffix = ref[:i], ref[i:]
	}
	if !strings.Contains(p, "%") {
		return p, suffix
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if dec, err := url.PathUnescape(s); err == nil && !strings.Contains(dec, "/") {
			segs[i] = dec
		}
	}
	return strings.Join(segs, "/"), suffix
}

// escapePath percent-encodes each segment of a slash path, every byte that is not a letter,
// digit or one of -._~ :@$&= (RFC 3986's unreserved characters and a few sub-delimiters no
// server treats specially). '+' is encoded because S3's website endpoint reads it as a
// space, ';' because some servers cut path parameters at it, and ',' and the brackets
// because a srcset or a CSS url() would end there.
func escapePath(p string) string {
	if plainPath(p) {
		return p // nearly every path: lower-case slugs
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(p) + 16)
	for i := 0; i < len(p); i++ {
		if c := p[i]; c == '/' || urlSafe(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

func urlSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || strings.IndexByte("-._~:@$&=", c) >= 0
}

// plainPath reports whether p has only characters that a URL path carries as they are.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c != '/' && !urlSafe(c) {
			return false
		}
	}
	return true
}

// Unservable says why a file or folder name cannot be part of a URL that every static
// server and browser resolves to it, or returns "". Percent-encoding carries any other
// letter, '?', '#' and '%' included; these it cannot: bytes that are not UTF-8 (browsers
// re-encode what they display), control characters (cut or refused by servers and
// browsers), and invisible or direction-changing characters (two URLs that look alike).
func Unservable(name string) string {
	if !utf8.ValidString(name) {
		return "is not UTF-8 text"
	}
	for _, r := range name {
		switch {
		case unicode.IsControl(r):
			return fmt.Sprintf("has the control character %U", r)
		case unicode.Is(unicode.Cf, r):
			return fmt.Sprintf("has an invisible or direction-changing character (%U)", r)
		}
	}
	return ""
}

// CleanPath resolves "." and ".." in a site path and keeps its trailing slash: "/a/../b/" is
// "/b/".
func CleanPath(p string) string {
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// HasScheme says whether s starts with a URL scheme ("https:", "mailto:"): a link that leaves
// the site.
func HasScheme(s string) bool {
	for i, r := range s {
		switch {
		case r == ':':
			return i > 0
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return false
}
