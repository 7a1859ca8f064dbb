package preview

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"mentorgen/generator"
	"mentorgen/layouts"
)

const testBase = "http://127.0.0.1:1313/"

// writeSite writes the files of a txtar archive into a new temporary folder.
func writeSite(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	ar, err := txtar.ParseFile(archive)
	must(t, err)
	fsys, err := txtar.FS(ar)
	must(t, err)
	must(t, os.CopyFS(dir, fsys))
	return dir
}

// memSite is testdata/portal.txtar in memory, for tests that change files in place.
func memSite() fstest.MapFS {
	ar, err := txtar.ParseFile("testdata/portal.txtar")
	if err != nil {
		panic(err)
	}
	site := fstest.MapFS{}
	for _, f := range ar.Files {
		site[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return site
}

// field finds a front matter key's line in a page's source: its number (from 1), its text,
// and the column its value starts at. Tests derive their edits and the positions they expect
// from it rather than from the text of the archive.
func field(t testing.TB, src, key string) (n int, line string, col int) {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if rest, ok := strings.CutPrefix(l, key+":"); ok {
			return i + 1, l, len(l) - len(strings.TrimLeft(rest, " ")) + 1
		}
		if i > 0 && l == "---" {
			break
		}
	}
	t.Fatalf("no %s: line in the front matter of\n%s", key, src)
	return 0, "", 0
}

// setField replaces the line of a front matter key with key: value.
func setField(t testing.TB, src, key, value string) string {
	t.Helper()
	_, line, _ := field(t, src, key)
	return strings.Replace(src, line, key+": "+value, 1)
}

// site is a test site on disk with a server over it.
type site struct {
	t   testing.TB
	dir string
	srv *Server
	log *syncBuffer
}

// newSite writes testdata/portal.txtar to a temporary folder and loads a server over it
// (without watching: the test calls edit, which tells the server what changed).
func newSite(t testing.TB, setup ...func(dir string)) *site {
	t.Helper()
	dir := writeSite(t, "testdata/portal.txtar")
	for _, f := range setup {
		f(dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	log := &syncBuffer{}
	s := &site{t: t, dir: dir, log: log, srv: New(Options{Options: generator.Options{Site: root.FS(), Theme: layouts.FS, BaseURL: testBase, Drafts: true}, Log: log, KeepAlive: 50 * time.Millisecond})}
	s.srv.Load()
	return s
}

func (s *site) path(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

func (s *site) read(rel string) string {
	s.t.Helper()
	b, err := os.ReadFile(s.path(rel))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

// edit writes a file (data "" deletes it) and applies the change as the watcher would.
func (s *site) edit(rel, data string) (generator.Report, generator.Diagnostics) {
	s.t.Helper()
	p := s.path(rel)
	if data == "" {
		if err := os.Remove(p); err != nil {
			s.t.Fatal(err)
		}
	} else {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			s.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			s.t.Fatal(err)
		}
	}
	return s.srv.Apply(Plan([]Event{{Path: rel, Op: create}}))
}

func (s *site) get(method, target string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	r.Host = strings.TrimSuffix(strings.TrimPrefix(testBase, "http://"), "/")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	s.srv.ServeHTTP(w, r)
	return w
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

var scriptRE = regexp.MustCompile(`<script src="/__mentorgen/live\.js" data-v="[^"]*" defer></script>`)

// TestServeMatchesBuild serves every route and compares it with what build writes with the
// same options: equal bytes once the live-reload script is taken out, and the script only in
// HTML, just before </body>.
func TestServeMatchesBuild(t *testing.T) {
	s := newSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(generator.Options{Site: os.DirFS(s.dir), Theme: layouts.FS,
		BaseURL: testBase, Drafts: true, Minify: true}, generator.Destination{Dir: out, SiteDir: s.dir}); err != nil {
		t.Fatal(err)
	}
	served := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(p, out))
		target := strings.TrimSuffix(rel, "index.html")
		want, _ := os.ReadFile(p)
		w := s.get("GET", target)
		if w.Code != http.StatusOK {
			t.Errorf("GET %s: status %d", target, w.Code)
			return nil
		}
		got := w.Body.Bytes()
		if strings.HasSuffix(rel, ".html") {
			tags := scriptRE.FindAllIndex(got, -1)
			if len(tags) != 1 || !bytes.HasPrefix(got[tags[0][1]:], []byte("</body>")) {
				t.Errorf("GET %s: want the live script once, right before </body>; found it %d times", target, len(tags))
			}
			got = scriptRE.ReplaceAll(got, nil)
		} else if bytes.Contains(got, []byte("/__mentorgen/")) {
			t.Errorf("GET %s: live script in a non-HTML file", target)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("GET %s differs from build's %s\n got: %.200q\nwant: %.200q", target, rel, got, want)
		}
		served++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if routes := len(s.srv.cur.Load().out.Routes); served != routes || served == 0 {
		t.Errorf("build wrote %d files, the route table has %d routes", served, routes)
	}
}

func TestServeHTTP(t *testing.T) {
	s := newSite(t)
	var css string
	for _, r := range s.srv.cur.Load().out.Routes {
		if strings.HasPrefix(r.Path, "/assets/style.") {
			css = r.Path
		}
	}
	cases := []struct {
		method, target string
		status         int
		ctype          string
		location       string
		body           string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", "", "</body>"},
		{"GET", "/mentors/hanako/", 200, "text/html; charset=utf-8", "", "佐藤 花子"},
		{"HEAD", "/mentors/", 200, "text/html; charset=utf-8", "", ""},
		{"GET", css, 200, "text/css; charset=utf-8", "", ""},
		{"GET", "/feed.xml", 200, "application/xml; charset=utf-8", "", "<feed"},
		{"GET", "/sitemap.xml", 200, "application/xml; charset=utf-8", "", "<urlset"},
		{"GET", "/robots.txt", 200, "text/plain; charset=utf-8", "", "Sitemap: http://127.0.0.1:1313/sitemap.xml"},
		{"GET", "/__mentorgen/live.js", 200, "text/javascript; charset=utf-8", "", "EventSource"},
		{"GET", "/__mentorgen/overlay.css", 200, "text/css; charset=utf-8", "", ":host"},
		{"GET", "/mentors/index.html", 301, "", "/mentors/", ""},
		{"GET", "/mentors/hanako/index.html?x=1", 301, "", "/mentors/hanako/?x=1", ""},
		{"GET", "/mentors", 301, "", "/mentors/", ""},
		{"GET", "/no/such/page/", 404, "text/html; charset=utf-8", "", "Page not found"},
		{"HEAD", "/no/such/page/", 404, "text/html; charset=utf-8", "", ""},
		{"GET", "/404.html", 200, "text/html; charset=utf-8", "", "Page not found"},
		{"POST", "/", 405, "", "", ""},
		{"PUT", "/mentors/", 405, "", "", ""},
		{"DELETE", "/", 405, "", "", ""},
		{"OPTIONS", "/", 405, "", "", ""},
	}
	for _, c := range cases {
		w := s.get(c.method, c.target)
		name := c.method + " " + c.target
		if w.Code != c.status {
			t.Errorf("%s: status %d, want %d", name, w.Code, c.status)
			continue
		}
		if c.ctype != "" && w.Header().Get("Content-Type") != c.ctype {
			t.Errorf("%s: Content-Type %q, want %q", name, w.Header().Get("Content-Type"), c.ctype)
		}
		if c.location != "" && w.Header().Get("Location") != c.location {
			t.Errorf("%s: Location %q, want %q", name, w.Header().Get("Location"), c.location)
		}
		if !strings.Contains(w.Body.String(), c.body) {
			t.Errorf("%s: body lacks %q", name, c.body)
		}
		if c.method == "HEAD" && w.Body.Len() > 0 {
			t.Errorf("%s: HEAD answered with a body", name)
		}
		if c.status == 405 && w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: Allow %q", name, w.Header().Get("Allow"))
		}
		if c.status == 200 && !strings.HasPrefix(c.target, "/__mentorgen/") {
			if w.Header().Get("ETag") == "" || w.Header().Get("Last-Modified") == "" {
				t.Errorf("%s: no ETag or Last-Modified", name)
			}
			if w.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s: no nosniff", name)
			}
		}
	}
	// A page not changed since the browser's copy costs a 304.
	first := s.get("GET", "/mentors/")
	etag := first.Header().Get("ETag")
	if w := s.get("GET", "/mentors/", "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match %s: status %d, %d bytes", etag, w.Code, w.Body.Len())
	}
	if w := s.get("GET", "/mentors/", "If-Modified-Since", first.Header().Get("Last-Modified")); w.Code != http.StatusNotModified {
		t.Errorf("If-Modified-Since: status %d", w.Code)
	}
	// After a change the ETag changes: the page carries the new version.
	s.edit("content/mentors/hanako.md", s.read("content/mentors/hanako.md")+"\nOne more line.\n")
	if w := s.get("GET", "/mentors/", "If-None-Match", etag); w.Code != http.StatusOK {
		t.Errorf("after a change, If-None-Match with the old ETag: status %d, want 200", w.Code)
	}
}

// TestTraversal asks for files outside the route table in every spelling we know, through
// the real request parser: raw "..", percent-encoded dots and slashes, backslashes, NUL, and
// a symlink inside the site. None may answer with a file's bytes. A symlink that leads out of
// the site is a load error naming it, in serve as in build (TestBadInputSymlinkServe in the
// main package), so it is not part of this site.
func TestTraversal(t *testing.T) {
	outside := t.TempDir()
	secret := "TOP-SECRET-" + filepath.Base(outside)
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	s := newSite(t, func(dir string) {
		must(t, os.MkdirAll(filepath.Join(dir, "static", "img"), 0o755))
		must(t, os.WriteFile(filepath.Join(dir, "static", "img", "ok.txt"), []byte("fine"), 0o644))
		must(t, os.Symlink("img/ok.txt", filepath.Join(dir, "static", "inside.txt")))
		must(t, os.WriteFile(filepath.Join(dir, "site.yaml"), append(readFile(t, os.DirFS(dir), "site.yaml"), "\n# "+secret+"\n"...), 0o644))
	})
	srv := httptest.NewServer(s.srv)
	t.Cleanup(srv.Close)
	firstLine, _, _ := strings.Cut(s.read("site.yaml"), "\n")
	cases := []struct {
		target string
		status int // 0: 400 or 404
	}{
		{"/../site.yaml", 0},
		{"/../../../../etc/passwd", 0},
		{"/%2e%2e/site.yaml", 0},
		{"/%2E%2E%2Fsite.yaml", 0},
		{"/..%2fsite.yaml", 0},
		{"/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 0},
		{"/%252e%252e/site.yaml", 0},
		{"/mentors/../../site.yaml", 0},
		{"/img/../../site.yaml", 0},
		{"/..\\site.yaml", 0},
		{"/%5c..%5csite.yaml", 0},
		{"/%00/site.yaml", 0},
		{"/site.yaml", 0},
		{"/static/img/ok.txt", 0},
		{"/content/mentors/hanako.md", 0},
		{"//site.yaml", 0},
		{"/leak.txt", 0},
		{"/leakdir/secret.txt", 0},
		{"/leakdir", 0},
		{"/img/ok.txt", 200},
		{"/inside.txt", 200},
	}
	for _, c := range cases {
		conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, "GET "+c.target+" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("%s: %v", c.target, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		conn.Close()
		switch {
		case c.status == 0 && resp.StatusCode != 400 && resp.StatusCode != 404:
			t.Errorf("%s: status %d, want 400 or 404", c.target, resp.StatusCode)
		case c.status != 0 && resp.StatusCode != c.status:
			t.Errorf("%s: status %d, want %d", c.target, resp.StatusCode, c.status)
		}
		for _, leak := range []string{secret, "root:", firstLine, "seniority:", "escapes", "no such file"} {
			if bytes.Contains(body, []byte(leak)) {
				t.Errorf("%s: the answer contains %q", c.target, leak)
			}
		}
	}
}

// sse is a test client of the event stream.
type sse struct {
	t      testing.TB
	lines  chan string
	cancel func()
}

func openSSE(t testing.TB, url string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", url+eventsPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" || resp.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("event stream: Content-Type %q, Cache-Control %q", ct, resp.Header.Get("Cache-Control"))
	}
	c := &sse{t: t, lines: make(chan string, 1000), cancel: cancel}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	t.Cleanup(cancel)
	return c
}

// next returns the next line that starts with prefix, skipping others, within 5 s.
func (c *sse) next(prefix string) string {
	c.t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				c.t.Fatalf("event stream closed while waiting for %q", prefix)
			}
			if strings.HasPrefix(l, prefix) {
				return l
			}
		case <-deadline:
			c.t.Fatalf("no %q line within 5 s", prefix)
		}
	}
}

func (c *sse) status() status {
	c.t.Helper()
	var st status
	if err := json.Unmarshal([]byte(strings.TrimPrefix(c.next("data: "), "data: ")), &st); err != nil {
		c.t.Fatal(err)
	}
	return st
}

// TestSSE opens the event stream on a 127.0.0.1 socket: the reconnection delay comes first,
// then the current version; an edit sends the new one; keep-alive comments flow; a page
// that goes away is forgotten.
func TestSSE(t *testing.T) {
	s := newSite(t)
	srv := httptest.NewServer(s.srv)
	t.Cleanup(srv.Close)
	c := openSSE(t, srv.URL)
	if l := c.next(""); l != "retry: 500" {
		t.Fatalf("first line %q, want retry: 500", l)
	}
	st := c.status()
	if st.Version != s.srv.Version() || st.Kind != "reload" {
		t.Fatalf("first message %+v, want the current version %s", st, s.srv.Version())
	}
	old := st.Version
	s.edit("content/tips/ask-for-feedback.md", s.read("content/tips/ask-for-feedback.md")+"\nNew closing line.\n")
	st = c.status()
	if st.Version == old || st.Prev != old || st.Kind != "reload" || st.Version != s.srv.Version() {
		t.Fatalf("after an edit: %+v, want a reload from %s to %s", st, old, s.srv.Version())
	}
	c.next(": keep-alive")

	// A page that stops reading never holds up a rebuild: its mailbox holds one message.
	stuck := openSSE(t, srv.URL)
	stuck.next("data: ")
	start := time.Now()
	for i := range 30 {
		s.edit("content/tips/ask-for-feedback.md", s.read("content/tips/ask-for-feedback.md")+"\nLine "+string(rune('a'+i))+".\n")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("30 edits took %s with a page not reading its stream", d)
	}
	if n := s.srv.Clients(); n != 2 {
		t.Errorf("%d streams open, want 2", n)
	}
	c.cancel()
	stuck.cancel()
	for i := 0; s.srv.Clients() != 0; i++ {
		if i > 500 {
			t.Fatalf("%d streams still open 5 s after their pages went", s.srv.Clients())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestOverlay breaks a page's front matter: open pages get the problem with its position and
// source line, the terminal prints it, the last good version keeps being served; fixing the
// file clears the problem and reloads. Requests made all along never fail.
func TestOverlay(t *testing.T) {
	s := newSite(t)
	srv := httptest.NewServer(s.srv)
	t.Cleanup(srv.Close)
	c := openSSE(t, srv.URL)
	good := c.status()

	stop := make(chan struct{})
	var polls sync.WaitGroup
	var failures []string
	var mu sync.Mutex
	polls.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			resp, err := http.Get(srv.URL + "/mentors/hanako/")
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			if err != nil || resp.StatusCode != 200 {
				mu.Lock()
				failures = append(failures, "GET during the edits failed")
				mu.Unlock()
			}
			time.Sleep(5 * time.Millisecond)
		}
	})

	file := "content/mentors/hanako.md"
	orig := s.read(file)
	n, title, _ := field(t, orig, "title")
	badLine := strings.Replace(title, ": ", ": [", 1) // an unclosed YAML list
	broken := strings.Replace(orig, title, badLine, 1) + "\nText written while broken.\n"
	if _, diags := s.edit(file, broken); diags == nil {
		t.Fatal("broken front matter reported no problem")
	}
	st := c.status()
	if st.Kind != "errors" || len(st.Errors) == 0 || st.Version != good.Version {
		t.Fatalf("after breaking the file: %+v", st)
	}
	p := st.Errors[0]
	if at := fmt.Sprintf("%s:%d", file, n); !strings.HasPrefix(p.Text, at) || p.File != file || p.Line != n {
		t.Errorf("problem %+v, want one at %s", p, at)
	}
	var bad []string
	for _, l := range p.Lines {
		if l.Bad {
			bad = append(bad, l.Text)
		}
	}
	if len(bad) != 1 || bad[0] != badLine || len(p.Lines) < 3 {
		t.Errorf("source excerpt %+v, want the broken line %q marked", p.Lines, badLine)
	}
	if !strings.Contains(s.log.String(), p.Text) {
		t.Errorf("the terminal did not print %q:\n%s", p.Text, s.log.String())
	}
	// The terminal shows the overlay's source lines too, the broken one marked.
	if want := fmt.Sprintf("> %4d | %s\n", n, badLine); !strings.Contains(s.log.String(), want) {
		t.Errorf("the terminal did not show the source line %q:\n%s", want, s.log.String())
	}
	if w := s.get("GET", "/mentors/hanako/"); w.Code != 200 || strings.Contains(w.Body.String(), "written while broken") || w.Header().Get("X-Mentorgen-Version") != good.Version {
		t.Errorf("while broken: status %d, version %s; want the last good version %s", w.Code, w.Header().Get("X-Mentorgen-Version"), good.Version)
	}

	s.edit(file, orig+"\nFixed now.\n")
	st = c.status()
	if st.Kind != "reload" || len(st.Errors) != 0 || st.Version == good.Version {
		t.Fatalf("after the fix: %+v, want a reload without problems", st)
	}
	if w := s.get("GET", "/mentors/hanako/"); !strings.Contains(w.Body.String(), "Fixed now.") {
		t.Error("the fixed page is not served")
	}
	close(stop)
	polls.Wait()
	if len(failures) > 0 {
		t.Errorf("%d requests failed while the site was broken: %s", len(failures), failures[0])
	}
}

// TestProblemsAtStart: a site that does not build at start answers with its problems, and
// with the site once they are fixed.
func TestProblemsAtStart(t *testing.T) {
	file := "content/mentors/hanako.md"
	var orig, badLine, at string
	s := newSite(t, func(dir string) {
		p := filepath.Join(dir, filepath.FromSlash(file))
		orig = string(readFile(t, os.DirFS(dir), file))
		n, _, col := field(t, orig, "seniority")
		badLine, at = "seniority: mdi", fmt.Sprintf("%s:%d:%d", file, n, col)
		must(t, os.WriteFile(p, []byte(setField(t, orig, "seniority", "mdi")), 0o644))
	})
	w := s.get("GET", "/")
	if w.Code != 500 || !strings.Contains(w.Body.String(), at) || !strings.Contains(w.Body.String(), badLine) ||
		!strings.Contains(w.Body.String(), scriptPath) || !strings.Contains(w.Body.String(), stylePath) ||
		strings.Contains(w.Body.String(), "<style") || !strings.Contains(w.Body.String(), "Content-Security-Policy") {
		t.Fatalf("broken at start: status %d, want the problem at %s\n%s", w.Code, at, w.Body.String())
	}
	s.edit(file, orig)
	if w := s.get("GET", "/"); w.Code != 200 {
		t.Fatalf("fixed: status %d", w.Code)
	}
}

// TestWorkAfterEdit counts the work an edit costs: only the saved file is parsed again, the
// site is re-assembled by swapping the page in, and nothing is rendered until a browser asks;
// then each route renders once per version.
func TestWorkAfterEdit(t *testing.T) {
	s := newSite(t)
	s.get("GET", "/")
	s.get("GET", "/mentors/")
	file := "content/mentors/hanako.md"
	before := s.srv.Renders()
	rep, diags := s.edit(file, s.read(file)+"\nAn edit.\n")
	if diags != nil {
		t.Fatal(diags)
	}
	if len(rep.Parsed) != 1 || rep.Parsed[0] != file || rep.Assembled != "fast" || rep.Theme {
		t.Errorf("report %+v, want only %s parsed and the page swapped in", rep, file)
	}
	if n := s.srv.Renders() - before; n != 0 {
		t.Errorf("%d routes rendered by the edit alone, want 0", n)
	}
	for range 3 {
		s.get("GET", "/mentors/hanako/")
	}
	if n := s.srv.Renders() - before; n != 1 {
		t.Errorf("3 requests of one page rendered %d times, want 1", n)
	}
	s.get("GET", "/mentors/")
	if n := s.srv.Renders() - before; n != 2 {
		t.Errorf("after a second page, %d renders, want 2", n)
	}
	rep, _ = s.edit(file, s.read(file)) // saved without changes
	if len(rep.Parsed) != 0 || rep.Changed {
		t.Errorf("a save without changes: %+v", rep)
	}
	rep, _ = s.edit("layouts/partials/toc.html", string(readFile(t, layouts.FS, "partials/toc.html")))
	if !rep.Theme || len(rep.Parsed) != 0 || rep.Assembled != "" {
		t.Errorf("a layout change: %+v, want the templates parsed and no page", rep)
	}
}

// TestMoved: when a page's URL changes, open pages are told where it went.
func TestMoved(t *testing.T) {
	s := newSite(t)
	srv := httptest.NewServer(s.srv)
	t.Cleanup(srv.Close)
	c := openSSE(t, srv.URL)
	c.status()
	url := func(file string) string {
		t.Helper()
		p := s.srv.cur.Load().out.Site.PageByFile(file)
		if p == nil {
			t.Fatalf("no page for %s", file)
		}
		return p.Path
	}
	// A new slug, same file.
	file := "content/mentors/ana.md"
	from := url(file)
	s.edit(file, setField(t, s.read(file), "slug", "moved-"+path.Base(from)))
	if st, to := c.status(), url(file); to == from || st.Moved[from] != to {
		t.Errorf("slug change: moved %v, want %s → %s", st.Moved, from, to)
	}
	// A file renamed (mv): the watcher reports both names in one batch.
	old, renamed := "content/tips/network-with-purpose.md", "content/tips/renamed.md"
	from = url(old)
	must(t, os.Rename(s.path(old), s.path(renamed)))
	s.srv.Apply(Plan([]Event{{Path: old, Op: rename}, {Path: renamed, Op: create}}))
	if st, to := c.status(), url(renamed); to == from || st.Moved[from] != to {
		t.Errorf("file renamed: moved %v, want %s → %s", st.Moved, from, to)
	}
}

// TestStylesheetSwap: a change to the stylesheet alone tells pages to swap it, with its new
// fingerprinted URL; a change to the stylesheet and a template reloads.
func TestStylesheetSwap(t *testing.T) {
	css := string(readFile(t, layouts.FS, "assets/style.css"))
	s := newSite(t, func(dir string) {
		must(t, os.MkdirAll(filepath.Join(dir, "layouts", "assets"), 0o755))
		must(t, os.WriteFile(filepath.Join(dir, "layouts", "assets", "style.css"), []byte(css), 0o644))
	})
	srv := httptest.NewServer(s.srv)
	t.Cleanup(srv.Close)
	c := openSSE(t, srv.URL)
	first := c.status()
	s.edit("layouts/assets/style.css", css+"\n.x{color:red}\n")
	st := c.status()
	if st.Kind != "css" || len(st.CSS) != 1 || st.Prev != first.Version {
		t.Fatalf("stylesheet change: %+v, want a swap", st)
	}
	for from, to := range st.CSS {
		if !strings.HasPrefix(from, "/assets/style.") || !strings.HasPrefix(to, "/assets/style.") || from == to {
			t.Errorf("swap %s → %s", from, to)
		}
		if w := s.get("GET", to); w.Code != 200 || !strings.Contains(w.Body.String(), ".x{color:red}") {
			t.Errorf("GET %s: %d", to, w.Code)
		}
		if w := s.get("GET", "/"); !strings.Contains(w.Body.String(), to) {
			t.Errorf("the home page does not link %s", to)
		}
	}
	must(t, os.WriteFile(s.path("layouts/assets/style.css"), []byte(css+"\n.y{color:blue}\n"), 0o644))
	s.edit("layouts/partials/toc.html", string(readFile(t, layouts.FS, "partials/toc.html"))+"<!-- -->")
	if st := c.status(); st.Kind != "reload" {
		t.Errorf("stylesheet and template: %+v, want a reload", st)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, fsys fs.FS, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	must(t, err)
	return b
}

// TestVimProbe: vim checks that a folder is writable by creating and deleting a file named
// 4913 before each save. It is an input by its name (InputArea has no rule for it), so it
// reaches Update, which finds nothing there: no new version, no message to open pages, no
// line in the terminal. Had it still been there, it is published like any file beside the
// pages, and goes with the next batch.
func TestVimProbe(t *testing.T) {
	s := newSite(t)
	probe := "content/mentors/4913"
	v, seq, logged := s.srv.Version(), s.srv.status.Load().Seq, s.log.String()
	rep, diags := s.srv.Apply(Plan([]Event{ev(create, probe), ev(chmod, probe), ev(remove, probe)}))
	if diags != nil || rep.Changed || s.srv.Version() != v || s.srv.status.Load().Seq != seq {
		t.Errorf("a probe that is gone: report %+v, problems %v, version %s → %s; want nothing done", rep, diags, v, s.srv.Version())
	}
	if l := s.log.String(); l != logged {
		t.Errorf("a probe that is gone printed %q", strings.TrimPrefix(l, logged))
	}

	must(t, os.WriteFile(s.path(probe), nil, 0o644))
	if _, diags := s.srv.Apply(Plan([]Event{ev(create, probe)})); diags != nil {
		t.Fatalf("a probe still there: %v", diags)
	}
	must(t, os.Remove(s.path(probe)))
	if _, diags := s.srv.Apply(Plan([]Event{ev(remove, probe)})); diags != nil {
		t.Fatalf("the probe gone: %v", diags)
	}
	if _, ok := s.srv.cur.Load().out.Lookup("/mentors/4913"); ok {
		t.Error("the probe is still served after it went")
	}
}

// TestHost: against DNS rebinding, the server answers only requests whose Host header is a
// loopback name or the address it was started on; every other name gets a short 403, pages,
// the event stream and the live script alike.
func TestHost(t *testing.T) {
	s := newSite(t)
	s.srv = New(Options{Options: generator.Options{Site: s.srv.opts.Site, Theme: layouts.FS, BaseURL: "http://preview.test:8080/", Drafts: true}})
	s.srv.Load()
	s.srv.allowListener(&net.TCPAddr{IP: net.IPv4(192, 168, 1, 20), Port: 1313})
	s.srv.allowListener(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1414}) // loopback: nothing to add
	for host, ok := range map[string]bool{
		"localhost": true, "localhost:1313": true, "LOCALHOST:1313": true, "localhost.:1313": true, "mentors.localhost:1313": true,
		"127.0.0.1": true, "127.0.0.1:1313": true, "127.0.0.1:9999": true, "127.1.2.3:1313": true,
		"[::1]": true, "[::1]:1313": true,
		"preview.test:8080": true, "PREVIEW.test:8080": true, "192.168.1.20:1313": true,
		"": false, "evil.example": false, "evil.example:1313": false, "localhost.evil.example:1313": false,
		"127.0.0.1.nip.io:1313": false, "preview.test": false, "preview.test:8081": false, "192.168.1.20:1314": false,
		"192.168.1.20": false, "10.0.0.1:1313": false, "[::2]:1313": false, "0.0.0.0:1313": false,
	} {
		for _, target := range []string{"/", "/mentors/", eventsPath, scriptPath} {
			if target == eventsPath && ok {
				continue // an allowed stream never ends; TestSSE opens one
			}
			r := httptest.NewRequest("GET", target, nil)
			r.Host = host
			w := httptest.NewRecorder()
			s.srv.ServeHTTP(w, r)
			if got := w.Code != http.StatusForbidden; got != ok {
				t.Errorf("Host %q, GET %s: status %d, want allowed %v", host, target, w.Code, ok)
			}
			if !ok && (w.Header().Get("Content-Type") != "text/plain; charset=utf-8" || !strings.Contains(w.Body.String(), "DNS rebinding") ||
				w.Body.Len() > 400) {
				t.Errorf("Host %q: %q, %q; want a short plain-text explanation", host, w.Header().Get("Content-Type"), w.Body.String())
			}
		}
	}

	// Listening on every address (--addr 0.0.0.0:1313) allows each of the machine's own.
	all := New(Options{Options: generator.Options{BaseURL: "http://127.0.0.1:1313/"}})
	all.allowListener(&net.TCPAddr{IP: net.IPv4zero, Port: 1313})
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !all.allowedHost(net.JoinHostPort(n.IP.String(), "1313")) {
			t.Errorf("listening on 0.0.0.0:1313, Host %s is refused", net.JoinHostPort(n.IP.String(), "1313"))
		}
	}
	if all.allowedHost("evil.example:1313") || all.allowedHost("0.0.0.0:1313") {
		t.Error("listening on 0.0.0.0:1313 allows other names")
	}

	// Through a real 127.0.0.1 socket, as a rebinding page's request arrives.
	srv := httptest.NewServer(newSite(t).srv)
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")
	_, port, _ := net.SplitHostPort(addr)
	for _, c := range []struct {
		host, target string
		want         int
	}{{"evil.example:" + port, eventsPath, 403}, {"evil.example:" + port, "/", 403}, {addr, "/", 200}, {"localhost:" + port, scriptPath, 200}} {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		must(t, err)
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(conn, "GET "+c.target+" HTTP/1.1\r\nHost: "+c.host+"\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		must(t, err)
		resp.Body.Close()
		conn.Close()
		if resp.StatusCode != c.want {
			t.Errorf("Host %s, GET %s over a socket: status %d, want %d", c.host, c.target, resp.StatusCode, c.want)
		}
	}
}
