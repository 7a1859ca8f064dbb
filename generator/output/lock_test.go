//go:build unix

package output_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"mentorgen/generator/output"
)

// tryBuild is build that returns its error instead of failing the test, for goroutines.
func tryBuild(out string, files map[string]string) error {
	w, err := output.New(out)
	if err != nil {
		return err
	}
	for _, f := range slices.Sorted(maps.Keys(files)) {
		if err := w.Write(f, []byte(files[f])); err != nil {
			w.Abort()
			return err
		}
	}
	_, err = w.Commit()
	return err
}

// holds reports whether snap is exactly files and the marker.
func holds(snap map[string]entry, files map[string]string) bool {
	n := 0
	for p, e := range snap {
		if e.info.IsDir() || p == output.MarkerFile {
			continue
		}
		if v, ok := files[p]; !ok || v != e.data {
			return false
		}
		n++
	}
	return n == len(files)
}

// Two builds of one output folder at once both succeed, one after the other, and the folder
// holds one of the two sites whole. Unlocked, the second removed the first's staging folder
// while the first was writing into it, and usually both failed.
func TestConcurrentBuilds(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	for round := range 10 {
		sites := make([]map[string]string, 2)
		for i := range sites {
			sites[i] = map[string]string{}
			for p := range 300 {
				sites[i][fmt.Sprintf("s%d/p%d/index.html", p%7, p)] = fmt.Sprintf("round %d, build %d, page %d", round, i, p)
			}
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range sites {
			wg.Go(func() { errs[i] = tryBuild(out, sites[i]) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d: build %d: %v", round, i, err)
			}
		}
		if snap := snapshot(t, out); !holds(snap, sites[0]) && !holds(snap, sites[1]) {
			t.Errorf("round %d: %s holds neither site whole", round, out)
		}
		noStaging(t, out)
		if t.Failed() {
			t.FailNow()
		}
	}
}

// newAsync starts NewContext in a goroutine. The returned channel says when it calls waiting;
// the other gives its result.
func newAsync(ctx context.Context, out string) (<-chan struct{}, <-chan result) {
	waiting, done := make(chan struct{}), make(chan result, 1)
	go func() {
		w, err := output.NewContext(ctx, out, func() { close(waiting) })
		done <- result{w, err}
	}()
	return waiting, done
}

type result struct {
	w   *output.Writer
	err error
}

// within waits for c, failing the test after a generous deadline rather than hanging.
func within[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("still waiting for %s after a minute", what)
		panic("unreachable")
	}
}

// A second build of one output folder says it is waiting, and starts when the first commits:
// it then sees the first one's files as the previous build.
func TestSecondBuildWaits(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := output.New(out)
	if err != nil {
		t.Fatal(err)
	}
	first.Write("index.html", []byte("home"))
	waiting, done := newAsync(context.Background(), out)
	select {
	case <-waiting:
	case r := <-done:
		t.Fatalf("the second New returned while the first build runs: %v", r.err)
	}
	if _, err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	r := within(t, done, "the second New")
	if r.err != nil {
		t.Fatal(r.err)
	}
	r.w.Write("index.html", []byte("home"))
	m, err := r.w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	wantList(t, "Unchanged", m.Unchanged, []string{"index.html"})
	noStaging(t, out)
}

// A build waiting for another stops when its context is done (Ctrl-C), touching nothing; the
// build it waited for is not disturbed.
func TestWaitingBuildCancelled(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, site)
	before := snapshot(t, out)
	first, err := output.New(out)
	if err != nil {
		t.Fatal(err)
	}
	first.Write("index.html", []byte("home, changed"))
	ctx, cancel := context.WithCancel(context.Background())
	waiting, done := newAsync(ctx, out)
	within(t, waiting, "the second build to wait")
	cancel()
	if r := within(t, done, "the cancelled New"); !errors.Is(r.err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", r.err)
	}
	checkUntouched(t, before, snapshot(t, out))
	first.Abort()
	noStaging(t, out)
}
