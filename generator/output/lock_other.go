//go:build !unix

package output

import "context"

// outputLock is not implemented where there is no flock (Windows): two builds of one output
// folder at once may both fail there, as they did everywhere before there was a lock.
type outputLock struct{}

func lockOutput(context.Context, string, string, func()) (*outputLock, error) { return nil, nil }

func (*outputLock) unlock() {}
