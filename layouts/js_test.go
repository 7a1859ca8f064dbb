package layouts

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestScripts runs the node tests of the theme's scripts (jstest/*.test.js): local-time
// conversion across daylight-saving changes, the request composer's mailto: encoding, and
// the goal worksheet, /match/'s ranking (scores, order, reasons, hour blocks), and the
// search index's number strings (search-core.js's decoder, which match.js shares, against
// generator/search/testdata/vectors.json).
func TestScripts(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("SKIP: node is not on PATH; the theme's script tests (layouts/jstest) did not run")
	}
	files, _ := filepath.Glob("jstest/*.test.js")
	if len(files) == 0 {
		t.Fatal("no tests in jstest/")
	}
	out, err := exec.Command(node, append([]string{"--test"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
}
