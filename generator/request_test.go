package generator_test

import (
	"testing"

	"mentorgen/generator"
)

// The Go side of request.js's mailto: vector (layouts/jstest/request.test.js): the no-JS
// template's link is encoded the same way.
func TestMailtoHref(t *testing.T) {
	got := generator.MailtoHref("ana@example.org", "Mentoría: ¿precio & OKRs?", "Olá José,\nlinha 2 — 日本\n\n100% = a+b")
	want := "mailto:ana@example.org?subject=Mentor%C3%ADa%3A%20%C2%BFprecio%20%26%20OKRs%3F" +
		"&body=Ol%C3%A1%20Jos%C3%A9%2C%0D%0Alinha%202%20%E2%80%94%20%E6%97%A5%E6%9C%AC%0D%0A%0D%0A100%25%20%3D%20a%2Bb"
	if got != want {
		t.Errorf("MailtoHref:\n got %s\nwant %s", got, want)
	}
}
