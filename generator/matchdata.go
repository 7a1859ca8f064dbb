package generator

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"mentorgen/generator/tz"
)

// The data /match/ ranks by (layouts/assets/match.js) travels in the search index, as facets
// the directory does not show: mentoring style, format, availability in UTC blocks, and the
// mentors whose availability is stale. No second copy of the mentors is written.

// blockDays are the day keys of the availability facet, Monday first.
var blockDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// blockKey names the three-hour UTC block that starts at hour h (0, 3, … 21) of a weekday
// (time.Weekday): "tue-21" is Tuesday 21:00–24:00 UTC.
func blockKey(d time.Weekday, h int) string {
	return fmt.Sprintf("%s-%02d", blockDays[(int(d)+6)%7], h)
}

// availabilityBlocks are the facet values of every block of a week.
func availabilityBlocks() map[string]string {
	out := map[string]string{}
	for d := time.Sunday; d <= time.Saturday; d++ {
		for h := 0; h < 24; h += 3 {
			out[blockKey(d, h)] = fmt.Sprintf("%s %02d–%02d UTC", byWeekday[d], h, h+3)
		}
	}
	return out
}

// mentorBlocks are the UTC blocks that a mentor's windows overlap, each window taken at its
// next occurrence after now in the mentor's zone. Daylight saving time is thus that of the
// coming week at the build: good enough to rank by, while the times a reader sees are
// converted exactly in the browser (localtime.js). A mentor without a known zone has none.
func mentorBlocks(m *Mentor, now time.Time) []string {
	loc, err := tz.Load(m.Timezone)
	if err != nil || m.Timezone == "" {
		return nil
	}
	seen := map[string]bool{}
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
	for _, w := range m.Availability {
		day := slices.Index(byWeekday, w.Day)
		start, okS := clock(w.Start)
		end, okE := clock(w.End)
		if day < 0 || !okS || !okE {
			continue
		}
		if end <= start {
			end += 24 * 60
		}
		d := today.AddDate(0, 0, (day-int(today.Weekday())+7)%7)
		from := time.Date(d.Year(), d.Month(), d.Day(), start/60, start%60, 0, 0, loc).UTC()
		to := time.Date(d.Year(), d.Month(), d.Day(), end/60, end%60, 0, 0, loc).UTC()
		// Every block the window has at least a minute in.
		b := from.Truncate(3 * time.Hour)
		for ; b.Before(to); b = b.Add(3 * time.Hour) {
			seen[blockKey(b.Weekday(), b.Hour())] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// mentorValues are the distinct values of a mentor field across the site, labelled, for a
// facet that has no taxonomy (style, formats).
func (s *Site) mentorValues(field func(*Mentor) []string) map[string]string {
	out := map[string]string{}
	for _, p := range s.Mentors {
		for _, v := range field(p.Mentor) {
			out[termSlug(v)] = label(v)
		}
	}
	return out
}

// A MatchGroup is one criterion of /match/'s form: a search facet and its values, taken from
// the same definitions as the index's, so the page and the index name values alike.
type MatchGroup struct {
	Key, Legend string
	Values      []MatchValue
}

// MatchValue is one choice of a MatchGroup.
type MatchValue struct{ Key, Label string }

// matchLegends are the facets /match/ asks about, in the form's order.
var matchLegends = []struct{ key, legend string }{
	{"expertise", "Skills you want to grow"},
	{"helps_with", "Your career step"},
	{"program_type", "Kind of program"},
	{"style", "Mentoring style"},
	{"format", "Format"},
	{"language", "Languages you can work in"},
}

// MatchGroups are the choices of /match/'s form, from the same values as the search facets,
// each group in label order; a group without values is left out.
func (v *View) MatchGroups() []MatchGroup {
	byName := map[string]map[string]string{}
	for _, f := range v.site.searchFacets() {
		byName[f.Name] = f.Values
	}
	var out []MatchGroup
	for _, l := range matchLegends {
		g := MatchGroup{Key: l.key, Legend: l.legend}
		for k, lab := range byName[l.key] {
			g.Values = append(g.Values, MatchValue{k, lab})
		}
		if len(g.Values) == 0 {
			continue
		}
		sort.Slice(g.Values, func(i, j int) bool {
			a, b := g.Values[i], g.Values[j]
			return a.Label < b.Label || a.Label == b.Label && a.Key < b.Key
		})
		out = append(out, g)
	}
	return out
}
