package generator

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// tzAbbrevs maps abbreviations people write for a time zone to the zone they most likely mean.
// An abbreviation is a fixed offset (time.LoadLocation accepts EST and CET, as zoneinfo has
// them), wrong for half the year wherever daylight saving time is kept.
var tzAbbrevs = map[string]string{
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

// tzRegions are the areas of the IANA names offered as suggestions: the names people live in,
// not the legacy ones such as "Eire" or "US/Eastern".
var tzRegions = []string{"Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/"}

// tzKey normalizes a written zone for comparison: case and spaces don't matter.
func tzKey(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "_"))
}

// timezone reads an IANA time zone name. An abbreviation is a warning naming the likely zone;
// anything else not in tzNames is an error with the closest names.
func (d *fieldDecoder) timezone(n *yaml.Node, key string) string {
	s := d.str(n, key)
	if n.Kind != yaml.ScalarNode {
		return s
	}
	if zone, ok := tzAbbrevs[strings.ToUpper(strings.TrimSpace(s))]; ok {
		d.diags = append(d.diags, Diagnostic{File: d.file, Line: n.Line, Col: n.Column, Warning: true, Code: "tz-fixed-offset",
			Msg:  fmt.Sprintf("%s: %q is a fixed offset, wrong for half the year where clocks change", key, s),
			Hint: fmt.Sprintf("write the place's zone, e.g. %s: %s", key, zone)})
		return s
	}
	if _, ok := slices.BinarySearch(tzNames, s); ok && s != "Factory" { // Factory: "Local time zone must be set"
		return s
	}
	hint := `use an IANA name such as "Europe/Berlin" or "America/Sao_Paulo"`
	if c := tzSuggest(s); len(c) > 0 {
		hint = "did you mean " + quoteList(c, " or ") + "?"
	}
	d.errorf("tz-unknown", n, hint, "%s: %q is not a known time zone", key, s)
	return s
}

// tzSuggest returns the IANA names s most likely means: the same name in other case or with
// spaces for underscores, a city written alone ("Buenos Aires"), or a typo.
func tzSuggest(s string) []string {
	k := tzKey(s)
	if k == "" {
		return nil
	}
	var regional []string
	for _, name := range tzNames {
		if name == "Factory" {
			continue
		}
		if tzKey(name) == k {
			return []string{name}
		}
		for _, r := range tzRegions {
			if strings.HasPrefix(name, r) {
				regional = append(regional, name)
			}
		}
	}
	city := func(name string) string { return tzKey(name[strings.LastIndexByte(name, '/')+1:]) }
	// A city alone: prefer the longest name, the current one ("America/Argentina/Buenos_Aires"
	// rather than the old link "America/Buenos_Aires").
	var best []string
	bestDist := min(len(k)/3+1, 3)
	for _, name := range regional {
		ck := k
		if !strings.Contains(k, "/") {
			ck = city(name)
		} else {
			ck = tzKey(name)
		}
		dist := editDistance(k, ck)
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

// quoteList writes items as "a", "b" or "c".
func quoteList(items []string, last string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + last + q[len(q)-1]
}
