// Package e2e holds the real-browser tests: the example portal, built, served on 127.0.0.1 and
// loaded in Debian's chromium through chromedp.
package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// browser starts headless chromium, or skips the test (loudly) when it is not installed.
// CI installs it (.ci/run), so there the browser tests always run. listen receives the page's
// protocol events (console calls, exceptions).
func browser(t *testing.T, listen func(ev any)) context.Context {
	t.Helper()
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		t.Skip("SKIP: no chromium on PATH; install it with `apt-get install -y chromium` to run the browser tests")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithListener(listen))
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first call starts the browser; it gets no timeout, since that would stop the browser.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("cannot start %s: %v", exe, err)
	}
	return ctx
}

// servePortal builds the example portal in the repository root and serves it on 127.0.0.1.
// Responses with an error status are reported through failed.
func servePortal(t *testing.T, failed func(string)) *httptest.Server {
	t.Helper()
	return serveSite(t, generator.Options{Site: os.DirFS(".."), Theme: layouts.FS, Minify: true}, "..", failed)
}

// serveSite builds a site with opts (its folder is siteDir) and serves it on 127.0.0.1.
func serveSite(t *testing.T, opts generator.Options, siteDir string, failed func(string)) *httptest.Server {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := generator.Build(opts, generator.Destination{Dir: out, SiteDir: siteDir}); err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(r.URL.Path))); err != nil {
			failed("HTTP 404 for " + r.URL.Path)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestPortalPagesInBrowser loads the home page, the directory and mentor profiles at phone
// widths (320 and 375 px) and a desktop width (1280 px): no console errors or exceptions, no
// missing file, nothing loaded from another host, no sideways scrolling, and a visible main
// heading.
func TestPortalPagesInBrowser(t *testing.T) {
	var mu sync.Mutex
	var problems []string
	report := func(p string) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, p)
	}
	srv := servePortal(t, report)
	ctx := browser(t, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				report(fmt.Sprintf("console %s: %v", ev.Type, ev.Args))
			}
		case *runtime.EventExceptionThrown:
			report(fmt.Sprintf("exception: %s", ev.ExceptionDetails.Text))
		}
	})
	paths := []string{"/", "/mentors/", "/mentors/ana-lima/", "/mentors/sato-hanako/"}
	for _, width := range []int64{320, 375, 1280} {
		for _, path := range paths {
			tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(tctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(srv.URL+path), chromedp.WaitReady("body"))
			var heading string
			var scrollWidth, innerWidth int64
			var foreign []string
			if err == nil {
				heading, err = chromedp.Run(tctx, chromedp.Text("h1", chromedp.NodeVisible))
			}
			if err == nil {
				scrollWidth, err = chromedp.Run(tctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
			}
			if err == nil {
				innerWidth, err = chromedp.Run(tctx, chromedp.Evaluate[int64](`window.innerWidth`))
			}
			if err == nil {
				foreign, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](
					`performance.getEntriesByType("resource").map(e => e.name).filter(u => !u.startsWith(location.origin))`))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s at %d px: %v", path, width, err)
			}
			if strings.TrimSpace(heading) == "" {
				t.Errorf("%s at %d px: empty h1", path, width)
			}
			if scrollWidth > innerWidth {
				t.Errorf("%s at %d px: page is %d px wide, scrolls sideways", path, width, scrollWidth)
			}
			for _, u := range foreign {
				t.Errorf("%s at %d px: loaded %s from another host", path, width, u)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
}
