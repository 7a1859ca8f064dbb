package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"golang.org/x/tools/txtar"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// tab drives one browser tab through a test, failing the test at the first error. Console
// errors, warnings and exceptions are collected and reported by check.
type tab struct {
	t        *testing.T
	ctx      context.Context
	base     string
	mu       sync.Mutex
	problems []string
}

func newTab(t *testing.T, serve func(failed func(string)) string) *tab {
	t.Helper()
	tb := &tab{t: t}
	tb.base = serve(tb.report)
	tb.ctx = browser(t, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				tb.report(fmt.Sprintf("console %s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *runtime.EventExceptionThrown:
			tb.report(fmt.Sprintf("exception: %s %s", ev.ExceptionDetails.Text, ev.ExceptionDetails.Exception.Description))
		}
	})
	t.Cleanup(tb.check)
	return tb
}

func (tb *tab) report(p string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, p)
}

// check reports the console's errors and the failed requests so far, once each.
func (tb *tab) check() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		tb.t.Error(p)
	}
	tb.problems = nil
}

func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// open loads a site path at a width and colour scheme, and waits for the search UI to settle.
func (tb *tab) open(sitePath string, width int64, scheme string) {
	tb.t.Helper()
	tb.do("open "+sitePath, colorScheme(scheme), chromedp.EmulateViewport(width, 900), chromedp.Navigate(tb.base+sitePath), chromedp.WaitReady("body"))
	tb.settle()
}

// settle waits until search-ui.js has shown what the URL asks for: no query pending and, when
// the URL has any state, a status said.
func (tb *tab) settle() {
	tb.t.Helper()
	tb.wait(`document.readyState === "complete" && (!window.MentorgenSearch || !document.querySelector(".search-form[data-search-index], .directory[data-search-index]") ||
	  (document.querySelector(".directory[data-search-index]") ? document.querySelector(".directory.is-enhanced .facet") !== null : true))`)
	time.Sleep(400 * time.Millisecond) // past the debounce, and the engine's few fetches from 127.0.0.1
}

// retype empties a field and types text into it key by key, as a user would.
func (tb *tab) retype(sel, text string) {
	tb.t.Helper()
	eval[any](tb, fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.focus(); e.value = ""; })()`, sel))
	tb.do("type "+text, chromedp.SendKeys(sel, text))
}

// wait polls a JavaScript expression until it is truthy. Errors count as false until the
// time is up: an expression evaluated during a navigation loses its page.
func (tb *tab) wait(js string) {
	tb.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+js+")"))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	tb.t.Fatalf("waiting for %s: still false after 15 s (last error: %v)", js, last)
}

func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// axe runs axe-core's WCAG 2.1 A and AA rules on the page as it is now.
func (tb *tab) axe(src, what string) {
	tb.t.Helper()
	eval[any](tb, src)
	v := eval[[]string](tb, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
	  .then(r => r.violations.map(v => v.id + ": " + v.help + " — " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")))`)
	if len(v) > 0 {
		tb.t.Errorf("%s:\n  %s", what, strings.Join(v, "\n  "))
	}
}

// portal is the example site as the generator assembles it, for what the tests expect.
func portal(t *testing.T) *generator.Site {
	t.Helper()
	o, diags := generator.Prepare(generator.Options{Site: os.DirFS(".."), Theme: layouts.FS})
	if o == nil {
		t.Fatalf("prepare the example site: %v", diags)
	}
	return o.Site
}

func titles(pages []*generator.Page) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Title)
	}
	slices.Sort(out)
	return out
}

// biggest returns the term of a taxonomy with the most mentors.
func biggest(t *testing.T, s *generator.Site, taxonomy string) *generator.Term {
	t.Helper()
	tax := s.Taxonomy(taxonomy)
	if tax == nil || len(tax.Terms) == 0 {
		t.Fatalf("the example site has no %s terms", taxonomy)
	}
	best := tax.Terms[0]
	for _, term := range tax.Terms {
		if len(term.Mentors) > len(best.Mentors) {
			best = term
		}
	}
	return best
}

func serveExample(t *testing.T) func(func(string)) string {
	return func(failed func(string)) string { return servePortal(t, failed).URL }
}

// TestSearchAsYouType types into /search/: ranked results appear with their kind and the
// words marked, the count is announced, the arrow keys walk the results and Esc comes back,
// the query is in the URL (reload and back/forward restore it), a misspelling offers the
// word it meant, and axe finds nothing wrong with results on screen, light and dark.
func TestSearchAsYouType(t *testing.T) {
	axe := axeSource(t)
	s := portal(t)
	tb := newTab(t, serveExample(t))
	term := biggest(t, s, "expertise")
	label := strings.ReplaceAll(term.Name, "-", " ")
	word := strings.ToLower(strings.Fields(label)[0])
	prefix := string([]rune(word)[:min(4, len([]rune(word)))])

	tb.open("/search/", 1280, "light")
	tb.do("type a prefix", chromedp.Click("#search-q"), chromedp.SendKeys("#search-q", prefix))
	tb.wait(`document.querySelectorAll("#search-results > li").length > 0`)
	type result struct {
		Kind, Title, Href string
		Marks             []string
	}
	got := eval[[]result](tb, `[...document.querySelectorAll("#search-results > li")].map(li => ({
	  Kind: li.querySelector(".result-kind").textContent, Title: li.querySelector(".result-title").textContent,
	  Href: li.querySelector(".result-title a").getAttribute("href"), Marks: [...li.querySelectorAll("mark")].map(m => m.textContent.toLowerCase())}))`)
	marked := 0
	for _, r := range got {
		if !slices.Contains([]string{"Mentor", "Guide", "Tip", "Page"}, r.Kind) {
			t.Errorf("result %q has kind %q", r.Title, r.Kind)
		}
		for _, m := range r.Marks {
			if !strings.HasPrefix(m, prefix) {
				t.Errorf("result %q marks %q, which does not start with %q", r.Title, m, prefix)
			}
		}
		if len(r.Marks) > 0 {
			marked++
		}
	}
	if marked == 0 {
		t.Errorf("no result marks %q", prefix)
	}
	mentors := 0
	for _, r := range got {
		if r.Kind == "Mentor" {
			mentors++
		}
	}
	if want := min(len(term.Mentors), len(got)); mentors < want/2 {
		t.Errorf("%q finds %d mentors on its first page, want most of the %d with %s", prefix, mentors, len(term.Mentors), label)
	}
	if st := eval[string](tb, `document.getElementById("search-status").textContent`); !strings.Contains(st, "result") {
		t.Errorf("status says %q, want a result count", st)
	}
	if q := eval[string](tb, `new URLSearchParams(location.search).get("q")`); q != prefix {
		t.Errorf("URL has q=%q while typing, want %q", q, prefix)
	}
	// A mentor's full name puts that mentor first.
	m := s.Mentors[len(s.Mentors)/2]
	tb.retype("#search-q", m.Title)
	tb.wait(fmt.Sprintf(`document.querySelector("#search-results > li .result-title")?.textContent === %q`, m.Title))
	if meta := eval[string](tb, `document.querySelector("#search-results > li .result-body").textContent`); !strings.Contains(meta, m.Mentor.Role) {
		t.Errorf("the first result for %q shows %q, without the role %q", m.Title, meta, m.Mentor.Role)
	}

	// Keyboard: down into the results, down, up, up to the field; Esc from a result comes back.
	n := eval[int](tb, `document.querySelectorAll("#search-results .result-title a").length`)
	focused := func() string {
		return eval[string](tb, `document.activeElement.id || (document.activeElement.closest("#search-results > li") ? "r" + [...document.querySelectorAll("#search-results > li")].indexOf(document.activeElement.closest("li")) : document.activeElement.tagName)`)
	}
	tb.do("arrow down", chromedp.Focus("#search-q"), chromedp.KeyEvent(kb.ArrowDown))
	if f := focused(); f != "r0" {
		t.Fatalf("ArrowDown in the field focuses %s, want the first result", f)
	}
	if n > 1 {
		tb.do("arrow down", chromedp.KeyEvent(kb.ArrowDown))
		if f := focused(); f != "r1" {
			t.Errorf("ArrowDown on the first result focuses %s, want the second", f)
		}
		tb.do("arrow up", chromedp.KeyEvent(kb.ArrowUp))
	}
	tb.do("arrow up", chromedp.KeyEvent(kb.ArrowUp))
	if f := focused(); f != "search-q" {
		t.Errorf("ArrowUp on the first result focuses %s, want the field", f)
	}
	tb.do("down, Esc", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Escape))
	if f := focused(); f != "search-q" {
		t.Errorf("Esc on a result focuses %s, want the field", f)
	}
	if v := eval[string](tb, `document.getElementById("search-q").value`); v != m.Title {
		t.Errorf("Esc on a result changed the field to %q", v)
	}

	// Axe with results on screen, in both schemes and at both widths.
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{375, 1280} {
			tb.open("/search/?q="+url.QueryEscape(prefix), width, scheme)
			tb.wait(`document.querySelectorAll("#search-results > li").length > 0`)
			tb.axe(axe, fmt.Sprintf("/search/?q=%s (%s, %d px)", prefix, scheme, width))
		}
	}

	// Reload restores the query and its results; Enter pushes a history entry, and
	// back/forward go between the two queries.
	tb.open("/search/?q="+url.QueryEscape(prefix), 1280, "light")
	if v := eval[string](tb, `document.getElementById("search-q").value`); v != prefix {
		t.Errorf("after a reload the field has %q, want %q", v, prefix)
	}
	first := eval[string](tb, `document.querySelector("#search-results > li .result-title")?.textContent || ""`)
	if first != got[0].Title {
		t.Errorf("after a reload the first result is %q, want %q", first, got[0].Title)
	}
	tb.retype("#search-q", m.Title+kb.Enter)
	tb.wait(fmt.Sprintf(`new URLSearchParams(location.search).get("q") === %q && document.querySelector("#search-results > li .result-title")?.textContent === %q`, m.Title, m.Title))
	tb.do("back", chromedp.NavigateBack())
	tb.wait(fmt.Sprintf(`document.getElementById("search-q").value === %q && document.querySelector("#search-results > li .result-title")?.textContent === %q`, prefix, got[0].Title))
	tb.do("forward", chromedp.NavigateForward())
	tb.wait(fmt.Sprintf(`document.getElementById("search-q").value === %q && document.querySelector("#search-results > li .result-title")?.textContent === %q`, m.Title, m.Title))

	// Enter on a result opens it.
	tb.do("open a result", chromedp.Focus("#search-q"), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	tb.wait(fmt.Sprintf(`location.pathname === %q`, m.Path))

	// A misspelling (a letter of a long word dropped) offers the word, which runs on click.
	long := ""
	for _, w := range strings.Fields(strings.ToLower(label + " " + m.Mentor.Role)) {
		if len([]rune(w)) > len([]rune(long)) && strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) < 0 {
			long = w
		}
	}
	if len(long) < 6 {
		t.Fatalf("no word of 6+ letters in %q to misspell", label+" "+m.Mentor.Role)
	}
	typo := long[:2] + long[3:]
	tb.open("/search/?q="+url.QueryEscape(typo), 1280, "light")
	tb.wait(`document.querySelector(".search-empty button")`)
	if st := eval[string](tb, `document.getElementById("search-status").textContent`); !strings.Contains(st, "No results") {
		t.Errorf("status for %q says %q, want No results", typo, st)
	}
	if eval[string](tb, `document.querySelector(".search-empty a")?.getAttribute("href") || ""`) == "" {
		t.Errorf("no results for %q, and no link to the directory", typo)
	}
	sug := eval[string](tb, `document.querySelector(".search-empty button").textContent`)
	tb.do("take the suggestion", chromedp.Click(".search-empty button"))
	tb.wait(`document.querySelectorAll("#search-results > li").length > 0`)
	if v := eval[string](tb, `document.getElementById("search-q").value`); v != sug {
		t.Errorf("after the suggestion the field has %q, want %q", v, sug)
	}
}

// facetCounts reads the counts a facet shows, by value key, hidden values included.
func facetCounts(tb *tab, facet string) map[string]int {
	tb.t.Helper()
	return eval[map[string]int](tb, fmt.Sprintf(`Object.fromEntries([...document.querySelectorAll("#facet-%s-values li")].map(li =>
	  [li.querySelector("input").value, +li.querySelector(".facet-n").textContent]))`, facet))
}

// shownCards returns the names on the directory's cards, after every "Show more".
func shownCards(tb *tab) []string {
	tb.t.Helper()
	for eval[bool](tb, `!document.querySelector(".dir-more").hidden`) {
		n := eval[int](tb, `document.querySelectorAll(".dir-results .mentor-card").length`)
		tb.do("show more", chromedp.Click(".dir-more"))
		tb.wait(fmt.Sprintf(`document.querySelectorAll(".dir-results .mentor-card").length > %d`, n))
	}
	out := eval[[]string](tb, `[...document.querySelectorAll(".dir-results .mentor-card .card-title a")].map(a => a.textContent)`)
	slices.Sort(out)
	return out
}

func common(a, b []*generator.Page) []*generator.Page {
	var out []*generator.Page
	for _, p := range a {
		if slices.Contains(b, p) {
			out = append(out, p)
		}
	}
	return out
}

// TestDirectoryFacets filters /mentors/: the cards are the mentors the taxonomies say, every
// value's count is what the parsed site gives (OR within a facet, AND across), a second facet
// narrows the cards, the URL holds the state through a reload and back/forward, chips remove
// filters, no match offers the filter to drop with its count, long facets show their top
// values and find the rest, a phone gets a Filters button, and axe passes, light and dark.
func TestDirectoryFacets(t *testing.T) {
	axe := axeSource(t)
	s := portal(t)
	tb := newTab(t, serveExample(t))
	ex := biggest(t, s, "expertise")
	langs := s.Taxonomy("languages").Terms
	exURL := "/mentors/?expertise=" + url.QueryEscape(ex.Slug)

	tb.open(exURL, 1280, "light")
	tb.wait(`document.querySelector(".dir-status").textContent !== ""`)
	if got, want := shownCards(tb), titles(ex.Mentors); !slices.Equal(got, want) {
		t.Errorf("%s shows %q, want %q", exURL, got, want)
	}
	if st, want := eval[string](tb, `document.querySelector(".dir-status").textContent`), fmt.Sprint(len(ex.Mentors)); !strings.HasPrefix(st, want+" ") {
		t.Errorf("%s announces %q, want it to start with %s", exURL, st, want)
	}
	// A facet's own filter leaves its counts alone; another facet's counts are within it.
	exCounts := facetCounts(tb, "expertise")
	for _, term := range s.Taxonomy("expertise").Terms {
		if exCounts[term.Slug] != len(term.Mentors) {
			t.Errorf("expertise %s shows %d, want %d", term.Slug, exCounts[term.Slug], len(term.Mentors))
		}
	}
	langCounts := facetCounts(tb, "language")
	var narrow, empty *generator.Term
	for _, term := range langs {
		want := len(common(term.Mentors, ex.Mentors))
		if langCounts[term.Slug] != want {
			t.Errorf("with %s, language %s shows %d, want %d", ex.Slug, term.Slug, langCounts[term.Slug], want)
		}
		if want > 0 && want < len(ex.Mentors) && (narrow == nil || want > len(common(narrow.Mentors, ex.Mentors))) {
			narrow = term
		}
		if want == 0 && len(term.Mentors) > 0 && empty == nil {
			empty = term
		}
	}
	if narrow == nil || empty == nil {
		t.Fatalf("the example site has no language that narrows %s and none that empties it", ex.Slug)
	}

	// A second facet: fewer cards, and the URL says both.
	tb.do("tick "+narrow.Slug, chromedp.Click(fmt.Sprintf(`#facet-language-values input[value=%q]`, narrow.Slug)))
	want := titles(common(narrow.Mentors, ex.Mentors))
	tb.wait(fmt.Sprintf(`document.querySelector(".dir-status").textContent.startsWith("%d ")`, len(want)))
	if got := shownCards(tb); !slices.Equal(got, want) {
		t.Errorf("with %s and %s the directory shows %q, want %q", ex.Slug, narrow.Slug, got, want)
	}
	both := eval[string](tb, `location.pathname + location.search`)
	if q, _ := url.ParseQuery(strings.SplitN(both, "?", 2)[1]); q.Get("expertise") != ex.Slug || q.Get("language") != narrow.Slug {
		t.Errorf("the URL is %s, want expertise=%s and language=%s", both, ex.Slug, narrow.Slug)
	}
	tb.do("reload", chromedp.Reload())
	tb.settle()
	tb.wait(fmt.Sprintf(`document.querySelector(".dir-status").textContent.startsWith("%d ")`, len(want)))
	if got := shownCards(tb); !slices.Equal(got, want) {
		t.Errorf("after a reload the directory shows %q, want %q", got, want)
	}
	if n := eval[int](tb, `document.querySelectorAll(".facet input:checked").length`); n != 2 {
		t.Errorf("after a reload %d boxes are ticked, want 2", n)
	}
	tb.do("back", chromedp.NavigateBack())
	tb.wait(fmt.Sprintf(`location.search === %q && document.querySelector(".dir-status").textContent.startsWith("%d ")`, strings.TrimPrefix(exURL, "/mentors/"), len(ex.Mentors)))
	tb.do("forward", chromedp.NavigateForward())
	tb.wait(fmt.Sprintf(`document.querySelector(".dir-status").textContent.startsWith("%d ") && document.querySelectorAll(".facet input:checked").length === 2`, len(want)))

	// Removing a chip drops its filter; Clear all drops every one.
	tb.do("remove a chip", chromedp.Click(`.chip-list li:last-child .filter-chip`))
	tb.wait(fmt.Sprintf(`location.search === %q`, strings.TrimPrefix(exURL, "/mentors/")))
	tb.do("clear all", chromedp.Click(".clear-all"))
	tb.wait(`location.search === "" && !document.querySelector(".card-grid:not(.dir-results)").hidden && document.querySelector(".dir-results").hidden`)

	// A long facet shows its top values, all of them on request, and finds within itself.
	visible := func() int {
		return eval[int](tb, `[...document.querySelectorAll("#facet-expertise-values li")].filter(li => !li.hidden).length`)
	}
	total := len(s.Taxonomy("expertise").Terms)
	if total > 8 {
		if v := visible(); v != 8 {
			t.Errorf("expertise shows %d of its %d values, want the top 8", v, total)
		}
		tb.do("show all", chromedp.Click("#facet-expertise-values ~ .facet-more"))
		if v := visible(); v != total {
			t.Errorf("after Show all, expertise shows %d of %d values", v, total)
		}
		find := strings.ToLower(string([]rune(ex.Name)[:3]))
		tb.retype("#facet-expertise-find", find)
		tb.wait(fmt.Sprintf(`[...document.querySelectorAll("#facet-expertise-values li")].filter(li => !li.hidden).length < %d`, total))
		for _, l := range eval[[]string](tb, `[...document.querySelectorAll("#facet-expertise-values li")].filter(li => !li.hidden).map(li => li.textContent.toLowerCase())`) {
			if !strings.Contains(l, find) {
				t.Errorf("finding %q in expertise shows %q", find, l)
			}
		}
	}

	// No one matches: each filter to drop is offered with the count it gives, best first.
	noneURL := exURL + "&language=" + url.QueryEscape(empty.Slug)
	tb.open(noneURL, 1280, "light")
	tb.wait(`!document.querySelector(".dir-none").hidden && document.querySelector(".dir-suggestions button")`)
	best := max(len(ex.Mentors), len(empty.Mentors))
	first := eval[string](tb, `document.querySelector(".dir-suggestions button").textContent`)
	if !strings.Contains(first, fmt.Sprintf("(%d mentor", best)) {
		t.Errorf("%s first offers %q, want the drop that gives %d mentors", noneURL, first, best)
	}
	tb.do("take the offer", chromedp.Click(".dir-suggestions button"))
	tb.wait(fmt.Sprintf(`document.querySelector(".dir-status").textContent.startsWith("%d ")`, best))

	// Axe on a filtered directory; on a phone the filters sit behind a disclosure button.
	filtered := exURL + "&language=" + url.QueryEscape(narrow.Slug)
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{375, 1280} {
			tb.open(filtered, width, scheme)
			tb.wait(`document.querySelector(".dir-status").textContent !== ""`)
			what := fmt.Sprintf("%s (%s, %d px)", filtered, scheme, width)
			if width == 375 {
				if eval[bool](tb, `getComputedStyle(document.querySelector(".facets")).display !== "none"`) {
					t.Errorf("%s: the filter panel is open before the Filters button is pressed", what)
				}
				if b := eval[string](tb, `document.querySelector(".facets-toggle").textContent`); b != "Filters (2)" {
					t.Errorf("%s: the disclosure button says %q, want Filters (2)", what, b)
				}
				tb.do("open the filters", chromedp.Click(".facets-toggle"))
				if eval[string](tb, `document.querySelector(".facets-toggle").getAttribute("aria-expanded")`) != "true" ||
					eval[bool](tb, `getComputedStyle(document.querySelector(".facets")).display === "none"`) {
					t.Errorf("%s: the Filters button does not open the panel", what)
				}
			}
			if w := eval[int](tb, `document.documentElement.scrollWidth`); w > int(width) {
				t.Errorf("%s: the page is %d px wide, scrolls sideways", what, w)
			}
			tb.axe(axe, what)
		}
	}
}

// hostileSite has a mentor whose name and role are markup, which must show as text.
const hostileSite = `
-- site.yaml --
title: Hostile
-- content/_index.md --
---
title: Home
---
-- content/mentors/x.md --
---
title: "<img src=x onerror=window.__pwned=1>"
role: "<b onmouseover=window.__pwned=2>PM</b>"
seniority: mid
expertise: [discovery]
timezone: Europe/Lisbon
capacity: 1
accepting: true
---
Markup in a name.
-- content/mentors/ana.md --
---
title: Ana Lima
role: PM
seniority: senior
expertise: [discovery]
timezone: America/Sao_Paulo
capacity: 1
---
Plain.
`

// TestSearchHostileName searches a site whose mentor is named with markup: the name shows as
// text in /search/ results, the directory's cards and /match/'s ranking, no element is made from it, and no
// script runs.
func TestSearchHostileName(t *testing.T) {
	fsys, err := txtar.FS(txtar.Parse([]byte(hostileSite)))
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(t, func(failed func(string)) string {
		return serveSite(t, generator.Options{Site: fsys, Theme: layouts.FS, Minify: true}, t.TempDir(), failed).URL
	})
	const name = "<img src=x onerror=window.__pwned=1>"
	for _, c := range []struct{ path, title string }{
		{"/search/?q=img", "#search-results .result-title"},
		{"/mentors/?q=img", ".dir-results .card-title"},
		{"/mentors/?expertise=discovery", ".dir-results .card-title"},
		{"/match/?expertise=discovery", ".match-results .card-title"},
	} {
		tb.open(c.path, 1280, "light")
		tb.wait(fmt.Sprintf(`document.querySelector(%q)`, c.title))
		got := eval[[]string](tb, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => e.textContent)`, c.title))
		if !slices.Contains(got, name) {
			t.Errorf("%s shows %q, want the name %q as text", c.path, got, name)
		}
		if n := eval[int](tb, `document.querySelectorAll("main img:not(.avatar), main b, [onerror], [onmouseover]").length`); n != 0 {
			t.Errorf("%s: %d elements were made from the markup", c.path, n)
		}
		if p := eval[string](tb, `String(window.__pwned)`); p != "undefined" {
			t.Errorf("%s: a script in the name ran (window.__pwned = %s)", c.path, p)
		}
	}
}
