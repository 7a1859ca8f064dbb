package generator_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"mentorgen/generator"
	"mentorgen/layouts"
)

func smallSite() fstest.MapFS {
	return fstest.MapFS{
		"site.yaml":              {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/about.md":       {Data: []byte("---\ntitle: About\n---\nHello.\n")},
		"content/tips/a.md":      {Data: []byte("---\ntitle: A tip\ndate: 2025-01-01\n---\nTip text.\n")},
		"static/images/x.txt":    {Data: []byte("static file\n")},
		"content/tips/_index.md": {Data: []byte("---\ntitle: Tips\n---\n")},
	}
}

func buildInto(t *testing.T, site fstest.MapFS, out string) (*generator.BuildResult, error) {
	t.Helper()
	return generator.Build(generator.Options{Site: site, Theme: layouts.FS,
		Minify: true, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, generator.Destination{Dir: out, SiteDir: t.TempDir()})
}

// snapshot returns every file under dir with its bytes and modification time.
func snapshot(t *testing.T, dir string) map[string]string { return treeFiles(t, dir, true) }

// fileContents returns every file under dir with its bytes.
func fileContents(t *testing.T, dir string) map[string]string { return treeFiles(t, dir, false) }

// treeFiles returns every file under dir by its slash path: its bytes, after its
// modification time when withTime.
func treeFiles(t *testing.T, dir string, withTime bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		key, v := filepath.ToSlash(rel), string(data)
		if withTime {
			info, _ := d.Info()
			v = info.ModTime().String() + "\x00" + v
		}
		out[key] = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRebuildKeepsUnchangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := smallSite()
	if _, err := buildInto(t, site, out); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	time.Sleep(20 * time.Millisecond) // so a rewrite would show in the mtime

	// Nothing changed: nothing is written, not even the folder.
	res, err := buildInto(t, site, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 0 || res.Removed != 0 {
		t.Errorf("no-op build wrote %d and removed %d files, want 0 and 0", res.Written, res.Removed)
	}
	if after := snapshot(t, out); !equalMaps(before, after) {
		t.Error("no-op build changed the output")
	}

	// One page changes and one goes away: only that page is new, the rest keep their mtime.
	site["content/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\n---\nHello again.\n")}
	delete(site, "static/images/x.txt")
	res, err = buildInto(t, site, out)
	if err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, out)
	if _, ok := after["images/x.txt"]; ok {
		t.Error("stale file images/x.txt is still there")
	}
	if res.Removed != 1 {
		t.Errorf("Removed = %d, want 1", res.Removed)
	}
	for f, v := range before {
		switch {
		case f == "about/index.html":
			if after[f] == v {
				t.Errorf("%s did not change", f)
			}
		case f == "images/x.txt", f == ".mentorgen":
		case strings.HasPrefix(f, "search/"): // the index holds every page's text, about's too
		case after[f] != v:
			t.Errorf("%s was rewritten though its bytes did not change", f)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), ".public.staging")); !os.IsNotExist(err) {
		t.Error("the staging folder was left behind")
	}
}

func TestFailedBuildLeavesOutputAlone(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := smallSite()
	if _, err := buildInto(t, site, out); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	// A content error, and separately a template error found only while rendering.
	broken := smallSite()
	broken["content/about.md"] = &fstest.MapFile{Data: []byte("---\ntitle: About\nunknown: 1\n---\n")}
	if _, err := buildInto(t, broken, out); err == nil {
		t.Fatal("build with a bad key succeeded")
	}
	broken = smallSite()
	broken["layouts/_default/single.html"] = &fstest.MapFile{Data: []byte(`{{ define "main" }}{{ .Page.Nope }}{{ end }}`)}
	_, err := buildInto(t, broken, out)
	if err == nil || !strings.Contains(err.Error(), "layouts/_default/single.html:1") {
		t.Fatalf("build with a bad template: err = %v, want the layout's file and line", err)
	}
	if after := snapshot(t, out); !equalMaps(before, after) {
		t.Error("a failed build changed the output")
	}
}

func TestOutputFolderIsRefused(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "docs")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("precious"), 0o644)
	cases := map[string]struct{ src, out, want string }{
		"not ours":        {t.TempDir(), foreign, "not empty and was not written by mentorgen"},
		"equals source":   {dir, dir, "contains the site folder"},
		"contains source": {filepath.Join(dir, "site"), dir, "contains the site folder"},
		"inside content":  {dir, filepath.Join(dir, "content", "out"), "inside the site's content/"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := generator.Build(generator.Options{Site: smallSite(), Theme: layouts.FS}, generator.Destination{Dir: c.out, SiteDir: c.src})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to say %q", err, c.want)
			}
		})
	}
	if data, _ := os.ReadFile(filepath.Join(foreign, "keep.txt")); !bytes.Equal(data, []byte("precious")) {
		t.Error("a refused build touched the foreign folder")
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestBuildCancelledAnywhere cancels BuildContext's context at 50 moments spread over a
// build, alternating between two versions of a site: the output is always exactly the
// previous version or the new one, never a mix, and no staging folder is left beside it.
func TestBuildCancelledAnywhere(t *testing.T) {
	version := func(v int) fstest.MapFS {
		site := smallSite()
		for i := range 80 {
			site[fmt.Sprintf("content/tips/t%03d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
				"---\ntitle: Tip %d\ndate: 2025-01-01\ntags: [t%d]\n---\nVersion %d of tip %d.\n", i, i%7, v, i)}
		}
		return site
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	opts := func(v int) generator.Options {
		return generator.Options{Site: version(v), Theme: layouts.FS, Minify: true, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	dst := generator.Destination{Dir: out, SiteDir: t.TempDir()}
	// Each version's output, and how long a build takes, to spread the cancellations over it.
	contents := [2]map[string]string{}
	var took time.Duration
	for v := range 2 {
		start := time.Now()
		if _, err := generator.Build(opts(v), dst); err != nil {
			t.Fatal(err)
		}
		took = max(took, time.Since(start))
		contents[v] = fileContents(t, out)
	}
	cur, cancelled := 1, 0
	for i := range 50 {
		next := 1 - cur
		ctx, cancel := context.WithCancel(context.Background())
		timer := time.AfterFunc(took*time.Duration(i)/50, cancel)
		_, err := generator.BuildContext(ctx, opts(next), dst)
		timer.Stop()
		cancel()
		switch {
		case errors.Is(err, context.Canceled):
			cancelled++
		case err != nil:
			t.Fatalf("run %d: %v", i, err)
		default:
			cur = next
		}
		if got := fileContents(t, out); !equalMaps(got, contents[cur]) {
			t.Fatalf("run %d: the output is neither version %d nor a clean earlier one", i, cur)
		}
		if entries, _ := os.ReadDir(parent); len(entries) != 1 {
			t.Fatalf("run %d: beside the output: %v", i, entries)
		}
	}
	if cancelled < 5 {
		t.Errorf("only %d of 50 builds were cancelled: the moments do not spread over a build", cancelled)
	}
	t.Logf("50 runs, %d cancelled midway, 0 mixed outputs (build took %v)", cancelled, took)
}
