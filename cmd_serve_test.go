package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mentorgen/generator/preview"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// serveSite is the site the serve tests preview: a home page and a mentor directory.
const serveSite = `
-- site.yaml --
title: Serve Test
base_url: https://mentors.example.org/
-- content/_index.md --
---
title: Serve Test
---
Welcome.
-- content/mentors/_index.md --
---
title: Mentors
---
Find one.
-- content/mentors/ana.md --
---
title: Ana
role: Product Manager
seniority: mid
expertise: [discovery]
timezone: Europe/Lisbon
---
Hello.
`

// TestServeCommand runs `serve` on a small site: the URL is the first line printed, the site
// is served there, a --base-url at a host's root changes nothing, and the server stops cleanly.
func TestServeCommand(t *testing.T) {
	var stdout, stderr lockedBuffer
	stop := make(chan struct{})
	code := make(chan int, 1)
	src := writeArchive(t, serveSite)
	go func() {
		code <- serve([]string{"--src", src, "--addr", "127.0.0.1:0", "--base-url", "https://x.example/"}, &stdout, &stderr, stop)
	}()
	for i := 0; !strings.Contains(stdout.String(), "ready"); i++ {
		if i > 1000 {
			close(stop)
			t.Fatalf("not ready after 10 s\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	first, _, _ := strings.Cut(stdout.String(), "\n")
	url, ok := strings.CutPrefix(first, "mentorgen serve: ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/") {
		t.Fatalf("first line %q, want the URL", first)
	}
	resp, err := http.Get(url + "mentors/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`<link rel="canonical" href="`+url+`mentors/">`)) {
		t.Errorf("GET %smentors/: status %d; want the page with the server's own address as its base", url, resp.StatusCode)
	}
	close(stop)
	select {
	case c := <-code:
		if c != 0 || !strings.HasSuffix(stdout.String(), "stopped\n") {
			t.Errorf("exit %d, output %q", c, stdout.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop within 5 s")
	}
}

// TestServePortTaken: a busy port is reported with a free one to use instead.
func TestServePortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, stderr := mentorgen(t, "serve", "--src", writeArchive(t, serveSite), "--addr", ln.Addr().String())
	if code != exitContent || !strings.Contains(stderr, "already in use") || !strings.Contains(stderr, "try --addr 127.0.0.1:") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestServeUsage(t *testing.T) {
	for _, args := range [][]string{{"serve", "--src", t.TempDir()}, {"serve", "--addr", "1313"}, {"serve", "extra"}} {
		if code, _, stderr := mentorgen(t, args...); code != exitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	for host, want := range map[string]bool{"127.0.0.1": true, "::1": true, "localhost": true, "127.0.0.2": true,
		"": false, "0.0.0.0": false, "::": false, "192.168.1.20": false} {
		if preview.IsLoopback(host) != want {
			t.Errorf("IsLoopback(%q) = %v", host, !want)
		}
	}
}

// TestServeInterrupt runs serve in a child process and sends it SIGINT, as Ctrl-C does: it
// must stop cleanly, saying so, with exit status 0.
func TestServeInterrupt(t *testing.T) {
	if src := os.Getenv("MENTORGEN_SERVE_CHILD"); src != "" {
		os.Exit(run([]string{"serve", "--src", src, "--addr", "127.0.0.1:0"}, os.Stdout, os.Stderr))
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeInterrupt$")
	cmd.Env = append(os.Environ(), "MENTORGEN_SERVE_CHILD="+writeArchive(t, serveSite))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	wait := func(substr string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("serve ended before printing %q", substr)
				}
				if strings.Contains(l, substr) {
					return
				}
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("no %q within 10 s", substr)
			}
		}
	}
	wait("ready")
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	wait("stopped")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after SIGINT: %v", err)
		}
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatal("serve still running 5 s after SIGINT")
	}
}

// TestServeBaseURL previews a project site under its sub-path, as GitHub Pages will serve
// it: pages, assets and redirects live under /portal/, the root sends the browser there,
// and a link that forgot the sub-path is a 404 here as it would be once published.
func TestServeBaseURL(t *testing.T) {
	var stdout, stderr lockedBuffer
	stop := make(chan struct{})
	code := make(chan int, 1)
	src := writeArchive(t, serveSite)
	go func() {
		code <- serve([]string{"--src", src, "--addr", "127.0.0.1:0", "--base-url", "https://org.github.io/portal/"}, &stdout, &stderr, stop)
	}()
	defer func() {
		close(stop)
		select {
		case <-code:
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop within 5 s")
		}
	}()
	for i := 0; !strings.Contains(stdout.String(), "ready"); i++ {
		if i > 1000 {
			t.Fatalf("not ready after 10 s\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	first, _, _ := strings.Cut(stdout.String(), "\n")
	url, _ := strings.CutPrefix(first, "mentorgen serve: ")
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/portal/") {
		t.Fatalf("first line %q, want the URL with /portal/", first)
	}
	root := strings.TrimSuffix(url, "portal/")
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string) (int, string, string) {
		t.Helper()
		resp, err := noRedirect.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location"), string(body)
	}
	status, _, body := get(url + "mentors/")
	if status != 200 || !strings.Contains(body, `<link rel="canonical" href="`+url+`mentors/">`) {
		t.Errorf("GET %smentors/: %d; want the page, canonical under /portal/", url, status)
	}
	i := strings.Index(body, `href="/portal/assets/style.`)
	if i < 0 {
		t.Fatalf("the page links no stylesheet under /portal/assets/")
	}
	css, _, _ := strings.Cut(body[i+len(`href="`):], `"`)
	if status, _, _ := get(root + strings.TrimPrefix(css, "/")); status != 200 {
		t.Errorf("GET %s: %d, want 200", css, status)
	}
	for _, c := range []struct {
		path     string
		status   int
		location string
	}{
		{"", http.StatusFound, "/portal/"},
		{"portal", http.StatusFound, "/portal/"},
		{"portal/mentors", http.StatusMovedPermanently, "/portal/mentors/"},
		{"mentors/", http.StatusNotFound, ""},
		{"portalx/", http.StatusNotFound, ""},
	} {
		if status, loc, _ := get(root + c.path); status != c.status || loc != c.location {
			t.Errorf("GET /%s: %d %q, want %d %q", c.path, status, loc, c.status, c.location)
		}
	}
	if !strings.Contains(stderr.String(), "serving the site under /portal/") {
		t.Errorf("no note about the sub-path: %q", stderr.String())
	}
}
