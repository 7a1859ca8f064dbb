package generator

import (
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"mentorgen/layouts"
)

// TestMentorBlocks pins the UTC blocks a mentor's windows fall in, on both sides of a
// daylight-saving change, across midnight, and at a half-hour offset.
func TestMentorBlocks(t *testing.T) {
	cases := []struct {
		zone    string
		windows []Window
		now     time.Time
		want    []string
	}{
		// New York on standard time (UTC−5): Mon 18:00–20:00 is 23:00–01:00 UTC.
		{"America/New_York", []Window{{"Mon", "18:00", "20:00"}}, time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC), []string{"mon-21", "tue-00"}},
		// The build is the Saturday before DST starts (8 March 2026): the coming Monday is on
		// UTC−4, 22:00–24:00 UTC.
		{"America/New_York", []Window{{"Mon", "18:00", "20:00"}}, time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC), []string{"mon-21"}},
		// India, UTC+5:30: Tue 09:00–10:00 is 03:30–04:30 UTC.
		{"Asia/Kolkata", []Window{{"Tue", "09:00", "10:00"}}, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), []string{"tue-03"}},
		// Past midnight, and a window that touches a block's end takes no minute of the next.
		{"UTC", []Window{{"Sun", "22:00", "01:00"}, {"Wed", "09:00", "12:00"}}, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), []string{"mon-00", "sun-21", "wed-09"}},
		// An unknown zone has no blocks rather than wrong ones.
		{"", []Window{{"Mon", "09:00", "10:00"}}, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), nil},
	}
	for _, c := range cases {
		got := mentorBlocks(&Mentor{Timezone: c.zone, Availability: c.windows}, c.now)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s %v at %s: %v, want %v", c.zone, c.windows, c.now.Format("2006-01-02"), got, c.want)
		}
	}
	if n := len(availabilityBlocks()); n != 56 {
		t.Errorf("%d blocks in a week, want 56", n)
	}
}

// TestMatchData checks what the search index carries for /match/: style, format, hours and
// stale facets, and capacity and the stale flag in the record.
func TestMatchData(t *testing.T) {
	mentor := func(name, extra string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + name + "\nrole: PM\nseniority: senior\nexpertise: [pricing]\nstyle: [direct]\nformats: [\"1:1 video\"]\n" +
			"timezone: UTC\navailability: [\"Mon 09:00-10:00\"]\naccepting: true\n" + extra + "---\nBio.\n")}
	}
	site := fstest.MapFS{
		"site.yaml":                 {Data: []byte("title: T\nbase_url: https://example.org/\n")},
		"content/mentors/a.md":      mentor("A", "capacity: 2\navailability_confirmed: 2026-05-01\n"),
		"content/mentors/b.md":      mentor("B", "availability_confirmed: 2025-01-01\n"),
		"content/mentors/_index.md": {Data: []byte("---\ntitle: Mentors\n---\n")},
	}
	o, diags := Prepare(Options{Site: site, Theme: layouts.FS, Now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if len(diags.Errors()) > 0 {
		t.Fatal(diags)
	}
	s := o.Site
	docs := s.searchDocuments(s.searchablePages())
	a, b := docs[0], docs[1]
	if a.Show["cap"] != 2 || a.Show["st"] != nil || b.Show["st"] != true || b.Show["cap"] != nil {
		t.Errorf("records: a %v, b %v", a.Show, b.Show)
	}
	if !slices.Equal(a.Facets["style"], []string{"direct"}) || !slices.Equal(a.Facets["format"], []string{"1-1-video"}) ||
		!slices.Equal(a.Facets["hours"], []string{"mon-09"}) || a.Facets["stale"] != nil || !slices.Equal(b.Facets["stale"], []string{"yes"}) {
		t.Errorf("facets: a %v, b %v", a.Facets, b.Facets)
	}
	names := map[string]bool{}
	for _, f := range s.searchFacets() {
		names[f.Name] = len(f.Values) > 0
	}
	for _, n := range []string{"style", "format", "hours", "stale"} {
		if !names[n] {
			t.Errorf("facet %s is missing or has no values", n)
		}
	}
}
