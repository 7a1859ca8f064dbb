package generator

import (
	"bytes"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"mentorgen/layouts"
)

// exampleSite copies the example portal of this repository into a MapFS that a test may edit.
func exampleSite(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	root := os.DirFS("..")
	for _, top := range []string{"site.yaml", "content", "static"} {
		_ = fs.WalkDir(root, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(root, p)
			if err != nil {
				t.Fatal(err)
			}
			m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return nil
		})
	}
	if m["content/mentors/sato-hanako.md"] == nil {
		t.Fatal("the example site has no content/mentors/sato-hanako.md")
	}
	return m
}

var sessionOpts = Options{Theme: layouts.FS, BaseURL: "http://127.0.0.1:1313/", Drafts: true,
	Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), Minify: true}

func withSite(o Options, site fs.FS) Options { o.Site = site; return o }

// renderAll renders every route of o into a map by path.
func renderAll(t *testing.T, site fs.FS, o *Output) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, r := range o.Routes {
		b, err := o.Render(site, r)
		if err != nil {
			t.Fatalf("render %s: %v", r.Path, err)
		}
		out[r.Path] = b
	}
	return out
}

// TestSessionMatchesPrepare edits the example portal step by step. After each Update the
// session's output must equal, route by route and byte by byte, what a full Prepare of the
// edited site renders, and its problems must be Prepare's problems. Each step also says how
// the site must have been assembled, and which files parsed again: only the saved one.
func TestSessionMatchesPrepare(t *testing.T) {
	m := exampleSite(t)
	sato := "content/mentors/sato-hanako.md"
	satoSrc := string(m[sato].Data)
	s, out, diags := NewSession(withSite(sessionOpts, m))
	if diags != nil {
		t.Fatal(diags)
	}
	edit := func(f, data string) { m[f] = &fstest.MapFile{Data: []byte(data), Mode: 0o644} }
	steps := []struct {
		name     string
		do       func()
		changes  Changes
		assemble string   // "fast", "full", or ""
		parsed   []string // nil: not checked
		broken   bool
	}{
		{"body text", func() { edit(sato, satoSrc+"\nA new sentence about discovery.\n") },
			Changes{Content: []string{sato}}, "fast", []string{sato}, false},
		{"same bytes saved again", func() { edit(sato, satoSrc+"\nA new sentence about discovery.\n") },
			Changes{Content: []string{sato}}, "", []string{}, false},
		{"title", func() { edit(sato, strings.Replace(satoSrc, `title: "佐藤 花子"`, `title: "佐藤 花子 B"`, 1)) },
			Changes{Content: []string{sato}}, "full", []string{sato}, false},
		{"expertise", func() { edit(sato, strings.Replace(satoSrc, "expertise: [mobile", "expertise: [pricing, mobile", 1)) },
			Changes{Content: []string{sato}}, "full", []string{sato}, false},
		{"new heading", func() { edit(sato, satoSrc+"\n## A new heading\n\nText.\n") },
			Changes{Content: []string{sato}}, "full", []string{sato}, false},
		{"heading kept, text changed", func() { edit(sato, satoSrc+"\n## A new heading\n\nOther text.\n") },
			Changes{Content: []string{sato}}, "fast", []string{sato}, false},
		{"broken front matter", func() { edit(sato, strings.Replace(satoSrc, `title: "佐藤 花子"`, `title: ["佐藤 花子"`, 1)) },
			Changes{Content: []string{sato}}, "", []string{sato}, true},
		{"fixed", func() { edit(sato, satoSrc) }, Changes{Content: []string{sato}}, "full", []string{sato}, false},
		{"broken link", func() { edit(sato, satoSrc+"\nSee [x](../tips/no-such-tip.md).\n") },
			Changes{Content: []string{sato}}, "fast", []string{sato}, true},
		{"link fixed", func() { edit(sato, satoSrc) }, Changes{Content: []string{sato}}, "full", []string{sato}, false},
		{"new page", func() {
			edit("content/tips/new-tip.md", "---\ntitle: A new tip\ndate: 2026-01-02\ntags: [fresh]\n---\nRead [Sato](../mentors/sato-hanako.md).\n")
		}, Changes{Content: []string{"content/tips/new-tip.md"}}, "full", []string{"content/tips/new-tip.md"}, false},
		{"page renamed", func() {
			m["content/tips/renamed-tip.md"] = m["content/tips/new-tip.md"]
			delete(m, "content/tips/new-tip.md")
		}, Changes{Content: []string{"content/tips/new-tip.md", "content/tips/renamed-tip.md"}}, "full", []string{"content/tips/renamed-tip.md"}, false},
		{"page deleted", func() { delete(m, "content/tips/renamed-tip.md") },
			Changes{Content: []string{"content/tips/renamed-tip.md"}}, "full", []string{}, false},
		{"new folder with a bundle", func() {
			edit("content/news/launch/index.md", "---\ntitle: Launch\ndate: 2026-03-01\n---\nWe launched.\n")
			edit("content/news/launch/photo.txt", "not really a photo")
		}, Changes{Content: []string{"content/news"}}, "full", []string{"content/news/launch/index.md"}, false},
		{"bundle resource changed", func() { edit("content/news/launch/photo.txt", "still not a photo") },
			Changes{Content: []string{"content/news/launch/photo.txt"}}, "", []string{}, false},
		{"folder deleted", func() {
			delete(m, "content/news/launch/index.md")
			delete(m, "content/news/launch/photo.txt")
		}, Changes{Content: []string{"content/news"}}, "full", []string{}, false},
		// The preview shows drafts, so marking a page as one moves nothing.
		{"draft", func() {
			edit(sato, strings.Replace(satoSrc, `title: "佐藤 花子"`, "title: \"佐藤 花子\"\ndraft: true", 1))
		},
			Changes{Content: []string{sato}}, "fast", []string{sato}, false},
		{"dated in the future", func() { edit(sato, strings.Replace(satoSrc, "date: 2025-01-15", "date: 2031-01-15", 1)) },
			Changes{Content: []string{sato}}, "full", []string{sato}, false},
		{"still in the future", func() { edit(sato, strings.Replace(satoSrc, "date: 2025-01-15", "date: 2032-01-15", 1)+"\nMore.\n") },
			Changes{Content: []string{sato}}, "", []string{sato}, false},
		{"published again", func() { edit(sato, satoSrc) }, Changes{Content: []string{sato}}, "full", []string{sato}, false},
		{"home text", func() { edit("content/_index.md", string(m["content/_index.md"].Data)+"\nWelcome, again.\n") },
			Changes{Content: []string{"content/_index.md"}}, "fast", []string{"content/_index.md"}, false},
		{"layout", func() {
			edit("layouts/partials/toc.html", string(must(fs.ReadFile(layouts.FS, "partials/toc.html")))+"<!-- site override -->")
		}, Changes{Layouts: []string{"layouts/partials/toc.html"}}, "", []string{}, false},
		{"site.yaml", func() {
			edit("site.yaml", strings.Replace(string(m["site.yaml"].Data), "pagination: 12", "pagination: 5", 1))
		}, Changes{Config: true}, "full", nil, false},
	}
	for _, st := range steps {
		st.do()
		next, rep, diags := s.Update(st.changes)
		want, wantDiags := Prepare(withSite(sessionOpts, m))
		if st.broken != (diags != nil) || !slices.Equal(diags, wantDiags) {
			t.Fatalf("%s: problems\n%v\nwant (Prepare)\n%v", st.name, diags, wantDiags)
		}
		if rep.Assembled != st.assemble {
			t.Errorf("%s: assembled %q, want %q", st.name, rep.Assembled, st.assemble)
		}
		if st.parsed != nil && !slices.Equal(rep.Parsed, st.parsed) && !(len(rep.Parsed) == 0 && len(st.parsed) == 0) {
			t.Errorf("%s: parsed %q, want only %q", st.name, rep.Parsed, st.parsed)
		}
		if st.broken {
			continue
		}
		if (next != out) != (rep.Changed && (rep.Assembled != "" || rep.Theme)) {
			t.Errorf("%s: new output %v, report %+v", st.name, next != out, rep)
		}
		out = next
		got, exp := renderAll(t, m, next), renderAll(t, m, want)
		for p, b := range exp {
			if !bytes.Equal(got[p], b) {
				t.Errorf("%s: %s differs from a full build\n got: %.300s\nwant: %.300s", st.name, p, got[p], b)
			}
		}
		for p := range got {
			if exp[p] == nil {
				t.Errorf("%s: %s is served but a full build has no such route", st.name, p)
			}
		}
	}
}

// TestSessionFastPathLeavesNoOldPage checks that the fast path swapped the edited page in
// everywhere: no value reachable from the new Site still points at the page it replaced. It
// walks the Site by reflection, so a field added to Site later is covered too.
func TestSessionFastPathLeavesNoOldPage(t *testing.T) {
	m := exampleSite(t)
	sato := "content/mentors/sato-hanako.md"
	s, _, diags := NewSession(withSite(sessionOpts, m))
	if diags != nil {
		t.Fatal(diags)
	}
	old := s.site.PageByFile(sato)
	m[sato] = &fstest.MapFile{Data: append(slices.Clone(m[sato].Data), "\nMore text.\n"...)}
	out, rep, diags := s.Update(Changes{Content: []string{sato}})
	if diags != nil || rep.Assembled != "fast" {
		t.Fatalf("assembled %q, problems %v", rep.Assembled, diags)
	}
	pageType := reflect.TypeFor[*Page]()
	seen := map[uintptr]bool{}
	found, newSeen := 0, 0
	var walk func(v reflect.Value, where string)
	walk = func(v reflect.Value, where string) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if v.Type() == pageType {
				switch v.Pointer() {
				case reflect.ValueOf(old).Pointer():
					found++
					t.Errorf("the replaced page is still at %s", where)
				case reflect.ValueOf(s.pages[sato]).Pointer():
					newSeen++
				}
				return // pages point at no other page
			}
			if seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
			walk(v.Elem(), where)
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), where+"."+v.Type().Field(i).Name)
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i), where+"[]")
			}
		case reflect.Map:
			it := v.MapRange()
			for it.Next() {
				walk(it.Key(), where+"{key}")
				walk(it.Value(), where+"{}")
			}
		case reflect.Interface:
			walk(v.Elem(), where)
		}
	}
	walk(reflect.ValueOf(out.Site), "Site")
	if newSeen == 0 {
		t.Error("the new page is nowhere in the new Site")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// overlayFile serves one file's bytes from memory over a site folder, so a benchmark can edit
// a corpus it must not change.
type overlayFile struct {
	fs.FS
	name string
	data []byte
}

func (o *overlayFile) Open(name string) (fs.File, error) {
	if name == o.name {
		return fstest.MapFS{name: &fstest.MapFile{Data: o.data, Mode: 0o644}}.Open(name)
	}
	return o.FS.Open(name)
}

// BenchmarkSessionEdit times what the preview server does after a mentor's text is saved:
// parse that file, swap it into the site, route. It uses the example portal, or the site
// folder in $MENTORGEN_BENCH_SITE (e.g. /dev/shm/c10k) with $MENTORGEN_BENCH_FILE edited.
func BenchmarkSessionEdit(b *testing.B) {
	var site fs.FS = exampleSite(b)
	file := "content/mentors/sato-hanako.md"
	if dir := os.Getenv("MENTORGEN_BENCH_SITE"); dir != "" {
		site, file = os.DirFS(dir), os.Getenv("MENTORGEN_BENCH_FILE")
	}
	orig := must(fs.ReadFile(site, file))
	o := &overlayFile{FS: site, name: file, data: orig}
	s, _, diags := NewSession(withSite(sessionOpts, o))
	if diags != nil {
		b.Fatal(diags)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		o.data = append(slices.Clone(orig), []byte("\nEdit "+strconv.Itoa(i)+".\n")...)
		if _, rep, diags := s.Update(Changes{Content: []string{file}}); diags != nil || rep.Assembled != "fast" {
			b.Fatalf("%v %+v", diags, rep)
		}
	}
}
