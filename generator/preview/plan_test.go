package preview

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path"
	"reflect"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/fsnotify/fsnotify"

	"mentorgen/generator"
	"mentorgen/layouts"
)

const (
	create = fsnotify.Create
	write  = fsnotify.Write
	remove = fsnotify.Remove
	rename = fsnotify.Rename
	chmod  = fsnotify.Chmod
)

func ev(op fsnotify.Op, p string) Event { return Event{Path: p, Op: op} }

// TestPlan feeds Plan the event bursts that editors and tools really produce, as the Linux
// backend of fsnotify reports them, and checks what the site must re-read. Every case is
// also run with its events shuffled and with each event doubled (inotify repeats events):
// the answer must not change.
func TestPlan(t *testing.T) {
	ana := "content/mentors/ana.md"
	cases := []struct {
		name   string
		events []Event
		want   generator.Changes
	}{
		{"plain write (VS Code, nano)", []Event{ev(write, ana), ev(write, ana)},
			generator.Changes{Content: []string{ana}}},
		// vim probes that the folder is writable with a file named 4913 (then 5036, …). It is
		// an input by name; it is gone when Update reads, so the update is a no-op
		// (TestVimProbe).
		{"vim atomic save", []Event{
			ev(create, "content/mentors/4913"), ev(chmod, "content/mentors/4913"), ev(remove, "content/mentors/4913"),
			ev(rename, ana), ev(create, ana+"~"), ev(create, ana), ev(write, ana), ev(chmod, ana), ev(remove, ana+"~"),
			ev(write, "content/mentors/.ana.md.swp"),
		}, generator.Changes{Content: []string{"content/mentors/4913", ana}}},
		{"JetBrains safe write", []Event{
			ev(create, ana+"___jb_tmp___"), ev(write, ana+"___jb_tmp___"), ev(rename, ana), ev(create, ana+"___jb_old___"),
			ev(rename, ana+"___jb_tmp___"), ev(create, ana), ev(remove, ana+"___jb_old___"),
		}, generator.Changes{Content: []string{ana}}},
		{"emacs save with lock and auto-save", []Event{
			ev(create, "content/mentors/.#ana.md"), ev(write, "content/mentors/#ana.md#"), ev(write, ana), ev(remove, "content/mentors/.#ana.md"),
		}, generator.Changes{Content: []string{ana}}},
		{"temporary file renamed over (sed -i, gofmt -w style)", []Event{
			ev(create, "content/mentors/sedX1y2Z3"), ev(write, "content/mentors/sedX1y2Z3"), ev(rename, "content/mentors/sedX1y2Z3"), ev(create, ana),
		}, generator.Changes{Content: []string{ana, "content/mentors/sedX1y2Z3"}}},
		{"chmod and touch only", []Event{ev(chmod, ana), ev(chmod, "layouts/home.html")}, generator.Changes{}},
		{"delete", []Event{ev(remove, ana)}, generator.Changes{Content: []string{ana}}},
		{"rename", []Event{ev(rename, ana), ev(create, "content/mentors/ana-lima.md")},
			generator.Changes{Content: []string{"content/mentors/ana-lima.md", ana}}},
		{"new folder", []Event{ev(create, "content/news"), ev(create, "content/news/launch.md"), ev(write, "content/news/launch.md")},
			generator.Changes{Content: []string{"content/news", "content/news/launch.md"}}},
		{"site.yaml", []Event{ev(rename, "site.yaml"), ev(create, "site.yaml"), ev(create, "site.yaml~"), ev(write, ".site.yaml.swp")},
			generator.Changes{Config: true}},
		{"layout and stylesheet", []Event{ev(write, "layouts/partials/card.html"), ev(write, "layouts/assets/style.css")},
			generator.Changes{Layouts: []string{"layouts/assets/style.css", "layouts/partials/card.html"}}},
		{"static/.well-known is the one hidden input", []Event{ev(create, "static/.well-known"), ev(write, "static/.well-known/security.txt"),
			ev(create, "static/.well-known/acme-challenge/tok"), ev(write, "static/img/a.png")},
			generator.Changes{Static: []string{"static/.well-known", "static/.well-known/acme-challenge/tok", "static/.well-known/security.txt", "static/img/a.png"}}},
		{"other hidden folders in static are not", []Event{ev(write, "static/.cache/x"), ev(write, "static/img/.hidden/a.png"),
			ev(write, "static/img/.well-known/x"), ev(write, "static/.well-knownx/y")}, generator.Changes{}},
		{"hidden content is not read", []Event{ev(write, "content/.obsidian/workspace.json"), ev(write, "content/mentors/.draft.md")}, generator.Changes{}},
		{".git in every area", []Event{ev(write, ".git/index"), ev(create, "content/.git"), ev(write, "content/.git/HEAD"),
			ev(write, "layouts/.git/objects/ab/cd"), ev(write, "static/.git/config"), ev(write, "content/mentors/.git/index")}, generator.Changes{}},
		{"other tools' hidden folders", []Event{ev(write, "layouts/.cache/t.html"), ev(write, "content/.vscode/settings.json"), ev(write, "static/.sass-cache/a")}, generator.Changes{}},
		{".DS_Store in every area", []Event{ev(create, ".DS_Store"), ev(create, "content/.DS_Store"), ev(create, "content/mentors/.DS_Store"),
			ev(create, "layouts/.DS_Store"), ev(create, "static/.DS_Store"), ev(create, "static/img/.DS_Store"), ev(create, "static/.well-known/.DS_Store")}, generator.Changes{}},
		{"Windows litter", []Event{ev(create, "static/Thumbs.db"), ev(create, "content/desktop.ini"), ev(create, "layouts/partials/Thumbs.db")}, generator.Changes{}},
		{"swap, backup and lock files in every area", swapEvents("site.yaml", "content/mentors/ana.md", "layouts/partials/card.html",
			"static/css/site.css", "static/.well-known/security.txt"), generator.Changes{}},
		{"outside the site's inputs", []Event{ev(write, "public/index.html"), ev(write, "README.md"), ev(write, "site.yaml.bak"),
			ev(write, "site.yaml/x"), ev(write, "contents/a.md"), ev(write, "."), ev(write, "../content/a.md"), ev(write, "/content/a.md"),
			ev(write, "content/../README.md")}, generator.Changes{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Plan(c.events); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("Plan = %+v, want %+v", got, c.want)
			}
			r := rand.New(rand.NewPCG(1, uint64(len(c.events))))
			for range 20 {
				evs := slices.Concat(c.events, c.events)
				r.Shuffle(len(evs), func(i, j int) { evs[i], evs[j] = evs[j], evs[i] })
				if got := Plan(evs); !reflect.DeepEqual(got, c.want) {
					t.Fatalf("shuffled and doubled %v:\nPlan = %+v, want %+v", evs, got, c.want)
				}
			}
		})
	}
}

// swapEvents is what editors write beside each file while it is open or being saved: vim's
// swap files and backup, emacs's lock and auto-save, JetBrains's safe-write copies.
func swapEvents(files ...string) []Event {
	var evs []Event
	for _, f := range files {
		dir, base := path.Split(f)
		for _, scratch := range []string{"." + base + ".swp", "." + base + ".swx", "." + base + ".swo", "." + base + ".swpx", base + "~",
			".#" + base, "#" + base + "#", base + "___jb_tmp___", base + "___jb_old___"} {
			evs = append(evs, ev(create, dir+scratch), ev(write, dir+scratch), ev(remove, dir+scratch))
		}
	}
	return evs
}

func TestCSSOnly(t *testing.T) {
	for _, c := range []struct {
		changes generator.Changes
		want    bool
	}{
		{generator.Changes{Layouts: []string{"layouts/assets/style.css"}}, true},
		{generator.Changes{Static: []string{"static/css/site.css"}, Layouts: []string{"layouts/assets/print.css"}}, true},
		{generator.Changes{Layouts: []string{"layouts/assets/style.css", "layouts/partials/card.html"}}, false},
		{generator.Changes{Layouts: []string{"layouts/assets/main.js"}}, false},
		{generator.Changes{Layouts: []string{"layouts/assets"}}, false},
		{generator.Changes{Static: []string{"static/site.css"}, Content: []string{"content/a.md"}}, false},
		{generator.Changes{}, false},
	} {
		if got := cssOnly(c.changes); got != c.want {
			t.Errorf("cssOnly(%+v) = %v, want %v", c.changes, got, c.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	gone := func(string) bool { return false }
	for _, c := range []struct {
		changes generator.Changes
		want    string
	}{
		{generator.Changes{Content: []string{"content/a.md"}}, "content/a.md"},
		{generator.Changes{Content: []string{"content/a.md", "content/sedX1y2Z3"}}, "content/a.md"},
		{generator.Changes{Layouts: []string{"layouts", "layouts/assets", "layouts/assets/style.css"}}, "layouts/assets/style.css"},
		{generator.Changes{Config: true}, "site.yaml"},
		{generator.Changes{Content: []string{"content/a.md", "content/b.md", "content/c.md", "content/d.md"}}, "content/a.md, content/b.md and 2 more"},
	} {
		if got := describe(c.changes, gone); got != c.want {
			t.Errorf("describe(%+v) = %q, want %q", c.changes, got, c.want)
		}
	}
}

// TestDebounce sends bursts through the debouncer: a burst becomes one batch, and a batch
// whose removed file is missing waits for the atomic save to finish.
func TestDebounce(t *testing.T) {
	// Generous timings, so that a busy CI machine that pauses the test between two sends
	// does not split a burst: what is tested is the order of the rules, not their speed.
	d := Debounce{Quiet: 200 * time.Millisecond, Max: 6 * time.Second, Settle: 1500 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := make(chan Event)
	batches := make(chan []Event, 10)
	present := make(chan bool, 1)
	present <- true
	exists := func(string) bool { v := <-present; present <- v; return v }
	go debounce(ctx, in, d, exists, func(b []Event) { batches <- b })
	next := func() []Event {
		select {
		case b := <-batches:
			return b
		case <-time.After(10 * time.Second):
			t.Fatal("no batch within 10 s")
			return nil
		}
	}

	burst := []Event{ev(rename, "content/a.md"), ev(create, "content/a.md~"), ev(create, "content/a.md"), ev(write, "content/a.md"), ev(remove, "content/a.md~")}
	for _, e := range burst {
		in <- e
	}
	if b := next(); len(b) != len(burst) {
		t.Fatalf("one burst gave a batch of %d events, want %d: %v", len(b), len(burst), b)
	}

	// The original is renamed away; the new file arrives 400 ms later, inside Settle.
	<-present
	present <- false
	in <- ev(rename, "content/a.md")
	time.Sleep(400 * time.Millisecond) // longer than Quiet: the batch would close without Settle
	<-present
	present <- true
	in <- ev(create, "content/a.md")
	if b := next(); len(b) != 2 {
		t.Fatalf("atomic save split into batches: first has %v", b)
	}
	select {
	case b := <-batches:
		t.Fatalf("unexpected second batch %v", b)
	default:
	}
}

// TestEventsToReparse feeds simulated event bursts, shuffled, through Plan into a Session
// over testdata/portal.txtar in memory, and checks which files were parsed again:
// exactly the saved one, whatever the editor's way of saving; none for chmod; the new file
// for a new folder; none for a delete (the page just goes).
func TestEventsToReparse(t *testing.T) {
	site := memSite()
	sess, _, diags := generator.NewSession(generator.Options{Site: site, Theme: layouts.FS, Drafts: true})
	if diags != nil {
		t.Fatal(diags)
	}
	page := "content/mentors/hanako.md"
	orig := site[page].Data
	vim := []Event{ev(create, "content/mentors/4913"), ev(remove, "content/mentors/4913"), ev(rename, page), ev(create, page+"~"),
		ev(create, page), ev(write, page), ev(chmod, page), ev(remove, page+"~")}
	jetbrains := []Event{ev(create, page+"___jb_tmp___"), ev(write, page+"___jb_tmp___"), ev(rename, page), ev(create, page+"___jb_old___"),
		ev(rename, page+"___jb_tmp___"), ev(create, page), ev(remove, page+"___jb_old___")}
	vscode := []Event{ev(write, page), ev(write, page), ev(write, page)}
	r := rand.New(rand.NewPCG(4, 2))
	for i := range 30 {
		evs := slices.Clone([][]Event{vim, jetbrains, vscode}[i%3])
		r.Shuffle(len(evs), func(a, b int) { evs[a], evs[b] = evs[b], evs[a] })
		site[page] = &fstest.MapFile{Data: fmt.Appendf(slices.Clone(orig), "\nSave number %d.\n", i)}
		_, rep, diags := sess.Update(Plan(evs))
		if diags != nil || !slices.Equal(rep.Parsed, []string{page}) || rep.Assembled != "fast" {
			t.Fatalf("save %d (%v): parsed %q, assembled %q, problems %v; want only %s, swapped in", i, evs, rep.Parsed, rep.Assembled, diags, page)
		}
	}
	if c := Plan([]Event{ev(chmod, page), ev(chmod, "content/about.md")}); !c.Empty() {
		t.Errorf("chmod alone: %+v", c)
	}
	site["content/news/launch.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Launch\n---\nWe launched.\n")}
	_, rep, _ := sess.Update(Plan([]Event{ev(create, "content/news"), ev(create, "content/news/launch.md"), ev(write, "content/news/launch.md")}))
	if !slices.Equal(rep.Parsed, []string{"content/news/launch.md"}) || rep.Assembled != "full" {
		t.Errorf("new folder: %+v", rep)
	}
	delete(site, "content/news/launch.md")
	out, rep, _ := sess.Update(Plan([]Event{ev(remove, "content/news/launch.md"), ev(remove, "content/news")}))
	if len(rep.Parsed) != 0 || rep.Assembled != "full" || out.Site.PageByFile("content/news/launch.md") != nil {
		t.Errorf("delete: %+v", rep)
	}
}
