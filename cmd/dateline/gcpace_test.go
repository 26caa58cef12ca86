package main

import (
	"math"
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's target without changing it.
func gcPercent() int {
	v := debug.SetGCPercent(100)
	debug.SetGCPercent(v)
	return v
}

// TestGCPace: a reopen's collector, turned off with a memory limit as a
// backstop, is put back once, and a load that has started building files
// does not turn it off again.
func TestGCPace(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	var p gcPace
	p.raise()
	if got, limit := gcPercent(), debug.SetMemoryLimit(-1); got != -1 || limit != reopenLimit {
		t.Fatalf("after raise the target is %d and the limit %d, want the collector off (-1) and %d", got, limit, int64(reopenLimit))
	}
	p.restore()
	p.restore()
	if got, limit := gcPercent(), debug.SetMemoryLimit(-1); got != 100 || limit != math.MaxInt64 {
		t.Fatalf("after restore the target is %d and the limit %d, want 100 and none", got, limit)
	}
	p.raise()
	if got := gcPercent(); got != 100 {
		t.Errorf("raise after restore set the target to %d, want it left at 100", got)
	}

	var early gcPace
	early.restore() // the first build came before the reopen was told
	early.raise()
	if got := gcPercent(); got != 100 {
		t.Errorf("raise after a build set the target to %d, want it left at 100", got)
	}
}
