package e2e

import (
	"context"
	"os"
	"slices"
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
	ctx := browser(t, func(any) {})
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatcher})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	for _, path := range onePagePerKind(t) {
		tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+path), chromedp.WaitReady("body"), chromedp.Sleep(200*time.Millisecond))
		var violations []string
		if err == nil {
			violations, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](`window.__csp || ["the watcher did not run"]`))
		}
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, v := range violations {
			t.Errorf("%s: CSP violation: %s", path, v)
		}
	}
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
