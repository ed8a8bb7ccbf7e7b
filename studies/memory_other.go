//go:build !windows && !darwin

package studies

// availableMemory reads MemAvailable from /proc/meminfo (0 when unknown).
func availableMemory() int64 {
	return procField("/proc/meminfo", "MemAvailable")
}
