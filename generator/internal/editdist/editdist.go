// Package editdist measures how far apart two words are, for the "did you mean" hints that
// name the closest known key, value, page or time zone. It imports nothing of mentorgen.
package editdist

import (
	"fmt"
	"strings"
)

// Distance is the Levenshtein distance between a and b, counted in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// DidYouMean returns a hint naming the closest candidate to s, or "" when none is close.
func DidYouMean(s string, candidates []string) string {
	best, bestDist := "", len(s)/2+2
	if bestDist > 4 {
		bestDist = 4
	}
	ls := strings.ToLower(s)
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == ls {
			return fmt.Sprintf("did you mean %q?", c)
		}
		if d := Distance(ls, lc); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("did you mean %q?", best)
}
