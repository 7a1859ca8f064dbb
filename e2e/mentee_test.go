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

// TestMenteePagesAccessibility runs axe-core's WCAG 2.1 A and AA rules over the mentee's
// pages of the example portal: the program comparison, the goal worksheet, the match page
// and a profile with its request form (shown by request.js), in light and dark, at phone and
// desktop widths.
func TestMenteePagesAccessibility(t *testing.T) {
	axe := axeSource(t)
	srv := servePortal(t, func(p string) { t.Error(p) })
	ctx := browser(t, func(any) {})
	paths := []string{"/programs/compare/", "/goals/", "/match/", "/mentors/ana-lima/", "/mentors/zoe-lefevre/"}
	const run = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
	  .then(r => r.violations.map(v => v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))`
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{375, 1280} {
			for _, path := range paths {
				tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				err := chromedp.Do(tctx, colorScheme(scheme), chromedp.EmulateViewport(width, 900),
					chromedp.Navigate(srv.URL+path), chromedp.WaitReady("body"))
				var violations []string
				var overflow bool
				if err == nil {
					overflow, err = chromedp.Run(tctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
				}
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
				if overflow {
					t.Errorf("%s (%s, %d px): the page scrolls sideways", path, scheme, width)
				}
				if len(violations) > 0 {
					t.Errorf("%s (%s, %d px):\n  %s", path, scheme, width, strings.Join(violations, "\n  "))
				}
			}
		}
	}
}

// requestSite has a mentor with an address to write to and a name with markup in it.
const requestSite = `
-- site.yaml --
title: Test Portal
-- content/mentors/ana.md --
---
title: "<img src=x onerror=alert(1)>"
role: PM
seniority: senior
timezone: America/Sao_Paulo
expertise: [pricing]
accepting: true
availability: ["Tue 19:00-21:00"]
booking_url: "mailto:ana@example.org"
---
-- content/mentors/bo.md --
---
title: Bo
role: PM
seniority: senior
timezone: UTC
expertise: [pricing]
accepting: true
---
`

// TestRequestComposer composes a request on a profile: what is typed reaches the message
// and the mailto: link, encoded; the availability is redrawn in the browser's zone; and the
// mentor's name stays text in the form and the similar mentors of another profile.
func TestRequestComposer(t *testing.T) {
	fsys, err := txtar.FS(txtar.Parse([]byte(requestSite)))
	if err != nil {
		t.Fatal(err)
	}
	srv := serveSite(t, generator.Options{Site: fsys, Theme: layouts.FS, Minify: true}, t.TempDir(), func(p string) { t.Error(p) })
	ctx := browser(t, func(any) {})
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err = chromedp.Do(tctx, chromedp.EmulateViewport(375, 812), chromedp.Navigate(srv.URL+"/mentors/ana/"), chromedp.WaitVisible("#rq-goal"),
		chromedp.SendKeys("#rq-goal", "land my first PM role — São Paulo"),
		chromedp.SendKeys("#rq-ask", "a 30-minute call"))
	if err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.querySelector(".rq-mail").href`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mailto:ana@example.org?subject=Mentorship%20request%3A%20land%20my%20first%20PM%20role%20%E2%80%94%20S%C3%A3o%20Paulo",
		"&body=Hello%20%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%2C%0D%0A", "From%20you%20I%20would%20like%20a%2030-minute%20call."} {
		if !strings.Contains(href, strings.ReplaceAll(strings.ReplaceAll(want, "(", "%28"), ")", "%29")) {
			t.Errorf("mailto href lacks %s:\n%s", want, href)
		}
	}
	checks := []struct{ js, want string }{
		{`document.querySelector(".request-text").value.includes("I would like your help with land my first PM role — São Paulo.")`, "true"},
		{`document.querySelector(".rq-subject").textContent`, "Mentorship request: land my first PM role — São Paulo"},
		{`document.querySelectorAll("img[src='x']").length`, "0"},
		{`document.querySelector(".localtime").textContent.endsWith("your time")`, "true"},
	}
	for _, c := range checks {
		got, err := chromedp.Run(tctx, chromedp.Evaluate[string](`String(`+c.js+`)`))
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.js, got, c.want)
		}
	}
	if err := chromedp.Do(tctx, chromedp.Navigate(srv.URL+"/mentors/bo/"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(tctx, chromedp.Evaluate[string](`String(document.querySelectorAll("img[src='x']").length) + " " + document.querySelector(".similar-list a").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if got != "0 <img src=x onerror=alert(1)>" {
		t.Errorf("similar mentors on /mentors/bo/: %q, want the name as text", got)
	}
}
