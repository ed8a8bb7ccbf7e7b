package studies

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
)

// MemoryLimit returns the memory limit of runs, in bytes: max when above
// 0 (--max-memory), else 90% of the memory available on this machine (no
// limit when that is unknown).
func MemoryLimit(max int64) int64 {
	if max > 0 {
		return max
	}
	if a := availableMemory(); a > 0 {
		return a / 10 * 9
	}
	return math.MaxInt64
}

// procField returns a field of a /proc file given in kB (as /proc/meminfo
// and /proc/self/status give memory), in bytes; 0 when unknown.
func procField(path, field string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
