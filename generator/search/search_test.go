package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

type vectors struct {
	Numbers []struct {
		S string   `json:"s"`
		V []uint32 `json:"v"`
	} `json:"numbers"`
	Tokenize []struct {
		In  string   `json:"in"`
		Out []string `json:"out"`
	} `json:"tokenize"`
	Facets  []Facet    `json:"facets"`
	Docs    []Document `json:"docs"`
	Queries []struct {
		Name       string              `json:"name"`
		Q          string              `json:"q"`
		Filters    map[string][]string `json:"filters"`
		IDs        []int               `json:"ids"`
		Total      *int                `json:"total"`
		Suggestion *string             `json:"suggestion"`
	} `json:"queries"`
	Counts []struct {
		Q       string                    `json:"q"`
		Filters map[string][]string       `json:"filters"`
		Want    map[string]map[string]int `json:"want"`
	} `json:"counts"`
}

// queryVectors lists the files of query vectors: vectors.json (also the tokenizer's), and
// others with a document set of their own, each built into its own index.
func queryVectors(t testing.TB) []string {
	files, err := filepath.Glob("testdata/vectors*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("query vectors: %v %v", files, err)
	}
	return files
}

func readVectors(t testing.TB) *vectors { return readVectorFile(t, "testdata/vectors.json") }

func readVectorFile(t testing.TB, name string) *vectors {
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	v := &vectors{}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
	return v
}

func buildVectors(t testing.TB) (*vectors, *Index) {
	return buildVectorFile(t, "testdata/vectors.json")
}

func buildVectorFile(t testing.TB, name string) (*vectors, *Index) {
	v := readVectorFile(t, name)
	ix, err := Build(NewPlan(len(v.Docs), v.Facets), v.Docs)
	if err != nil {
		t.Fatal(err)
	}
	return v, ix
}

// TestNumberVectors holds the encoder (appendVarint) and the reference decoder (varints) to
// the number strings of FORMAT.md over the encoder's whole range, 0 to 2³²−1;
// layouts/jstest/numbers.test.js holds the browser's one decoder to the same vectors.
func TestNumberVectors(t *testing.T) {
	v := readVectors(t)
	if len(v.Numbers) == 0 {
		t.Fatal("vectors.json has no numbers")
	}
	for _, c := range v.Numbers {
		var enc []byte
		for _, x := range c.V {
			enc = appendVarint(enc, x)
		}
		if string(enc) != c.S {
			t.Errorf("appendVarint(%v) = %q, want %q", c.V, enc, c.S)
		}
		got, used := varints(c.S, -1)
		dec := make([]uint32, len(got))
		for i, x := range got {
			dec[i] = uint32(x) // varints keeps the bits in an int32: every number an index holds is below 2³¹
		}
		if used != len(c.S) || !slices.Equal(dec, c.V) && len(dec)+len(c.V) > 0 {
			t.Errorf("varints(%q) = %v (%d bytes), want %v (%d bytes)", c.S, dec, used, c.V, len(c.S))
		}
	}
}

func TestTokenizeVectors(t *testing.T) {
	for _, c := range readVectors(t).Tokenize {
		if got := Tokenize(c.In); !slices.Equal(got, c.Out) && len(got)+len(c.Out) > 0 {
			t.Errorf("Tokenize(%q) = %q, want %q", c.In, got, c.Out)
		}
	}
}

func TestQueryVectors(t *testing.T) {
	for _, file := range queryVectors(t) {
		t.Run(filepath.Base(file), func(t *testing.T) { testQueryVectors(t, file) })
	}
}

func testQueryVectors(t *testing.T, file string) {
	v, ix := buildVectorFile(t, file)
	for _, c := range v.Queries {
		res := ix.Search(c.Q, c.Filters, 10)
		var ids []int
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(ids) < len(c.IDs) || !slices.Equal(ids[:len(c.IDs)], c.IDs) {
			t.Errorf("%s: Search(%q, %v) = %v, want %v first", c.Name, c.Q, c.Filters, ids, c.IDs)
		}
		if c.Total != nil && res.Total != *c.Total {
			t.Errorf("%s: Search(%q).Total = %d, want %d", c.Name, c.Q, res.Total, *c.Total)
		}
		if c.Suggestion != nil && res.Suggestion != *c.Suggestion {
			t.Errorf("%s: Search(%q).Suggestion = %q, want %q", c.Name, c.Q, res.Suggestion, *c.Suggestion)
		}
	}
	for _, c := range v.Counts {
		if got := ix.FacetCounts(c.Q, c.Filters); !reflect.DeepEqual(got, c.Want) {
			t.Errorf("FacetCounts(%q, %v) = %v, want %v", c.Q, c.Filters, got, c.Want)
		}
	}
}

// The records: Show as given, the package's keys winning, and a snippet.
func TestRecords(t *testing.T) {
	_, ix := buildVectors(t)
	res := ix.Search("product", nil, 10)
	if len(res.Hits) != 1 {
		t.Fatalf("Search(product) = %+v, want one hit", res)
	}
	rec := res.Hits[0].Record
	want := map[string]any{"url": "/mentors/ana-silva/", "role": "Product manager", "k": "mentor", "t": "Ana Silva", "s": "Product discovery coach."}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("record = %v, want %v", rec, want)
	}
	// Past the first page, records come from the chunks.
	r, _ := newReader(ix.File)
	res = r.search("ana", nil, 2, 1)
	if len(res.Hits) != 2 || res.Hits[0].Record["t"] == nil {
		t.Errorf("search(ana, offset 1) = %+v", res)
	}
}

func TestPlanFiles(t *testing.T) {
	v, ix := buildVectors(t)
	for _, n := range []int{0, 1, 9, 1000, 11000, 50000} {
		files := NewPlan(n, v.Facets).Files()
		if !slices.IsSorted(files) || len(slices.Compact(slices.Clone(files))) != len(files) {
			t.Errorf("NewPlan(%d).Files() not sorted and unique", n)
		}
	}
	files := NewPlan(len(v.Docs), v.Facets).Files()
	var served []string
	for name := range ix.files {
		served = append(served, name)
	}
	slices.Sort(served)
	if !slices.Equal(files, served) {
		t.Errorf("Files() = %v\nFile serves %v", files, served)
	}
	for _, name := range files {
		if data, ok := ix.File(name); !ok || !json.Valid(data) {
			t.Errorf("File(%q): not valid JSON", name)
		}
	}
	if _, err := Build(NewPlan(3, nil), v.Docs); err == nil {
		t.Error("Build with a plan for 3 documents: no error")
	}
}

func TestSnippet(t *testing.T) {
	long := "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega and again alpha beta gamma."
	s := snippet(long, len(long)-20)
	if len([]rune(s)) > snippetLen+2 || s[:3] != "…" {
		t.Errorf("snippet = %q", s)
	}
}

// The same vectors against the browser engine, on the files Build wrote.
func TestEngineJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("SKIPPED: node is not on PATH, so search-core.js is not tested against the vectors")
	}
	// Each vector file's index goes to its own folder, named as the file without .json.
	dir := t.TempDir()
	for _, file := range queryVectors(t) {
		_, ix := buildVectorFile(t, file)
		writeIndex(t, ix, filepath.Join(dir, strings.TrimSuffix(filepath.Base(file), ".json")))
	}
	cmd := exec.Command(node, "--test", "testdata/engine.test.js")
	cmd.Env = append(os.Environ(), "SEARCH_INDEX_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}

func writeIndex(t *testing.T, ix *Index, dir string) {
	for name, data := range ix.files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNoMarkupInFiles builds an index of documents made of markup and requires that no file
// holds a raw <, > or &: whatever a profile contains, the data cannot close a script element
// or start markup wherever it ends up.
func TestNoMarkupInFiles(t *testing.T) {
	hostile := `</script><img src=x onerror=alert(1)> & <!--`
	facets := []Facet{{Name: "expertise", Label: "Expertise <b>", Values: map[string]string{"x": hostile}}}
	docs := []Document{
		{Kind: "mentor", Title: hostile, Person: true, Keywords: []string{hostile}, Summary: hostile, Body: hostile + " body text",
			Show: map[string]any{"r": hostile, "ex": []string{hostile}}, Facets: map[string][]string{"expertise": {"x"}}},
		{Kind: "tip", Title: "Plain tip", Body: hostile},
	}
	plan := NewPlan(len(docs), facets)
	ix, err := Build(plan, docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range plan.Files() {
		b, _ := ix.File(name)
		if i := strings.IndexAny(string(b), "<>&"); i >= 0 {
			t.Errorf("%s holds a raw %q: …%s…", name, b[i], b[max(0, i-20):min(len(b), i+20)])
		}
	}
	if r := ix.Search("script", nil, 10); r.Total == 0 {
		t.Error("the escaped text is not searchable")
	}
}
