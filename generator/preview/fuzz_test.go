package preview

import (
	"bufio"
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// FuzzRequestPath sends arbitrary request targets through the real request parser to the
// server. Property: no request path escapes the routes. A 200 is a route (or the live
// script) with exactly that route's bytes, a redirect leads to a route, anything else is a
// 400, 404 or 405 (or a 403 when an absolute target names another host), and no answer ever
// holds a byte of the site's sources.
func FuzzRequestPath(f *testing.F) {
	site := memSite()
	const secret = "SOURCE-ONLY-MARKER-7f3a"
	site["site.yaml"].Data = append(site["site.yaml"].Data, "\n# "+secret+"\n"...)
	site["static/img/photo.txt"] = &fstest.MapFile{Data: []byte("a static file")}
	page := site["content/mentors/hanako.md"]
	page.Data = append([]byte("---\n# "+secret+"\n"), bytes.TrimPrefix(page.Data, []byte("---\n"))...) // a front matter comment
	s := New(Options{Options: generator.Options{Site: site, Theme: layouts.FS, BaseURL: testBase, Drafts: true}})
	if diags := s.Load(); diags != nil {
		f.Fatal(diags)
	}
	v := s.cur.Load()
	for _, seed := range []string{"/", "/mentors/", "/mentors/hanako/", "/mentors/index.html", "/mentors", "/img/photo.txt",
		"/../site.yaml", "/%2e%2e/site.yaml", "/..%2fsite.yaml", "/%252e%252e/", "/site.yaml", "/content/mentors/hanako.md",
		"/static/img/photo.txt", "//mentors/", "/mentors//hanako/", "/mentors/./hanako/", "/%00", "/a\\..\\b",
		"http://evil.example/mentors/", "*", "/mentors/hanako/index.html?a=b#c", "/__mentorgen/live.js", "/404.html"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, target string) {
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")))
		if err != nil || req.URL.Path == eventsPath {
			return // rejected before any handler runs; the event stream never ends by itself
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		body := w.Body.Bytes()
		if bytes.Contains(body, []byte(secret)) {
			t.Fatalf("%q: the answer holds site source", target)
		}
		switch w.Code {
		case http.StatusOK:
			if req.URL.Path == scriptPath {
				return
			}
			r, ok := v.out.Lookup(req.URL.Path)
			if !ok {
				t.Fatalf("%q: 200 for %q, which is no route", target, req.URL.Path)
			}
			if want := s.render(v, r); !bytes.Equal(body, want.body) {
				t.Fatalf("%q: 200 with bytes other than route %s's", target, r.Path)
			}
		case http.StatusMovedPermanently:
			loc, _, _ := strings.Cut(w.Header().Get("Location"), "?")
			if _, ok := v.out.Lookup(loc); !ok {
				t.Fatalf("%q: redirect to %q, which is no route", target, loc)
			}
		case http.StatusForbidden: // an absolute target names its own host (TestHost)
			if s.allowedHost(req.Host) {
				t.Fatalf("%q: 403 for Host %q", target, req.Host)
			}
		case http.StatusBadRequest, http.StatusNotFound:
		default:
			t.Fatalf("%q: status %d", target, w.Code)
		}
	})
}
