package generator_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// BenchmarkBuildExample builds the repository's example portal (or the folder in
// $MENTORGEN_BENCH_SITE) into a fresh folder under /dev/shm (tmpfs, when there is one),
// minified, as `mentorgen build` does.
func BenchmarkBuildExample(b *testing.B) {
	src := ".."
	if d := os.Getenv("MENTORGEN_BENCH_SITE"); d != "" {
		src = d
	}
	tmp := "/dev/shm"
	if _, err := os.Stat(tmp); err != nil {
		tmp = b.TempDir()
	}
	dir, err := os.MkdirTemp(tmp, "mg-bench-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for i := 0; b.Loop(); i++ {
		out := filepath.Join(dir, "public", string(rune('a'+i%26)), filepath.Base(dir)+string(rune('0'+i/26%10)))
		_, err := generator.Build(generator.Options{Site: os.DirFS(src), Theme: layouts.FS, Minify: true}, generator.Destination{Dir: out, SiteDir: src})
		if err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(out)
	}
}

// BenchmarkParseExample parses and assembles the example portal without rendering.
func BenchmarkParseExample(b *testing.B) {
	for b.Loop() {
		if _, diags := generator.Prepare(generator.Options{Site: os.DirFS(".."), Theme: layouts.FS, Minify: true}); diags != nil {
			b.Fatal(diags)
		}
	}
}

// BenchmarkAssemble assembles and routes an already parsed site: the work the preview server
// does after an edit that changes a page's URL, title, date or terms. The site is the example
// portal, or the folder in $MENTORGEN_BENCH_SITE (e.g. a corpus from gen_corpus.py).
func BenchmarkAssemble(b *testing.B) {
	dir := ".."
	if d := os.Getenv("MENTORGEN_BENCH_SITE"); d != "" {
		dir = d
	}
	in, diags := generator.Load(os.DirFS(dir), generator.Options{})
	if diags != nil {
		b.Fatal(diags)
	}
	theme, _ := generator.LoadTheme(nil, layouts.FS, true)
	for b.Loop() {
		s, diags := generator.Assemble(in, generator.Options{})
		if diags != nil {
			b.Fatal(diags)
		}
		generator.Routes(s, theme)
	}
}

// BenchmarkParsePages parses every content file of the example portal, one after another:
// the Markdown and front matter work of a build, without reading files, assembling or
// loading the theme, so that changes to the converter show up above the noise.
func BenchmarkParsePages(b *testing.B) {
	site := os.DirFS("..")
	cfgSrc, err := fs.ReadFile(site, "site.yaml")
	if err != nil {
		b.Fatal(err)
	}
	cfg, _ := generator.ParseConfig("site.yaml", cfgSrc)
	var files []string
	srcs := map[string][]byte{}
	_ = fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
			srcs[p], _ = fs.ReadFile(site, p)
		}
		return nil
	})
	p := generator.NewParser(cfg)
	for b.Loop() {
		for _, f := range files {
			p.ParsePage(f, srcs[f])
		}
	}
}
