// Command serve measures the preview server's figures (issue 4):
//
//   - save → DOM: a Markdown file is written while Chromium shows the page made from it; the
//     time from just before the write to the moment the new text node enters the new page's
//     DOM (recorded in the page by a MutationObserver installed before any of its scripts,
//     in the browser's wall clock, which is the machine's), median over -edits edits;
//   - start → first page: from starting `mentorgen serve` to the first 200 for the home page;
//   - full build: `mentorgen build` into a new folder, for comparison.
//
// Run it from the repository root, e.g.
//
//	go run ./bench/serve -site /dev/shm/c10k -file content/mentors/adam-adeyemi-4130.md
//
// The site is copied into -work first and only the copy is edited.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

func main() {
	site := flag.String("site", ".", "site folder to measure (copied, never edited)")
	file := flag.String("file", "content/mentors/sato-hanako.md", "content file to edit, relative to the site")
	urlPath := flag.String("url", "", "page of that file (default /mentors/<file name>/)")
	work := flag.String("work", "/dev/shm/mentorgen-serve-bench", "scratch folder (emptied first)")
	edits := flag.Int("edits", 15, "edits to time")
	starts := flag.Int("starts", 5, "serve starts to time")
	builds := flag.Int("builds", 3, "full builds to time")
	flag.Parse()
	if *urlPath == "" {
		*urlPath = "/mentors/" + strings.TrimSuffix(filepath.Base(*file), ".md") + "/"
	}
	log.SetFlags(0)

	must(os.RemoveAll(*work))
	must(os.MkdirAll(*work, 0o755))
	bin := filepath.Join(*work, "mentorgen")
	run("go", "build", "-o", bin, ".")
	copyTo := filepath.Join(*work, "site")
	run("cp", "-r", *site, copyTo)
	for _, d := range []string{"public", "resources"} {
		os.RemoveAll(filepath.Join(copyTo, d))
	}
	files, _ := exec.Command("find", filepath.Join(copyTo, "content"), "-name", "*.md").Output()
	log.Printf("site %s (%d content files), edited file %s, page %s", *site, strings.Count(string(files), "\n"), *file, *urlPath)

	if *builds > 0 {
		var walls []time.Duration
		for i := range *builds + 1 {
			out := filepath.Join(*work, fmt.Sprintf("public-%d", i))
			start := time.Now()
			run(bin, "build", "--src", copyTo, "--out", out, "--quiet")
			if i > 0 { // the first is an untimed warm-up
				walls = append(walls, time.Since(start))
			}
			os.RemoveAll(out)
		}
		log.Printf("full build (mentorgen build into a new folder): %s", summary(walls))
	}

	if *starts > 0 {
		var firsts []time.Duration
		for range *starts {
			port := freePort()
			start := time.Now()
			srv := startServe(bin, copyTo, port)
			for {
				resp, err := http.Get("http://127.0.0.1:" + port + "/")
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode == 200 {
						break
					}
				}
				if time.Since(start) > time.Minute {
					log.Fatal("no page within a minute")
				}
				time.Sleep(2 * time.Millisecond)
			}
			firsts = append(firsts, time.Since(start))
			srv.stop()
		}
		log.Printf("start of serve → first page served: %s", summary(firsts))
	}

	if *edits > 0 {
		lat, rebuilds := saveToDOM(bin, copyTo, *file, *urlPath, *edits)
		log.Printf("save → text in the DOM of the open page: %s", summary(lat))
		log.Printf("  server's rebuild (its own log line):  %s", summary(rebuilds))
	}
}

type serveProc struct {
	cmd   *exec.Cmd
	lines chan string
}

func startServe(bin, site, port string) *serveProc {
	cmd := exec.Command(bin, "serve", "--src", site, "--addr", "127.0.0.1:"+port)
	out, err := cmd.StdoutPipe()
	must(err)
	cmd.Stderr = os.Stderr
	must(cmd.Start())
	p := &serveProc{cmd: cmd, lines: make(chan string, 1000)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case p.lines <- sc.Text():
			default:
			}
		}
	}()
	return p
}

func (p *serveProc) stop() {
	p.cmd.Process.Signal(syscall.SIGINT)
	p.cmd.Wait()
}

// observer records, in every new document before its own scripts run, when a text node with
// a bench marker enters the DOM.
const observer = `(() => {
  window.__seen = {};
  const scan = (node) => {
    const walk = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let n = node.nodeType === 3 ? node : walk.nextNode(); n; n = walk.nextNode()) {
      const m = /bench-edit-(\d+)/.exec(n.data);
      if (m && !window.__seen[m[1]]) window.__seen[m[1]] = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) scan(n);
  }).observe(document, { childList: true, subtree: true });
})();`

func saveToDOM(bin, site, file, urlPath string, edits int) (lat, rebuilds []time.Duration) {
	port := freePort()
	srv := startServe(bin, site, port)
	defer srv.stop()
	for l := range srv.lines {
		if strings.Contains(l, "ready") {
			break
		}
	}
	exe, err := exec.LookPath("chromium")
	must(err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	must(chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: observer})
		return err
	})))
	must(chromedp.Do(ctx, chromedp.Navigate("http://127.0.0.1:"+port+urlPath), chromedp.WaitReady("body")))
	wait(ctx, `window.mentorgen && window.mentorgen.live`)

	path := filepath.Join(site, filepath.FromSlash(file))
	orig, err := os.ReadFile(path)
	must(err)
	defer os.WriteFile(path, orig, 0o644)
	rebuiltRE := regexp.MustCompile(`rebuilt in ([0-9.]+) ms`)
	for i := 1; i <= edits+1; i++ {
		time.Sleep(400 * time.Millisecond) // let the machine settle between edits
		for len(srv.lines) > 0 {
			<-srv.lines
		}
		data := fmt.Sprintf("%s\n\nbench-edit-%d\n", orig, i)
		t0 := float64(time.Now().UnixNano()) / 1e6
		must(os.WriteFile(path, []byte(data), 0o644))
		seen := wait(ctx, fmt.Sprintf(`window.__seen && window.__seen["%d"]`, i))
		d := time.Duration((seen - t0) * float64(time.Millisecond))
		var rebuild time.Duration
		select {
		case l := <-srv.lines:
			if m := rebuiltRE.FindStringSubmatch(l); m != nil {
				var ms float64
				fmt.Sscan(m[1], &ms)
				rebuild = time.Duration(ms * float64(time.Millisecond))
			}
		case <-time.After(2 * time.Second):
		}
		if i == 1 {
			continue // untimed warm-up: the first reload fills the browser's caches
		}
		lat = append(lat, d)
		rebuilds = append(rebuilds, rebuild)
		log.Printf("  edit %2d: %6.1f ms to the DOM (rebuild %s)", i-1, float64(d.Microseconds())/1000, rebuild)
	}
	return lat, rebuilds
}

// wait evaluates expr until it is a number other than 0, retrying while the page reloads,
// and returns it.
func wait(ctx context.Context, expr string) float64 {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { try { return Number(`+expr+`) || 0 } catch (e) { return 0 } })()`))
		if err == nil && v != 0 {
			return v
		}
		time.Sleep(2 * time.Millisecond)
	}
	log.Fatalf("timed out waiting for %s", expr)
	return 0
}

func summary(ds []time.Duration) string {
	if len(ds) == 0 {
		return "no runs"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	med := s[len(s)/2]
	if len(s)%2 == 0 {
		med = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return fmt.Sprintf("median %s (%s–%s), %d runs", r(med), r(s[0]), r(s[len(s)-1]), len(s))
}

func r(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func freePort() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func run(name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
