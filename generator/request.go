package generator

import (
	"net/url"
	"strings"
)

// reachOutTip finds the site's tip about writing to a mentor, for the profile's "Request
// mentorship" form to link: the tip whose topic, tags, title and summary say most about
// reaching out and being clear and concise. Ties go to the tip listed first; none that says
// anything of it means no link.
func reachOutTip(tips []*Page) *Page {
	var best *Page
	bestScore := 0
	for _, t := range tips {
		score := 0
		topic := ""
		if t.Tip != nil {
			topic = strings.ToLower(t.Tip.Topic)
		}
		text := strings.ToLower(t.Title + " " + t.Summary + " " + strings.Join(t.Tags, " "))
		for _, w := range []string{"reach", "outreach", "first contact", "first message"} {
			if strings.Contains(topic, w) {
				score += 3
			}
			if strings.Contains(text, w) {
				score += 2
			}
		}
		for _, w := range []string{"concise", "clear", "message"} {
			if strings.Contains(text, w) {
				score++
			}
		}
		if score >= 3 && score > bestScore {
			best, bestScore = t, score
		}
	}
	return best
}

// MailAddress is the e-mail address a mentor can be written to: a mailto: booking_url or
// link. It is "" when there is none; the request form then offers the booking link alone.
func (v *View) MailAddress(p *Page) string {
	if p.Mentor == nil {
		return ""
	}
	urls := []string{p.Mentor.BookingURL}
	for _, l := range p.Mentor.Links {
		urls = append(urls, l.URL)
	}
	for _, u := range urls {
		if rest, ok := cutPrefixFold(u, "mailto:"); ok {
			addr, _, _ := strings.Cut(rest, "?")
			if a, err := url.PathUnescape(addr); err == nil && strings.Contains(a, "@") {
				return a
			}
		}
	}
	return ""
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// RequestSubject is the subject of a first message to a mentor, before the mentee's goal
// is known.
func (v *View) RequestSubject(p *Page) string { return "Mentorship request: [your goal]" }

// RequestTemplate is the first message a mentee fills in, for readers without JavaScript:
// the shape request.js composes from the form. It follows the reach-out guidance: who you
// are, one goal, what you tried, one small ask.
func (v *View) RequestTemplate(p *Page) string {
	return "Hello " + p.Title + ",\n\n" +
		"I am [your name], [your role or where you are in your career]. I would like your help with [your goal, in one sentence].\n\n" +
		"So far I have tried [what you have tried].\n\n" +
		"From you I would like [your ask, e.g. a 30-minute call to review my plan], [preferred cadence, e.g. every two weeks].\n\n" +
		"Thank you,\n[your name]"
}

// MailtoHref is a mailto: URL with the subject and body percent-encoded as RFC 6068 asks:
// UTF-8 bytes, CRLF line breaks, and nothing but unreserved characters left as they are.
func MailtoHref(addr, subject, body string) string {
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	return "mailto:" + mailEscape(addr, true) + "?subject=" + mailEscape(subject, false) + "&body=" + mailEscape(body, false)
}

// mailEscape percent-encodes all but the unreserved characters (and @ in an address).
func mailEscape(s string, addr bool) string {
	var b strings.Builder
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~', addr && c == '@':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// RequestMailto is MailtoHref for the no-JavaScript template, or "" without an address.
func (v *View) RequestMailto(p *Page) string {
	addr := v.MailAddress(p)
	if addr == "" {
		return ""
	}
	return MailtoHref(addr, v.RequestSubject(p), v.RequestTemplate(p))
}

// BookingLink is the mentor's booking_url unless it is a mailto:, which the request form
// already offers as "Open in your mail app".
func (v *View) BookingLink(p *Page) string {
	if p.Mentor == nil {
		return ""
	}
	if _, ok := cutPrefixFold(p.Mentor.BookingURL, "mailto:"); ok {
		return ""
	}
	return p.Mentor.BookingURL
}
