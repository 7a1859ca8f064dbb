package search

import (
	"fmt"
	"math"
	"sort"
)

// A Plan fixes the index's file names from counts alone, before any document is read, so a
// route table can list the files without building the index.
type Plan struct {
	docs    int
	facets  []Facet
	buckets int // term buckets t/N.json
	posts   int // postings files p/N.json
	chunks  int // record chunks m/N.json
}

// ChunkSize is the number of documents in one record chunk m/N.json. Records a query cannot
// take from its buckets (a filtered or a two-word query) come from one chunk per result, so
// small chunks keep those queries cheap; with 40 documents per bucket and 80 per postings
// file the files of a 10,000-mentor site stay near 1,110, under a tenth of Pagefind's
// 11,233 (bench/BENCHMARKS.md, "Search"). A postings file's bytes are about the index's
// postings over the file count whichever term a query reads, so spending the file budget on
// postings files is what makes a filtered or two-word query cheaper.
const ChunkSize = 16

// NewPlan returns the plan for numDocs documents and the given facets.
func NewPlan(numDocs int, facets []Facet) Plan {
	n := max(numDocs, 0)
	return Plan{
		docs:    n,
		facets:  append([]Facet(nil), facets...),
		buckets: max(1, int(math.Ceil(float64(n)/40))),
		posts:   max(1, int(math.Ceil(float64(n)/80))),
		chunks:  max(1, (n+ChunkSize-1)/ChunkSize),
	}
}

// Files returns the relative names of the index's files, sorted.
func (p Plan) Files() []string {
	names := []string{"index.json", "d.json"}
	for i := range p.buckets {
		names = append(names, fmt.Sprintf("t/%d.json", i))
	}
	for i := range p.posts {
		names = append(names, fmt.Sprintf("p/%d.json", i))
	}
	for i := range p.chunks {
		names = append(names, fmt.Sprintf("m/%d.json", i))
	}
	for _, f := range p.facets {
		names = append(names, "f/"+f.Name+".json")
	}
	sort.Strings(names)
	return names
}
