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
