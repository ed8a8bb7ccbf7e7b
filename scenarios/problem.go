package scenarios

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// pos is the position of a node in a scenario file.
type pos struct {
	file      string
	line, col int
}

// problem is one error or warning about a scenario value.
type problem struct {
	pos  pos
	path string
	msg  string
}

func (p problem) String() string {
	var s string
	if p.pos.file != "" {
		if p.pos.line > 0 {
			s = fmt.Sprintf("%s:%d: ", p.pos.file, p.pos.line)
		} else {
			s = p.pos.file + ": "
		}
	}
	if p.path != "" {
		s += p.path + ": "
	}
	return s + p.msg
}

// problems collects errors or warnings.
type problems []problem

func (ps *problems) add(at pos, path, format string, args ...any) {
	*ps = append(*ps, problem{pos: at, path: path, msg: fmt.Sprintf(format, args...)})
}

// sorted returns the problems in file, line and column order; problems
// without a position keep their order and come first.
func (ps problems) sorted() problems {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b problem) int {
		return cmp.Or(cmp.Compare(a.pos.file, b.pos.file), cmp.Compare(a.pos.line, b.pos.line), cmp.Compare(a.pos.col, b.pos.col))
	})
	return slices.CompactFunc(out, func(a, b problem) bool { return a == b })
}

// err joins the problems into one error, one per line, or returns nil.
func (ps problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	errs := make([]error, 0, len(ps))
	for _, p := range ps.sorted() {
		errs = append(errs, errors.New(p.String()))
	}
	return errors.Join(errs...)
}

// strings returns the problems as lines, in order.
func (ps problems) strings() []string {
	var out []string
	for _, p := range ps.sorted() {
		out = append(out, p.String())
	}
	return out
}
