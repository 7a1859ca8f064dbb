package search

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// synthetic returns a deterministic corpus shaped like ../shared/bench/gen_corpus.py's:
// mentors (n), programs and tips (n/20 each), bodies of about 4 kB drawn from a Zipf
// vocabulary of 15,000 words, so the most common words are in thousands of documents.
func synthetic(n int) ([]Document, []Facet) {
	rng := rand.New(rand.NewPCG(1, 2))
	syl := []string{"ka", "lo", "mi", "ra", "to", "ve", "su", "ne", "di", "pa", "ri", "co", "ba", "te", "ul", "an", "er", "is", "or", "en"}
	vocab := make([]string, 15000)
	seen := map[string]bool{}
	for i := range vocab {
		for {
			var sb strings.Builder
			for range 2 + rng.IntN(3) {
				sb.WriteString(syl[rng.IntN(len(syl))])
			}
			if w := sb.String(); !seen[w] {
				seen[w], vocab[i] = true, w
				break
			}
		}
	}
	zipf := rand.NewZipf(rng, 1.07, 2, uint64(len(vocab)-1))
	words := func(k int) string {
		var sb strings.Builder
		for i := range k {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(vocab[zipf.Uint64()])
		}
		return sb.String()
	}
	first := []string{"Alex", "Priya", "Jordan", "Maya", "Daniel", "Sofia", "Marcus", "Elena", "Noah", "Aisha", "Liam", "Hannah", "Omar", "Grace", "Ethan", "Chloe", "José", "Zoë"}
	last := []string{"Smith", "Patel", "Okafor", "Garcia", "Chen", "Müller", "Silva", "Łakomy", "Kim", "Nguyen", "Rossi", "Khan", "Taylor", "Cohen", "Novak", "Reyes", "Berg", "Sato"}
	expertise := make([]string, 200)
	for i := range expertise {
		expertise[i] = vocab[10+i*7]
	}
	sen := []string{"junior", "mid", "senior", "staff"}
	langs := []string{"english", "spanish", "portuguese", "french", "german", "hindi", "mandarin", "arabic"}
	facets := []Facet{{Name: "expertise", Label: "Expertise"}, {Name: "seniority", Label: "Seniority"}, {Name: "language", Label: "Language"}, {Name: "accepting", Label: "Accepting"}}
	var docs []Document
	for i := range n {
		name := first[rng.IntN(len(first))] + " " + last[rng.IntN(len(last))]
		ex := []string{expertise[rng.IntN(200)], expertise[rng.IntN(200)], expertise[rng.IntN(200)]}
		role, company := words(2), strings.ToUpper(words(1)[:1])+words(1)
		slug := fmt.Sprintf("%s-%d", strings.ToLower(strings.ReplaceAll(name, " ", "-")), i)
		docs = append(docs, Document{
			Kind: "mentor", Title: name, Person: true,
			Keywords: append(append([]string{}, ex...), role, company),
			Summary:  words(25), Body: words(600),
			Show: map[string]any{"url": "/mentors/" + slug + "/", "role": role, "company": company, "accepting": i%3 != 0,
				"photo": "/images/mentors/" + slug + ".jpg", "chips": ex},
			Facets: map[string][]string{"expertise": ex, "seniority": {sen[rng.IntN(4)]},
				"language": {langs[rng.IntN(len(langs))]}, "accepting": {fmt.Sprint(i%3 != 0)}},
		})
	}
	for i := range n / 10 {
		kind := "program"
		if i%2 == 1 {
			kind = "tip"
		}
		docs = append(docs, Document{Kind: kind, Title: words(4), Summary: words(30), Body: words(700),
			Show: map[string]any{"url": fmt.Sprintf("/%ss/%d/", kind, i)}})
	}
	return docs, facets
}

func gz(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	w.Write(data)
	w.Close()
	return buf.Len()
}

// queryBytes runs q as a browser would and returns the gzipped bytes and count of the
// files it read (the manifest included).
func queryBytes(ix *Index, r *reader, q string, filters map[string][]string) (int, int) {
	if r == nil {
		r, _ = newReader(ix.File)
	}
	if len(r.loaded) > 1 {
		r.loaded = r.loaded[:0] // warm: what was read before is cached
	}
	r.search(q, filters, 10, 0)
	total := 0
	for _, name := range r.loaded {
		data, _ := ix.File(name)
		total += gz(data)
	}
	return total, len(r.loaded)
}

// termWithDF returns the indexed term whose document count is closest to df.
func termWithDF(ix *Index, df int) string {
	r, _ := newReader(ix.File)
	best, bestD := "", math.MaxInt
	for k := range r.man.B {
		for _, e := range r.bucket(k).Terms {
			if d := e.DF - df; max(d, -d) < bestD && len(e.T) > 3 {
				best, bestD = e.T, max(d, -d)
			}
		}
	}
	return best
}

func benchBuild(b *testing.B, n int) {
	docs, facets := synthetic(n)
	p := NewPlan(len(docs), facets)
	var ix *Index
	for b.Loop() {
		var err error
		if ix, err = Build(p, docs); err != nil {
			b.Fatal(err)
		}
	}
	js, _ := os.ReadFile("../../layouts/assets/search-core.js")
	b.ReportMetric(float64(gz(js)), "core-js-gz-B")
	b.ReportMetric(float64(len(p.Files())), "files")
	man, _ := ix.File("index.json")
	b.ReportMetric(float64(gz(man)), "manifest-gz-B")
	maxB, sumB := 0, 0
	for _, name := range p.Files() {
		if strings.HasPrefix(name, "t/") {
			data, _ := ix.File(name)
			g := gz(data)
			maxB, sumB = max(maxB, g), sumB+g
		}
	}
	b.ReportMetric(float64(maxB), "bucket-max-gz-B")
	common, mid, rare := termWithDF(ix, len(docs)*60/100), termWithDF(ix, len(docs)*8/100), termWithDF(ix, len(docs)*16/1000)
	for _, c := range []struct {
		name, q string
		f       map[string][]string
	}{
		{"common", common, nil}, {"mid", mid, nil}, {"rare", rare, nil},
		{"2words", common + " " + mid, nil},
		{"common+facet", common, map[string][]string{"seniority": {"senior"}}},
	} {
		cold, files := queryBytes(ix, nil, c.q, c.f)
		r, _ := newReader(ix.File)
		r.search("zzzzqqq", nil, 10, 0) // load something else first
		warm, _ := queryBytes(ix, r, c.q, c.f)
		b.ReportMetric(float64(cold), "cold-"+c.name+"-gz-B")
		b.ReportMetric(float64(files), "cold-"+c.name+"-files")
		b.ReportMetric(float64(warm), "warm-"+c.name+"-gz-B")
	}
}

// BenchmarkBuild10k builds the synthetic 10k corpus and reports the bytes a browser reads
// for queries (gzip level 6, as a static server sends them): cold includes the manifest,
// not the JS (core-js-gz-B is reported on its own).
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10000) }

func BenchmarkBuild50k(b *testing.B) { benchBuild(b, 50000) }

// BenchmarkBuildOnly10k times Build alone on the synthetic 10k corpus.
func BenchmarkBuildOnly10k(b *testing.B) {
	docs, facets := synthetic(10000)
	p := NewPlan(len(docs), facets)
	for b.Loop() {
		if _, err := Build(p, docs); err != nil {
			b.Fatal(err)
		}
	}
}
