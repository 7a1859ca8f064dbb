package tz

import (
	"fmt"
	"sync"
	"time"
)

// A time-zone region is a band of three hours of UTC offset, the way a mentee thinks of
// "near my time" ("UTC−5 to −3"), not a continent: São Paulo and New York share evenings,
// Lagos and Berlin share mornings.
type Band struct {
	Key, Label string
}

// StandardOffset is a zone's standard offset in minutes in the build's year: the smaller of its
// offsets on 1 January and 1 July, so that daylight saving time on either hemisphere does
// not move a mentor between regions from one season's build to the next.
func StandardOffset(zone string, year int) (int, bool) {
	loc, err := Load(zone)
	if err != nil {
		return 0, false
	}
	_, jan := time.Date(year, 1, 1, 12, 0, 0, 0, loc).Zone()
	_, jul := time.Date(year, 7, 1, 12, 0, 0, 0, loc).Zone()
	return min(jan, jul) / 60, true
}

// OffsetLabel writes an offset in minutes as people read it: "UTC−3", "UTC+5:30", "UTC".
func OffsetLabel(minutes int) string {
	if minutes == 0 {
		return "UTC"
	}
	sign := "+"
	if minutes < 0 {
		sign, minutes = "−", -minutes
	}
	if minutes%60 != 0 {
		return fmt.Sprintf("UTC%s%d:%02d", sign, minutes/60, minutes%60)
	}
	return fmt.Sprintf("UTC%s%d", sign, minutes/60)
}

// BandOf is the region of a standard offset. The bands are −12…−9, −8…−6, −5…−3, −2…0,
// +1…+3, +4…+6, +7…+9 and +10…+14 (whole hours, a half hour rounded down: India's +5:30 is
// in +4…+6, Newfoundland's −3:30 in −5…−3).
func BandOf(minutes int) Band {
	h := minutes / 60
	if minutes < 0 && minutes%60 != 0 {
		h--
	}
	b := floorDiv(h+2, 3)
	b = max(-3, min(b, 4))
	lo, hi := 3*b-2, 3*b
	switch b {
	case -3:
		lo = -12
	case 4:
		hi = 14
	}
	return Band{Key: fmt.Sprintf("utc%d-to%d", lo, hi), Label: "UTC" + signed(lo) + " to " + signed(hi)}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// signed writes an hour count with a typographic minus, and a plus except for zero.
func signed(h int) string {
	switch {
	case h < 0:
		return fmt.Sprintf("−%d", -h)
	case h > 0:
		return fmt.Sprintf("+%d", h)
	}
	return "0"
}

// Bands lists every region in order, for a filter that shows them west to east.
func Bands() []Band {
	var out []Band
	for _, m := range []int{-12, -8, -5, -2, 1, 4, 7, 10} {
		out = append(out, BandOf(m*60))
	}
	return out
}

// zones caches loaded time zones by name. time.LoadLocation reads and parses the zone's file
// on every call (the system's zoneinfo, else the embedded tzdata), and a build asks for each
// mentor's zone from a card, a profile, the match data, the search facets and mentors.json.
var zones sync.Map // name → zoneResult

type zoneResult struct {
	loc *time.Location
	err error
}

// Load is time.LoadLocation, once per name.
func Load(name string) (*time.Location, error) {
	if z, ok := zones.Load(name); ok {
		return z.(zoneResult).loc, z.(zoneResult).err
	}
	loc, err := time.LoadLocation(name)
	zones.Store(name, zoneResult{loc, err})
	return loc, err
}
