//go:build testhooks

package reports

import (
	"bytes"
	"io"
	"os"
)

// killHook is a test hook (SIMULATE_TEST_KILL_WRITING=NAME): while writing
// the file NAME it writes half of its bytes to the temporary file f, syncs
// it and kills the process with SIGKILL, as a crash in the middle of
// writing would. It returns only for another file.
func killHook(base string, f *os.File, write func(w io.Writer) error) {
	if os.Getenv("SIMULATE_TEST_KILL_WRITING") != base {
		return
	}
	var buf bytes.Buffer
	write(&buf)
	f.Write(buf.Bytes()[:buf.Len()/2])
	f.Sync()
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		p.Signal(os.Kill)
	}
	select {}
}
