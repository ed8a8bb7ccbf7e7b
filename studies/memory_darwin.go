//go:build darwin

package studies

import "golang.org/x/sys/unix"

// availableMemory returns half the physical memory (0 when unknown): macOS
// tells the available memory only through Mach calls this program does not
// make, and half is what a run may take without pushing the rest to swap.
func availableMemory() int64 {
	n, err := unix.SysctlUint64("hw.memsize")
	if err != nil {
		return 0
	}
	return int64(n / 2)
}
