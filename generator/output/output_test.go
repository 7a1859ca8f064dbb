package output_test

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mentorgen/generator/output"
)

// build writes files (slash path → contents) as one build of out and commits it.
func build(t *testing.T, out string, files map[string]string) *output.Manifest {
	t.Helper()
	w, err := output.New(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range slices.Sorted(maps.Keys(files)) {
		if err := w.Write(f, []byte(files[f])); err != nil {
			w.Abort()
			t.Fatal(err)
		}
	}
	m, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// entry is what a deploy by rsync or object-store sync looks at, plus the inode.
type entry struct {
	data string
	info fs.FileInfo
}

// snapshot returns every file and folder under dir (dir itself as "."), by slash path.
func snapshot(t *testing.T, dir string) map[string]entry {
	t.Helper()
	snap := map[string]entry{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		var data []byte
		if !d.IsDir() {
			if data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		rel, _ := filepath.Rel(dir, p)
		snap[filepath.ToSlash(rel)] = entry{string(data), info}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// same reports whether a file or folder is untouched: same bytes, inode and mtime.
func same(a, b entry) bool {
	return a.data == b.data && os.SameFile(a.info, b.info) && a.info.ModTime().Equal(b.info.ModTime())
}

func checkUntouched(t *testing.T, before, after map[string]entry) {
	t.Helper()
	for p, e := range before {
		if a, ok := after[p]; !ok {
			t.Errorf("%s is gone", p)
		} else if !same(e, a) {
			t.Errorf("%s was touched", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s appeared", p)
		}
	}
}

// age moves the mtime of everything under dir an hour back, so that a rewrite shows without
// sleeping.
func age(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	var paths []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		paths = append(paths, p)
		return err
	})
	// Children first: changing a file's times does not touch its folder, but be safe.
	for _, p := range slices.Backward(paths) {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

func noStaging(t *testing.T, out string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") || strings.HasSuffix(e.Name(), ".lock") {
			t.Errorf("%s was left beside the output folder", e.Name())
		}
	}
}

func wantList(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

var site = map[string]string{
	"index.html":        "home",
	"about/index.html":  "about",
	"tips/index.html":   "tips",
	"tips/a/index.html": "a tip",
	"images/x.txt":      "static file",
	"x/index.html":      "x as a folder",
}

func TestFirstBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	m := build(t, out, site)
	wantList(t, "Written", m.Written, slices.Sorted(maps.Keys(site)))
	wantList(t, "Unchanged", m.Unchanged, nil)
	wantList(t, "Removed", m.Removed, nil)
	var n int64
	for _, v := range site {
		n += int64(len(v))
	}
	if m.Bytes != n {
		t.Errorf("Bytes = %d, want %d", m.Bytes, n)
	}
	snap := snapshot(t, out)
	for f, v := range site {
		if snap[f].data != v {
			t.Errorf("%s = %q, want %q", f, snap[f].data, v)
		}
	}
	if _, ok := snap[output.MarkerFile]; !ok {
		t.Error("no marker file")
	}
	noStaging(t, out)
}

func TestFirstBuildIntoEmptyFolder(t *testing.T) {
	out := t.TempDir()
	build(t, out, site)
	if _, err := os.Stat(filepath.Join(out, output.MarkerFile)); err != nil {
		t.Error(err)
	}
}

func TestRebuildKeepsUnchangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, site)
	age(t, out)
	before := snapshot(t, out)

	next := maps.Clone(site)
	next["about/index.html"] = "about, changed"
	next["tips/b/index.html"] = "new tip"
	delete(next, "images/x.txt")
	delete(next, "x/index.html")
	next["x"] = "x as a file" // was a folder
	m := build(t, out, next)

	wantList(t, "Written", m.Written, []string{"about/index.html", "tips/b/index.html", "x"})
	wantList(t, "Unchanged", m.Unchanged, []string{"index.html", "tips/a/index.html", "tips/index.html"})
	wantList(t, "Removed", m.Removed, []string{"images/x.txt", "x/index.html"})
	after := snapshot(t, out)
	for _, f := range m.Unchanged {
		if !same(before[f], after[f]) {
			t.Errorf("%s was rewritten though its bytes did not change", f)
		}
	}
	for f, v := range next {
		if after[f].data != v {
			t.Errorf("%s = %q, want %q", f, after[f].data, v)
		}
	}
	for _, f := range m.Removed {
		if _, ok := after[f]; ok {
			t.Errorf("stale file %s is still there", f)
		}
	}
	noStaging(t, out)
}

func TestNoopBuildTouchesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, site)
	age(t, out)
	before := snapshot(t, out)
	m := build(t, out, site)
	wantList(t, "Written", m.Written, nil)
	wantList(t, "Removed", m.Removed, nil)
	wantList(t, "Unchanged", m.Unchanged, slices.Sorted(maps.Keys(site)))
	checkUntouched(t, before, snapshot(t, out)) // "." included: not even the folder's mtime
	noStaging(t, out)
}

func TestAbortLeavesOutputAlone(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, site)
	before := snapshot(t, out)
	w, err := output.New(out)
	if err != nil {
		t.Fatal(err)
	}
	w.Write("about/index.html", []byte("changed"))
	w.Write("index.html", []byte("home"))
	w.Write("new/index.html", []byte("new"))
	if err := w.Write("about", []byte("clash")); err == nil {
		t.Fatal("clashing write succeeded")
	}
	w.Abort()
	checkUntouched(t, before, snapshot(t, out))
	noStaging(t, out)
	if err := w.Write("late", []byte("late")); err == nil {
		t.Error("Write after Abort succeeded")
	}
	noStaging(t, out)
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "docs")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("precious"), 0o644)
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("precious"), 0o644)
	ours := filepath.Join(dir, "ours")
	build(t, ours, site)
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)

	cases := map[string]struct{ src, out, want string }{
		"not ours":        {t.TempDir(), foreign, "not empty and was not written by mentorgen"},
		"a file":          {t.TempDir(), file, "is a file, not a folder"},
		"equals source":   {dir, dir, "contains the site folder"},
		"contains source": {filepath.Join(dir, "site"), dir, "contains the site folder"},
		"inside content":  {dir, filepath.Join(dir, "content", "out"), "inside the site's content/"},
		"is static":       {dir, filepath.Join(dir, "static"), "inside the site's static/"},
		"inside layouts":  {dir, filepath.Join(dir, "layouts", "a", "b"), "inside the site's layouts/"},
		"relative source": {".", "..", "contains the site folder"},
		"ours":            {filepath.Join(dir, "site"), ours, ""},
		"empty":           {filepath.Join(dir, "site"), empty, ""},
		"missing":         {filepath.Join(dir, "site"), filepath.Join(dir, "public"), ""},
		"sibling prefix":  {filepath.Join(dir, "site"), filepath.Join(dir, "site-public"), ""},
		"content prefix":  {dir, filepath.Join(dir, "contents"), ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := output.Check(c.src, c.out)
			if c.want == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to say %q", err, c.want)
			}
		})
	}
	for _, p := range []string{filepath.Join(foreign, "keep.txt"), file} {
		if data, _ := os.ReadFile(p); string(data) != "precious" {
			t.Errorf("%s was touched", p)
		}
	}
}

// New refuses what Check refuses about the folder itself, for a caller that skipped Check.
func TestNewRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "docs")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("precious"), 0o644)
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("precious"), 0o644)
	for _, out := range []string{foreign, file} {
		if _, err := output.New(out); err == nil {
			t.Errorf("New(%s) succeeded", out)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(foreign, "keep.txt")); string(data) != "precious" {
		t.Error("the foreign folder was touched")
	}
	if data, _ := os.ReadFile(file); string(data) != "precious" {
		t.Error("the file was touched")
	}
	noStaging(t, foreign)
}

func TestWriteRefusesClashes(t *testing.T) {
	cases := []struct{ first, second, want string }{
		{"about", "about/index.html", "cannot write both about and about/index.html"},
		{"about/index.html", "about", "cannot write both about and about/index.html"},
		{"a/b", "a/b/c/d.html", "cannot write both a/b and a/b/c/d.html"},
		{"a/b/c/d.html", "a/b", "cannot write both a/b and a/b/c/d.html"},
		{"a/b/c/d.html", "a/b/c/d.html", "cannot write a/b/c/d.html twice"},
		{"../x", "", `cannot write "../x"`},
		{"/x", "", `cannot write "/x"`},
		{"", "", `cannot write ""`},
		{output.MarkerFile, "", "cannot write .mentorgen"},
	}
	for _, c := range cases {
		out := filepath.Join(t.TempDir(), "public")
		w, err := output.New(out)
		if err != nil {
			t.Fatal(err)
		}
		err = w.Write(c.first, []byte("1"))
		if c.second != "" {
			if err != nil {
				t.Fatal(err)
			}
			err = w.Write(c.second, []byte("2"))
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s then %s: err = %v, want it to say %q", c.first, c.second, err, c.want)
		} else if strings.Contains(err.Error(), "staging") {
			t.Errorf("%s then %s: err = %v names the staging folder", c.first, c.second, err)
		}
		w.Abort()
	}
}

// An operating system error names the file relative to the output folder, never the staging
// folder the caller does not know about.
func TestErrorsHideStaging(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	long := strings.Repeat("n", 300) // longer than any file system allows for one name
	for _, file := range []string{"dir/" + long, long + "/index.html"} {
		w, err := output.New(out)
		if err != nil {
			t.Fatal(err)
		}
		err = w.Write(file, []byte("x"))
		w.Abort()
		if err == nil {
			t.Fatalf("writing %s succeeded", file)
		}
		if msg := err.Error(); strings.Contains(msg, "staging") || !strings.HasPrefix(msg, "cannot write "+file+": ") {
			t.Errorf("err = %q, want it to name %s and not the staging folder", msg, file)
		}
	}
}

func TestLeftoverStagingIsRemoved(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	build(t, out, site)
	leftover := filepath.Join(dir, ".public.staging")
	os.MkdirAll(filepath.Join(leftover, "junk"), 0o755)
	os.WriteFile(filepath.Join(leftover, "junk", "old.html"), []byte("killed build"), 0o644)
	// A killed build leaves its lock file too, but nobody holds it any more.
	os.WriteFile(filepath.Join(dir, ".public.lock"), nil, 0o644)
	next := maps.Clone(site)
	next["new.html"] = "new"
	m := build(t, out, next)
	wantList(t, "Written", m.Written, []string{"new.html"})
	if _, err := os.Stat(filepath.Join(out, "junk")); err == nil {
		t.Error("the leftover's files reached the output")
	}
	noStaging(t, out)
}

func TestConcurrentWrite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	files := map[string]string{}
	for i := range 2000 {
		files[fmt.Sprintf("s%d/p%d/index.html", i%7, i)] = fmt.Sprint("page ", i)
	}
	concurrent := func() *output.Manifest {
		w, err := output.New(out)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for f, v := range files {
			wg.Go(func() {
				if err := w.Write(f, []byte(v)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		m, err := w.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if m := concurrent(); len(m.Written) != len(files) {
		t.Errorf("first build wrote %d files, want %d", len(m.Written), len(files))
	}
	snap := snapshot(t, out)
	for f, v := range files {
		if snap[f].data != v {
			t.Fatalf("%s = %q, want %q", f, snap[f].data, v)
		}
	}
	files["s0/p0/index.html"] = "changed"
	m := concurrent()
	wantList(t, "Written", m.Written, []string{"s0/p0/index.html"})
	if len(m.Unchanged) != len(files)-1 {
		t.Errorf("second build kept %d files, want %d", len(m.Unchanged), len(files)-1)
	}
}

// The same clash, raced: exactly one of the two writes fails, whichever comes second.
func TestConcurrentClash(t *testing.T) {
	for range 50 {
		w, err := output.New(filepath.Join(t.TempDir(), "public"))
		if err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, f := range []string{"about", "about/index.html"} {
			wg.Go(func() { errs[i] = w.Write(f, []byte(f)) })
		}
		wg.Wait()
		w.Abort()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("errs = %v, want exactly one", errs)
		}
	}
}

// An output folder whose parents do not exist yet is made, parents and all.
func TestNewMakesParents(t *testing.T) {
	out := filepath.Join(t.TempDir(), "a", "b", "public")
	w, err := output.New(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("index.html", []byte("hi")); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || string(data) != "hi" {
		t.Fatalf("index.html = %q, %v", data, err)
	}
}
