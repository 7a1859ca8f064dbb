package generator

import (
	"fmt"
	"os"
	"slices"
	"testing"
)

func mentorPage(name string, accepting bool, exp, helps, ind, prog []string) *Page {
	return &Page{Title: name, Kind: KindMentor, Mentor: &Mentor{Accepting: accepting,
		Expertise: exp, HelpsWith: helps, Industries: ind, ProgramTypes: prog}}
}

func names(ms []*Page, idx []int32) []string {
	var out []string
	for _, i := range idx {
		out = append(out, ms[i].Title)
	}
	return out
}

// The ranking weighs expertise 3, career goals 2, industries and program types 1; ties go
// to the accepting mentor, then to the one listed first; a mentor is never like itself, and
// one who shares nothing is never listed.
func TestSimilarMentorsRanking(t *testing.T) {
	ms := []*Page{
		mentorPage("a", true, []string{"pricing", "okrs"}, []string{"first PM job"}, []string{"fintech"}, []string{"formal"}),
		mentorPage("b", true, []string{"pricing"}, nil, []string{"fintech"}, nil),                      // 3+1 = 4 with a
		mentorPage("c", true, []string{"Pricing", "okrs"}, nil, nil, nil),                              // 6 with a (case aside)
		mentorPage("d", false, nil, []string{"first PM job"}, []string{"fintech"}, []string{"formal"}), // 2+1+1 = 4 with a, not accepting
		mentorPage("e", true, nil, []string{"first PM job"}, nil, []string{"formal"}),                  // 3 with a
		mentorPage("f", true, []string{"growth"}, []string{"IC to manager"}, []string{"media"}, nil),   // nothing with a
		mentorPage("g", true, nil, []string{"first PM job"}, []string{"fintech"}, nil),                 // 3 with a, listed after e
	}
	got := similarMentors(ms, 4)
	if want := []string{"c", "b", "d", "e"}; !slices.Equal(names(ms, got[0]), want) {
		t.Errorf("like a: %v, want %v", names(ms, got[0]), want)
	}
	if len(got[5]) != 0 {
		t.Errorf("like f, who shares nothing: %v, want none", names(ms, got[5]))
	}
	for i, idx := range got {
		if slices.Contains(idx, int32(i)) {
			t.Errorf("%s is listed as like itself", ms[i].Title)
		}
	}
	again := similarMentors(ms, 4)
	if fmt.Sprint(again) != fmt.Sprint(got) {
		t.Errorf("not deterministic: %v then %v", got, again)
	}
	sim := similarOf(ms, got[0][:1], ms[0])
	if want := []string{"Pricing", "okrs"}; !slices.Equal(sim[0].Shared, want) {
		t.Errorf("a and c share %v, want %v", sim[0].Shared, want)
	}
}

// A value on more mentors than similarCap is read only in a window, yet a mentor still finds
// the one who shares the most with it, through a rare value or a pair of skills.
func TestSimilarMentorsCommonValues(t *testing.T) {
	var ms []*Page
	for i := range 3 * similarCap {
		ms = append(ms, mentorPage(fmt.Sprint("m", i), true, []string{"common", fmt.Sprint("x", i%7)}, nil, nil, []string{"online"}))
	}
	ms = append(ms, mentorPage("twin-a", true, []string{"common", "rare-1", "rare-2"}, nil, nil, []string{"online"}))
	ms = slices.Insert(ms, 0, mentorPage("twin-b", true, []string{"common", "rare-1", "rare-2"}, nil, nil, []string{"online"}))
	got := similarMentors(ms, 3)
	last := len(ms) - 1
	if n := names(ms, got[last]); len(n) == 0 || n[0] != "twin-b" {
		t.Errorf("like twin-a: %v, want twin-b first", n)
	}
	if n := names(ms, got[0]); len(n) == 0 || n[0] != "twin-a" {
		t.Errorf("like twin-b: %v, want twin-a first", n)
	}
	for i, idx := range got {
		if len(idx) != 3 {
			t.Fatalf("%s has %d similar mentors, want 3", ms[i].Title, len(idx))
		}
	}
}

// BenchmarkSimilarMentors ranks a synthetic directory the shape of gen_corpus.py's: 30
// skills, 10 career goals, 20 industries, 4 program types.
func BenchmarkSimilarMentors(b *testing.B) {
	for _, n := range []int{10_000, 50_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ms := syntheticMentors(n)
			for b.Loop() {
				similarMentors(ms, similarK)
			}
		})
	}
}

func syntheticMentors(n int) []*Page {
	r := uint32(1)
	rnd := func(k int) int { r = r*1664525 + 1013904223; return int(r>>8) % k }
	pick := func(prefix string, vocab, lo, hi int) []string {
		var out []string
		for range lo + rnd(hi-lo+1) {
			v := fmt.Sprint(prefix, rnd(vocab))
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
		return out
	}
	ms := make([]*Page, n)
	for i := range ms {
		ms[i] = mentorPage(fmt.Sprint("m", i), rnd(4) > 0, pick("e", 30, 2, 5), pick("h", 10, 1, 3), pick("i", 20, 1, 3), pick("p", 4, 1, 2))
	}
	return ms
}

// BenchmarkSimilarCorpus ranks the mentors of the site in $MENTORGEN_BENCH_SITE (a corpus
// from gen_corpus.py), loaded and assembled once: the work similar mentors add to a build.
func BenchmarkSimilarCorpus(b *testing.B) {
	dir := os.Getenv("MENTORGEN_BENCH_SITE")
	if dir == "" {
		b.Skip("set MENTORGEN_BENCH_SITE to a site folder, e.g. /dev/shm/c50k")
	}
	in, _ := Load(os.DirFS(dir), Options{})
	s, _ := Assemble(in, Options{})
	b.ReportMetric(float64(len(s.Mentors)), "mentors")
	for b.Loop() {
		similarMentors(s.Mentors, similarK)
	}
}
