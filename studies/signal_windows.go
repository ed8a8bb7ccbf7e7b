//go:build windows && testhooks

package studies

import (
	"os"
	"syscall"
)

// signalSelf sends this process sig (the tests' signal hook). Windows sends
// no signals: SIGKILL kills the process, the others do nothing.
func signalSelf(sig syscall.Signal) {
	if sig != syscall.SIGKILL {
		return
	}
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		p.Kill()
	}
}
