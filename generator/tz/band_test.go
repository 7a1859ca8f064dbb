package tz

import "testing"

func TestBandOf(t *testing.T) {
	for _, c := range []struct {
		zone  string
		label string
		band  string
	}{
		{"America/New_York", "UTC−5", "UTC−5 to −3"},
		{"America/Sao_Paulo", "UTC−3", "UTC−5 to −3"},
		{"America/St_Johns", "UTC−3:30", "UTC−5 to −3"},
		{"America/Los_Angeles", "UTC−8", "UTC−8 to −6"},
		{"Pacific/Honolulu", "UTC−10", "UTC−12 to −9"},
		{"Europe/London", "UTC", "UTC−2 to 0"},
		{"Africa/Lagos", "UTC+1", "UTC+1 to +3"},
		{"Europe/Berlin", "UTC+1", "UTC+1 to +3"},
		{"Asia/Kolkata", "UTC+5:30", "UTC+4 to +6"},
		{"Asia/Tokyo", "UTC+9", "UTC+7 to +9"},
		{"Australia/Sydney", "UTC+10", "UTC+10 to +14"},
		{"Pacific/Kiritimati", "UTC+14", "UTC+10 to +14"},
	} {
		off, ok := StandardOffset(c.zone, 2026)
		if !ok {
			t.Fatalf("%s: not loaded", c.zone)
		}
		if got := OffsetLabel(off); got != c.label {
			t.Errorf("%s: offset %q, want %q", c.zone, got, c.label)
		}
		if got := BandOf(off).Label; got != c.band {
			t.Errorf("%s: band %q, want %q", c.zone, got, c.band)
		}
	}
	seen := map[string]bool{}
	for _, b := range Bands() {
		if seen[b.Key] {
			t.Errorf("band %s listed twice", b.Key)
		}
		seen[b.Key] = true
	}
	if len(seen) != 8 {
		t.Errorf("%d bands, want 8", len(seen))
	}
}
