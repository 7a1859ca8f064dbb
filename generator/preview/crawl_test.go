package preview

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// TestEveryLinkResolves builds a site whose names need encoding (testdata/crawl_names.txtar)
// and follows every link, image, srcset entry and sitemap and feed URL it writes, from the
// home page and the sitemap, on a static file server over the built folder and on the
// preview server: each must answer 200, after at most one redirect (/x → /x/).
func TestEveryLinkResolves(t *testing.T) {
	dir := writeSite(t, "testdata/crawl_names.txtar")
	root, err := os.OpenRoot(dir)
	must(t, err)
	t.Cleanup(func() { root.Close() })
	out := filepath.Join(t.TempDir(), "public")
	opts := generator.Options{Site: root.FS(), Theme: layouts.FS, Minify: true, Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := generator.Build(opts, generator.Destination{Dir: out, SiteDir: dir}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"tips/a%20b/index.html", "tips/c#/index.html", "tips/what?/index.html", "old tip/index.html", "files/report #1.pdf"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(name))); err != nil {
			t.Errorf("the build wrote no %s: %v", name, err)
		}
	}

	static := http.StripPrefix("/portal", http.FileServer(http.Dir(out)))
	seen := crawl(t, "static server", static, "example.org")
	if len(seen) < 15 {
		t.Errorf("the crawl reached only %d URLs: %v", len(seen), seen)
	}

	opts.BaseURL = "http://127.0.0.1:1313/portal/"
	srv := New(Options{Options: opts})
	if diags := srv.Load(); len(diags) > 0 {
		t.Fatal(diags)
	}
	crawl(t, "preview", srv, "127.0.0.1:1313")
}

var (
	linkAttr  = regexp.MustCompile(`(?:href|src)="?([^" >]+)`)
	srcsetURL = regexp.MustCompile(`srcset="([^"]+)"`)
	xmlLoc    = regexp.MustCompile(`<(?:loc|id)>([^<]+)</`)
	script    = regexp.MustCompile(`(?s)<script\b.*?</script>`)
)

// crawl follows every URL on host (or root-relative) that h's pages link to, from /portal/
// and /portal/sitemap.xml, reports each that does not answer 200, and returns those it
// fetched.
func crawl(t *testing.T, name string, h http.Handler, host string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	queue := []string{"/portal/", "/portal/sitemap.xml", "/portal/feed.xml"}
	for len(queue) > 0 && len(seen) < 2000 {
		target := queue[0]
		queue = queue[1:]
		if seen[target] {
			continue
		}
		seen[target] = true
		rec := get(h, target, host)
		if rec.Code == http.StatusMovedPermanently || rec.Code == http.StatusFound {
			loc := rec.Header().Get("Location")
			rec = get(h, loc, host)
		}
		if rec.Code != http.StatusOK {
			t.Errorf("%s: GET %s: %d", name, target, rec.Code)
			continue
		}
		base, _ := url.Parse("http://" + host + target)
		body := rec.Body.String()
		if strings.HasSuffix(target, ".xml") {
			body = html.UnescapeString(body) // the feed's content is HTML escaped into XML
		}
		for _, ref := range refsIn(body) {
			u, err := base.Parse(ref)
			if err != nil {
				t.Errorf("%s: %s links to %q, which is no URL: %v", name, target, ref, err)
				continue
			}
			if (u.Host == host || u.Host == "example.org") && (u.Scheme == "http" || u.Scheme == "https") {
				u.Fragment = ""
				queue = append(queue, u.RequestURI())
			}
		}
	}
	return seen
}

func get(h http.Handler, target, host string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	r.Host = host
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// refsIn returns the URLs of a page's href, src and srcset attributes and of a sitemap's or
// feed's <loc> and <id> elements.
func refsIn(body string) []string {
	body = script.ReplaceAllString(body, "")
	var refs []string
	for _, m := range linkAttr.FindAllStringSubmatch(body, -1) {
		refs = append(refs, html.UnescapeString(m[1]))
	}
	for _, m := range srcsetURL.FindAllStringSubmatch(body, -1) {
		for _, c := range strings.Split(html.UnescapeString(m[1]), ",") {
			if f := strings.Fields(c); len(f) > 0 {
				refs = append(refs, f[0])
			}
		}
	}
	for _, m := range xmlLoc.FindAllStringSubmatch(body, -1) {
		refs = append(refs, html.UnescapeString(m[1]))
	}
	return refs
}
