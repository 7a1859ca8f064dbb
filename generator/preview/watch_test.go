package preview

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"mentorgen/generator"
)

// TestWatch drives the real fsnotify watcher on a temporary site folder: create, rename and
// delete a page, a new folder (and folders in it, and the folder renamed), an atomic save, a
// layouts/ folder that did not exist at start, and site.yaml.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	do := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }
	write("site.yaml", "title: T\n")
	write("content/mentors/a.md", "---\ntitle: A\n---\n")
	do(os.MkdirAll(at("static"), 0o755))

	ctx, cancel := context.WithCancel(context.Background())
	batches := make(chan generator.Changes, 100)
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, dir, Debounce{Quiet: 30 * time.Millisecond, Max: time.Second, Settle: 100 * time.Millisecond},
			func(evs []Event) {
				if c := Plan(evs); !c.Empty() {
					batches <- c
				}
			}, func(msg string) { t.Log(msg) })
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("Watch did not stop within 5 s of its context ending")
		}
	})
	time.Sleep(100 * time.Millisecond) // let the initial watches settle before the first change

	// expect waits (at most 5 s) until the batches seen so far name every path in want.
	expect := func(step string, want generator.Changes) {
		t.Helper()
		var got generator.Changes
		deadline := time.After(5 * time.Second)
		for {
			ok := got.Config == want.Config || !want.Config
			for _, l := range [][2][]string{{want.Content, got.Content}, {want.Layouts, got.Layouts}, {want.Static, got.Static}} {
				for _, p := range l[0] {
					ok = ok && slices.Contains(l[1], p)
				}
			}
			if ok {
				return
			}
			select {
			case c := <-batches:
				got.Config = got.Config || c.Config
				got.Content = append(got.Content, c.Content...)
				got.Layouts = append(got.Layouts, c.Layouts...)
				got.Static = append(got.Static, c.Static...)
			case <-deadline:
				t.Fatalf("%s: after 5 s the watcher reported %+v, want at least %+v", step, got, want)
			}
		}
	}
	drain := func() {
		for {
			select {
			case <-batches:
			case <-time.After(80 * time.Millisecond):
				return
			}
		}
	}

	write("content/tips/new.md", "---\ntitle: New\n---\n")
	expect("create in a new folder", generator.Changes{Content: []string{"content/tips"}})
	drain()
	write("content/tips/second.md", "---\ntitle: Second\n---\n")
	expect("create in the folder made after start", generator.Changes{Content: []string{"content/tips/second.md"}})

	do(os.Rename(at("content/tips/new.md"), at("content/tips/renamed.md")))
	expect("rename", generator.Changes{Content: []string{"content/tips/new.md", "content/tips/renamed.md"}})

	do(os.Remove(at("content/tips/renamed.md")))
	expect("delete", generator.Changes{Content: []string{"content/tips/renamed.md"}})

	do(os.MkdirAll(at("content/news/deep/er"), 0o755))
	expect("nested folders", generator.Changes{Content: []string{"content/news"}})
	drain()
	write("content/news/deep/er/x.md", "---\ntitle: X\n---\n")
	expect("a file deep in the new folders", generator.Changes{Content: []string{"content/news/deep/er/x.md"}})

	do(os.Rename(at("content/news"), at("content/updates")))
	expect("folder renamed", generator.Changes{Content: []string{"content/news", "content/updates"}})
	drain()
	write("content/updates/deep/er/y.md", "---\ntitle: Y\n---\n")
	expect("a file in the renamed folder, under its new name", generator.Changes{Content: []string{"content/updates/deep/er/y.md"}})

	// An atomic save: the new bytes go to a temporary file that is renamed over the page.
	write("content/mentors/.a.md.tmp", "---\ntitle: A2\n---\n")
	do(os.Rename(at("content/mentors/.a.md.tmp"), at("content/mentors/a.md")))
	expect("atomic save", generator.Changes{Content: []string{"content/mentors/a.md"}})

	write("layouts/partials/card.html", "<p>card</p>")
	expect("layouts/ created after start", generator.Changes{Layouts: []string{"layouts"}})
	drain()
	write("layouts/partials/card.html", "<p>card 2</p>")
	expect("a layout in it", generator.Changes{Layouts: []string{"layouts/partials/card.html"}})

	write("static/css/site.css", "a{}")
	expect("static", generator.Changes{Static: []string{"static/css"}})

	write("static/.well-known/security.txt", "Contact: mailto:a@example.org\n")
	expect("static/.well-known, the one hidden folder watched", generator.Changes{Static: []string{"static/.well-known"}})
	drain()
	write("static/.well-known/security.txt", "Contact: mailto:b@example.org\n")
	expect("a file in it", generator.Changes{Static: []string{"static/.well-known/security.txt"}})

	write("site.yaml", "title: T2\n")
	expect("site.yaml", generator.Changes{Config: true})
}

// TestWatchedFolders: the watcher watches exactly the folders that generator.InputArea calls
// inputs: not .git, .cache or other hidden folders in any area, but static/.well-known.
func TestWatchedFolders(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{".git/objects", "public/mentors", "content/mentors/.git", "content/.git/objects", "content/.obsidian",
		"content/tips", "layouts/.cache/x", "layouts/partials", "static/.git", "static/.well-known/acme-challenge",
		"static/img/.thumbs", "static/img/icons"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ww := &watcher{w: w, dir: dir, warn: func(msg string) { t.Log(msg) }}
	for _, top := range []string{"content", "layouts", "static", "public", ".git", "content/.git", "static/.git", "layouts/.cache"} {
		ww.addTree(top) // the last four as if created after start
	}
	var got []string
	for _, p := range w.WatchList() {
		rel, _ := filepath.Rel(dir, p)
		got = append(got, filepath.ToSlash(rel))
	}
	slices.Sort(got)
	want := []string{"content", "content/mentors", "content/tips", "layouts", "layouts/partials", "static",
		"static/.well-known", "static/.well-known/acme-challenge", "static/img", "static/img/icons"}
	if !slices.Equal(got, want) {
		t.Errorf("watched %q\nwant    %q", got, want)
	}
	for _, p := range got {
		if generator.InputArea(p) == generator.AreaNone {
			t.Errorf("watched %s, which InputArea says is no input", p)
		}
	}
}
