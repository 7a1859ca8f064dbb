// Command matchbench measures /match/ on a built site that ../shared/bench/search-bytes/
// serve.js serves: Chromium opens /match/ with a choice in its URL (empty cache), waits for
// the ranked list, and reports the compressed bytes the server sent (/__log) and the
// ranking time match.js records in #match-app's data-rank-ms (rank() alone, data loaded).
//
//	node ../shared/bench/search-bytes/serve.js /dev/shm/mt10k 8093 &
//	go run ./bench/matchbench -base http://127.0.0.1:8093 -q 'expertise=pricing,discovery&helps_with=first-pm-job&language=spanish&when=evenings'
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"time"

	"github.com/chromedp/chromedp"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:8093", "the served site")
	q := flag.String("q", "expertise=pricing", "the choice, as /match/'s query")
	flag.Parse()
	if _, err := http.Get(*base + "/__reset"); err != nil {
		log.Fatal(err)
	}
	ctx, cancel := chromedp.NewExecAllocator(context.Background(), append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath("chromium"))...)
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(*base+"/match/?"+*q), chromedp.WaitVisible(".match-results > li")); err != nil {
		log.Fatal(err)
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("match-app").getAttribute("data-rank-ms")`))
	if err != nil {
		log.Fatal(err)
	}
	// Rank again five times with the data in memory: toggle the first skill off and on.
	again, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => { const t = []; const i = document.querySelector(".match-form input:checked");
	  for (let k = 0; k < 5; k++) { i.click(); await new Promise(r => setTimeout(r, 300)); i.click(); await new Promise(r => setTimeout(r, 300)); t.push(document.getElementById("match-app").getAttribute("data-rank-ms")); }
	  return t.join(" "); })()`, chromedp.EvalAwaitPromise))
	if err != nil {
		log.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	r, err := http.Get(*base + "/__log")
	if err != nil {
		log.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	fmt.Printf("first rank %s ms; again %s ms\n%s\n", ms, again, b)
}
