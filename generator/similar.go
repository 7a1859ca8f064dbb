package generator

import (
	"cmp"
	"container/heap"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Similar mentors share what a mentee looks for: expertise most, then career goals, then
// industries and program types. Comparing every pair of mentors is quadratic (50,000 mentors
// are 1.25 billion pairs), so candidates come from inverted lists, one per value and one per
// pair of expertise values (two shared skills say more than one, and a pair's list is short).
// A list longer than similarCap is read only in a window around the mentor's own place in
// it (similarCap entries of a pair's list, similarWindow of one value's), so a value that
// half the site has costs no more than a rare one, and every mentor sees a different slice
// of it. The best candidates by that partial count are then scored exactly, and the top
// similarK kept.
const (
	similarK       = 3
	similarCap     = 128
	similarWindow  = 32
	similarRecount = 32 // candidates scored exactly
)

// similarWeights are the points one shared value is worth, by field.
var similarWeights = [...]int32{3, 2, 1, 1} // expertise, helps_with, industries, program_types

// similarFields returns a mentor's values in the fields similarWeights weighs, in its order.
func similarFields(m *Mentor) [4][]string {
	return [4][]string{m.Expertise, m.HelpsWith, m.Industries, m.ProgramTypes}
}

// similarMentors returns, for each mentor of ms, the indexes of at most k others most like
// it, best first. Ties go to the mentor who is accepting, then to the one listed first in
// ms. It does not depend on anything but ms, and it is the same for the same ms.
func similarMentors(ms []*Page, k int) [][]int32 {
	n := len(ms)
	ids := map[string]int32{}       // "field\x00value" → value id
	var weight []int32              // by value id
	vals := make([][]int32, n)      // each mentor's value ids, sorted
	accepting := make([]bool, n)    // read in the hot loop: kept here, not behind two pointers
	keys := make([][]int32, n)      // each mentor's list keys: its values, then its expertise pairs
	lists := [][]int32{}            // by key id: mentors, in order
	pairIDs := map[[2]int32]int32{} // expertise pair → key id
	for i, p := range ms {
		f := similarFields(p.Mentor)
		accepting[i] = p.Mentor.Accepting
		var own []int32
		for fi, list := range f {
			for _, v := range list {
				name := string(rune('0'+fi)) + "\x00" + strings.ToLower(v)
				id, ok := ids[name]
				if !ok {
					id = int32(len(weight))
					ids[name] = id
					weight = append(weight, similarWeights[fi])
					lists = append(lists, nil)
				}
				if !slices.Contains(own, id) {
					own = append(own, id)
				}
			}
		}
		slices.Sort(own)
		vals[i] = own
		keys[i] = slices.Clone(own) // a value's key id is its value id
	}
	// Pair keys come after every value id, so that the two number spaces do not meet.
	for i, p := range ms {
		var exp []int32
		for _, v := range p.Mentor.Expertise {
			if id := ids["0\x00"+strings.ToLower(v)]; !slices.Contains(exp, id) {
				exp = append(exp, id)
			}
		}
		slices.Sort(exp)
		for a := 0; a < len(exp); a++ {
			for b := a + 1; b < len(exp); b++ {
				pr := [2]int32{exp[a], exp[b]}
				id, ok := pairIDs[pr]
				if !ok {
					id = int32(len(lists))
					pairIDs[pr] = id
					lists = append(lists, nil)
				}
				keys[i] = append(keys[i], id)
			}
		}
	}
	for i, ks := range keys {
		for _, id := range ks {
			lists[id] = append(lists[id], int32(i))
		}
	}
	keyWeight := func(id int32) int32 {
		if int(id) < len(weight) {
			return weight[id]
		}
		return similarWeights[0] // a pair of skills: on top of the two skills themselves
	}

	out := make([][]int32, n)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/512))
	var next sync.Mutex
	cursor := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			score := make([]int32, n)
			var touched []int32
			var top candHeap
			for {
				next.Lock()
				lo := cursor
				cursor += 256
				next.Unlock()
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+256, n); i++ {
					touched = touched[:0]
					for _, key := range keys[i] {
						list, w := lists[key], keyWeight(key)
						from, to := 0, len(list)
						if len(list) > similarCap {
							win := similarCap
							if int(key) < len(weight) {
								win = similarWindow
							}
							pos, _ := slices.BinarySearch(list, int32(i))
							from = max(0, min(pos-win/2, len(list)-win))
							to = from + win
						}
						for _, j := range list[from:to] {
							if int(j) == i {
								continue
							}
							if score[j] == 0 {
								touched = append(touched, j)
							}
							score[j] += w
						}
					}
					// The best by the partial count, then scored exactly. A histogram of the
					// counts gives the lowest count that can still be among the best, so only
					// candidates at or above it reach the heap: the same result, with most of
					// the heap work gone.
					var hist [64]int
					for _, j := range touched {
						hist[min(score[j], 63)]++
					}
					thr, seen := int32(1), 0
					for sc := 63; sc >= 1; sc-- {
						if seen += hist[sc]; seen >= similarRecount {
							thr = int32(sc)
							break
						}
					}
					top = top[:0]
					for _, j := range touched {
						if score[j] >= thr {
							top.offer(cand{j, score[j], accepting[j]}, similarRecount)
						}
						score[j] = 0
					}
					for c := range top {
						top[c].score = sharedScore(vals[i], vals[top[c].idx], weight)
					}
					slices.SortFunc(top, func(a, b cand) int { return b.cmp(a) })
					best := make([]int32, 0, min(k, len(top)))
					for _, c := range top[:min(k, len(top))] {
						best = append(best, c.idx)
					}
					out[i] = best
				}
			}
		})
	}
	wg.Wait()
	return out
}

// sharedScore is the points of the values two sorted id lists share.
func sharedScore(a, b []int32, weight []int32) int32 {
	var s int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			s += weight[a[i]]
			i, j = i+1, j+1
		}
	}
	return s
}

// cand is a candidate similar mentor.
type cand struct {
	idx       int32
	score     int32
	accepting bool
}

// cmp orders candidates from worst to best: a lower score, then not accepting, then listed
// later.
func (c cand) cmp(d cand) int {
	if x := cmp.Compare(c.score, d.score); x != 0 {
		return x
	}
	if c.accepting != d.accepting {
		if c.accepting {
			return 1
		}
		return -1
	}
	return cmp.Compare(d.idx, c.idx)
}

// candHeap is a bounded min-heap: the worst kept candidate on top.
type candHeap []cand

func (h candHeap) Len() int           { return len(h) }
func (h candHeap) Less(i, j int) bool { return h[i].cmp(h[j]) < 0 }
func (h candHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)        { *h = append(*h, x.(cand)) }
func (h *candHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

// offer keeps c if it is among the best limit seen.
func (h *candHeap) offer(c cand, limit int) {
	if len(*h) < limit {
		heap.Push(h, c)
		return
	}
	if c.score >= (*h)[0].score && c.cmp((*h)[0]) > 0 {
		(*h)[0] = c
		heap.Fix(h, 0)
	}
}

// Similar is a mentor like the one shown, with what they share.
type Similar struct {
	Page   *Page
	Shared []string // the shared values, expertise first, as written on Page
}

// similarOf lists the mentors like p with what they share, from the indexes similarMentors made.
func similarOf(ms []*Page, idx []int32, p *Page) []Similar {
	out := make([]Similar, 0, len(idx))
	mine := similarFields(p.Mentor)
	for _, j := range idx {
		q := ms[j]
		var shared []string
		for fi, list := range similarFields(q.Mentor) {
			for _, v := range list {
				if slices.ContainsFunc(mine[fi], func(w string) bool { return strings.EqualFold(v, w) }) && !slices.Contains(shared, v) {
					shared = append(shared, v)
				}
			}
		}
		out = append(out, Similar{Page: q, Shared: shared})
	}
	return out
}
