//go:build unix

package output

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A build does not wait for ever: past lockWait it fails saying why, and the build holding
// the output is not disturbed.
func TestLockWaitIsBounded(t *testing.T) {
	defer func(d time.Duration) { lockWait = d }(lockWait)
	lockWait = 0
	out := filepath.Join(t.TempDir(), "public")
	first := newWriter(t, out)
	waited := false
	_, err := NewContext(context.Background(), out, func() { waited = true })
	if err == nil || !strings.HasPrefix(err.Error(), "another build of this output is running and has held "+out) {
		t.Errorf("err = %v, want it to say another build of this output is running", err)
	}
	if !waited {
		t.Error("waiting was not called")
	}
	write(t, first, map[string]string{"index.html": "home"})
}
