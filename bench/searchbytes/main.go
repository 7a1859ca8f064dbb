// Command searchbytes measures what a search costs a browser, for mentorgen's index and for
// Pagefind's, in the same run and the same way: Debian's chromium (through chromedp) runs a
// query on a blank page of a site that ../shared/bench/search-bytes/serve.js serves (gzip
// level 6, compressed once, like a host that pre-compresses), and the server counts every
// request and compressed body byte it sends (/__reset, /__log), including a worker's.
//
// For each query, two modes, each in a fresh browser context (empty cache):
//
//   - cold: load the search scripts, run the query, get the records (title, URL, snippet) of
//     the first 10 results: what a first search after a page load fetches;
//   - warm: scripts loaded and the index opened first (not counted), then the query and its
//     first 10 records: what one more query costs.
//
// Time is performance.now() in the page around the query and its records, median of -runs;
// "compute" is the same query run again once its data is in memory (mentorgen only): the
// time from data arrived to results ready.
//
// Run from the repository root (see bench/BENCHMARKS.md for the whole recipe):
//
//	node ../shared/bench/search-bytes/serve.js /dev/shm/mg10k 8090 &
//	node ../shared/bench/search-bytes/serve.js /dev/shm/pf10k 8089 &
//	go run ./bench/searchbytes -mentorgen http://127.0.0.1:8090 -pagefind http://127.0.0.1:8089
//
// Both roots need ../shared/bench/search-bytes/bench-search.html copied in.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

type query struct {
	Name    string            `json:"name"`
	Q       string            `json:"q"`
	Filters map[string]string `json:"filters,omitempty"`
}

var queries = []query{
	{Name: "discovery", Q: "discovery"},
	{Name: "pricing", Q: "pricing"},
	{Name: "okafor (surname)", Q: "okafor"},
	{Name: "user interviews (2 words)", Q: "user interviews"},
	{Name: "discovery + seniority:senior", Q: "discovery", Filters: map[string]string{"seniority": "senior"}},
}

// logEntry is one request as serve.js logged it.
type logEntry struct {
	Path    string `json:"path"`
	Status  int    `json:"status"`
	Gzip    bool   `json:"gzip"`
	Body    int    `json:"body"`
	Headers int    `json:"headers"`
}

type outcome struct {
	Results int      `json:"results"`
	Top     []string `json:"top"`
	Ms      float64  `json:"ms"`
	Compute float64  `json:"computeMs"`
	Error   string   `json:"error"`
}

type measurement struct {
	Tool, Query, Mode string
	Requests, Bytes   int // of the first run; Stable says whether every run agreed
	AllBytes          []int
	Results           int
	Top               []string
	Ms, ComputeMs     []float64
	Paths             []string
	Stable            bool
}

func main() {
	mg := flag.String("mentorgen", "", "base URL of serve.js serving a mentorgen build")
	pf := flag.String("pagefind", "", "base URL of serve.js serving a Hugo build indexed by Pagefind")
	runs := flag.Int("runs", 5, "fresh browser contexts per query and mode")
	verbose := flag.Bool("v", false, "print every request of the first run")
	flag.StringVar(&scripts, "scripts", "", "comma-separated script URLs of mentorgen's search (default: those /search/ loads)")
	flag.Parse()
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		log.Fatal("no chromium on PATH (apt-get install -y chromium)")
	}
	dir, _ := os.MkdirTemp("", "searchbytes")
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true), chromedp.UserDataDir(dir))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	if err := chromedp.Do(bctx); err != nil {
		log.Fatal(err)
	}
	var all []measurement
	for _, tool := range []struct{ name, base string }{{"mentorgen", *mg}, {"pagefind", *pf}} {
		if tool.base == "" {
			continue
		}
		script := pagefindScript
		if tool.name == "mentorgen" {
			script = mentorgenScript(tool.base)
		}
		for _, q := range queries {
			for _, mode := range []string{"cold", "warm"} {
				m := measurement{Tool: tool.name, Query: q.Name, Mode: mode, Stable: true}
				for r := 0; r < *runs; r++ {
					out, entries, err := once(bctx, tool.base, script, q, mode == "cold")
					if err != nil {
						log.Fatalf("%s %s %s: %v", tool.name, q.Name, mode, err)
					}
					bytes := 0
					for _, e := range entries {
						bytes += e.Body
						if r == 0 {
							m.Paths = append(m.Paths, fmt.Sprintf("%s %d%s", e.Path, e.Body, map[bool]string{true: " gz"}[e.Gzip]))
						}
					}
					if r == 0 {
						m.Requests, m.Bytes, m.Results, m.Top = len(entries), bytes, out.Results, out.Top
					} else if m.Requests != len(entries) || m.Bytes != bytes {
						m.Stable = false
					}
					m.AllBytes = append(m.AllBytes, bytes)
					m.Ms = append(m.Ms, out.Ms)
					m.ComputeMs = append(m.ComputeMs, out.Compute)
				}
				all = append(all, m)
				fmt.Fprintf(os.Stderr, "%-9s %-30s %-4s %2d req %8d B (runs %v)  %6.1f ms (compute %5.1f ms)  %d results  top=%q\n",
					m.Tool, m.Query, m.Mode, m.Requests, m.Bytes, m.AllBytes, median(m.Ms), median(m.ComputeMs), m.Results, m.Top)
				if *verbose {
					for _, p := range m.Paths {
						fmt.Fprintln(os.Stderr, "    ", p)
					}
				}
			}
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	_ = enc.Encode(all)
}

// once runs one query in a fresh browser context and returns what the server sent for it.
func once(bctx context.Context, base, script string, q query, cold bool) (outcome, []logEntry, error) {
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	defer cancelT()
	var out outcome
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/bench-search.html")); err != nil {
		return out, nil, err
	}
	arg, _ := json.Marshal(q)
	if !cold {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](script+`; prepare()`, chromedp.EvalAwaitPromise)); err != nil {
			return out, nil, fmt.Errorf("prepare: %w", err)
		}
		time.Sleep(time.Second) // a busy machine may still be loading what prepare started
	}
	if _, err := get(base + "/__reset"); err != nil {
		return out, nil, err
	}
	expr := fmt.Sprintf(`%s; run(%s)`, script, arg)
	res, err := chromedp.Run(ctx, chromedp.Evaluate[outcome](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return out, nil, err
	}
	if res.Error != "" {
		return res, nil, fmt.Errorf("in the page: %s", res.Error)
	}
	time.Sleep(500 * time.Millisecond) // anything fetched late still counts
	body, err := get(base + "/__log")
	if err != nil {
		return res, nil, err
	}
	var entries []logEntry
	err = json.Unmarshal(body, &entries)
	return res, entries, err
}

func get(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// pagefindScript defines prepare() and run(q) for Pagefind's JS API, as
// ../shared/bench/search-bytes/measure.js calls it.
const pagefindScript = `
async function prepare() { window.pf = await import('/pagefind/pagefind.js'); await window.pf.init(); }
async function run(q) {
  try {
    const t0 = performance.now();
    const pf = window.pf || await import('/pagefind/pagefind.js');
    const r = await pf.search(q.q, q.filters ? {filters: q.filters} : {});
    const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
    return {results: r.results.length, top: data.slice(0, 3).map(d => d.meta && d.meta.title), ms: performance.now() - t0, computeMs: 0};
  } catch (e) { return {error: String(e)}; }
}`

// mentorgenScript defines prepare() and run(q) for mentorgen's engine: the page loads the
// two scripts the search page loads (their fingerprinted names read from /search/), opens
// the index and asks for the first 10 results with their records.
var scripts string

func mentorgenScript(base string) string {
	page, err := get(base + "/search/")
	if err != nil {
		log.Fatal(err)
	}
	var srcs []string
	if scripts != "" {
		srcs = strings.Split(scripts, ",")
	}
	for _, m := range regexp.MustCompile(`<script[^>]+src="?([^" >]*search[^" >]*\.js)`).FindAllSubmatch(page, -1) {
		if scripts != "" {
			break
		}
		srcs = append(srcs, string(m[1]))
	}
	if len(srcs) == 0 {
		log.Fatalf("%s/search/ loads no search script", base)
	}
	list, _ := json.Marshal(srcs)
	return `
function load(src) { return new Promise((ok, no) => { const s = document.createElement('script'); s.src = src; s.onload = ok; s.onerror = () => no(new Error('cannot load ' + src)); document.head.appendChild(s); }); }
async function open() {
  if (!window.MentorgenSearch) { for (const src of ` + string(list) + `) await load(src); }
  return window.eng || (window.eng = MentorgenSearch.open('/search/'));
}
async function prepare() { const e = await open(); if (e.ready) await (typeof e.ready === 'function' ? e.ready() : e.ready); }
async function run(q) {
  try {
    const t0 = performance.now();
    const e = await open();
    const filters = {};
    for (const k in (q.filters || {})) filters[k] = [q.filters[k]];
    const r = await e.search(q.q, {filters, limit: 10});
    const ms = performance.now() - t0;
    const t1 = performance.now();
    await e.search(q.q, {filters, limit: 10});
    return {results: r.total, top: r.results.slice(0, 3).map(x => x.record && x.record.t), ms, computeMs: performance.now() - t1};
  } catch (e) { return {error: String(e && e.stack || e)}; }
}`
}
