package studies

import (
	"fmt"
	"os"
)

// maxBreakdownSize is the largest --breakdown file compare reads, in bytes:
// a breakdown lists a few groups of key paths.
const maxBreakdownSize = 1 << 20

// unwrapPath drops the path an *os.PathError repeats.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
