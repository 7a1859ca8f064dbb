package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// TestProfileFactsFirst loads a profile with a long bio: at 375 px its key facts (languages,
// time zone, availability) start on the first screen and above the bio, and they come first
// in the document too, so a screen reader reaches them in the order they are shown; at 1280 px
// they are a sidebar to the right of the bio.
func TestProfileFactsFirst(t *testing.T) {
	srv := servePortal(t, func(p string) { t.Error(p) })
	ctx := browser(t, func(any) {})
	type box struct{ Top, Left, Right, Height, Screen float64 }
	const measure = `(() => {
	  const b = s => { const r = document.querySelector(s).getBoundingClientRect();
	    return {Top: r.top + scrollY, Left: r.left, Right: r.right, Height: r.height, Screen: innerHeight}; };
	  return [b(".profile-facts"), b(".profile-main"), b(".profile-facts dt")];
	})()`
	for _, path := range []string{"/mentors/sato-hanako/", "/mentors/ana-lima/"} {
		for _, width := range []int64{375, 1280} {
			tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(tctx, chromedp.EmulateViewport(width, 812), chromedp.Navigate(srv.URL+path), chromedp.WaitReady("body"))
			var boxes []box
			var factsFirst bool
			var firstFact string
			if err == nil {
				boxes, err = chromedp.Run(tctx, chromedp.Evaluate[[]box](measure))
			}
			if err == nil {
				factsFirst, err = chromedp.Run(tctx, chromedp.Evaluate[bool](
					`!!(document.querySelector(".profile-facts").compareDocumentPosition(document.querySelector(".profile-main")) & Node.DOCUMENT_POSITION_FOLLOWING)`))
			}
			if err == nil {
				firstFact, err = chromedp.Run(tctx, chromedp.Text(".profile-facts dt"))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s at %d px: %v", path, width, err)
			}
			facts, bio := boxes[0], boxes[1]
			if !factsFirst {
				t.Errorf("%s at %d px: the facts come after the bio in the document", path, width)
			}
			if firstFact = strings.ToLower(strings.TrimSpace(firstFact)); firstFact != "languages" {
				t.Errorf("%s at %d px: the first fact is %q, want languages", path, width, firstFact)
			}
			switch width {
			case 375:
				if facts.Top >= bio.Top {
					t.Errorf("%s at 375 px: the facts start at %.0f px, below the bio (%.0f px)", path, facts.Top, bio.Top)
				}
				if facts.Top >= facts.Screen {
					t.Errorf("%s at 375 px: the facts start at %.0f px, below the first screen (%.0f px)", path, facts.Top, facts.Screen)
				}
			case 1280:
				if facts.Left < bio.Right || facts.Top-bio.Top > 1 || bio.Top-facts.Top > 1 {
					t.Errorf("%s at 1280 px: the facts (left %.0f, top %.0f) are not a sidebar beside the bio (right %.0f, top %.0f)",
						path, facts.Left, facts.Top, bio.Right, bio.Top)
				}
			}
		}
	}
}

// draftSite has a draft mentor and a draft tip beside published ones.
const draftSite = `
-- site.yaml --
title: Drafts
-- content/_index.md --
---
title: Home
---
-- content/mentors/ana.md --
---
title: Ana Lima
role: PM
seniority: mid
expertise: [discovery]
timezone: Europe/Lisbon
capacity: 1
---
Published.
-- content/mentors/bo.md --
---
title: Bo Chen
draft: true
role: PM
seniority: mid
expertise: [discovery]
timezone: Asia/Shanghai
capacity: 1
---
Not yet published.
-- content/tips/plan.md --
---
title: Make a plan
draft: true
---
Write it down.
`

// TestDraftBadge builds a site with --drafts: a draft's profile and tip say "Draft" at the
// top of the page, its card in the directory and in the tips list carries a Draft badge, a
// published mentor's card does not, and the pages pass axe's WCAG 2.1 AA rules (the badge's
// contrast included) in light and dark.
func TestDraftBadge(t *testing.T) {
	fsys, err := txtar.FS(txtar.Parse([]byte(draftSite)))
	if err != nil {
		t.Fatal(err)
	}
	srv := serveSite(t, generator.Options{Site: fsys, Theme: layouts.FS, Minify: true, Drafts: true}, t.TempDir(), func(p string) { t.Error(p) })
	ctx := browser(t, func(any) {})
	axe := axeSource(t)
	checks := []struct{ path, js string }{
		{"/mentors/bo/", `document.querySelector("main .draft-note .badge-draft")?.innerText`},
		{"/tips/plan/", `document.querySelector("main .draft-note .badge-draft")?.innerText`},
		{"/mentors/", `[...document.querySelectorAll(".mentor-card")].find(c => c.innerText.includes("Bo Chen"))?.querySelector(".card-title .badge-draft")?.innerText`},
		{"/tips/", `[...document.querySelectorAll(".list-item")].find(c => c.innerText.includes("Make a plan"))?.querySelector("h3 .badge-draft")?.innerText`},
		{"/mentors/ana/", `document.querySelector(".draft-note, .badge-draft") ? "Draft" : "none"`},
		{"/mentors/", `[...document.querySelectorAll(".mentor-card")].find(c => c.innerText.includes("Ana Lima"))?.querySelector(".badge-draft") ? "Draft" : "none"`},
	}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
	  .then(r => r.violations.map(v => v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))`
	for i, c := range checks {
		want := "Draft"
		if i >= 4 {
			want = "none" // published pages carry no badge
		}
		for _, scheme := range []string{"light", "dark"} {
			tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err := chromedp.Do(tctx, colorScheme(scheme), chromedp.EmulateViewport(375, 812), chromedp.Navigate(srv.URL+c.path), chromedp.WaitReady("body"))
			var got string
			var violations []string
			if err == nil {
				got, err = chromedp.Run(tctx, chromedp.Evaluate[string](`String(`+c.js+`)`))
			}
			if err == nil {
				_, err = chromedp.Run(tctx, chromedp.Evaluate[any](axe))
			}
			if err == nil {
				violations, err = chromedp.Run(tctx, chromedp.Evaluate[[]string](run, chromedp.EvalAwaitPromise))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s (%s): %v", c.path, scheme, err)
			}
			if strings.TrimSpace(got) != want {
				t.Errorf("%s (%s): %s gives %q, want %q", c.path, scheme, c.js, got, want)
			}
			if len(violations) > 0 {
				t.Errorf("%s (%s):\n  %s", c.path, scheme, strings.Join(violations, "\n  "))
			}
		}
	}
}
