package par

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// Every index is visited exactly once, whatever n is next to the core count, and each
// worker number is below GOMAXPROCS, so per-worker scratch indexed by it is safe.
func TestForWorker(t *testing.T) {
	procs := runtime.GOMAXPROCS(0)
	for _, n := range []int{0, 1, 2, procs, procs + 1, 16*procs + 3, 10000} {
		seen := make([]atomic.Int32, n)
		var bad atomic.Int32
		ForWorker(n, func(w, i int) {
			if w < 0 || w >= procs {
				bad.Add(1)
			}
			seen[i].Add(1)
		})
		if bad.Load() != 0 {
			t.Errorf("n=%d: %d calls with a worker number outside [0, %d)", n, bad.Load(), procs)
		}
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d visited %d times", n, i, c)
			}
		}
	}
}

func TestFor(t *testing.T) {
	out := make([]int, 1000)
	For(len(out), func(i int) { out[i] = i * i })
	for i, v := range out {
		if v != i*i {
			t.Fatalf("out[%d] = %d", i, v)
		}
	}
}
