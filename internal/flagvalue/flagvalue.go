// Package flagvalue holds the values of the command's numeric flags, each
// written as a plain decimal (numform): counts that also take an exponent
// (1e6), integers, numbers, seeds and memory sizes. Each is a pflag.Value
// (String, Set, Type) and checks only its form; a flag checks its range.
package flagvalue

import (
	"errors"
	"fmt"
	"math"
	"simulate/internal/numform"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// MaxCount is the largest Count: 10⁹ replications or members is far past
// any run this program can finish (the national population is 3.5·10⁸).
const MaxCount = 1e9

// Count is a positive integer flag (--replications, --members) that also
// accepts an exponent: 1000, 1e6 or 2.5e5, written as a plain decimal, at
// most MaxCount.
type Count int

// String returns the value as the flag's default shows it.
func (c *Count) String() string { return strconv.Itoa(int(*c)) }

// Type names the kind of value in the flag's usage.
func (c *Count) Type() string { return "count" }

// Set parses s into the value, or says what is wrong with it.
func (c *Count) Set(s string) error {
	n, err := ParseCount(s, MaxCount, "1e9")
	if err != nil {
		return err
	}
	*c = Count(n)
	return nil
}

// ParseCount parses a whole number of at most limit (written maxText in
// the message); a negative number is left to the flag's check.
func ParseCount(s string, limit float64, maxText string) (int, error) {
	x, err := PlainNumber(s, "a whole number such as 1000 or 1e6")
	switch {
	case err != nil:
		return 0, err
	case x != math.Trunc(x):
		return 0, fmt.Errorf("want a whole number such as 1000 or 1e6, got %q", s)
	case x > limit:
		return 0, fmt.Errorf("%s: too large (at most %s)", s, maxText)
	case x < -limit:
		return 0, fmt.Errorf("%s: too small (at least 1)", s)
	}
	return int(x), nil
}

// PlainNumber parses a flag's number written as a plain decimal (±Inf for
// one beyond float64, for the caller's bound to refuse); want says what the
// flag takes.
func PlainNumber(s, want string) (float64, error) {
	t := strings.TrimSpace(s)
	if !numform.Plain(t) {
		if w, ok := numform.Rewrite(t); ok {
			return 0, fmt.Errorf("%s is not a plain decimal number (write %s)", s, w)
		}
		return 0, fmt.Errorf("want %s, got %q", want, s)
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("want %s, got %q", want, s)
	}
	return x, nil
}

// Int is an integer flag (--horizon, --workers) written as a plain
// decimal: pflag's own reads 010 as octal 8 and 0x10 as 16. It holds
// numbers up to 10⁹ in size; each flag checks its own range.
type Int int

// String returns the value as the flag's default shows it.
func (i *Int) String() string { return strconv.Itoa(int(*i)) }

// Type names the kind of value in the flag's usage.
func (i *Int) Type() string { return "int" }

// Set parses s into the value, or says what is wrong with it.
func (i *Int) Set(s string) error {
	t := strings.TrimSpace(s)
	if w, ok := numform.Rewrite(t); ok && !numform.Plain(t) {
		return fmt.Errorf("%s is not a plain decimal number (write %s)", s, w)
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || !numform.Plain(t) {
		return fmt.Errorf("want a whole number such as 10, got %q", s)
	}
	if err != nil || n > MaxCount || n < -MaxCount {
		return fmt.Errorf("%s: too large (at most 1000000000)", s)
	}
	*i = Int(n)
	return nil
}

// Float is a number flag (--tol, --step) written as a plain decimal
// and finite; each flag checks its own range.
type Float float64

// String returns the value as the flag's default shows it.
func (f *Float) String() string { return strconv.FormatFloat(float64(*f), 'g', -1, 64) }

// Type names the kind of value in the flag's usage.
func (f *Float) Type() string { return "float" }

// Set parses s into the value, or says what is wrong with it.
func (f *Float) Set(s string) error {
	x, err := PlainNumber(s, "a number such as 0.1")
	if err != nil {
		return err
	}
	if math.IsInf(x, 0) {
		return fmt.Errorf("%s: too large", s)
	}
	*f = Float(x)
	return nil
}

// Seed is --seed: a whole number from 0 to 2⁶⁴−1, written as a plain
// decimal.
type Seed uint64

// String returns the value as the flag's default shows it.
func (u *Seed) String() string { return strconv.FormatUint(uint64(*u), 10) }

// Type names the kind of value in the flag's usage.
func (u *Seed) Type() string { return "uint64" }

// Set parses s into the value, or says what is wrong with it.
func (u *Seed) Set(s string) error {
	t := strings.TrimSpace(s)
	if w, ok := numform.Rewrite(t); ok && !numform.Plain(t) {
		return fmt.Errorf("%s is not a plain decimal number (write %s)", s, w)
	}
	n, err := strconv.ParseUint(t, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return fmt.Errorf("%s: too large (at most 18446744073709551615)", s)
	case err != nil || !numform.Plain(t):
		return fmt.Errorf("want a whole number from 0 to 18446744073709551615, got %q", s)
	}
	*u = Seed(n)
	return nil
}

// MaxBytes is the largest Bytes (--max-memory), 1 PiB: far above any machine's
// memory, and far below the overflow of int64.
const MaxBytes = 1 << 50

// Bytes is a memory size flag: 8G, 500M, 2048K or bytes, the number
// written as a plain decimal, at most MaxBytes.
type Bytes int64

// String returns the value as the flag's default shows it.
func (b *Bytes) String() string {
	if *b == 0 {
		return "90% of available memory"
	}
	return numform.Bytes(int64(*b))
}

// Type names the kind of value in the flag's usage.
func (b *Bytes) Type() string { return "size" }

// Set parses s into the value, or says what is wrong with it.
func (b *Bytes) Set(s string) error {
	t := strings.TrimSpace(strings.ToUpper(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := 1.0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult, t = 1<<10, t[:n-1]
		case 'M':
			mult, t = 1<<20, t[:n-1]
		case 'G':
			mult, t = 1<<30, t[:n-1]
		case 'T':
			mult, t = 1<<40, t[:n-1]
		case 'P':
			mult, t = 1<<50, t[:n-1]
		}
	}
	if w, ok := numform.Rewrite(t); ok && !numform.Plain(t) {
		return fmt.Errorf("%s: %s is not a plain decimal number (write %s)", s, t, w)
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || !numform.Plain(t) || !(x*mult >= 1) {
		return fmt.Errorf("want a size such as 8G, 500M or 1048576, got %q", s)
	}
	if x*mult > MaxBytes {
		return fmt.Errorf("%s: too large (at most 1P)", s)
	}
	*b = Bytes(x * mult)
	return nil
}

// IntVar defines an Int flag of fs with a default and returns its address,
// as pflag's Int does.
func IntVar(fs *pflag.FlagSet, name string, value int, usage string) *int {
	p := &value
	fs.Var((*Int)(p), name, usage)
	return p
}

// FloatVar defines a Float flag of fs with a default and returns its
// address, as pflag's Float64 does.
func FloatVar(fs *pflag.FlagSet, name string, value float64, usage string) *float64 {
	p := &value
	fs.Var((*Float)(p), name, usage)
	return p
}

// boundedCount is a Count of at most limit.
type boundedCount struct {
	n     *int
	limit int
}

func (c boundedCount) String() string { return strconv.Itoa(*c.n) }
func (c boundedCount) Type() string   { return "count" }

func (c boundedCount) Set(s string) error {
	n, err := ParseCount(s, float64(c.limit), strconv.Itoa(c.limit))
	if err == nil {
		*c.n = n
	}
	return err
}

// CountVar defines a flag of fs written as a Count of at most limit,
// default 0, and returns its address.
func CountVar(fs *pflag.FlagSet, name string, limit int, usage string) *int {
	p := new(int)
	fs.Var(boundedCount{p, limit}, name, usage)
	return p
}
