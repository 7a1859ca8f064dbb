package e2e

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"mentorgen/generator"
	"mentorgen/generator/preview"
	"mentorgen/layouts"
)

// previewSite is the site the browser test edits: a mentor, the directory and a home page.
// startPreview makes the mentor's page long enough to scroll.
const previewSite = `
-- site.yaml --
title: Preview Test
base_url: https://mentors.example.org/
vocabularies:
  expertise: [discovery, pricing]
-- content/_index.md --
---
title: Preview Test
---
Welcome.
-- content/mentors/_index.md --
---
title: Mentors
---
Find one.
-- content/mentors/ana.md --
---
title: "Ana Lima"
slug: ana-lima
role: Senior Product Manager
seniority: senior
expertise: [discovery, pricing]
timezone: America/Sao_Paulo
summary: Helps career changers land their first PM role.
---
## About me

I build onboarding for a bank.
`

// startPreview writes previewSite into a temporary folder (with the built-in stylesheet as
// a site override, so the test can edit it), lets prepare (if not nil) change it, and runs the
// preview server with its watcher on 127.0.0.1.
func startPreview(t *testing.T, prepare func(dir string)) (dir, url string) {
	t.Helper()
	dir = t.TempDir()
	fsys, err := txtar.FS(txtar.Parse([]byte(previewSite)))
	if err == nil {
		err = os.CopyFS(dir, fsys)
	}
	if err != nil {
		t.Fatal(err)
	}
	mentor := filepath.Join(dir, "content", "mentors", "ana.md")
	src, err := os.ReadFile(mentor)
	if err == nil {
		for i := range 40 {
			src = fmt.Appendf(src, "\nParagraph %d, which makes the page long enough to scroll.\n", i+1)
		}
		err = os.WriteFile(mentor, src, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	css, err := fs.ReadFile(layouts.FS, "assets/style.css")
	if err == nil {
		err = os.MkdirAll(filepath.Join(dir, "layouts", "assets"), 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "layouts", "assets", "style.css"), css, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url = "http://" + ln.Addr().String()
	srv := preview.New(preview.Options{Options: generator.Options{Site: root.FS(), Theme: layouts.FS, BaseURL: url + "/", Drafts: true}, Dir: dir, Log: io.Discard})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Run(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done; root.Close() })
	return dir, url
}

// waitFor evaluates a JavaScript condition until it is true, for at most 15 s. Errors while
// the page reloads (its context goes away mid-call) are retried. It returns how long it took.
func waitFor(t *testing.T, ctx context.Context, what, cond string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { try { return !!(`+cond+`) } catch (e) { return false } })()`))
		if err == nil && ok {
			return time.Since(start)
		}
		if time.Since(start) > 15*time.Second {
			t.Fatalf("%s: not true within 15 s: %s (last error: %v)", what, cond, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestPreviewInBrowser opens a mentor's page from the preview server in chromium and edits
// the site under it: the saved text appears without touching the browser, scrolled where the
// reader was; broken front matter shows an overlay naming the line, over the last good page,
// and fixing it removes the overlay; a stylesheet edit restyles the page without a reload;
// a new slug takes the page to its new URL.
func TestPreviewInBrowser(t *testing.T) {
	var mu sync.Mutex
	var problems []string
	ctx := browser(t, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, fmt.Sprintf("console error: %v", ev.Args))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		}
	})
	dir, url := startPreview(t, nil)
	rel := "content/mentors/ana.md"
	file := filepath.Join(dir, filepath.FromSlash(rel))
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	save := func(data string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	tctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.EmulateViewport(1280, 700), chromedp.Navigate(url+"/mentors/ana-lima/"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tctx, "the page is long enough to scroll", `document.documentElement.scrollHeight > 1400`)
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[int64](`window.scrollTo({top: 600, behavior: "instant"}), scrollY`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tctx, "the live-reload stream is open", `window.mentorgen && window.mentorgen.live`)

	save(string(orig) + "\nA sentence typed in the editor just now.\n")
	took := waitFor(t, tctx, "the saved text shows", `document.body.innerText.includes("A sentence typed in the editor just now.")`)
	t.Logf("save → text visible: %s", took.Round(time.Millisecond))
	waitFor(t, tctx, "the reader stays where they were", `Math.abs(scrollY - 600) < 5`)

	n, title := field(t, string(orig), "title")
	badLine := strings.Replace(title, ": ", ": [", 1) // an unclosed YAML list
	save(strings.Replace(string(orig), title, badLine, 1))
	overlay := `document.querySelector("mentorgen-overlay").shadowRoot.textContent.includes(%s)`
	waitFor(t, tctx, "the overlay names the broken line", fmt.Sprintf(overlay, strconv.Quote(fmt.Sprintf("%s:%d", rel, n))))
	waitFor(t, tctx, "the overlay shows the broken source", fmt.Sprintf(overlay, strconv.Quote(badLine)))
	waitFor(t, tctx, "the last good page is still under it", `document.body.innerText.includes("A sentence typed in the editor just now.")`)

	save(string(orig) + "\nFixed again.\n")
	waitFor(t, tctx, "the overlay goes once fixed", `!document.querySelector("mentorgen-overlay") && document.body.innerText.includes("Fixed again.")`)

	if _, err := chromedp.Run(tctx, chromedp.Evaluate[int64](`window.notReloaded = 1`)); err != nil {
		t.Fatal(err)
	}
	css := filepath.Join(dir, "layouts", "assets", "style.css")
	data, err := os.ReadFile(css)
	if err == nil {
		err = os.WriteFile(css, append(data, "\nbody{outline:3px solid rgb(1, 2, 3)}\n"...), 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, tctx, "the new stylesheet applies", `getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	if ok, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.notReloaded === 1 && document.querySelectorAll('link[rel="stylesheet"]').length === 1`)); err != nil || !ok {
		t.Errorf("a stylesheet edit reloaded the page or left two stylesheets (%v)", err)
	}

	_, slug := field(t, string(orig), "slug")
	save(strings.Replace(string(orig), slug, "slug: moved-here", 1))
	waitFor(t, tctx, "the page follows its new URL", `location.pathname === "/mentors/moved-here/" && document.querySelector("h1")`)

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
}

// field returns the line of a front matter key in src and its number, counted from 1.
func field(t *testing.T, src, key string) (int, string) {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, key+":") {
			return i + 1, l
		}
	}
	t.Fatalf("no %s: line in\n%s", key, src)
	return 0, ""
}
