// Package numform tells numbers written as plain decimals from the other
// forms that YAML and Go's strconv also read: a leading zero (YAML 1.1 reads
// 010 as octal 8), hexadecimal, octal and binary prefixes, digit
// separators, a bare point (.5, 5.), infinities and NaN. The scenario
// loader and the numeric flags accept plain decimals only, so that a number
// means what it says. It also writes sizes and times in words (Bytes,
// Duration).
package numform

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// plain is an optional sign, an integer part without a leading zero (but
// for 0 itself), an optional fraction and an optional exponent.
var plain = regexp.MustCompile(`^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// Plain reports whether s is a plain decimal number: 1500, -0.25, 0.06,
// 1e6 or 2.5e-3, but not 01500, 0x10, 0o17, 1_000, .5, 5., .inf or nan.
func Plain(s string) bool {
	return len(s) <= 400 && plain.MatchString(s)
}

// Check returns nil for a plain decimal, else an error saying so and, where
// one can be told, how to write it: "01500 is not a plain decimal number
// (write 1500)".
func Check(s string) error {
	if Plain(s) {
		return nil
	}
	shown := s
	if len(shown) > 40 {
		shown = shown[:40] + "…"
	}
	if w, ok := Rewrite(s); ok {
		return fmt.Errorf("%s is not a plain decimal number (write %s)", shown, w)
	}
	return fmt.Errorf("%s is not a plain decimal number", shown)
}

// Rewrite returns s as a plain decimal of the value it was meant to have:
// separators dropped, a prefixed integer in decimal, leading zeros dropped,
// a bare point completed; false when s is plain already or no plain form
// can be told.
func Rewrite(s string) (string, bool) {
	if len(s) > 400 {
		return "", false
	}
	t := strings.ReplaceAll(s, "_", "")
	sign := ""
	if t != "" && (t[0] == '-' || t[0] == '+') {
		sign, t = t[:1], t[1:]
	}
	if len(t) > 2 && t[0] == '0' && strings.ContainsRune("xXoObB", rune(t[1])) {
		base := map[byte]int{'x': 16, 'o': 8, 'b': 2}[t[1]|0x20]
		u, err := strconv.ParseUint(t[2:], base, 64)
		if err != nil {
			return "", false
		}
		t = strconv.FormatUint(u, 10)
	}
	for len(t) > 1 && t[0] == '0' && t[1] >= '0' && t[1] <= '9' {
		t = t[1:]
	}
	if strings.HasPrefix(t, ".") {
		t = "0" + t
	}
	if i := strings.IndexAny(t, "eE"); i > 0 && t[i-1] == '.' {
		t = t[:i-1] + t[i:]
	}
	t = strings.TrimSuffix(t, ".")
	if w := sign + t; Plain(w) && w != s {
		return w, true
	}
	return "", false
}

// ParseFloat parses a plain decimal number and refuses any other form, and
// a number too large to be finite.
func ParseFloat(s string) (float64, error) {
	if err := Check(s); err != nil {
		return 0, err
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%s is too large a number", s)
	}
	return x, nil
}

// Bytes writes a memory size in words: 1.5 GiB, 300 MiB, 512 bytes.
func Bytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Duration writes a time in words: 40 s, 12 min, 2.5 h.
func Duration(sec float64) string {
	switch {
	case sec < 90:
		return fmt.Sprintf("%.0f s", math.Ceil(sec))
	case sec < 5400:
		return fmt.Sprintf("%.0f min", sec/60)
	}
	return fmt.Sprintf("%.1f h", sec/3600)
}
