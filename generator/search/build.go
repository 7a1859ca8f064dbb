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

	"mentorgen/generator/internal/par"
)

// Ranking constants. A keyword hit outweighs any number of body mentions: a body term's
// contribution saturates at (k1+1)·wBody = 2.2, one keyword occurrence gives about wKeyword.
const (
	k1 = 1.2
	b  = 0.75

	wTitle, wKeyword, wSummary, wBody = 10, 5, 2.5, 1

	// A score s is stored as round(s·quantum), at least 1. Half units pass the same ranking
	// tests as quarter units did, and the 10k corpus's postings gzip a fifth smaller.
	quantum    = 2
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

// lterm is one distinct term of one document, as its chunk's parser saw it.
type lterm struct {
	id  int32 // the chunk's id of the term
	pos int32 // byte offset of the first occurrence in Summary (pos < 0: -pos-1) or Body; MinInt32 if neither
	tf  [nFields]uint16
}

// A chunk parses a contiguous range of documents with its own term dictionary, so the
// workers share nothing; the dictionaries are merged afterwards, one lookup per distinct
// term per chunk.
type chunk struct {
	lo, hi int
	ids    map[string]int32
	words  []string
	ents   []lterm
	ends   []int32 // ents[ends[i-lo-1]:ends[i-lo]] are document i's terms
	lens   [][nFields]int32
	names  [][]string // distinct title tokens of each Person document (nil otherwise)
}

func (c *chunk) parse(docs []Document) {
	c.ids = map[string]int32{}
	var last, slot []int32 // per chunk term id: the document that last saw it, its entry there
	for i := c.lo; i < c.hi; i++ {
		d := &docs[i]
		var lens [nFields]int32
		add := func(f int, s string, kind int) {
			scan(s, func(tok string, start, _ int) {
				lens[f]++
				id, ok := c.ids[tok]
				if !ok {
					id = int32(len(c.words))
					c.ids[tok] = id
					c.words = append(c.words, tok)
					last = append(last, -1)
					slot = append(slot, 0)
				}
				if last[id] != int32(i) {
					last[id] = int32(i)
					slot[id] = int32(len(c.ents))
					c.ents = append(c.ents, lterm{id: id, pos: math.MinInt32})
				}
				t := &c.ents[slot[id]]
				if t.tf[f] < math.MaxUint16 {
					t.tf[f]++
				}
				if kind != 0 && t.pos == math.MinInt32 {
					if kind < 0 {
						t.pos = int32(-start - 1)
					} else {
						t.pos = int32(start)
					}
				}
			})
		}
		add(fTitle, d.Title, 0)
		for _, k := range d.Keywords {
			add(fKeywords, k, 0)
		}
		add(fSummary, d.Summary, -1)
		add(fBody, d.Body, 1)
		c.ends = append(c.ends, int32(len(c.ents)))
		c.lens = append(c.lens, lens)
		var names []string
		if d.Person {
			for _, t := range Tokenize(d.Title) {
				if !slices.Contains(names, t) {
					names = append(names, t)
				}
			}
		}
		c.names = append(c.names, names)
	}
}

type term struct {
	text  string
	df    int
	pdf   int     // documents with any term this one is a prefix of (capped expansions)
	docs  []int32 // postings in doc order: the documents,
	q     []int32 // their scores,
	pos   []int32 // and the term's first offset in each (see lterm.pos)
	top   []int32 // indices into docs of the topN best, best first
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
	if err := p.check(docs); err != nil {
		return nil, err
	}
	chunks := parseChunks(docs)
	dict := mergeDictionaries(chunks)
	terms := dict.terms(scorePostings(chunks, dict, len(docs)))
	addNames(terms, chunks, dict)
	par.For(len(terms), func(i int) { terms[i].top = topOf(terms[i]) })
	prefixCounts(terms, len(docs))

	ix := &Index{plan: p, files: map[string][]byte{}}
	e := encoder{p: p, docs: docs, terms: terms}
	e.encode(ix.files)
	return ix, nil
}

// check refuses documents the plan was not made for: another count would change the file
// names the route table already lists, and a facet the plan does not know has no file.
func (p Plan) check(docs []Document) error {
	if len(docs) != p.docs {
		return fmt.Errorf("search: plan for %d documents, got %d", p.docs, len(docs))
	}
	for i := range docs {
		for name := range docs[i].Facets {
			if !slices.ContainsFunc(p.facets, func(f Facet) bool { return f.Name == name }) {
				return fmt.Errorf("search: document %d (%q) has unknown facet %q", i, docs[i].Title, name)
			}
		}
	}
	return nil
}

// parseChunks parses docs in chunks of consecutive documents, a few per core, so that the
// cores stay busy when documents differ in length and each chunk's dictionary stays small.
func parseChunks(docs []Document) []*chunk {
	nc := max(1, min(4*runtime.GOMAXPROCS(0), len(docs)/64))
	chunks := make([]*chunk, nc)
	for c := range chunks {
		chunks[c] = &chunk{lo: c * len(docs) / nc, hi: (c + 1) * len(docs) / nc}
	}
	par.For(nc, func(c int) { chunks[c].parse(docs) })
	return chunks
}

// dictionary is the chunks' term dictionaries merged. A term's index everywhere after the
// merge is its rank in text order, so that buckets, which hold ranges of terms, are ranges
// of indexes, and a prefix's expansions follow it.
type dictionary struct {
	words []string         // by id in order of first sight
	gid   map[string]int32 // term → that id
	rank  []int32          // that id → rank
	remap [][]int32        // by chunk: the chunk's term id → rank
}

func mergeDictionaries(chunks []*chunk) *dictionary {
	d := &dictionary{gid: map[string]int32{}, remap: make([][]int32, len(chunks))}
	for c, ch := range chunks {
		d.remap[c] = make([]int32, len(ch.words))
		for l, w := range ch.words {
			g, ok := d.gid[w]
			if !ok {
				g = int32(len(d.words))
				d.gid[w] = g
				d.words = append(d.words, w)
			}
			d.remap[c][l] = g
		}
	}
	order := make([]int32, len(d.words))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(d.words[a], d.words[b]) })
	d.rank = make([]int32, len(d.words))
	for r, g := range order {
		d.rank[g] = int32(r)
	}
	for c := range d.remap {
		for l, g := range d.remap[c] {
			d.remap[c][l] = d.rank[g]
		}
	}
	return d
}

// postings holds every term's postings in three slabs (one allocation each, not one per
// term), in rank order and then doc order: term r's are at [base[r], base[r+1]).
type postings struct {
	base         []int32
	docs, q, pos []int32
}

// scorePostings scores every (term, document) pair of the chunks into postings.
func scorePostings(chunks []*chunk, d *dictionary, ndocs int) *postings {
	nt := len(d.words)
	off, base := postingOffsets(chunks, d.remap, nt)
	avg := averageLengths(chunks, ndocs)
	n := float64(ndocs)
	idf := make([]float64, nt)
	for t := range idf {
		df := float64(base[t+1] - base[t])
		idf[t] = math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	total := base[nt]
	ps := &postings{base: base, docs: make([]int32, total), q: make([]int32, total), pos: make([]int32, total)}
	par.For(len(chunks), func(c int) { ps.scoreChunk(chunks[c], d.remap[c], off[c], avg, idf) })
	return ps
}

// postingOffsets counts each term's documents per chunk, then turns the counts into the
// offsets at which each chunk writes its postings, so the postings come out in doc order
// with no sort and no lock. base[t] is where term t's postings start, base[nt] their total.
func postingOffsets(chunks []*chunk, remap [][]int32, nt int) (off [][]int32, base []int32) {
	off = make([][]int32, len(chunks))
	par.For(len(chunks), func(c int) {
		off[c] = make([]int32, nt)
		for _, e := range chunks[c].ents {
			off[c][remap[c][e.id]]++
		}
	})
	base = make([]int32, nt+1)
	for t := range nt {
		acc := base[t]
		for c := range off {
			x := off[c][t]
			off[c][t] = acc
			acc += x
		}
		base[t+1] = acc
	}
	return off, base
}

// averageLengths is the mean token count of each field over all documents (at least 1, so
// that an empty field everywhere does not divide by zero), BM25's length normalization.
func averageLengths(chunks []*chunk, ndocs int) [nFields]float64 {
	var avg [nFields]float64
	for _, ch := range chunks {
		for _, l := range ch.lens {
			for f := range nFields {
				avg[f] += float64(l[f])
			}
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(ndocs, 1)), 1)
	}
	return avg
}

// scoreChunk writes the postings of one chunk's documents at the chunk's offsets off (its
// term ids mapped to ranks by rm): BM25 summed over the fields with their weights, times
// the term's idf, quantized (at least 1, so that a posting never scores nothing).
func (ps *postings) scoreChunk(ch *chunk, rm, off []int32, avg [nFields]float64, idf []float64) {
	weights := [nFields]float64{wTitle, wKeyword, wSummary, wBody}
	from := int32(0)
	for i := ch.lo; i < ch.hi; i++ {
		var norm [nFields]float64
		for f := range nFields {
			norm[f] = k1 * (1 - b + b*float64(ch.lens[i-ch.lo][f])/avg[f])
		}
		to := ch.ends[i-ch.lo]
		for _, e := range ch.ents[from:to] {
			t := rm[e.id]
			s := 0.0
			for f := range nFields {
				if e.tf[f] > 0 {
					tf := float64(e.tf[f])
					s += weights[f] * tf * (k1 + 1) / (tf + norm[f])
				}
			}
			k := off[t]
			off[t]++
			ps.docs[k], ps.pos[k] = int32(i), e.pos
			ps.q[k] = max(int32(math.Round(s*idf[t]*quantum)), 1)
		}
		from = to
	}
}

// terms returns the terms in rank order, their postings slices of ps's slabs (capped, so
// that an append to one cannot overwrite the next).
func (d *dictionary) terms(ps *postings) []*term {
	terms := make([]*term, len(d.words))
	slab := make([]term, len(d.words))
	for g, r := range d.rank {
		t := &slab[r]
		lo, hi := ps.base[r], ps.base[r+1]
		t.text, t.df = d.words[g], int(hi-lo)
		t.docs, t.q, t.pos = ps.docs[lo:hi:hi], ps.q[lo:hi:hi], ps.pos[lo:hi:hi]
		terms[r] = t
	}
	return terms
}

// addNames gives each term its list of the Person documents with the term in their name,
// with their count of distinct name tokens, in doc order (the chunks are in doc order).
func addNames(terms []*term, chunks []*chunk, d *dictionary) {
	for _, ch := range chunks {
		for i, names := range ch.names {
			for _, tok := range names {
				t := terms[d.rank[d.gid[tok]]]
				t.names = append(t.names, [2]int32{int32(ch.lo + i), int32(len(names))})
			}
		}
	}
}

// topOf returns the indices of t's topN best postings, best first: a Person named by this
// one word, then higher score, then lower id.
func topOf(t *term) []int32 {
	var named []int32 // docs whose name is exactly this word, in doc order
	for _, nm := range t.names {
		if nm[1] == 1 {
			named = append(named, nm[0])
		}
	}
	exact := func(i int32) bool {
		if len(named) == 0 {
			return false
		}
		_, ok := slices.BinarySearch(named, t.docs[i])
		return ok
	}
	better := func(a, b int32) bool {
		if ea, eb := exact(a), exact(b); ea != eb {
			return ea
		}
		if t.q[a] != t.q[b] {
			return t.q[a] > t.q[b]
		}
		return a < b
	}
	top := make([]int32, 0, topN)
	for i := range int32(len(t.docs)) {
		if len(top) == topN && !better(i, top[topN-1]) {
			continue
		}
		if len(top) < topN {
			top = append(top, i)
		} else {
			top[topN-1] = i
		}
		for j := len(top) - 1; j > 0 && better(top[j], top[j-1]); j-- {
			top[j], top[j-1] = top[j-1], top[j]
		}
	}
	return top
}

// prefixCounts sets each term's pdf: how many documents hold the term or one of its
// expansions (the maxExpand most frequent longer terms it begins), as a one-word query
// of it would count them.
func prefixCounts(terms []*term, ndocs int) {
	stamps := make([][]int32, runtime.GOMAXPROCS(0))
	par.ForWorker(len(terms), func(w, i int) {
		t := terms[i]
		var ex []*term
		if utf8.RuneCountInString(t.text) >= minPrefix {
			ex = expansions(terms, i)
		}
		if len(ex) == 0 {
			t.pdf = t.df
			return
		}
		if stamps[w] == nil {
			stamps[w] = make([]int32, ndocs)
		}
		st, mark, n := stamps[w], int32(i+1), 0
		for _, d := range t.docs {
			st[d] = mark
		}
		n = len(t.docs)
		for _, e := range ex {
			for _, d := range e.docs {
				if st[d] != mark {
					st[d] = mark
					n++
				}
			}
		}
		t.pdf = n
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

type encoder struct {
	p     Plan
	docs  []Document
	terms []*term
	recs  [][]byte // each document's record members but "s", without braces
}

func (e *encoder) snippetFor(t *term, i int32) string {
	d := &e.docs[t.docs[i]]
	switch pos := t.pos[i]; {
	case pos == math.MinInt32:
		return snippet(d.Summary, 0)
	case pos < 0:
		return snippet(d.Summary, int(-pos-1))
	default:
		return snippet(d.Body, int(pos))
	}
}

// encode writes every file of the plan into files. The postings files come first: they fix
// which terms have one (term.file), which the buckets say; the manifest comes last, as its
// version is a hash of all the others.
func (e *encoder) encode(files map[string][]byte) {
	var mu sync.Mutex
	put := func(name string, data []byte) {
		mu.Lock()
		files[name] = data
		mu.Unlock()
	}
	e.recs = make([][]byte, len(e.docs))
	par.For(len(e.docs), func(i int) { e.recs[i] = appendRecord(nil, &e.docs[i]) })

	e.postingsFiles(put)
	first := e.bucketFiles(put)
	e.recordChunks(put)
	faceted := e.faceted()
	for _, f := range e.p.facets {
		files["f/"+f.Name+".json"] = e.facetFile(f, faceted)
	}
	files["d.json"] = e.spellings()
	files["index.json"] = e.manifest(files, first, faceted)
}

// postingsFiles writes p/N.json: the postings of the terms whose top list is not all their
// postings, in term order, split by size.
func (e *encoder) postingsFiles(put func(string, []byte)) {
	var big []*term
	var bigW []int
	for _, t := range e.terms {
		t.file = -1
		if t.df > topN {
			big = append(big, t)
			bigW = append(bigW, postingsWeight(t))
		}
	}
	pg := pack(bigW, e.p.posts)
	par.For(len(pg), func(k int) {
		g := pg[k]
		var buf []byte
		buf = append(buf, '{')
		for j, t := range big[g[0]:g[1]] {
			t.file = k
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = appendStr(buf, t.text)
			buf = append(buf, ':', '"')
			buf = appendGaps(buf, t.docs)
			for _, q := range t.q {
				buf = appendVarint(buf, uint32(q))
			}
			buf = appendNames(buf, t.docs, t.names)
			buf = append(buf, '"')
		}
		buf = append(buf, '}')
		put("p/"+strconv.Itoa(k)+".json", buf)
	})
}

// bucketFiles writes t/N.json, the terms in order packed by the bytes of each one's entry,
// snippets and records, so that buckets are about one size however common their terms. It
// returns each bucket's first term, by which the manifest finds a term's bucket.
func (e *encoder) bucketFiles(put func(string, []byte)) []string {
	w := make([]int, len(e.terms))
	snips := make([][]string, len(e.terms))
	par.For(len(e.terms), func(i int) {
		t := e.terms[i]
		w[i] = len(t.text) + 24 + 10*len(bucketNames(t))
		for _, x := range t.top {
			s := e.snippetFor(t, x)
			snips[i] = append(snips[i], s)
			w[i] += len(s) + 20 + len(e.recs[t.docs[x]])
		}
	})
	groups := pack(w, e.p.buckets)
	first := make([]string, len(groups))
	par.For(len(groups), func(k int) {
		g := groups[k]
		put("t/"+strconv.Itoa(k)+".json", e.bucket(e.terms[g[0]:g[1]], snips[g[0]:g[1]]))
		if g[0] < g[1] {
			first[k] = e.terms[g[0]].text
		}
	})
	return first
}

// bucket encodes one bucket: its terms' entries, then the record of every document their
// top lists name, so that a one-word query needs no other file.
func (e *encoder) bucket(terms []*term, snips [][]string) []byte {
	buf := []byte(`{"t":[`)
	var ids []int32 // the documents of the top lists, in order of first sight
	for j, t := range terms {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = appendEntry(buf, t, snips[j])
		for _, i := range t.top {
			if !slices.Contains(ids, t.docs[i]) {
				ids = append(ids, t.docs[i])
			}
		}
	}
	buf = append(buf, `],"m":{`...)
	for x, id := range ids {
		if x > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '"')
		buf = strconv.AppendInt(buf, int64(id), 10)
		buf = append(buf, `":{`...)
		buf = append(buf, e.recs[id]...)
		buf = append(buf, '}')
	}
	return append(buf, '}', '}')
}

// appendEntry appends a term's bucket entry (FORMAT.md): its counts, its postings file, its
// top documents with their scores and snippets, and its name list.
func appendEntry(buf []byte, t *term, snip []string) []byte {
	buf = append(buf, `{"t":`...)
	buf = appendStr(buf, t.text)
	buf = append(buf, `,"d":`...)
	buf = strconv.AppendInt(buf, int64(t.df), 10)
	if t.pdf != t.df {
		buf = append(buf, `,"pd":`...)
		buf = strconv.AppendInt(buf, int64(t.pdf), 10)
	}
	buf = append(buf, `,"p":`...)
	buf = strconv.AppendInt(buf, int64(t.file), 10)
	buf = append(buf, `,"r":[`...)
	for x, i := range t.top {
		if x > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = strconv.AppendInt(buf, int64(t.docs[i]), 10)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(t.q[i]), 10)
		buf = append(buf, ',')
		buf = appendStr(buf, snip[x])
		buf = append(buf, ']')
	}
	buf = append(buf, ']')
	if names := bucketNames(t); len(names) > 0 {
		buf = append(buf, `,"n":[`...)
		for x, nm := range names {
			if x > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '[')
			buf = strconv.AppendInt(buf, int64(nm[0]), 10)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(nm[1]), 10)
			buf = append(buf, ']')
		}
		buf = append(buf, ']')
	}
	return append(buf, '}')
}

// recordChunks writes m/N.json: the records by document id, each with its lead snippet, for
// the results a query cannot take from its buckets.
func (e *encoder) recordChunks(put func(string, []byte)) {
	par.For(e.p.chunks, func(k int) {
		lo, hi := k*ChunkSize, min((k+1)*ChunkSize, len(e.docs))
		buf := []byte{'['}
		for i := lo; i < hi; i++ {
			if i > lo {
				buf = append(buf, ',')
			}
			buf = append(buf, '{')
			buf = append(buf, e.recs[i]...)
			buf = append(buf, `,"s":`...)
			buf = appendStr(buf, snippet(e.docs[i].Summary, 0))
			buf = append(buf, '}')
		}
		buf = append(buf, ']')
		put("m/"+strconv.Itoa(k)+".json", buf)
	})
}

// faceted returns the ids of the documents with facets, in order: a single-valued facet's
// file has one number for each, and the manifest lists them.
func (e *encoder) faceted() []int32 {
	var faceted []int32
	for i := range e.docs {
		if e.docs[i].Facets != nil {
			faceted = append(faceted, int32(i))
		}
	}
	return faceted
}

// facetFile encodes f/NAME.json: the values with their counts, most common first, then
// the members of each: one value index per faceted document when no document has two
// values (the smaller form), else each value's member list.
func (e *encoder) facetFile(f Facet, faceted []int32) []byte {
	members := e.facetMembers(f.Name)
	keys := facetKeys(f, members)
	buf := []byte(`{"v":[`)
	for i, k := range keys {
		label := f.Values[k]
		if label == "" {
			label = k
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '[')
		buf = appendStr(buf, k)
		buf = append(buf, ',')
		buf = appendStr(buf, label)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(len(members[k])), 10)
		buf = append(buf, ']')
	}
	buf = append(buf, ']')
	if e.singleValued(f.Name) {
		// One value index (+1; 0 none) per faceted document, in order.
		val := map[string]uint32{}
		for i, k := range keys {
			val[k] = uint32(i + 1)
		}
		buf = append(buf, `,"s":"`...)
		for _, d := range faceted {
			v := e.docs[d].Facets[f.Name]
			if len(v) == 0 {
				buf = appendVarint(buf, 0)
			} else {
				buf = appendVarint(buf, val[v[0]])
			}
		}
		buf = append(buf, '"')
	} else {
		buf = append(buf, `,"m":[`...)
		for i, k := range keys {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '"')
			buf = appendGaps(buf, members[k])
			buf = append(buf, '"')
		}
		buf = append(buf, ']')
	}
	return append(buf, '}')
}

// facetMembers returns the documents of each value of a facet, in doc order, each once.
func (e *encoder) facetMembers(name string) map[string][]int32 {
	members := map[string][]int32{}
	for i := range e.docs {
		for _, v := range e.docs[i].Facets[name] {
			if m := members[v]; len(m) == 0 || m[len(m)-1] != int32(i) {
				members[v] = append(m, int32(i))
			}
		}
	}
	return members
}

// facetKeys returns a facet's values, those documents have and those only declared, most
// common first, then by key, so the file does not depend on map order.
func facetKeys(f Facet, members map[string][]int32) []string {
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
	return keys
}

// singleValued says whether no document has two values of the facet.
func (e *encoder) singleValued(name string) bool {
	for i := range e.docs {
		if len(e.docs[i].Facets[name]) > 1 {
			return false
		}
	}
	return true
}

// spellings encodes d.json: the terms of 4+ letters, most frequent first, which the browser
// reads only to suggest a spelling for a query that found nothing.
func (e *encoder) spellings() []byte {
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
	return mustJSON(dictWords)
}

// manifest encodes index.json once every other file is in files: its version is a hash of
// all of them, so a browser never mixes files of two builds.
func (e *encoder) manifest(files map[string][]byte, first []string, faceted []int32) []byte {
	var facetMeta [][2]string
	for _, f := range e.p.facets {
		facetMeta = append(facetMeta, [2]string{f.Name, f.Label})
	}
	h := sha256.New()
	for _, name := range e.p.Files() {
		if name != "index.json" {
			h.Write([]byte(name))
			h.Write(files[name])
		}
	}
	return mustJSON(map[string]any{
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

// appendRecord appends a document's record members but "s" ("k", "t", then Show's keys in
// order), without the braces.
func appendRecord(buf []byte, d *Document) []byte {
	buf = append(buf, `"k":`...)
	buf = appendStr(buf, d.Kind)
	buf = append(buf, `,"t":`...)
	buf = appendStr(buf, d.Title)
	keys := make([]string, 0, len(d.Show))
	for k := range d.Show {
		if !slices.Contains(Reserved, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		buf = append(buf, ',')
		buf = appendStr(buf, k)
		buf = append(buf, ':')
		buf = appendValue(buf, d.Show[k])
	}
	return buf
}

// appendValue appends v as JSON: the plain types directly, anything else by encoding/json.
func appendValue(buf []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(buf, "null"...)
	case string:
		return appendStr(buf, v)
	case bool:
		return strconv.AppendBool(buf, v)
	case int:
		return strconv.AppendInt(buf, int64(v), 10)
	case int64:
		return strconv.AppendInt(buf, v, 10)
	case []string:
		buf = append(buf, '[')
		for i, s := range v {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendStr(buf, s)
		}
		return append(buf, ']')
	case []any:
		buf = append(buf, '[')
		for i, x := range v {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendValue(buf, x)
		}
		return append(buf, ']')
	}
	return append(buf, mustJSON(v)...)
}

// appendStr appends s as a JSON string (invalid UTF-8 as U+FFFD, as encoding/json does).
func appendStr(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// <, > and & are escaped as in encoding/json, so no value can close a script
			// element or start markup if the data is ever pasted into a page.
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\t':
				buf = append(buf, '\\', 't')
			case '\r':
				buf = append(buf, '\\', 'r')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			buf = append(buf, s[start:i]...)
			switch r {
			case '\u2028':
				buf = append(buf, `\u2028`...)
			case '\u2029':
				buf = append(buf, `\u2029`...)
			default:
				buf = append(buf, `\ufffd`...)
			}
			i += n
			start = i
			continue
		}
		i += n
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

func mustJSON(v any) []byte {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain values and Show, which the caller built from plain values
	}
	return data
}

// b64 is the alphabet of the index's number strings: a number is written in base 32,
// least significant digit first, every digit but the last one offset by 32.
const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func appendVarint(buf []byte, v uint32) []byte {
	for v >= 32 {
		buf = append(buf, b64[32+v&31])
		v >>= 5
	}
	return append(buf, b64[v])
}

// appendGaps writes sorted ids as varints of their gaps minus one (the first from -1), so
// consecutive ids are "A".
func appendGaps(buf []byte, ids []int32) []byte {
	prev := int32(-1)
	for _, d := range ids {
		buf = appendVarint(buf, uint32(d-prev-1))
		prev = d
	}
	return buf
}

// bucketNames returns the name list a term's bucket entry carries. A term with a postings
// file carries there the whole list, which only a query that reads the postings uses; its
// bucket keeps only the Persons named by this one word, all a one-word query needs. So a
// common surname (942 namesakes among 50,000 mentors) does not make its bucket, and every
// one-word query that lands in it, pay for the list.
func bucketNames(t *term) [][2]int32 {
	if t.file < 0 {
		return t.names
	}
	var out [][2]int32
	for _, nm := range t.names {
		if nm[1] == 1 {
			out = append(out, nm)
		}
	}
	return out
}

// appendNames writes a term's name list after its postings: the count, the Persons' places
// in the postings as gaps, then each one's distinct title token count. Places rather than
// doc ids, because most docs of a name's term are Persons of that name: the gaps are then
// runs of zeros, which gzip makes almost free. Nothing when there are none.
func appendNames(buf []byte, docs []int32, names [][2]int32) []byte {
	if len(names) == 0 {
		return buf
	}
	buf = appendVarint(buf, uint32(len(names)))
	prev := -1
	for _, nm := range names {
		at, _ := slices.BinarySearch(docs, nm[0])
		buf = appendVarint(buf, uint32(at-prev-1))
		prev = at
	}
	for _, nm := range names {
		buf = appendVarint(buf, uint32(nm[1]))
	}
	return buf
}

// postingsWeight estimates the bytes of a term's postings in its file.
func postingsWeight(t *term) int {
	n := len(t.text) + 4
	prev := int32(-1)
	for i, d := range t.docs {
		n += varintLen(uint32(d-prev-1)) + varintLen(uint32(t.q[i]))
		prev = d
	}
	return n + 3*len(t.names)
}

func varintLen(v uint32) int {
	n := 1
	for v >= 32 {
		v >>= 5
		n++
	}
	return n
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

// pack cuts weights (in order) into n consecutive groups, returned as [lo, hi) pairs, each
// as small as can be: a group closes before the item that would take it past a cap, the
// least cap that needs no more than n groups. So an item bigger than the cap stands alone,
// and empty groups, if any, come last.
func pack(weights []int, n int) [][2]int {
	greedy := func(limit int, out [][2]int) ([][2]int, bool) {
		lo, acc := 0, 0
		for i, w := range weights {
			if i > lo && acc+w > limit {
				if len(out) == n-1 {
					return out, false
				}
				out = append(out, [2]int{lo, i})
				lo, acc = i, 0
			}
			acc += w
		}
		return append(out, [2]int{lo, len(weights)}), true
	}
	total := 0
	for _, w := range weights {
		total += w
	}
	lo, hi := 0, total // the least cap that fits lies in (lo, hi]
	for lo+1 < hi {
		mid := lo + (hi-lo)/2
		if _, ok := greedy(mid, nil); ok {
			hi = mid
		} else {
			lo = mid
		}
	}
	groups, _ := greedy(hi, make([][2]int, 0, n))
	for len(groups) < n {
		groups = append(groups, [2]int{len(weights), len(weights)})
	}
	return groups
}
