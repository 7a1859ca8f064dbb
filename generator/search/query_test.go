package search

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// This file is the Go reference of the browser engine (layouts/assets/search-core.js): the
// same algorithm, reading nothing but the index's files, so the ranking tests are also a
// round trip of what Build wrote. The two are held together by testdata/vectors.json. Only
// the tests query an index (the site's queries run in the browser), so the engine is test
// code and not in the binary.

// Result is the answer to a query.
type Result struct {
	Total      int
	Hits       []Hit
	Terms      []string // the query's terms, the last one a prefix when Prefix
	Prefix     bool
	Suggestion string // a spelling with results, when this query has none
}

// Hit is one result.
type Hit struct {
	ID     int
	Score  int
	Record map[string]any
}

type manifest struct {
	V  string      `json:"v"`
	N  int         `json:"n"`
	B  []string    `json:"b"`
	C  int         `json:"c"`
	F  [][2]string `json:"f"`
	FD []int       `json:"fd"`
	X  [2]int      `json:"x"`
}

type entry struct {
	T     string     `json:"t"`
	DF    int        `json:"d"`
	PDF   int        `json:"pd"`
	File  int        `json:"p"`
	Top   [][3]any   `json:"r"`
	Names [][2]int32 `json:"n"`
}

type bucket struct {
	Terms []entry                   `json:"t"`
	Recs  map[string]map[string]any `json:"m"`
}

type facetFile struct {
	V    [][3]any `json:"v"`
	S    string   `json:"s"` // single-valued: a value index + 1 (0 none) per faceted doc
	M    []string `json:"m"` // multi-valued: each value's members as gaps
	docs [][]int32
}

// lists returns each value's members, in doc order.
func (f *facetFile) lists(r *reader) [][]int32 {
	if f.docs != nil {
		return f.docs
	}
	f.docs = make([][]int32, len(f.V))
	if f.M != nil {
		for i, s := range f.M {
			f.docs[i], _ = gaps(s, -1)
		}
		return f.docs
	}
	vals, _ := varints(f.S, -1)
	for i, d := range r.all() {
		if v := vals[i]; v > 0 {
			f.docs[v-1] = append(f.docs[v-1], int32(d))
		}
	}
	return f.docs
}

// varints decodes n of the varints of s (all of them when n < 0), and says how many bytes
// they took.
func varints(s string, n int) ([]int32, int) {
	var out []int32
	v, shift, i := int32(0), 0, 0
	for ; i < len(s) && (n < 0 || len(out) < n); i++ {
		c := int32(strings.IndexByte(b64, s[i]))
		if c >= 32 {
			v |= (c - 32) << shift
			shift += 5
			continue
		}
		out = append(out, v|c<<shift)
		v, shift = 0, 0
	}
	return out, i
}

// gaps decodes n ids written by appendGaps (all of them when n < 0).
func gaps(s string, n int) ([]int32, int) {
	out, used := varints(s, n)
	prev := int32(-1)
	for i, g := range out {
		prev += g + 1
		out[i] = prev
	}
	return out, used
}

// reader answers queries from an index's files, loading each file once.
type reader struct {
	file    func(string) ([]byte, bool)
	man     manifest
	buckets map[int]*bucket
	posts   map[int]map[string]string
	facets  map[string]*facetFile
	loaded  []string // names of the files read, in order
}

func newReader(file func(string) ([]byte, bool)) (*reader, error) {
	r := &reader{file: file, buckets: map[int]*bucket{}, posts: map[int]map[string]string{}, facets: map[string]*facetFile{}}
	return r, r.load("index.json", &r.man)
}

func (r *reader) load(name string, v any) error {
	data, ok := r.file(name)
	if !ok {
		return fmt.Errorf("search: no file %s", name)
	}
	r.loaded = append(r.loaded, name)
	return json.Unmarshal(data, v)
}

// bucketOf returns the index of the bucket that holds term t if any does.
func (r *reader) bucketOf(t string) int {
	n := sort.Search(len(r.man.B), func(i int) bool { return r.man.B[i] == "" || r.man.B[i] > t })
	return max(n-1, 0)
}

func (r *reader) bucket(k int) *bucket {
	if bk := r.buckets[k]; bk != nil {
		return bk
	}
	bk := &bucket{}
	if err := r.load(fmt.Sprintf("t/%d.json", k), bk); err != nil {
		panic(err)
	}
	r.buckets[k] = bk
	return bk
}

// slotTerm is one index term a query word matches, with its weight.
type slotTerm struct {
	e *entry
	w int
	k int // its bucket
}

// lookup returns the terms a query word matches: itself (weight 2) and, for a prefix, up to
// maxExpand longer terms (weight 1), most frequent first.
func (r *reader) lookup(word string, prefix bool) []slotTerm {
	k := r.bucketOf(word)
	var out, ex []slotTerm
	for j := k; j < len(r.man.B) && j < k+3 && (j == k || r.man.B[j] != "" && strings.HasPrefix(r.man.B[j], word)); j++ {
		bk := r.bucket(j)
		for i := range bk.Terms {
			e := &bk.Terms[i]
			if e.T == word {
				out = append(out, slotTerm{e, 2, j})
			} else if prefix && strings.HasPrefix(e.T, word) {
				ex = append(ex, slotTerm{e, 1, j})
			}
		}
		if !prefix {
			break
		}
	}
	sort.SliceStable(ex, func(a, b int) bool { return ex[a].e.DF > ex[b].e.DF })
	return append(out, ex[:min(len(ex), r.man.X[1])]...)
}

// postings returns a term's [doc, q, doc, q, …] in doc order.
func (r *reader) postings(e *entry) []int32 {
	var out []int32
	if e.File < 0 {
		for _, t := range e.Top {
			out = append(out, int32(t[0].(float64)), int32(t[1].(float64)))
		}
		// Top is best first; sort the pairs by doc.
		pairs := make([][2]int32, len(out)/2)
		for i := range pairs {
			pairs[i] = [2]int32{out[2*i], out[2*i+1]}
		}
		slices.SortFunc(pairs, func(a, b [2]int32) int { return int(a[0] - b[0]) })
		out = out[:0]
		for _, p := range pairs {
			out = append(out, p[0], p[1])
		}
		return out
	}
	pf := r.posts[e.File]
	if pf == nil {
		pf = map[string]string{}
		if err := r.load(fmt.Sprintf("p/%d.json", e.File), &pf); err != nil {
			panic(err)
		}
		r.posts[e.File] = pf
	}
	// The doc gaps, the scores, then the whole name list (see appendNames), which replaces
	// the bucket's list of one-word names.
	s := pf[e.T]
	docs, used := gaps(s, e.DF)
	qs, n := varints(s[used:], e.DF)
	if rest := s[used+n:]; rest != "" {
		k, n := varints(rest, 1)
		at, m := gaps(rest[n:], int(k[0]))
		counts, _ := varints(rest[n+m:], int(k[0]))
		e.Names = e.Names[:0]
		for i, j := range at {
			e.Names = append(e.Names, [2]int32{docs[j], counts[i]})
		}
	}
	out = make([]int32, 0, 2*len(docs))
	for i, d := range docs {
		out = append(out, d, qs[i])
	}
	return out
}

func (r *reader) facet(name string) *facetFile {
	if f := r.facets[name]; f != nil {
		return f
	}
	f := &facetFile{}
	if err := r.load("f/"+name+".json", f); err != nil {
		panic(err)
	}
	r.facets[name] = f
	return f
}

// members returns the docs with any of the values of a facet.
func (r *reader) members(name string, values []string) map[int32]bool {
	f := r.facet(name)
	set := map[int32]bool{}
	for i, ds := range f.lists(r) {
		if slices.Contains(values, f.V[i][0].(string)) {
			for _, d := range ds {
				set[d] = true
			}
		}
	}
	return set
}

type scored struct {
	id, score, matched int
	exact              bool
}

// query parses q into slots: each word's matching terms.
func (r *reader) query(q string) (words []string, slots [][]slotTerm, prefix bool) {
	for _, t := range Tokenize(q) {
		if !slices.Contains(words, t) {
			words = append(words, t)
		}
	}
	prefix = len(words) > 0 && utf8.RuneCountInString(words[len(words)-1]) >= r.man.X[0]
	for i, w := range words {
		slots = append(slots, r.lookup(w, prefix && i == len(words)-1))
	}
	return words, slots, prefix
}

// match scores every document matching any slot.
func (r *reader) match(slots [][]slotTerm) map[int]*scored {
	docs := map[int]*scored{}
	for _, slot := range slots {
		best := map[int]int{}
		named := map[int]bool{}
		for _, st := range slot {
			ps := r.postings(st.e)
			for i := 0; i < len(ps); i += 2 {
				d, s := int(ps[i]), int(ps[i+1])*st.w
				if s > best[d] {
					best[d] = s
				}
			}
			for _, nm := range st.e.Names {
				if int(nm[1]) == len(slots) {
					named[int(nm[0])] = true
				}
			}
		}
		for d, s := range best {
			sc := docs[d]
			if sc == nil {
				sc = &scored{id: d, exact: true}
				docs[d] = sc
			}
			sc.score += s
			sc.matched++
			sc.exact = sc.exact && named[d]
		}
	}
	for _, sc := range docs {
		sc.exact = sc.exact && sc.matched == len(slots)
	}
	return docs
}

func less(a, b *scored) int {
	switch {
	case a.exact != b.exact:
		if a.exact {
			return -1
		}
		return 1
	case a.matched != b.matched:
		return b.matched - a.matched
	case a.score != b.score:
		return b.score - a.score
	}
	return a.id - b.id
}

// filtered returns the docs passing filters (nil: no filter), skipping facet skip.
func (r *reader) filtered(filters map[string][]string, skip string) map[int32]bool {
	var out map[int32]bool
	names := make([]string, 0, len(filters))
	for name := range filters {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == skip || len(filters[name]) == 0 {
			continue
		}
		m := r.members(name, filters[name])
		if out == nil {
			out = m
			continue
		}
		for d := range out {
			if !m[d] {
				delete(out, d)
			}
		}
	}
	return out
}

// all returns every faceted document, as an empty query with filters lists them.
func (r *reader) all() []int {
	var out []int
	for i := 0; i+1 < len(r.man.FD); i += 2 {
		for d := r.man.FD[i]; d < r.man.FD[i]+r.man.FD[i+1]; d++ {
			out = append(out, d)
		}
	}
	return out
}

func (r *reader) search(q string, filters map[string][]string, limit, offset int) Result {
	words, slots, prefix := r.query(q)
	res := Result{Terms: words, Prefix: prefix}
	var list []*scored
	fast := len(slots) == 1 && r.filtered(filters, "") == nil && offset+limit <= topN && len(slots[0]) > 0 && slots[0][0].w == 2
	switch {
	case len(words) == 0:
		keep := r.filtered(filters, "")
		if keep == nil {
			return res
		}
		for _, d := range r.all() {
			if keep[int32(d)] {
				list = append(list, &scored{id: d})
			}
		}
		res.Total = len(list)
	case fast:
		// One word, no filter, first page: the top lists hold the answer.
		best := map[int]*scored{}
		for _, st := range slots[0] {
			for _, t := range st.e.Top {
				d, s := int(t[0].(float64)), int(t[1].(float64))*st.w
				sc := best[d]
				if sc == nil {
					sc = &scored{id: d, matched: 1}
					best[d] = sc
				}
				sc.score = max(sc.score, s)
			}
			for _, nm := range st.e.Names {
				if nm[1] == 1 && best[int(nm[0])] != nil {
					best[int(nm[0])].exact = true
				}
			}
		}
		for _, sc := range best {
			list = append(list, sc)
		}
		res.Total = slots[0][0].e.DF
		if slots[0][0].e.PDF > 0 {
			res.Total = slots[0][0].e.PDF
		}
	default:
		keep := r.filtered(filters, "")
		for d, sc := range r.match(slots) {
			if keep == nil || keep[int32(d)] {
				list = append(list, sc)
			}
		}
		res.Total = len(list)
	}
	slices.SortFunc(list, less)
	for _, sc := range list[min(offset, len(list)):min(offset+limit, len(list))] {
		res.Hits = append(res.Hits, Hit{ID: sc.id, Score: sc.score, Record: r.record(sc.id, slots)})
	}
	if res.Total == 0 && len(words) > 0 {
		res.Suggestion = r.suggest(words, slots)
	}
	return res
}

// record returns a result's record: from a loaded bucket, with the snippet of the first
// query term whose top list holds it, else from its chunk (with the lead snippet).
func (r *reader) record(id int, slots [][]slotTerm) map[string]any {
	for _, slot := range slots {
		for _, st := range slot {
			for _, t := range st.e.Top {
				if int(t[0].(float64)) == id {
					rec := map[string]any{}
					for k, v := range r.bucket(st.k).Recs[fmt.Sprint(id)] {
						rec[k] = v
					}
					rec["s"] = t[2]
					return rec
				}
			}
		}
	}
	var chunk []map[string]any
	if err := r.load(fmt.Sprintf("m/%d.json", id/r.man.C), &chunk); err != nil {
		panic(err)
	}
	return chunk[id%r.man.C]
}

// suggest replaces each unmatched word of 5+ letters by the most frequent dictionary word
// one edit away; "" when no word changes.
func (r *reader) suggest(words []string, slots [][]slotTerm) string {
	var dict []string
	changed := false
	out := slices.Clone(words)
	for i, w := range words {
		if len(slots[i]) > 0 || utf8.RuneCountInString(w) < 5 {
			continue
		}
		if dict == nil {
			if err := r.load("d.json", &dict); err != nil {
				panic(err)
			}
		}
		for _, d := range dict {
			if oneEdit(w, d) {
				out[i], changed = d, true
				break
			}
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// oneEdit reports whether a and b are one insertion, deletion, substitution or
// transposition of neighbours apart.
func oneEdit(a, b string) bool {
	x, y := []rune(a), []rune(b)
	if len(x) > len(y) {
		x, y = y, x
	}
	if len(y)-len(x) > 1 {
		return false
	}
	i := 0
	for i < len(x) && x[i] == y[i] {
		i++
	}
	if i == len(x) {
		return len(y) == len(x)+1
	}
	if len(x) == len(y) {
		if string(x[i+1:]) == string(y[i+1:]) {
			return true
		}
		return i+1 < len(x) && x[i] == y[i+1] && x[i+1] == y[i] && string(x[i+2:]) == string(y[i+2:])
	}
	return string(x[i:]) == string(y[i+1:])
}

func (r *reader) facetCounts(q string, filters map[string][]string) map[string]map[string]int {
	words, slots, _ := r.query(q)
	var base []int
	if len(words) == 0 {
		base = r.all()
	} else {
		for d := range r.match(slots) {
			base = append(base, d)
		}
	}
	out := map[string]map[string]int{}
	for _, fm := range r.man.F {
		keep := r.filtered(filters, fm[0])
		in := map[int32]bool{}
		for _, d := range base {
			if keep == nil || keep[int32(d)] {
				in[int32(d)] = true
			}
		}
		f := r.facet(fm[0])
		counts := map[string]int{}
		for i, ds := range f.lists(r) {
			n := 0
			for _, d := range ds {
				if in[d] {
					n++
				}
			}
			counts[f.V[i][0].(string)] = n
		}
		out[fm[0]] = counts
	}
	return out
}

// Search answers a query from the index's files as the browser engine does: the first
// limit results, best first, with records.
func (ix *Index) Search(q string, filters map[string][]string, limit int) Result {
	r, err := newReader(ix.File)
	if err != nil {
		panic(err)
	}
	return r.search(q, filters, limit, 0)
}

// FacetCounts returns, for every facet, how many results of q each value would leave given
// the filters of the other facets.
func (ix *Index) FacetCounts(q string, filters map[string][]string) map[string]map[string]int {
	r, err := newReader(ix.File)
	if err != nil {
		panic(err)
	}
	return r.facetCounts(q, filters)
}
