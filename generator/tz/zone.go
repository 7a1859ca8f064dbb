// Package tz knows the world's time zones as mentors write them: the IANA names that
// time/tzdata embeds, the abbreviations people use instead, the names a typo most likely
// meant, and the three-hour bands of UTC offset that the directory filters by. It is a leaf:
// it imports nothing of mentorgen but editdist.
package tz

import (
	"slices"
	"strings"

	"mentorgen/generator/internal/editdist"
)

// abbrevs maps abbreviations people write for a time zone to the zone they most likely mean.
// An abbreviation is a fixed offset (time.LoadLocation accepts EST and CET, as zoneinfo has
// them), wrong for half the year wherever daylight saving time is kept.
var abbrevs = map[string]string{
	"EST": "America/New_York", "EDT": "America/New_York", "EST5EDT": "America/New_York",
	"CST": "America/Chicago", "CDT": "America/Chicago", "CST6CDT": "America/Chicago",
	"MST": "America/Denver", "MDT": "America/Denver", "MST7MDT": "America/Denver",
	"PST": "America/Los_Angeles", "PDT": "America/Los_Angeles", "PST8PDT": "America/Los_Angeles",
	"AKST": "America/Anchorage", "HST": "Pacific/Honolulu",
	"BST": "Europe/London", "WET": "Europe/Lisbon", "WEST": "Europe/Lisbon",
	"CET": "Europe/Berlin", "CEST": "Europe/Berlin", "MET": "Europe/Berlin",
	"EET": "Europe/Athens", "EEST": "Europe/Athens", "MSK": "Europe/Moscow",
	"IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "KST": "Asia/Seoul", "SGT": "Asia/Singapore",
	"AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "NZST": "Pacific/Auckland",
	"BRT": "America/Sao_Paulo", "ART": "America/Argentina/Buenos_Aires",
}

// regions are the areas of the IANA names offered as suggestions: the names people live in,
// not the legacy ones such as "Eire" or "US/Eastern".
var regions = []string{"Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/"}

// key normalizes a written zone for comparison: case and spaces don't matter.
func key(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "_"))
}

// Abbreviation returns the zone an abbreviation such as "EST" or "CET" most likely means,
// and whether s is one.
func Abbreviation(s string) (zone string, ok bool) {
	zone, ok = abbrevs[strings.ToUpper(strings.TrimSpace(s))]
	return zone, ok
}

// Known says whether name is an IANA zone a build can load on any machine ("Factory" is in
// the database but means "local time zone must be set").
func Known(name string) bool {
	_, ok := slices.BinarySearch(names, name)
	return ok && name != "Factory"
}

// Suggest returns the IANA names s most likely means: the same name in other case or with
// spaces for underscores, a city written alone ("Buenos Aires"), or a typo.
func Suggest(s string) []string {
	k := key(s)
	if k == "" {
		return nil
	}
	var regional []string
	for _, name := range names {
		if name == "Factory" {
			continue
		}
		if key(name) == k {
			return []string{name}
		}
		for _, r := range regions {
			if strings.HasPrefix(name, r) {
				regional = append(regional, name)
			}
		}
	}
	city := func(name string) string { return key(name[strings.LastIndexByte(name, '/')+1:]) }
	// A city alone: prefer the longest name, the current one ("America/Argentina/Buenos_Aires"
	// rather than the old link "America/Buenos_Aires").
	var best []string
	bestDist := min(len(k)/3+1, 3)
	for _, name := range regional {
		ck := k
		if !strings.Contains(k, "/") {
			ck = city(name)
		} else {
			ck = key(name)
		}
		dist := editdist.Distance(k, ck)
		switch {
		case dist < bestDist:
			best, bestDist = []string{name}, dist
		case dist == bestDist && len(best) > 0:
			if city(best[0]) == city(name) {
				if len(name) > len(best[0]) {
					best[0] = name
				}
				continue
			}
			best = append(best, name)
		}
	}
	if len(best) > 3 {
		return nil // too many equally close names: no guess is better than a wrong one
	}
	return best
}
