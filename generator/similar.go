package generator

import (
	"cmp"
	"container/heap"
	"runtime"
	"slices"
	"strings"

	"mentorgen/generator/internal/par"
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
	x := newSimilarIndex(ms)
	out := make([][]int32, len(ms))
	scratch := make([]*similarScratch, runtime.GOMAXPROCS(0))
	par.ForWorker(len(ms), func(w, i int) {
		if scratch[w] == nil {
			scratch[w] = &similarScratch{score: make([]int32, len(ms))}
		}
		out[i] = x.similarTo(i, k, scratch[w])
	})
	return out
}

// similarIndex is the inverted lists the candidates come from. A list key is a value id
// (one field's value, case aside) or, numbered after every value, a pair of expertise values.
type similarIndex struct {
	ids       map[string]int32 // "field\x00value" → value id
	weight    []int32          // by value id
	vals      [][]int32        // each mentor's value ids, sorted
	accepting []bool           // read in the hot loop: kept here, not behind two pointers
	keys      [][]int32        // each mentor's list keys: its values, then its expertise pairs
	lists     [][]int32        // by key id: mentors, in order
}

func newSimilarIndex(ms []*Page) *similarIndex {
	x := &similarIndex{ids: map[string]int32{}, vals: make([][]int32, len(ms)),
		accepting: make([]bool, len(ms)), keys: make([][]int32, len(ms))}
	for i, p := range ms {
		x.accepting[i] = p.Mentor.Accepting
		x.vals[i] = x.valueIDs(p.Mentor)
		x.keys[i] = slices.Clone(x.vals[i]) // a value's key id is its value id
	}
	// Pair keys come after every value id, so that the two number spaces do not meet.
	pairIDs := map[[2]int32]int32{}
	for i, p := range ms {
		exp := x.expertiseIDs(p.Mentor)
		for a := 0; a < len(exp); a++ {
			for b := a + 1; b < len(exp); b++ {
				pr := [2]int32{exp[a], exp[b]}
				id, ok := pairIDs[pr]
				if !ok {
					id = int32(len(x.lists))
					pairIDs[pr] = id
					x.lists = append(x.lists, nil)
				}
				x.keys[i] = append(x.keys[i], id)
			}
		}
	}
	for i, ks := range x.keys {
		for _, id := range ks {
			x.lists[id] = append(x.lists[id], int32(i))
		}
	}
	return x
}

// valueIDs returns the sorted ids of a mentor's distinct values, numbering the values not
// seen before (each with its list, empty until newSimilarIndex fills it).
func (x *similarIndex) valueIDs(m *Mentor) []int32 {
	var own []int32
	for fi, list := range similarFields(m) {
		for _, v := range list {
			name := string(rune('0'+fi)) + "\x00" + strings.ToLower(v)
			id, ok := x.ids[name]
			if !ok {
				id = int32(len(x.weight))
				x.ids[name] = id
				x.weight = append(x.weight, similarWeights[fi])
				x.lists = append(x.lists, nil)
			}
			if !slices.Contains(own, id) {
				own = append(own, id)
			}
		}
	}
	slices.Sort(own)
	return own
}

// expertiseIDs returns the sorted value ids of a mentor's distinct expertise, the values
// its pairs are made of.
func (x *similarIndex) expertiseIDs(m *Mentor) []int32 {
	var exp []int32
	for _, v := range m.Expertise {
		if id := x.ids["0\x00"+strings.ToLower(v)]; !slices.Contains(exp, id) {
			exp = append(exp, id)
		}
	}
	slices.Sort(exp)
	return exp
}

// isValue says whether a list key is a value (not a pair of skills).
func (x *similarIndex) isValue(key int32) bool { return int(key) < len(x.weight) }

// keyWeight is the points sharing a list key is worth in the partial count.
func (x *similarIndex) keyWeight(key int32) int32 {
	if x.isValue(key) {
		return x.weight[key]
	}
	return similarWeights[0] // a pair of skills: on top of the two skills themselves
}

// window returns the part of key's list that mentor i reads: all of it, or when it is longer
// than similarCap a window around i's own place in it.
func (x *similarIndex) window(key int32, i int) []int32 {
	list := x.lists[key]
	if len(list) <= similarCap {
		return list
	}
	win := similarCap
	if x.isValue(key) {
		win = similarWindow
	}
	pos, _ := slices.BinarySearch(list, int32(i))
	from := max(0, min(pos-win/2, len(list)-win))
	return list[from : from+win]
}

// similarScratch is one worker's reusable state: the partial counts of every mentor (all
// zero between two calls of similarTo), the mentors counted, and the candidate heap.
type similarScratch struct {
	score   []int32
	touched []int32
	top     candHeap
}

// similarTo returns the at most k mentors most like mentor i, best first.
func (x *similarIndex) similarTo(i, k int, s *similarScratch) []int32 {
	s.touched = s.touched[:0]
	for _, key := range x.keys[i] {
		w := x.keyWeight(key)
		for _, j := range x.window(key, i) {
			if int(j) == i {
				continue
			}
			if s.score[j] == 0 {
				s.touched = append(s.touched, j)
			}
			s.score[j] += w
		}
	}
	thr := s.threshold()
	s.top = s.top[:0]
	for _, j := range s.touched {
		if s.score[j] >= thr {
			s.top.offer(cand{j, s.score[j], x.accepting[j]}, similarRecount)
		}
		s.score[j] = 0
	}
	top := s.top
	for c := range top {
		top[c].score = sharedScore(x.vals[i], x.vals[top[c].idx], x.weight)
	}
	slices.SortFunc(top, func(a, b cand) int { return b.cmp(a) })
	best := make([]int32, 0, min(k, len(top)))
	for _, c := range top[:min(k, len(top))] {
		best = append(best, c.idx)
	}
	return best
}

// threshold is the lowest partial count that can still be among the similarRecount best,
// from a histogram of the counts: only candidates at or above it reach the heap, which gives
// the same result with most of the heap work gone.
func (s *similarScratch) threshold() int32 {
	var hist [64]int
	for _, j := range s.touched {
		hist[min(s.score[j], 63)]++
	}
	seen := 0
	for sc := 63; sc >= 1; sc-- {
		if seen += hist[sc]; seen >= similarRecount {
			return int32(sc)
		}
	}
	return 1
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
