//go:build unix && testhooks

package studies

import (
	"os"
	"syscall"
)

// signalSelf sends this process sig (the tests' signal hook).
func signalSelf(sig syscall.Signal) { syscall.Kill(os.Getpid(), sig) }
