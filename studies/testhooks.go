//go:build testhooks

package studies

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// testHooks returns the hooks of SIMULATE_TEST_SIGNAL=K:SIG (SIG one of
// KILL, INT, TERM), in a binary built with -tags testhooks only: a sweep
// sends itself the signal once point K is written, a run once K
// replications are done, so that tests interrupt them at a known point
// without sleeping.
func testHooks() hooks {
	k, sig := signalHook(os.Getenv("SIMULATE_TEST_SIGNAL"))
	if k < 0 {
		return hooks{}
	}
	return hooks{
		PointWritten: func(i int) {
			if i == k {
				signalSelf(sig)
			}
		},
		ReplicationsDone: func(done, total int) {
			if done == k {
				signalSelf(sig)
			}
		},
	}
}

// signalHook parses K:SIG; k is -1 when v is not one.
func signalHook(v string) (int, syscall.Signal) {
	k, name, ok := strings.Cut(v, ":")
	point, err := strconv.Atoi(k)
	if !ok || err != nil {
		return -1, 0
	}
	switch name {
	case "KILL":
		return point, syscall.SIGKILL
	case "INT":
		return point, syscall.SIGINT
	case "TERM":
		return point, syscall.SIGTERM
	}
	return -1, 0
}
