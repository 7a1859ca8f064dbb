package output_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"mentorgen/generator/output"
)

// benchDir is where benchmarks write: $MENTORGEN_BENCH_DIR, else /dev/shm when it exists
// (memory, so the figure is the writer's own cost, not the disk's), else a temporary folder.
func benchDir(b *testing.B) string {
	base := os.Getenv("MENTORGEN_BENCH_DIR")
	if base == "" {
		if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
			base = "/dev/shm"
		} else {
			return b.TempDir()
		}
	}
	dir, err := os.MkdirTemp(base, "mentorgen-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// benchFiles returns n files of size bytes each, spread over folders as a site's pages are.
func benchFiles(n, size int) ([]string, [][]byte) {
	names, data := make([]string, n), make([][]byte, n)
	for i := range n {
		names[i] = fmt.Sprintf("s%d/p%d/index.html", i%20, i)
		d := make([]byte, size)
		for j := range d {
			d[j] = byte('a' + (i+j)%26)
		}
		data[i] = d
	}
	return names, data
}

// writeAll writes one build the way the generator does, from GOMAXPROCS goroutines.
func writeAll(b *testing.B, out string, names []string, data [][]byte) *output.Manifest {
	w, err := output.New(out)
	if err != nil {
		b.Fatal(err)
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range names {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := w.Write(names[i], data[i]); err != nil {
				b.Error(err)
			}
		})
	}
	wg.Wait()
	m, err := w.Commit()
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkWriteUnchanged rebuilds 2,000 files of 20 kB whose bytes are all unchanged: the
// writer reads and compares each, and the commit touches nothing.
func BenchmarkWriteUnchanged(b *testing.B) {
	out := filepath.Join(benchDir(b), "public")
	names, data := benchFiles(2000, 20<<10)
	writeAll(b, out, names, data)
	b.SetBytes(int64(len(names) * 20 << 10))
	for b.Loop() {
		if m := writeAll(b, out, names, data); len(m.Unchanged) != len(names) {
			b.Fatalf("%d unchanged, want %d", len(m.Unchanged), len(names))
		}
	}
}

// BenchmarkWriteOneChanged is the same rebuild with one file changed, so the other 1,999 are
// hard-linked into the staging folder and the folders are swapped.
func BenchmarkWriteOneChanged(b *testing.B) {
	out := filepath.Join(benchDir(b), "public")
	names, data := benchFiles(2000, 20<<10)
	writeAll(b, out, names, data)
	b.SetBytes(int64(len(names) * 20 << 10))
	for i := 0; b.Loop(); i++ {
		data[0][0] = byte('A' + i%26)
		if m := writeAll(b, out, names, data); len(m.Written) != 1 {
			b.Fatalf("%d written, want 1", len(m.Written))
		}
	}
}

// BenchmarkWriteFirst writes 2,000 files of 20 kB into an empty output folder.
func BenchmarkWriteFirst(b *testing.B) {
	dir := benchDir(b)
	names, data := benchFiles(2000, 20<<10)
	b.SetBytes(int64(len(names) * 20 << 10))
	out := filepath.Join(dir, "public")
	for b.Loop() {
		writeAll(b, out, names, data)
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
