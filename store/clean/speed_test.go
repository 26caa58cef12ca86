package clean

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestSpeedCPU reports cleaning throughput per CPU-second of this process
// (user+system time from getrusage), which, unlike wall-clock benchmarks, is
// not inflated when other work shares the machine. It only logs; speed is not
// asserted in unit tests. Run with -v -run SpeedCPU.
func TestSpeedCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	files, _ := filepath.Glob(filepath.Join(*wcxbDir, "text", "[0-9]*[0-9].txt"))
	if len(files) == 0 {
		t.Skip("benchmark data not available")
	}
	var raws []string
	total := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, string(data))
		total += len(data)
	}
	c := New()
	c.Clean(raws[0]) // build the model before timing
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			t.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	for _, raw := range raws {
		c.Clean(raw)
	}
	used := cpu() - start
	t.Logf("cleaned %d pages, %.1f MB in %v CPU: %.1f MB per CPU-second", len(raws), float64(total)/1e6, used, float64(total)/1e6/used.Seconds())
}
