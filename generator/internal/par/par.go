// Package par runs the independent iterations of a loop on all cores. The generator parses
// files and renders routes with it, and the search index builds its postings and files with
// it; each call of fn writes only its own slot of the caller's slices, so no locks are needed
// and the result does not depend on the order the iterations ran in.
package par

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n), on as many goroutines as there are cores.
func For(n int, fn func(i int)) { ForWorker(n, func(_, i int) { fn(i) }) }

// ForWorker calls fn(w, i) for every i in [0, n), w being the goroutine's number (below
// GOMAXPROCS), so fn can keep scratch space per worker and reuse it across iterations.
//
// Workers take the indexes in runs of about n/(16·workers): a search index calls fn a
// million times with little work in each, and one atomic add per run instead of per index
// keeps the counter off the profile, while 16 runs per worker still even out unequal work.
func ForWorker(n int, fn func(w, i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	step := int64(max(1, n/(max(workers, 1)*16)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(step) - step)
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+int(step), n); i++ {
					fn(w, i)
				}
			}
		})
	}
	wg.Wait()
}
