package generator_test

import (
	"os"
	"path/filepath"
	"testing"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// BenchmarkBuildExample builds the repository's example portal into a fresh folder under
// /dev/shm (tmpfs, when there is one), minified, as `mentorgen build` does.
func BenchmarkBuildExample(b *testing.B) {
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
		_, err := generator.Build(generator.BuildOptions{Site: os.DirFS(".."), SiteDir: "..", Theme: layouts.FS, Out: out, Minify: true})
		if err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(out)
	}
}

// BenchmarkParseExample parses and assembles the example portal without rendering.
func BenchmarkParseExample(b *testing.B) {
	for b.Loop() {
		if _, diags := generator.Prepare(os.DirFS(".."), layouts.FS, generator.LoadOptions{}, generator.AssembleOptions{}, generator.ThemeOptions{Minify: true}); diags != nil {
			b.Fatal(diags)
		}
	}
}
