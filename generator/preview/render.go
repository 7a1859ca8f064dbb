package preview

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"sync"

	"mentorgen/generator"
)

// maxCacheBytes bounds the rendered pages kept per version; past it, pages are rendered for
// each request. It keeps memory flat when a crawler walks a 50,000-page site.
const maxCacheBytes = 256 << 20

// entry is one rendered route. once makes concurrent first requests render it only once.
type entry struct {
	once  sync.Once
	body  []byte
	etag  string
	ctype string
	err   error
}

// render returns a route's bytes as served, rendering them on the first request of a
// version. HTML gets the live-reload script before </body>.
func (s *Server) render(v *version, r generator.Route) *entry {
	v.mu.Lock()
	e := v.cache[r.Path]
	if e == nil {
		e = &entry{}
		v.cache[r.Path] = e
	}
	v.mu.Unlock()
	e.once.Do(func() {
		s.renders.Add(1)
		body, err := v.out.Render(v.site, r)
		if err != nil {
			e.err = err
			return
		}
		e.ctype = r.Type
		if strings.HasPrefix(e.ctype, "text/html") {
			body = inject(body, v.id)
		}
		sum := sha256.Sum256(body)
		e.body, e.etag = body, `"`+hex.EncodeToString(sum[:12])+`"`
		v.mu.Lock()
		defer v.mu.Unlock()
		if v.cacheBytes += int64(len(body)); v.cacheBytes > maxCacheBytes {
			delete(v.cache, r.Path) // served this once; rendered again next time
			v.cacheBytes -= int64(len(body))
		}
	})
	return e
}

// inject puts the live-reload script before the last </body>, or at the end.
func inject(body []byte, id string) []byte {
	tag := `<script src="` + scriptPath + `" data-v="` + id + `" defer></script>`
	i := bytes.LastIndex(body, []byte("</body>"))
	if i < 0 {
		i = len(body)
	}
	out := make([]byte, 0, len(body)+len(tag))
	out = append(out, body[:i]...)
	out = append(out, tag...)
	return append(out, body[i:]...)
}

// serveRenderError answers a route that failed to render. Template problems are ours to
// show; a file that cannot be read (a symlink out of the site, a file deleted since the last
// change) is a plain 404, with no operating-system detail.
func (s *Server) serveRenderError(w http.ResponseWriter, r *http.Request, v *version, route generator.Route, err error) {
	var d generator.Diagnostic
	if route.Kind == generator.RouteStatic || !errors.As(err, &d) {
		if route.Kind != generator.RouteStatic {
			s.logf("%s: cannot render: %v", route.Path, err)
		}
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	s.logf("%s", d.String()+" (while rendering "+route.Path+")")
	body := problemPage("This page failed to render", problems(generator.Diagnostics{d}, s.opts.Site, s.opts.Theme), v.id)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// serveProblems answers every page while the site has never built: the problems, and the
// live script that loads the site once they are fixed.
func (s *Server) serveProblems(w http.ResponseWriter, r *http.Request) {
	body := problemPage("The site has problems", s.status.Load().Errors, "")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
