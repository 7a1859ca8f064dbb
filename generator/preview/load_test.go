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
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// TestLoad is a short run of the load scenario (see runLoad): 100 clients for 2 s while a
// mentor's file changes every 100 ms. Its assertions hold however busy the machine is: no
// response is a 5xx or fails, no page is torn between two versions, and the versions
// advance: once the edits stop, the last one is served. -short skips it; BenchmarkLoad is the
// 10 s run that also holds the heap flat and counts the versions seen.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: 2 s; skipped with -short")
	}
	st := runLoad(t, 100, 2*time.Second)
	t.Log(st)
	if st.seen < 2 {
		t.Errorf("the clients saw %d versions; want the versions to advance", st.seen)
	}
}

// BenchmarkLoad runs the load scenario for 10 s and reports requests per second, the
// versions swapped in and seen, and the heap. It fails when a version that was served went
// unseen too often (fewer versions seen than half of those swapped in) or the heap grew:
// both thresholds are relative to what the run achieved, so they hold on a busy machine.
//
//	go test ./generator/preview -run '^$' -bench Load
func BenchmarkLoad(b *testing.B) {
	var st loadStats
	for b.Loop() {
		st = runLoad(b, 100, 10*time.Second)
	}
	b.Log(st)
	b.ReportMetric(float64(st.requests)/st.took.Seconds(), "req/s")
	b.ReportMetric(float64(st.swaps), "versions")
	b.ReportMetric(float64(st.seen), "seen")
	b.ReportMetric(float64(st.heapEnd)/(1<<20), "heap-MB")
	if st.seen < st.swaps/2 {
		b.Errorf("%d versions seen of %d swapped in", st.seen, st.swaps)
	}
	if st.heapStart > 0 && st.heapEnd > st.heapStart*3/2+16<<20 {
		b.Errorf("heap grew from %d to %d MB", st.heapStart>>20, st.heapEnd>>20)
	}
}

type loadStats struct {
	took               time.Duration
	requests           int64
	edits              int
	swaps, seen        int // versions swapped in during the run, and versions the clients saw
	heapStart, heapEnd uint64
}

func (st loadStats) String() string {
	return fmt.Sprintf("%d requests in %s (%.0f/s), %d edits, %d versions swapped in, %d seen, heap %d → %d MB",
		st.requests, st.took.Round(time.Millisecond), float64(st.requests)/st.took.Seconds(), st.edits, st.swaps, st.seen,
		st.heapStart>>20, st.heapEnd>>20)
}

// runLoad runs the real server and watcher over testdata/portal.txtar on 127.0.0.1, with
// clients requesting every route (and a missing page) for d while a mentor's file, written by
// the test, changes every 100 ms (half the edits change the text only, half the name too,
// which re-assembles the whole site; half are atomic saves). It reports failed requests,
// 5xx responses and torn pages (the version header, the version in the live script, and
// every copy of the mentor's name and marker must agree), and waits (at most 15 s) for the
// last edit to be served.
func runLoad(tb testing.TB, clients int, d time.Duration) loadStats {
	dir := writeSite(tb, "testdata/portal.txtar")
	rel := "content/mentors/load-test.md"
	file := filepath.Join(dir, filepath.FromSlash(rel))
	mentor := func(n int) string {
		return fmt.Sprintf("---\ntitle: \"Load Mentor %d\"\nrole: Product Manager\nseniority: mid\nexpertise: [pricing, mobile]\n"+
			"timezone: Europe/Berlin\nlanguages: [English]\nsummary: Edited by the load test.\n---\nmarker-%d-a\n\n## More\n\nmarker-%d-b\n",
			n-n%2, n, n)
	}
	edit := func(n int) {
		if n%4 < 2 {
			tmp := filepath.Join(filepath.Dir(file), ".load-test.md.tmp")
			must(tb, os.WriteFile(tmp, []byte(mentor(n)), 0o644))
			must(tb, os.Rename(tmp, file))
		} else {
			must(tb, os.WriteFile(file, []byte(mentor(n)), 0o644))
		}
	}
	edit(0)

	root, err := os.OpenRoot(dir)
	must(tb, err)
	tb.Cleanup(func() { root.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(tb, err)
	url := "http://" + ln.Addr().String()
	srv := New(Options{Options: generator.Options{Site: root.FS(), Theme: layouts.FS, BaseURL: url + "/", Drafts: true}, Dir: dir, Log: io.Discard})
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- srv.Run(ctx, ln) }()
	defer func() {
		cancel()
		select {
		case err := <-ran:
			if err != nil {
				tb.Errorf("Run: %v", err)
			}
		case <-time.After(5 * time.Second):
			tb.Error("the server did not shut down within 5 s")
		}
	}()
	for i := 0; srv.Version() == ""; i++ {
		if i > 1000 {
			tb.Fatal("no version 10 s after start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	out := srv.cur.Load().out
	page := out.Site.PageByFile(rel)
	if page == nil {
		tb.Fatalf("%s is not a page", rel)
	}
	paths := []string{"/nope/", page.Path, page.Path}
	for _, r := range out.Routes {
		paths = append(paths, r.Path)
	}
	versionRE := regexp.MustCompile(`data-v="([^"]+)"`)
	nameRE := regexp.MustCompile(`Load Mentor (\d+)`)
	markerRE := regexp.MustCompile(`marker-(\d+)-[ab]`)

	var requests atomic.Int64
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
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}, Timeout: 20 * time.Second}
	defer client.CloseIdleConnections()
	// get fetches a page and checks that it is whole; it returns the page's version and body.
	get := func(p string) (string, []byte) {
		resp, err := client.Get(url + p)
		if err != nil {
			report("GET %s: %v", p, err)
			return "", nil
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		requests.Add(1)
		if err != nil || resp.StatusCode >= 500 {
			report("GET %s: status %d, %v", p, resp.StatusCode, err)
			return "", nil
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			return "", nil
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
		seen[v] = true
		mu.Unlock()
		return v, body
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}

	var st loadStats
	first := seqOf(srv.Version())
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	wg.Go(func() { // the editor
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for n := 1; time.Now().Before(deadline); n++ {
			<-tick.C
			edit(n)
			st.edits = n
			if st.heapStart == 0 && time.Since(start) > d/5 {
				st.heapStart = heap() // after the first edits, with every client going
			}
		}
	})
	for c := range clients {
		wg.Go(func() {
			for i := c; time.Now().Before(deadline); i++ {
				get(paths[i%len(paths)])
			}
		})
	}
	wg.Wait()
	st.took = time.Since(start)
	st.heapEnd = heap()

	// The versions advance: the last edit is served once the watcher and the rebuild catch up.
	last := fmt.Sprintf("marker-%d-a", st.edits)
	for wait := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, body := get(page.Path); strings.Contains(string(body), last) {
			break
		}
		if time.Now().After(wait) {
			tb.Errorf("15 s after the edits stopped, %s does not show the last edit (%s)", page.Path, last)
			break
		}
	}
	st.requests = requests.Load()
	st.swaps = seqOf(srv.Version()) - first
	mu.Lock()
	st.seen = len(seen)
	for _, p := range slices.Clip(problems) {
		tb.Error(p)
	}
	mu.Unlock()
	return st
}

// seqOf is the sequence number of a version id (instance-sequence).
func seqOf(id string) int {
	n, _ := strconv.Atoi(id[strings.LastIndexByte(id, '-')+1:])
	return n
}
