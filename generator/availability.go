package generator

import (
	"fmt"
	"slices"
	"time"

	"mentorgen/generator/tz"
)

// UTCWindow is a weekly availability window as a mentee anywhere can read it: the window as
// the mentor wrote it, and the same window in UTC at its next occurrence after the build. The
// browser (localtime.js) redraws it in the reader's own zone from Day, Start, End and Zone.
type UTCWindow struct {
	Window
	Zone string // the mentor's IANA zone
	UTC  string // "Tue 21:00–23:00 UTC", or the window itself when the zone is unknown
}

// byWeekday are the day names in time.Weekday order.
var byWeekday = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// utcWindows converts a mentor's windows to UTC at their next occurrence after now. A window
// that ends at or before its start (22:00-01:00) runs past midnight.
func utcWindows(m *Mentor, now time.Time) []UTCWindow {
	loc, err := tz.Load(m.Timezone)
	out := make([]UTCWindow, 0, len(m.Availability))
	for _, w := range m.Availability {
		u := UTCWindow{Window: w, Zone: m.Timezone, UTC: w.String()}
		day := slices.Index(byWeekday, w.Day)
		start, okS := clock(w.Start)
		end, okE := clock(w.End)
		if err == nil && m.Timezone != "" && day >= 0 && okS && okE {
			local := now.In(loc)
			d := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, loc)
			d = d.AddDate(0, 0, (day-int(d.Weekday())+7)%7)
			if end <= start {
				end += 24 * 60
			}
			from := time.Date(d.Year(), d.Month(), d.Day(), start/60, start%60, 0, 0, loc).UTC()
			to := time.Date(d.Year(), d.Month(), d.Day(), end/60, end%60, 0, 0, loc).UTC()
			u.UTC = fmt.Sprintf("%s %s–%s UTC", byWeekday[from.Weekday()], from.Format("15:04"), to.Format("15:04"))
		}
		out = append(out, u)
	}
	return out
}

// clock reads "HH:MM" as minutes after midnight.
func clock(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// staleDays reports how many days before the build a mentor confirmed their availability,
// and whether that is longer ago than site.yaml's availability_stale_days. A mentor who never
// confirmed is not stale: the profile shows no date to doubt.
func (s *Site) staleDays(p *Page) (int, bool) {
	if p.Mentor == nil || p.Mentor.AvailabilityConfirmed.IsZero() {
		return 0, false
	}
	days := int(s.Built.Sub(p.Mentor.AvailabilityConfirmed).Hours() / 24)
	return days, days > s.Config.StaleDays
}

// staleDiags warns about each published mentor whose availability was not confirmed within
// availability_stale_days, at the availability_confirmed key, so an editor can ask them.
func staleDiags(s *Site) Diagnostics {
	var diags Diagnostics
	for _, p := range s.Mentors {
		days, stale := s.staleDays(p)
		if !stale {
			continue
		}
		pos := p.keyPos["availability_confirmed"]
		diags = append(diags, Diagnostic{File: p.File, Line: pos[0], Col: pos[1], Warning: true, Code: "availability-stale",
			Msg: fmt.Sprintf("availability_confirmed: %s is %d days before the build, more than availability_stale_days (%d); the profile says its availability was not confirmed recently",
				p.Mentor.AvailabilityConfirmed.Format("2006-01-02"), days, s.Config.StaleDays),
			Hint: "ask the mentor to confirm their times, then update the date"})
	}
	return diags
}

// UTCOffset is the mentor's UTC offset at the build ("UTC−3"), or "". It is the offset of
// the day, not the zone's standard one (tz.StandardOffset, which the search facets band
// by), because the UTC times shown beside it are of the coming week.
func (v *View) UTCOffset(p *Page) string {
	if p.Mentor == nil || p.Mentor.Timezone == "" {
		return ""
	}
	loc, err := tz.Load(p.Mentor.Timezone)
	if err != nil {
		return ""
	}
	_, off := v.site.Built.In(loc).Zone()
	return tz.OffsetLabel(off / 60)
}

// UTCWindows are the mentor's availability windows in UTC, next occurrence after the build.
func (v *View) UTCWindows(p *Page) []UTCWindow {
	if p.Mentor == nil {
		return nil
	}
	return utcWindows(p.Mentor, v.site.Built)
}

// Stale reports whether the mentor's availability was confirmed too long ago.
func (v *View) Stale(p *Page) bool {
	_, stale := v.site.staleDays(p)
	return stale
}
