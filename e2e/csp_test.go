package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// cspWatcher records every Content-Security-Policy violation of a page in window.__csp. It is
// added through the DevTools protocol, so the policy it watches does not apply to it.
const cspWatcher = `window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));`

// TestNoCSPViolations loads one page of every kind the example portal has (taken from its
// route table, not from its content), with the page's own scripts running, and requires that
// the browser reports no violation of the policy the pages carry.
func TestNoCSPViolations(t *testing.T) {
	srv := servePortal(t, func(string) {})
	ctx := cspBrowser(t)
	for _, path := range onePagePerKind(t) {
		for _, v := range cspViolations(t, ctx, srv.URL+path, "") {
			t.Errorf("%s: CSP violation: %s", path, v)
		}
	}
}

// TestNoCSPViolationsInPreview holds what the preview server adds to the same policy: a page
// with its live-reload script, the overlay that script draws over it when a save breaks the
// site, and the problem page served while the site has never built. Each waits until the
// overlay's stylesheet has applied, so a blocked stylesheet cannot pass as no violation. The
// line that breaks the site is markup, which both show as text.
func TestNoCSPViolationsInPreview(t *testing.T) {
	ctx := cspBrowser(t)
	const styled = `getComputedStyle(%s).backgroundColor === "rgb(27, 27, 31)"`
	overlayBox := `document.querySelector("mentorgen-overlay").shadowRoot.querySelector(".box")`

	dir, url := startPreview(t, nil)
	page := url + "/mentors/ana-lima/"
	for _, v := range cspViolations(t, ctx, page, `window.mentorgen && window.mentorgen.live`) {
		t.Errorf("preview page: CSP violation: %s", v)
	}
	breakMentor(t, dir)
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	waitFor(t, tctx, "the overlay shows, styled", fmt.Sprintf(styled, overlayBox))
	waitFor(t, tctx, "the overlay shows the broken line as text", `document.querySelector("mentorgen-overlay").shadowRoot.textContent.includes(`+strconv.Quote(hostileLine)+`)`)
	if ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__pwned === undefined && !document.querySelector("mentorgen-overlay").shadowRoot.querySelector("img")`)); err != nil || !ok {
		t.Errorf("the markup in the broken line made an element or ran (%v)", err)
	}
	cancel()
	for _, v := range cspViolations(t, ctx, "", "") {
		t.Errorf("error overlay: CSP violation: %s", v)
	}

	_, url = startPreview(t, func(dir string) { breakMentor(t, dir) })
	for _, v := range cspViolations(t, ctx, url+"/mentors/ana-lima/", fmt.Sprintf(styled, "document.body")+` && document.querySelector("h1")`) {
		t.Errorf("problem page: CSP violation: %s", v)
	}
	tctx, cancel = context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__pwned === undefined && !document.querySelector("img") && document.body.textContent.includes(`+strconv.Quote(hostileLine)+`)`)); err != nil || !ok {
		t.Errorf("the problem page does not show the broken line as text only (%v)", err)
	}
}

// cspBrowser starts chromium with cspWatcher added to every document it loads.
func cspBrowser(t *testing.T) context.Context {
	t.Helper()
	ctx := browser(t, func(any) {})
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatcher})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// cspViolations loads url (or stays on the current page when url is ""), waits until the
// JavaScript condition ready holds (when given) and a little longer, and returns the
// violations cspWatcher saw.
func cspViolations(t *testing.T, ctx context.Context, url, ready string) []string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if url != "" {
		if err := chromedp.Do(tctx, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
	}
	if ready != "" {
		waitFor(t, tctx, url, ready)
	}
	err := chromedp.Do(tctx, chromedp.Sleep(200*time.Millisecond))
	var violations []string
	if err == nil {
		violations, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](`window.__csp || ["the watcher did not run"]`))
	}
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return violations
}

// onePagePerKind returns the first HTML route of each kind of the example portal (and of each
// content kind among pages), so a page kind added later is covered without editing the test.
func onePagePerKind(t *testing.T) []string {
	t.Helper()
	o, diags := generator.Prepare(generator.Options{Site: os.DirFS(".."), Theme: layouts.FS, Minify: true})
	if len(diags.Errors()) > 0 {
		t.Fatalf("the example portal does not build: %v", diags.Errors())
	}
	seen := map[string]bool{}
	var paths []string
	for _, r := range o.Routes {
		if !strings.HasPrefix(r.Type, "text/html") {
			continue
		}
		key := r.Kind.String()
		if r.Page != nil {
			key += "/" + string(r.Page.Kind)
		}
		if !seen[key] {
			seen[key] = true
			paths = append(paths, r.Path)
		}
	}
	slices.Sort(paths)
	if len(paths) < 8 {
		t.Fatalf("only %d kinds of page found: %v", len(paths), paths)
	}
	return paths
}

// hostileLine is the saved line that breaks the site, and markup too: the overlay and the
// problem page must show it as text.
const hostileLine = `seniority: [senior <img src=x onerror="window.__pwned=1">`

// breakMentor puts hostileLine, a line that breaks the front matter and is itself markup, in
// place of a line of the example's mentor ana.md.
func breakMentor(t *testing.T, dir string) {
	t.Helper()
	mentor := filepath.Join(dir, "content", "mentors", "ana.md")
	src, err := os.ReadFile(mentor)
	if err == nil {
		err = os.WriteFile(mentor, []byte(strings.Replace(string(src), "seniority: senior", hostileLine, 1)), 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
