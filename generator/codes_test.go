package generator

import (
	"regexp"
	"testing"
)

// TestCodesTable: codes are unique kebab-case names with a severity and a description, so
// the README table and editors can rely on them.
func TestCodesTable(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, c := range Codes {
		if !kebab.MatchString(c.Code) {
			t.Errorf("code %q is not kebab-case", c.Code)
		}
		if seen[c.Code] {
			t.Errorf("code %q is listed twice", c.Code)
		}
		seen[c.Code] = true
		if c.Severity != "error" && c.Severity != "warning" {
			t.Errorf("code %q: severity %q", c.Code, c.Severity)
		}
		if c.What == "" {
			t.Errorf("code %q has no description", c.Code)
		}
	}
}
