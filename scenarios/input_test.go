package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The tests of this file go with the bad-input corpus (testdata/bad, see
// TestBadScenarios): each checks one class of input the loader refuses, and
// that the class has its files in the corpus.

// corpusHas fails t unless testdata/bad holds each named file and its
// golden.
func corpusHas(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		for _, ext := range []string{".yaml", ".err"} {
			if _, err := os.Stat(filepath.Join("testdata", "bad", n+ext)); err != nil {
				t.Errorf("the bad-input corpus lacks %s%s", n, ext)
			}
		}
	}
}

// TestInputNumberForms checks that a number YAML would read as an int or a
// float is refused unless it is written as a plain decimal, in values and in
// year and age keys, and that plain decimals load.
func TestInputNumberForms(t *testing.T) {
	corpusHas(t, "number-leading-zero", "number-leading-zero-integer", "number-leading-zero-key", "number-hex", "number-octal", "number-underscore", "number-bare-point", "nan", "infinite")
	tests := []struct{ name, text, want string }{
		{"leading zero", "outpatient: {cap: 01500}", "test.yaml:2: outpatient.cap: 01500 is not a plain decimal number (write 1500)"},
		{"leading zero fraction", "contributions: {employer_rate: 00.06}", "test.yaml:2: contributions.employer_rate: 00.06 is not a plain decimal number (write 0.06)"},
		{"leading zero integer", "horizon: 010", "test.yaml:2: horizon: 010 is not a plain decimal number (write 10)"},
		{"negative leading zero", "economy: {interest_rate: -00.01}", "test.yaml:2: economy.interest_rate: -00.01 is not a plain decimal number (write -0.01)"},
		{"hex", "horizon: 0x10", "test.yaml:2: horizon: 0x10 is not a plain decimal number (write 16)"},
		{"octal", "outpatient: {deductible: 0o17}", "test.yaml:2: outpatient.deductible: 0o17 is not a plain decimal number (write 15)"},
		{"binary", "outpatient: {deductible: 0b101}", "test.yaml:2: outpatient.deductible: 0b101 is not a plain decimal number (write 5)"},
		{"underscore", "fund: {initial_balance: 1_000_000}", "test.yaml:2: fund.initial_balance: 1_000_000 is not a plain decimal number (write 1000000)"},
		{"bare point", "contributions: {employer_rate: .06}", "test.yaml:2: contributions.employer_rate: .06 is not a plain decimal number (write 0.06)"},
		{"trailing point", "horizon: 10.", `test.yaml:2: horizon: expected an integer, got "10."`},
		{"in a level", "outpatient: {ratio: {primary: 0.7, secondary: 0.6, tertiary: 0o1}}", "test.yaml:2: outpatient.ratio.tertiary: 0o1 is not a plain decimal number (write 1)"},
		{"year key", "outpatient: {deductible: {2021: 150, 02025: 200}}", "test.yaml:2: outpatient.deductible.02025: 02025 is not a plain decimal number (write 2025)"},
		{"age key", "outpatient: {visits_per_year: {0: 4, 040: 5}}", "test.yaml:2: outpatient.visits_per_year.040: 040 is not a plain decimal number (write 40)"},
		{"uncertainty argument", "uncertainty: {utilization_trend.inpatient: {uniform: [0.01, 0x1]}}", "test.yaml:2: uncertainty.utilization_trend.inpatient: 0x1 is not a plain decimal number (write 1)"},
		{"infinity", "fund: {initial_balance: -.inf}", "test.yaml:2: fund.initial_balance: -.inf is not a finite number"},
		{"nan", "outpatient: {dispersion: .NaN}", "test.yaml:2: outpatient.dispersion: .NaN is not a finite number"},
		{"quoted", `outpatient: {cap: "1500"}`, `test.yaml:2: outpatient.cap: expected a number or none, got "1500"`},
		{"plain", "horizon: 12\noutpatient: {cap: 1500, deductible: 0, dispersion: 1.5e0}\ncontributions: {employer_rate: 0.06}\neconomy: {interest_rate: -0.01}\nfund: {initial_balance: 2.5e9}", ""},
		{"signed", "horizon: +12", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := load(t, tt.text+"\n")
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.want == "":
			case err == nil:
				t.Errorf("no error, want %s", tt.want)
			case err.Error() != tt.want:
				t.Errorf("error\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// loadErr loads text as test.yaml on national-2021 and returns the first
// line of its error, or "".
func loadErr(t *testing.T, text string) string {
	t.Helper()
	_, _, err := load(t, text+"\n")
	if err == nil {
		return ""
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	return first
}

// TestInputNonRegular checks that a scenario file or an extends: parent
// that is not a regular file (a named pipe, a device, a directory) is
// refused at once with a message naming it, rather than blocking the load.
func TestInputNonRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	child := filepath.Join(dir, "child.yaml")
	if err := os.WriteFile(child, []byte("extends: fifo.yaml\nhorizon: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	onDevice := filepath.Join(dir, "device.yaml")
	if err := os.WriteFile(onDevice, []byte("extends: /dev/zero\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub.yaml")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"named pipe", fifo, fifo + ": not a regular file (a named pipe)"},
		{"named pipe as parent", child, child + ":1: extends: " + fifo + ": not a regular file (a named pipe)"},
		{"device as parent", onDevice, onDevice + ":1: extends: /dev/zero: not a regular file (a character device)"},
		{"directory", sub, sub + ": not a regular file (a directory)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, _, err := Load(tt.path)
				done <- err
			}()
			select {
			case err := <-done:
				if err == nil || err.Error() != tt.want {
					t.Errorf("Load = %v, want %s", err, tt.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("Load(%s) still blocked after 5 s", tt.path)
			}
		})
	}
}
