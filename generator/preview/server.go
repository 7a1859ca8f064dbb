package preview

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mentorgen/generator"
)

// Options configure a Server.
type Options struct {
	// Options say what the site publishes, as they do for build and check; BaseURL is the
	// server's own address, e.g. http://127.0.0.1:1313/, and Minify is always on, so that
	// serve shows what build writes. Give Site an os.Root's FS: it refuses symlinks that lead
	// out of the folder, so no request can reach a file outside it.
	generator.Options
	// Dir is the same folder on disk, watched by Run. Empty means no watching: the caller
	// reports changes with Apply (tests do).
	Dir string
	// Log receives one line per rebuild and every problem; nil discards them.
	Log io.Writer
	// Debounce defaults to DefaultDebounce; KeepAlive (the interval of SSE comments that keep
	// idle connections open through proxies) to 15 s.
	Debounce  Debounce
	KeepAlive time.Duration
	// Now is the clock of the rebuild lines; nil means time.Now.
	Now func() time.Time
}

// A Server serves a site from memory. Every request reads one immutable version of the site,
// taken from an atomic pointer that a rebuild swaps, so concurrent requests never see half of
// an edit. Routes are rendered when first asked for and cached until the next change.
type Server struct {
	opts Options
	inst string // distinguishes this process's versions from a previous run's
	// base is the base URL's path without its last slash ("/portal" for
	// http://127.0.0.1:1313/portal/), "" at the root: the site is served under it, as a
	// host serves a project site, so a sub-path is checked before it is published.
	base string

	mu      sync.Mutex // serializes loads and updates of session
	session *generator.Session
	seq     int
	reload  bool // an update failed half-way; the next one reads everything

	cur    atomic.Pointer[version] // the last good version; nil until there is one
	status atomic.Pointer[status]  // what live pages are told
	ready  chan struct{}           // closed once the first load is done, good or not
	readyO sync.Once

	hosts atomic.Pointer[[]string] // host:port names besides loopback ones that requests may use

	hub     hub
	logMu   sync.Mutex
	renders atomic.Int64 // routes rendered, for tests that count the work
}

// version is one state of the site as served: a route table and the pages rendered from it.
type version struct {
	id    string
	out   *generator.Output
	site  fs.FS
	built time.Time

	mu         sync.Mutex
	cache      map[string]*entry
	cacheBytes int64
}

// New returns a server for a site. Call Load (or Run) before serving.
func New(opts Options) *Server {
	if opts.Debounce == (Debounce{}) {
		opts.Debounce = DefaultDebounce
	}
	if opts.KeepAlive == 0 {
		opts.KeepAlive = 15 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	var b [3]byte
	now := time.Now().UnixNano()
	for i := range b {
		b[i] = byte(now >> (8 * i))
	}
	s := &Server{opts: opts, inst: hex.EncodeToString(b[:]), ready: make(chan struct{})}
	s.status.Store(&status{})
	var hosts []string
	if u, err := url.Parse(opts.BaseURL); err == nil && u.Host != "" {
		hosts = append(hosts, hostPort(u.Host, u.Scheme))
		s.base = strings.TrimSuffix(u.Path, "/")
	}
	s.hosts.Store(&hosts)
	return s
}

// Renders returns how many routes the server has rendered so far.
func (s *Server) Renders() int64 { return s.renders.Load() }

// Version returns the id of the version being served, or "" before the first good build.
func (s *Server) Version() string {
	if v := s.cur.Load(); v != nil {
		return v.id
	}
	return ""
}

func (s *Server) sessionOptions() generator.Options {
	o := s.opts.Options
	o.Minify = true // as build does by default: serve shows build's bytes
	return o
}

// Load reads the whole site and makes the first version. Problems are logged and shown to
// browsers; Load returns them too.
func (s *Server) Load() generator.Diagnostics {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.readyO.Do(func() { close(s.ready) })
	return s.loadAll("loading the site")
}

// loadAll reads the whole site into a new session. s.mu is held.
func (s *Server) loadAll(what string) generator.Diagnostics {
	start := time.Now()
	var sess *generator.Session
	var out *generator.Output
	var diags generator.Diagnostics
	if err := catch(func() { sess, out, diags = generator.NewSession(s.sessionOptions()) }); err != nil {
		s.reload = true
		s.logf("%s %s: internal error, will read the site again after the next change: %v", s.opts.Now().Format("15:04:05"), what, err)
		return nil
	}
	s.session, s.reload = sess, false
	if diags != nil {
		s.fail(diags, what)
		return diags
	}
	prev := s.cur.Load()
	var moved map[string]string
	if prev != nil {
		moved = movedPages(prev.out.Site, out.Site)
	}
	s.swap(out, nil, moved)
	s.logf("%s ready: %d routes in %s; watching for changes", s.opts.Now().Format("15:04:05"), len(out.Routes), ms(time.Since(start)))
	return nil
}

// catch runs f and returns its panic, if any, as an error: a bug (nothing should panic on
// user input) must not take the server down, nor the last good version with it.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	f()
	return nil
}

// Apply re-reads what changed and, if the site still builds, starts serving the new version
// and tells open pages. It returns the problems, if any. The watcher calls it with each
// debounced batch; tests call it directly.
func (s *Server) Apply(c generator.Changes) (generator.Report, generator.Diagnostics) {
	s.mu.Lock()
	defer s.mu.Unlock()
	exists := func(p string) bool { _, err := fs.Stat(s.opts.Site, p); return err == nil }
	what := describe(c, exists)
	switch {
	case s.reload: // the last update failed half-way: read everything again
		return generator.Report{}, s.loadAll(what)
	case s.session == nil: // not loaded yet
		return generator.Report{}, nil
	}
	start := time.Now()
	prev := s.cur.Load()
	var out *generator.Output
	var rep generator.Report
	var diags generator.Diagnostics
	if err := catch(func() { out, rep, diags = s.session.Update(c) }); err != nil {
		s.reload = true
		s.logf("%s %s: internal error while rebuilding, still serving the last good version: %v", s.opts.Now().Format("15:04:05"), what, err)
		return rep, nil
	}
	if diags != nil {
		s.fail(diags, what)
		return rep, diags
	}
	wasBroken := len(s.status.Load().Errors) > 0
	if prev != nil && out == prev.out && !rep.Changed && !wasBroken {
		if !goneScratch(c, exists) { // vim's 4913 probe comes and goes with every save: say nothing
			s.logf("%s %s: no change", s.opts.Now().Format("15:04:05"), what)
		}
		return rep, nil
	}
	var css map[string]string
	if cssOnly(c) && prev != nil && !wasBroken {
		css = stylesheetSwaps(prev.out, out, c)
	}
	var moved map[string]string
	if prev != nil {
		moved = movedPages(prev.out.Site, out.Site)
	}
	s.swap(out, css, moved)
	took := ms(time.Since(start))
	switch {
	case css != nil:
		s.logf("%s %s: stylesheet swapped in %s", s.opts.Now().Format("15:04:05"), what, took)
	case c.Config:
		s.logf("%s %s: reloaded the site in %s", s.opts.Now().Format("15:04:05"), what, took)
	default:
		detail := ""
		if n := len(rep.Parsed); n > 0 {
			detail = fmt.Sprintf(" (%d %s parsed)", n, plural(n, "file", "files"))
		}
		if wasBroken {
			detail += ", problems fixed"
		}
		s.logf("%s %s: rebuilt in %s%s", s.opts.Now().Format("15:04:05"), what, took, detail)
	}
	return rep, nil
}

// swap makes out the version served and tells open pages. css, when set, maps each old
// stylesheet URL to its new one (a stylesheet-only change); moved maps the old URL of each
// page that moved to the new one.
func (s *Server) swap(out *generator.Output, css, moved map[string]string) {
	s.seq++
	v := &version{id: s.inst + "-" + strconv.Itoa(s.seq), out: out, site: s.opts.Site, built: time.Now().Truncate(time.Second), cache: map[string]*entry{}}
	prev := s.cur.Swap(v)
	st := &status{Seq: s.status.Load().Seq + 1, Version: v.id, Kind: "reload", Moved: s.underBase(moved)}
	if prev != nil {
		st.Prev = prev.id
	}
	if css != nil {
		st.Kind, st.CSS = "css", css // already URLs (RelURL)
	}
	s.status.Store(st)
	s.hub.notify()
}

// fail keeps serving the last good version, prints the problems, and shows them in open pages.
func (s *Server) fail(diags generator.Diagnostics, what string) {
	st := &status{Seq: s.status.Load().Seq + 1, Kind: "errors", Errors: problems(diags, s.opts.Site, s.opts.Theme)}
	if v := s.cur.Load(); v != nil {
		st.Version = v.id
	}
	s.status.Store(st)
	s.hub.notify()
	var b strings.Builder
	writeProblems(&b, st.Errors)
	still := "nothing to serve until they are fixed"
	if st.Version != "" {
		still = "still serving the last good version"
	}
	fmt.Fprintf(&b, "%s %s: %d %s; %s (the browser shows them)", s.opts.Now().Format("15:04:05"), what, len(diags), plural(len(diags), "problem", "problems"), still)
	s.logf("%s", b.String())
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.opts.Log, format+"\n", args...)
}

// Run serves on ln until ctx is done: it loads the site, watches Options.Dir, and shuts down
// cleanly (open live-reload streams are closed, requests in flight finish).
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	base, cancel := context.WithCancel(context.Background())
	defer cancel()
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second, // the event stream extends its own deadline
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return base },
		ErrorLog:          nil,
	}
	s.allowListener(ln.Addr())
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	s.Load()
	watched := make(chan error, 1)
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	if s.opts.Dir != "" {
		go func() {
			watched <- Watch(wctx, s.opts.Dir, s.opts.Debounce, func(evs []Event) {
				if c := Plan(evs); !c.Empty() {
					s.Apply(c)
				}
			}, func(msg string) { s.logf("warning: %s", msg) })
		}()
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	case err = <-watched:
		if err != nil {
			err = fmt.Errorf("cannot watch %s: %w", s.opts.Dir, err)
		}
	}
	stopWatch()
	cancel() // ends the event streams, which would otherwise hold Shutdown up
	sctx, done := context.WithTimeout(context.Background(), 3*time.Second)
	defer done()
	if serr := hs.Shutdown(sctx); err == nil && serr != nil && !errors.Is(serr, context.DeadlineExceeded) {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// ServeHTTP serves the site's routes (GET and HEAD only), the live-reload stream and script,
// and the overlay's stylesheet.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache") // revalidate every time: the ETag makes that a 304
	if !s.allowedHost(r.Host) {
		http.Error(w, "mentorgen serve answers only requests for localhost, 127.0.0.1, [::1] or the address it "+
			"listens on, not for "+strconv.Quote(r.Host)+": another name that leads here may be a web page's "+
			"attempt to read your site (DNS rebinding)", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	switch p {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		http.ServeContent(w, r, "", startTime, strings.NewReader(liveJS))
		return
	case stylePath:
		h.Set("Content-Type", "text/css; charset=utf-8")
		http.ServeContent(w, r, "", startTime, strings.NewReader(overlayCSS))
		return
	}
	if s.base != "" {
		rest, ok := strings.CutPrefix(p, s.base)
		switch {
		case ok && rest == "", p == "/":
			http.Redirect(w, r, s.base+"/", http.StatusFound)
			return
		case !ok || rest[0] != '/':
			http.Error(w, "404 page not found: the site is served under "+s.base+"/ (its --base-url)", http.StatusNotFound)
			return
		}
		p = rest
	}
	if !validPath(p) {
		http.Error(w, "bad request path", http.StatusBadRequest)
		return
	}
	select {
	case <-s.ready:
	case <-r.Context().Done():
		return
	}
	v := s.cur.Load()
	if v == nil {
		s.serveProblems(w, r)
		return
	}
	route, ok := v.out.Lookup(p)
	if !ok {
		s.redirectOrNotFound(w, r, v, p)
		return
	}
	e := s.render(v, route)
	if e.err != nil {
		s.serveRenderError(w, r, v, route, e.err)
		return
	}
	h.Set("Content-Type", e.ctype)
	h.Set("ETag", e.etag)
	h.Set("X-Mentorgen-Version", v.id)
	http.ServeContent(w, r, "", v.built, bytes.NewReader(e.body))
}

// validPath refuses paths that a route table could never hold but a file server might
// resolve: "..", backslashes, NUL. The path is already percent-decoded, so %2e%2e and %2f
// arrive here as "." and "/".
func validPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return false
		}
	}
	return true
}

// redirectOrNotFound redirects /x/index.html to /x/ and /x to /x/ when that is a route, and
// otherwise serves the site's 404 page with status 404.
func (s *Server) redirectOrNotFound(w http.ResponseWriter, r *http.Request, v *version, p string) {
	target := ""
	if dir, ok := strings.CutSuffix(p, "/index.html"); ok {
		if _, ok := v.out.Lookup(dir + "/"); ok {
			target = dir + "/"
		}
	} else if !strings.HasSuffix(p, "/") {
		if _, ok := v.out.Lookup(p + "/"); ok {
			target = p + "/"
		}
	}
	if target != "" {
		target = v.out.Site.RelURL(target) // the base URL's path, and a name's '?' or '#' encoded
		if q := r.URL.RawQuery; q != "" {
			target += "?" + q
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	body := []byte("404 page not found\n")
	ctype := "text/plain; charset=utf-8"
	if nf, ok := v.out.Lookup("/404.html"); ok {
		if e := s.render(v, nf); e.err == nil {
			body, ctype = e.body, e.ctype
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("X-Mentorgen-Version", v.id)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// startTime is the Last-Modified of the live script, which is part of the binary.
var startTime = time.Now().Truncate(time.Second)

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
