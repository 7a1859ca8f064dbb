package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Ranking constants. A keyword hit outweighs any number of body mentions: a body term's
// contribution saturates at (k1+1)·wBody = 2.2, one keyword occurrence gives about wKeyword.
const (
	k1 = 1.2
	b  = 0.75

	wTitle, wKeyword, wSummary, wBody = 10, 5, 2.5, 1

	quantum    = 4  // a score s is stored as round(s·quantum), at least 1
	topN       = 10 // result records stored with each term
	maxExpand  = 10 // prefix expansions of the last query word, besides the word itself
	minPrefix  = 2  // the last word is a prefix once it has this many letters
	snippetLen = 120
)

const (
	fTitle = iota
	fKeywords
	fSummary
	fBody
	nFields
)

// docTerm is what one document says about one of its terms.
type docTerm struct {
	tf  [nFields]uint16
	pos int32 // byte offset of the first occurrence in Summary (pos < 0: -pos-1) or Body; MinInt32 if neither
}

type parsed struct {
	terms map[string]*docTerm
	lens  [nFields]int
	names []string // distinct title tokens of a Person
}

func parse(d *Document) parsed {
	p := parsed{terms: map[string]*docTerm{}}
	add := func(f int, s string, posFn func(int) int32) {
		scan(s, func(tok string, start, _ int) {
			p.lens[f]++
			t := p.terms[tok]
			if t == nil {
				t = &docTerm{pos: math.MinInt32}
				p.terms[tok] = t
			}
			if t.tf[f] < math.MaxUint16 {
				t.tf[f]++
			}
			if posFn != nil && t.pos == math.MinInt32 {
				t.pos = posFn(start)
			}
		})
	}
	add(fTitle, d.Title, nil)
	for _, k := range d.Keywords {
		add(fKeywords, k, nil)
	}
	add(fSummary, d.Summary, func(o int) int32 { return int32(-o - 1) })
	add(fBody, d.Body, func(o int) int32 { return int32(o) })
	if d.Person {
		for _, t := range Tokenize(d.Title) {
			if !slices.Contains(p.names, t) {
				p.names = append(p.names, t)
			}
		}
	}
	return p
}

type posting struct {
	doc int32
	q   int32
}

type term struct {
	text  string
	df    int
	pdf   int       // documents with any term this one is a prefix of (capped expansions)
	posts []posting // doc order
	top   []posting // best first
	names [][2]int32
	file  int // postings file, -1 when top holds every posting
}

// An Index is the built search index: the bytes of every file of its Plan.
type Index struct {
	plan  Plan
	files map[string][]byte
}

// File returns the bytes of one of the plan's files.
func (ix *Index) File(name string) ([]byte, bool) {
	data, ok := ix.files[name]
	return data, ok
}

// Build indexes docs; a document's id is its position in docs. len(docs) must be the
// plan's count.
func Build(p Plan, docs []Document) (*Index, error) {
	if len(docs) != p.docs {
		return nil, fmt.Errorf("search: plan for %d documents, got %d", p.docs, len(docs))
	}
	for i := range docs {
		for name := range docs[i].Facets {
			if !slices.ContainsFunc(p.facets, func(f Facet) bool { return f.Name == name }) {
				return nil, fmt.Errorf("search: document %d (%q) has unknown facet %q", i, docs[i].Title, name)
			}
		}
	}
	ps := make([]parsed, len(docs))
	parallel(len(docs), func(i int) { ps[i] = parse(&docs[i]) })

	// Merge in document order, so every postings list comes out sorted.
	var avg [nFields]float64
	dict := map[string]*term{}
	type ref struct {
		t  *term
		dt *docTerm
	}
	refs := make([][]ref, len(docs))
	for i := range ps {
		for f := range nFields {
			avg[f] += float64(ps[i].lens[f])
		}
		rs := make([]ref, 0, len(ps[i].terms))
		for tok, dt := range ps[i].terms {
			t := dict[tok]
			if t == nil {
				t = &term{text: tok}
				dict[tok] = t
			}
			t.posts = append(t.posts, posting{doc: int32(i)})
			rs = append(rs, ref{t, dt})
		}
		refs[i] = rs
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(len(docs), 1)), 1)
	}
	terms := make([]*term, 0, len(dict))
	for _, t := range dict {
		t.df = len(t.posts)
		terms = append(terms, t)
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i].text < terms[j].text })

	// Scores: each document fills in its own postings' q (a posting belongs to one document).
	n := float64(len(docs))
	weights := [nFields]float64{wTitle, wKeyword, wSummary, wBody}
	parallel(len(docs), func(i int) {
		for _, r := range refs[i] {
			idf := math.Log(1 + (n-float64(r.t.df)+0.5)/(float64(r.t.df)+0.5))
			s := 0.0
			for f := range nFields {
				if tf := float64(r.dt.tf[f]); tf > 0 {
					norm := 1 - b + b*float64(ps[i].lens[f])/avg[f]
					s += weights[f] * tf * (k1 + 1) / (tf + k1*norm)
				}
			}
			q := max(int32(math.Round(s*idf*quantum)), 1)
			// Postings were appended in document order; find this document's one.
			k, _ := slices.BinarySearchFunc(r.t.posts, int32(i), func(p posting, d int32) int { return int(p.doc - d) })
			r.t.posts[k].q = q
		}
	})
	for i := range ps {
		for _, tok := range ps[i].names {
			dict[tok].names = append(dict[tok].names, [2]int32{int32(i), int32(len(ps[i].names))})
		}
	}
	parallel(len(terms), func(i int) {
		t := terms[i]
		exact := func(d int32) bool { // a Person named by this one word
			for _, nm := range t.names {
				if nm[0] == d {
					return nm[1] == 1
				}
			}
			return false
		}
		top := slices.Clone(t.posts)
		slices.SortStableFunc(top, func(x, y posting) int {
			if ex, ey := exact(x.doc), exact(y.doc); ex != ey {
				if ex {
					return -1
				}
				return 1
			}
			return int(y.q - x.q)
		})
		t.top = top[:min(topN, len(top))]
	})
	prefixCounts(terms)

	ix := &Index{plan: p, files: map[string][]byte{}}
	e := encoder{p: p, docs: docs, ps: ps, terms: terms, dict: dict}
	e.encode(ix.files)
	return ix, nil
}

// prefixCounts sets each term's pdf: how many documents hold the term or one of its
// expansions (the maxExpand most frequent longer terms it begins), as a one-word query
// of it would count them.
func prefixCounts(terms []*term) {
	parallel(len(terms), func(i int) {
		t := terms[i]
		var ex []*term
		if utf8.RuneCountInString(t.text) >= minPrefix {
			ex = expansions(terms, i)
		}
		if len(ex) == 0 {
			t.pdf = t.df
			return
		}
		seen := map[int32]bool{}
		for _, p := range t.posts {
			seen[p.doc] = true
		}
		for _, e := range ex {
			for _, p := range e.posts {
				seen[p.doc] = true
			}
		}
		t.pdf = len(seen)
	})
}

// expansions returns the longer terms terms[i] begins, most frequent first, at most maxExpand.
func expansions(terms []*term, i int) []*term {
	var ex []*term
	for j := i + 1; j < len(terms) && strings.HasPrefix(terms[j].text, terms[i].text); j++ {
		ex = append(ex, terms[j])
	}
	sort.SliceStable(ex, func(a, b int) bool { return ex[a].df > ex[b].df })
	return ex[:min(len(ex), maxExpand)]
}

// parallel calls fn(i) for i in [0, n) on all cores.
func parallel(n int, fn func(int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	var next int64
	var mu sync.Mutex
	const step = 64
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				lo := int(next)
				next += step
				mu.Unlock()
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+step, n); i++ {
					fn(i)
				}
			}
		})
	}
	wg.Wait()
}

// snippet returns about snippetLen characters of text around byte offset at, cut at spaces.
func snippet(text string, at int) string {
	if len(text) <= snippetLen {
		return text
	}
	start := max(at-snippetLen/3, 0)
	if start > 0 {
		if k := strings.IndexByte(text[start:at], ' '); k >= 0 {
			start += k + 1
		} else {
			for start > 0 && !utf8.RuneStart(text[start]) {
				start--
			}
		}
	}
	end := min(start+snippetLen, len(text))
	if end < len(text) {
		if k := strings.LastIndexByte(text[start:end], ' '); k > at-start {
			end = start + k
		} else {
			for end < len(text) && !utf8.RuneStart(text[end]) {
				end++
			}
		}
	}
	s := strings.TrimSpace(text[start:end])
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return s
}

// record is a document's result record: Show with the reserved keys set.
func record(d *Document, snip string) map[string]any {
	r := make(map[string]any, len(d.Show)+3)
	for k, v := range d.Show {
		r[k] = v
	}
	r["k"], r["t"], r["s"] = d.Kind, d.Title, snip
	return r
}

type encoder struct {
	p     Plan
	docs  []Document
	ps    []parsed
	terms []*term
	dict  map[string]*term
}

func (e *encoder) snippetFor(t *term, doc int32) string {
	d := &e.docs[doc]
	dt := e.ps[doc].terms[t.text]
	switch {
	case dt == nil || dt.pos == math.MinInt32:
		return snippet(d.Summary, 0)
	case dt.pos < 0:
		return snippet(d.Summary, int(-dt.pos-1))
	default:
		return snippet(d.Body, int(dt.pos))
	}
}

func (e *encoder) encode(files map[string][]byte) {
	p := e.p
	// Postings files: terms whose top list is not all their postings, split by size.
	var big []*term
	var bigW []int
	for _, t := range e.terms {
		t.file = -1
		if t.df > topN {
			big = append(big, t)
			bigW = append(bigW, len(t.text)+4+4*t.df)
		}
	}
	for k, g := range split(bigW, p.posts) {
		var buf []byte
		buf = append(buf, '{')
		for j, t := range big[g[0]:g[1]] {
			t.file = k
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = strconv.AppendQuote(buf, t.text)
			buf = append(buf, ':', '[')
			prev := int32(0)
			for x, ps := range t.posts {
				if x > 0 {
					buf = append(buf, ',')
				}
				buf = strconv.AppendInt(buf, int64(ps.doc-prev), 10)
				buf = append(buf, ',')
				buf = strconv.AppendInt(buf, int64(ps.q), 10)
				prev = ps.doc
			}
			buf = append(buf, ']')
		}
		buf = append(buf, '}')
		files[fmt.Sprintf("p/%d.json", k)] = buf
	}

	// Buckets, split by the estimated size of their terms.
	w := make([]int, len(e.terms))
	for i, t := range e.terms {
		w[i] = len(t.text) + 12 + len(t.top)*(snippetLen+60) + 8*len(t.names)
	}
	groups := split(w, p.buckets)
	first := make([]string, len(groups))
	var mu sync.Mutex
	parallel(len(groups), func(k int) {
		g := groups[k]
		type entry struct {
			T     string     `json:"t"`
			DF    int        `json:"d"`
			PDF   int        `json:"pd,omitempty"`
			File  int        `json:"p"`
			Top   []any      `json:"r"`
			Names [][2]int32 `json:"n,omitempty"`
		}
		var ents []entry
		recs := map[string]any{}
		for _, t := range e.terms[g[0]:g[1]] {
			en := entry{T: t.text, DF: t.df, File: t.file, Names: t.names}
			if t.pdf != t.df {
				en.PDF = t.pdf
			}
			for _, ps := range t.top {
				en.Top = append(en.Top, []any{ps.doc, ps.q, e.snippetFor(t, ps.doc)})
				id := strconv.Itoa(int(ps.doc))
				if _, ok := recs[id]; !ok {
					recs[id] = record(&e.docs[ps.doc], "")
				}
			}
			ents = append(ents, en)
		}
		data := mustJSON(map[string]any{"t": ents, "m": recs})
		mu.Lock()
		files[fmt.Sprintf("t/%d.json", k)] = data
		mu.Unlock()
		if g[0] < g[1] {
			first[k] = e.terms[g[0]].text
		}
	})

	// Record chunks, by document id.
	parallel(p.chunks, func(k int) {
		lo, hi := k*ChunkSize, min((k+1)*ChunkSize, len(e.docs))
		recs := make([]any, 0, max(hi-lo, 0))
		for i := lo; i < hi; i++ {
			recs = append(recs, record(&e.docs[i], snippet(e.docs[i].Summary, 0)))
		}
		data := mustJSON(recs)
		mu.Lock()
		files[fmt.Sprintf("m/%d.json", k)] = data
		mu.Unlock()
	})

	// Facets: one file each, the values with their counts and members.
	var faceted []int32
	for i := range e.docs {
		if e.docs[i].Facets != nil {
			faceted = append(faceted, int32(i))
		}
	}
	var facetMeta [][2]string
	for _, f := range p.facets {
		facetMeta = append(facetMeta, [2]string{f.Name, f.Label})
		members := map[string][]int32{}
		for i := range e.docs {
			for _, v := range e.docs[i].Facets[f.Name] {
				if m := members[v]; len(m) == 0 || m[len(m)-1] != int32(i) {
					members[v] = append(m, int32(i))
				}
			}
		}
		keys := make([]string, 0, len(members))
		for k := range members {
			keys = append(keys, k)
		}
		for k := range f.Values {
			if _, ok := members[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool {
			if a, b := len(members[keys[i]]), len(members[keys[j]]); a != b {
				return a > b
			}
			return keys[i] < keys[j]
		})
		vals := make([][]any, len(keys))
		mem := make([][]int32, len(keys))
		for i, k := range keys {
			label := f.Values[k]
			if label == "" {
				label = k
			}
			vals[i] = []any{k, label, len(members[k])}
			mem[i] = deltas(members[k])
		}
		files["f/"+f.Name+".json"] = mustJSON(map[string]any{"v": vals, "m": mem})
	}

	// Spelling dictionary: terms of 4+ letters, most frequent first.
	var words []*term
	for _, t := range e.terms {
		if utf8.RuneCountInString(t.text) >= 4 {
			words = append(words, t)
		}
	}
	sort.SliceStable(words, func(i, j int) bool { return words[i].df > words[j].df })
	dictWords := make([]string, len(words))
	for i, t := range words {
		dictWords[i] = t.text
	}
	files["d.json"] = mustJSON(dictWords)

	// The manifest last: its version is a hash of every other file.
	names := p.Files()
	h := sha256.New()
	for _, name := range names {
		if name != "index.json" {
			h.Write([]byte(name))
			h.Write(files[name])
		}
	}
	files["index.json"] = mustJSON(map[string]any{
		"v":  hex.EncodeToString(h.Sum(nil))[:12],
		"n":  len(e.docs),
		"b":  first,
		"c":  ChunkSize,
		"f":  facetMeta,
		"fd": ranges(faceted),
		"q":  quantum,
		"x":  []int{minPrefix, maxExpand},
	})
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain values and Show, which the caller built from plain values
	}
	return data
}

// deltas returns the gaps of a sorted id list (the first gap from 0).
func deltas(ids []int32) []int32 {
	out := make([]int32, len(ids))
	prev := int32(0)
	for i, id := range ids {
		out[i] = id - prev
		prev = id
	}
	return out
}

// ranges encodes sorted ids as [start, length, start, length, …].
func ranges(ids []int32) []int32 {
	var out []int32
	for i := 0; i < len(ids); {
		j := i + 1
		for j < len(ids) && ids[j] == ids[j-1]+1 {
			j++
		}
		out = append(out, ids[i], int32(j-i))
		i = j
	}
	return out
}

// split cuts weights (in order) into n consecutive groups of about equal total, returned
// as [lo, hi) pairs. Groups may be empty when there are fewer items than groups.
func split(weights []int, n int) [][2]int {
	total := 0
	for _, w := range weights {
		total += w
	}
	groups := make([][2]int, n)
	i, acc := 0, 0
	for k := range n {
		lo := i
		// Group k takes one item, then more until the running total reaches (k+1)/n of the
		// whole, leaving one item for each later group while items last. So empty groups,
		// if any, come last.
		target := (k + 1) * total / n
		for i < len(weights) && (i == lo || acc < target && len(weights)-i > n-k-1) {
			acc += weights[i]
			i++
		}
		if k == n-1 {
			for i < len(weights) {
				acc += weights[i]
				i++
			}
		}
		groups[k] = [2]int{lo, i}
	}
	return groups
}
