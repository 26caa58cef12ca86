package main

import (
	"runtime/debug"
	"testing"
)

// gcPercent reads the collector's target without changing it.
func gcPercent() int {
	v := debug.SetGCPercent(100)
	debug.SetGCPercent(v)
	return v
}

// TestGCPace: a reopen's raised target is put back once, and a load that
// has started building files is not raised again.
func TestGCPace(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	var p gcPace
	p.raise()
	if got := gcPercent(); got != 400 {
		t.Fatalf("after raise the target is %d, want 400", got)
	}
	p.restore()
	p.restore()
	if got := gcPercent(); got != 100 {
		t.Fatalf("after restore the target is %d, want 100", got)
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
