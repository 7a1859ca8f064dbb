package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestMatchJourney performs a first-time mentee's journey on the example portal and counts
// its interactions: home → "Match me with a mentor" → one skill → the ranked list with
// reasons → the top mentor's "Request mentorship" → the goal typed → the composed message
// (and its mailto: link when the mentor has an address) carries it. Then axe on /match/ with
// results, light and dark, 375 and 1280 px, with screenshots in $MENTORGEN_SHOTS (or a temp
// folder), and /match/ without JavaScript: links to the directory and the taxonomy pages.
func TestMatchJourney(t *testing.T) {
	axe := axeSource(t)
	s := portal(t)
	term := biggest(t, s, "expertise")
	skill := url.PathEscape(strings.Trim(strings.TrimPrefix(term.Path, "/expertise/"), "/"))
	tb := newTab(t, serveExample(t))
	steps := 0
	click := func(what, sel string) {
		t.Helper()
		steps++
		tb.do(what, chromedp.WaitVisible(sel), chromedp.Click(sel))
	}

	tb.open("/", 1280, "light")
	click("home → match", `.hero a[href$="/match/"], main a[href$="/match/"]`)
	tb.wait(`document.querySelector(".match-form:not([hidden]) .match-option") && /Choose/.test(document.querySelector(".match-status").textContent)`)
	click("choose a skill", fmt.Sprintf(`.match-form input[value=%q] + label`, skill))
	tb.wait(`document.querySelectorAll(".match-results > li").length > 0`)
	if got := eval[string](tb, `location.search`); !strings.Contains(got, "expertise="+skill) {
		t.Errorf("the choice is not in the URL: %q", got)
	}
	why := eval[string](tb, `document.querySelector(".match-results > li .match-why").textContent`)
	if !strings.Contains(why, "1 of your 1 skill") {
		t.Errorf("the top result's reasons %q do not say it has the skill", why)
	}
	if n := eval[int](tb, `document.querySelectorAll(".match-results > li").length`); n < 2 {
		t.Errorf("%d ranked mentors, want a list", n)
	}
	for _, w := range []int64{375, 1280} {
		for _, scheme := range []string{"light", "dark"} {
			tb.open("/match/?expertise="+skill+"&when=evenings", w, scheme)
			tb.wait(`document.querySelectorAll(".match-results > li").length > 0`)
			tb.axe(axe, fmt.Sprintf("/match/ with results at %d px, %s", w, scheme))
			shot(t, tb, fmt.Sprintf("match-%d-%s.png", w, scheme))
			eval[any](tb, `document.querySelector(".match-ranked").scrollIntoView()`)
			shot(t, tb, fmt.Sprintf("match-%d-%s-results.png", w, scheme))
		}
	}
	tb.open("/match/?expertise="+skill, 1280, "light")
	tb.wait(`document.querySelector(".match-request a")`)
	steps = 2 // the same state as after the two clicks above, reloaded from its URL
	click("request mentorship from the top mentor", ".match-request a")
	tb.wait(`document.querySelector("#rq-goal") && !document.querySelector(".request-form").hidden`)
	steps++
	tb.do("type the goal", chromedp.SendKeys("#rq-goal", "grow my pricing skills"))
	if steps > 6 {
		t.Errorf("the journey took %d interactions, want at most 6", steps)
	}
	t.Logf("journey: %d interactions", steps)
	if !eval[bool](tb, `document.querySelector(".request-text").value.includes("grow my pricing skills")`) {
		t.Error("the composed message lacks the goal")
	}
	if eval[bool](tb, `!!document.querySelector(".rq-mail") && !document.querySelector(".rq-mail").hidden`) {
		if href := eval[string](tb, `document.querySelector(".rq-mail").href`); !strings.Contains(href, "grow%20my%20pricing%20skills") {
			t.Errorf("the mailto: link lacks the goal: %s", href)
		}
	}

	// Without JavaScript, /match/ is a page of useful links.
	tb.do("scripts off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(tb.base+"/match/?expertise="+skill), chromedp.WaitReady("body"))
	links := eval[[]string](tb, `[...document.querySelectorAll("main a")].map(a => new URL(a.href).pathname)`)
	for _, want := range []string{"/mentors/", "/expertise/", term.Path} {
		found := false
		for _, l := range links {
			found = found || l == want
		}
		if !found {
			t.Errorf("/match/ without JavaScript has no link to %s (links %v)", want, links)
		}
	}
	if eval[bool](tb, `!document.querySelector(".match-form").hidden`) {
		t.Error("without JavaScript the form that cannot rank is shown")
	}
}

func shot(t *testing.T, tb *tab, name string) {
	t.Helper()
	dir := os.Getenv("MENTORGEN_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30e9)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
