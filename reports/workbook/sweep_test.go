package workbook

import (
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLargeSweep writes a 10,000-point sweep through the streaming writer
// and logs the heap it needs: sampled every millisecond, the peak heap in
// use above the level before the call, and the bytes allocated in all.
// The sheet is checked cell by cell against sweep.csv.
func TestLargeSweep(t *testing.T) {
	const points = 10000
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "sweep.csv"), sweepCSV(points))

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	start := time.Now()
	err := WriteDir(dir, Options{})
	elapsed := time.Since(start)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	peakAbove := float64(peak.Load()) - float64(before.HeapAlloc)
	t.Logf("%d points in %v: peak heap %.1f MB above the %.1f MB before, %.1f MB allocated in all",
		points, elapsed.Round(time.Millisecond), peakAbove/1e6, float64(before.HeapAlloc)/1e6, float64(after.TotalAlloc-before.TotalAlloc)/1e6)
	// The streaming writer keeps at most 16 MiB of rows in memory (a
	// bytes.Buffer that may double to 32 MiB) and spills the rest to a
	// temporary file; the rest of the workbook is small. 64 MB is twice
	// that buffer's worst case. (Measured: 13 MB for 10,000 points, 62 MB
	// for 100,000, where the buffer is full.)
	if peakAbove > 64e6 {
		t.Errorf("peak heap %.1f MB above the start, want at most 64 MB", peakAbove/1e6)
	}

	f := openReport(t, dir)
	checkSweep(t, f, dir, Labels("en"), 1e8)
}
