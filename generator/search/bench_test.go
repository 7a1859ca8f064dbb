package search

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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

type benchQuery struct {
	name, q string
	f       map[string][]string
}

func benchBuild(b *testing.B, n int) {
	docs, facets := synthetic(n)
	benchDocs(b, docs, facets, func(ix *Index) []benchQuery {
		common, mid, rare := termWithDF(ix, len(docs)*60/100), termWithDF(ix, len(docs)*8/100), termWithDF(ix, len(docs)*16/1000)
		return []benchQuery{
			{"common", common, nil}, {"mid", mid, nil}, {"rare", rare, nil},
			{"2words", common + " " + mid, nil},
			{"common+facet", common, map[string][]string{"seniority": {"senior"}}},
		}
	})
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchDocs builds docs b.N times, reporting the CPU time per build besides the wall
// time (the machine is shared), then the gzipped bytes of each query's files.
func benchDocs(b *testing.B, docs []Document, facets []Facet, queries func(*Index) []benchQuery) {
	p := NewPlan(len(docs), facets)
	var ix *Index
	cpu := cpuTime()
	for b.Loop() {
		var err error
		if ix, err = Build(p, docs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	js, _ := os.ReadFile("../../layouts/assets/search-core.js")
	b.ReportMetric(float64(gz(js)), "core-js-gz-B")
	b.ReportMetric(float64(len(p.Files())), "files")
	man, _ := ix.File("index.json")
	b.ReportMetric(float64(gz(man)), "manifest-gz-B")
	maxB := 0
	for _, name := range p.Files() {
		if strings.HasPrefix(name, "t/") {
			data, _ := ix.File(name)
			maxB = max(maxB, gz(data))
		}
	}
	b.ReportMetric(float64(maxB), "bucket-max-gz-B")
	for _, c := range queries(ix) {
		cold, files := queryBytes(ix, nil, c.q, c.f)
		r, _ := newReader(ix.File)
		r.search("zzzzqqq", nil, 10, 0) // load something else first
		warm, _ := queryBytes(ix, r, c.q, c.f)
		b.ReportMetric(float64(cold), "cold-"+c.name+"-gz-B")
		b.ReportMetric(float64(files), "cold-"+c.name+"-files")
		b.ReportMetric(float64(warm), "warm-"+c.name+"-gz-B")
	}
}

// corpusDir holds the Markdown of ../shared/bench/gen_corpus.py's 10k site, when present.
const corpusDir = "/dev/shm/c10k/content"

// readCorpus reads every Markdown file under dir as a Document: the front matter (between
// the first two "---" lines) gives the title and, for mentors, keywords, record fields
// and facets; the rest is the Body.
func readCorpus(tb testing.TB, dir string) ([]Document, []Facet) {
	var docs []Document
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(data)
		fm := map[string]string{}
		if rest, ok := strings.CutPrefix(text, "---\n"); ok {
			if k := strings.Index(rest, "\n---\n"); k >= 0 {
				for _, line := range strings.Split(rest[:k], "\n") {
					if key, v, ok := strings.Cut(line, ":"); ok {
						fm[key] = strings.TrimSpace(v)
					}
				}
				text = rest[k+5:]
			}
		}
		str := func(k string) string { return strings.Trim(fm[k], `"`) }
		list := func(k string) []string {
			var out []string
			for _, x := range strings.Split(strings.Trim(fm[k], "[]"), ",") {
				if x = strings.Trim(strings.TrimSpace(x), `"`); x != "" {
					out = append(out, x)
				}
			}
			return out
		}
		rel, _ := filepath.Rel(dir, path)
		section, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		doc := Document{Kind: "page", Title: str("title"), Summary: str("summary"), Body: text,
			Show: map[string]any{"url": "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"}}
		switch {
		case section == "mentors" && d.Name() != "_index.md":
			doc.Kind, doc.Person = "mentor", true
			doc.Keywords = append(list("expertise"), str("role"), str("company"))
			doc.Show["role"], doc.Show["company"], doc.Show["photo"] = str("role"), str("company"), str("photo")
			doc.Show["accepting"], doc.Show["chips"] = fm["accepting"] == "true", list("expertise")
			doc.Facets = map[string][]string{"expertise": list("expertise"), "seniority": {str("seniority")},
				"language": list("languages"), "accepting": {fm["accepting"]}}
		case section == "programs" || section == "tips":
			doc.Kind = strings.TrimSuffix(section, "s")
			doc.Keywords = list("tags")
		}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	facets := []Facet{{Name: "expertise", Label: "Expertise"}, {Name: "seniority", Label: "Seniority"}, {Name: "language", Label: "Language"}, {Name: "accepting", Label: "Accepting"}}
	return docs, facets
}

// BenchmarkBuildCorpus10k is BenchmarkBuild10k on the real text of the 10k site (skipped
// when corpusDir is absent), with the queries.
func BenchmarkBuildCorpus10k(b *testing.B) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skip("no corpus at " + corpusDir + " (../shared/bench/gen_corpus.py)")
	}
	docs, facets := readCorpus(b, corpusDir)
	benchDocs(b, docs, facets, func(*Index) []benchQuery {
		return []benchQuery{
			{"discovery", "discovery", nil}, {"user-interviews", "user interviews", nil},
			{"discovery+senior", "discovery", map[string][]string{"seniority": {"senior"}}},
		}
	})
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
