package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeSource finds axe-core, the accessibility rules engine: $MENTORGEN_AXE_JS, or where
// .ci/run installs it from npm.
func axeSource(t *testing.T) string {
	cands := []string{os.Getenv("MENTORGEN_AXE_JS")}
	if home, err := os.UserHomeDir(); err == nil {
		cands = append(cands, filepath.Join(home, ".cache", "mentorgen-tools", "node_modules", "axe-core", "axe.min.js"))
	}
	for _, c := range cands {
		if c == "" {
			continue
		}
		if data, err := os.ReadFile(c); err == nil {
			return string(data)
		}
	}
	t.Skip("SKIP: axe-core is not installed; .ci/run installs it (npm axe-core into ~/.cache/mentorgen-tools), or set MENTORGEN_AXE_JS")
	return ""
}

// colorScheme makes the page match prefers-color-scheme: light or dark.
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return err
	})
}

// TestAccessibility runs axe-core's WCAG 2.1 A and AA rules (contrast included) over the
// portal's kinds of page, in light and dark, at phone and desktop widths: no violations.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	srv := servePortal(t, func(p string) { t.Error(p) })
	ctx := browser(t, func(any) {})
	paths := []string{"/", "/mentors/", "/mentors/ana-lima/", "/mentors/sato-hanako/", "/programs/formal-cohort/",
		"/programs/informal-mentoring/", "/tips/set-smart-goals/", "/tips/", "/expertise/", "/expertise/discovery/",
		"/about/", "/404.html"}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
	  .then(r => r.violations.map(v => v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))`
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{375, 1280} {
			for _, path := range paths {
				tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				err := chromedp.Do(tctx, colorScheme(scheme), chromedp.EmulateViewport(width, 900),
					chromedp.Navigate(srv.URL+path), chromedp.WaitReady("body"))
				var violations []string
				if err == nil {
					_, err = chromedp.Run(tctx, chromedp.Evaluate[any](axe))
				}
				if err == nil {
					violations, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](run, chromedp.EvalAwaitPromise))
				}
				cancel()
				if err != nil {
					t.Fatalf("%s (%s, %d px): %v", path, scheme, width, err)
				}
				if len(violations) > 0 {
					t.Errorf("%s (%s, %d px):\n  %s", path, scheme, width, strings.Join(violations, "\n  "))
				}
			}
		}
	}
}
