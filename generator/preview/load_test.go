package preview

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mentorgen/layouts"
)

// TestLoad runs the real server and watcher on 127.0.0.1 with 100 clients requesting pages
// while a mentor's file changes every 100 ms for 10 s (half the edits change the text only,
// half the name too, which re-assembles the whole site; half are atomic saves). No response
// may be a 5xx; every page must be one version throughout (its version header, the version
// in its live script, and every copy of the edited mentor's name and marker agree); the
// edits must show up; and the heap must stay flat.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: 10 s; skipped with -short")
	}
	dir := copySite(t)
	root, err := os.OpenRoot(dir)
	must(t, err)
	t.Cleanup(func() { root.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	url := "http://" + ln.Addr().String()
	srv := New(Options{Site: root.FS(), Dir: dir, Theme: layouts.FS, BaseURL: url + "/", Drafts: true, Log: io.Discard})
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx, ln) }()
	defer func() {
		cancel()
		select {
		case err := <-ran:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("the server did not shut down within 5 s")
		}
	}()
	for i := 0; srv.Version() == ""; i++ {
		if i > 500 {
			t.Fatal("no version 5 s after start")
		}
		time.Sleep(10 * time.Millisecond)
	}

	file := filepath.Join(dir, "content", "mentors", "sato-hanako.md")
	orig, err := os.ReadFile(file)
	must(t, err)
	const name = `title: "佐藤 花子"`
	edit := func(n int) {
		src := string(orig)
		if n%2 == 0 {
			src = strings.Replace(src, name, fmt.Sprintf(`title: "佐藤 花子 %d"`, n), 1)
		} else {
			src = strings.Replace(src, name, fmt.Sprintf(`title: "佐藤 花子 %d"`, n-1), 1)
		}
		src += fmt.Sprintf("\nmarker-%d-a\n\n## More\n\nmarker-%d-b\n", n, n)
		if n%4 < 2 {
			tmp := filepath.Join(dir, "content", "mentors", ".sato.tmp")
			must(t, os.WriteFile(tmp, []byte(src), 0o644))
			must(t, os.Rename(tmp, file))
		} else {
			must(t, os.WriteFile(file, []byte(src), 0o644))
		}
	}
	edit(0)

	var css string
	for _, r := range srv.cur.Load().out.Routes {
		if strings.HasPrefix(r.Path, "/assets/style.") {
			css = r.Path
		}
	}
	paths := []string{"/", "/mentors/", "/mentors/sato-hanako/", "/mentors/sato-hanako/", "/tips/", "/expertise/",
		"/expertise/mobile/", "/languages/japanese/", "/sitemap.xml", "/feed.xml", "/nope/", css, "/about/"}
	versionRE := regexp.MustCompile(`data-v="([^"]+)"`)
	nameRE := regexp.MustCompile(`佐藤 花子 (\d+)`)
	markerRE := regexp.MustCompile(`marker-(\d+)-[ab]`)

	const clients, duration = 100, 10 * time.Second
	var requests, versionsSeen atomic.Int64
	var mu sync.Mutex
	var problems []string
	seen := map[string]bool{}
	report := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(problems) < 20 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()

	var heapStart, heapEnd uint64
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	wg.Go(func() { // the editor
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for n := 1; time.Now().Before(deadline); n++ {
			<-tick.C
			edit(n)
			if n == 20 {
				heapStart = heap() // after the first edits, with every client going
			}
		}
	})
	for c := range clients {
		wg.Go(func() {
			for i := c; time.Now().Before(deadline); i++ {
				p := paths[i%len(paths)]
				resp, err := client.Get(url + p)
				if err != nil {
					report("GET %s: %v", p, err)
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				requests.Add(1)
				if err != nil || resp.StatusCode >= 500 {
					report("GET %s: status %d, %v", p, resp.StatusCode, err)
					continue
				}
				if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
					continue
				}
				v := resp.Header.Get("X-Mentorgen-Version")
				if m := versionRE.FindSubmatch(body); m == nil || string(m[1]) != v {
					report("GET %s: header version %s, page script %q", p, v, m)
				}
				for _, re := range []*regexp.Regexp{nameRE, markerRE} {
					first := ""
					for _, m := range re.FindAllSubmatch(body, -1) {
						if first == "" {
							first = string(m[1])
						} else if string(m[1]) != first {
							report("GET %s (version %s): torn page: %s and %s", p, v, first, m[1])
						}
					}
				}
				mu.Lock()
				if !seen[v] {
					seen[v] = true
					versionsSeen.Add(1)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	heapEnd = heap()

	t.Logf("%d requests by %d clients in %s, %d versions seen, heap %d → %d MB", requests.Load(), clients, duration,
		versionsSeen.Load(), heapStart>>20, heapEnd>>20)
	for _, p := range problems {
		t.Error(p)
	}
	if versionsSeen.Load() < 30 {
		t.Errorf("only %d versions seen in %d edits: the edits did not show up", versionsSeen.Load(), duration/(100*time.Millisecond))
	}
	if heapStart > 0 && heapEnd > heapStart*3/2+16<<20 {
		t.Errorf("heap grew from %d to %d MB", heapStart>>20, heapEnd>>20)
	}
}
