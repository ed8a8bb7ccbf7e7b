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

// TestInputBounds checks the documented bounds of every sd, range and
// multiplier: a growth sd at most model.MaxGrowthSD and 5 sd above −100%,
// uncertainty draws within their key's range, a cost cv at most
// model.MaxCV, multipliers within their tags' ranges.
func TestInputBounds(t *testing.T) {
	corpusHas(t, "sd-too-large", "sd-growth-tail", "sd-utilization-tail", "uncertainty-out-of-range", "uncertainty-normal-wide", "uncertainty-low-high", "cost-cv-too-large", "multiplier-negative", "multiplier-too-large")
	tests := []struct{ name, text, want string }{
		{"wage sd", "economy: {wage_growth: {mean: 0.05, sd: 0.3}}", "test.yaml:2: economy.wage_growth.sd: 0.3 is above 0.2"},
		{"pension sd", "economy: {pension_growth: {mean: 0.04, sd: 0.21}}", "test.yaml:2: economy.pension_growth.sd: 0.21 is above 0.2"},
		{"negative sd", "economy: {medical_inflation: {mean: 0.03, sd: -0.01}}", "test.yaml:2: economy.medical_inflation.sd: -0.01 is below 0"},
		{"sd at its bound", "economy: {wage_growth: {mean: 0.05, sd: 0.2}}", ""},
		{"growth tail", "economy: {wage_growth: {mean: -0.2, sd: 0.2}}", "test.yaml:2: economy.wage_growth.sd: 0.2 with a mean of -0.2 lets growth fall to −100%: mean − 5 sd must stay above −1"},
		{"utilization tail", "economy: {utilization_sd: 0.25}", "test.yaml:2: economy.utilization_sd: 0.25 with utilization_trend.outpatient of 0.02 (2021) lets use fall to 0: trend − 5 utilization_sd must stay above −1"},
		{"uniform outside", "uncertainty: {outpatient.induced_demand_elasticity: {uniform: [-0.5, 0.2]}}", "test.yaml:2: uncertainty.outpatient.induced_demand_elasticity: uniform high 0.2 is outside the key's range, -5 to 0 (a draw beyond it would be clamped)"},
		{"uniform inverted", "uncertainty: {outpatient.induced_demand_elasticity: {uniform: [-0.1, -0.5]}}", "test.yaml:2: uncertainty.outpatient.induced_demand_elasticity: uniform needs low < high, got [-0.1, -0.5]"},
		{"triangular outside", "uncertainty: {population.retired_share: {triangular: [0.2, 0.3, 1.2]}}", "test.yaml:2: uncertainty.population.retired_share: triangular high 1.2 is outside the key's range, 0 to 1 (a draw beyond it would be clamped)"},
		{"normal wide", "uncertainty: {utilization_trend.inpatient: {normal: [0.03, 0.5]}}", "test.yaml:2: uncertainty.utilization_trend.inpatient: normal mean − 3 sd -1.47 is outside the key's range, -0.5 to 1 (a draw beyond it would be clamped)"},
		{"normal sd of a growth sd", "uncertainty: {economy.wage_growth.sd: {uniform: [0.01, 0.3]}}", "test.yaml:2: uncertainty.economy.wage_growth.sd: uniform high 0.3 is outside the key's range, 0 to 0.2 (a draw beyond it would be clamped)"},
		{"open range", "uncertainty: {maternity.delivery_cost.mean: {normal: [6000, 3000]}}", "test.yaml:2: uncertainty.maternity.delivery_cost.mean: normal mean − 3 sd -3000 is outside the key's range, at least 0 (a draw beyond it would be clamped)"},
		{"lognormal cv", "uncertainty: {maternity.delivery_cost.mean: {lognormal: [6000, 11]}}", "test.yaml:2: uncertainty.maternity.delivery_cost.mean: lognormal cv 11 is outside 0 to 10"},
		{"uncertainty within", "uncertainty: {utilization_trend.inpatient: {normal: [0.03, 0.1]}, maternity.delivery_cost.mean: {lognormal: [6000, 0.3]}}", ""},
		{"cost cv", "outpatient: {cost_per_visit: {mean: 200, cv: 10.5}}", "test.yaml:2: outpatient.cost_per_visit.cv: 10.5 is above 10"},
		{"multiplier below 0", "economy: {epidemic: {inpatient_factor: -0.5}}", "test.yaml:2: economy.epidemic.inpatient_factor: -0.5 is below 0"},
		{"multiplier above", "contributions: {base_ceiling: 101}", "test.yaml:2: contributions.base_ceiling: 101 is above 100"},
		{"mortality scale", "population: {mortality_scale: 11}", "test.yaml:2: population.mortality_scale: 11 is above 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loadErr(t, tt.text); got != tt.want {
				t.Errorf("error\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestInputLengths checks the limits of a scenario's name and description:
// their lengths, control characters, path separators in the name.
func TestInputLengths(t *testing.T) {
	corpusHas(t, "name-too-long", "description-too-long", "name-control-character", "name-path-separator")
	long := strings.Repeat("x", MaxNameLength)
	tests := []struct{ name, text, want string }{
		{"name at its limit", "name: " + long, ""},
		{"name too long", "name: " + long + "y", "test.yaml:2: name: 65 characters is more than a name may hold (64)"},
		{"name in characters, not bytes", "name: " + strings.Repeat("黔", MaxNameLength), ""},
		{"control character", `name: "a\tb"`, "test.yaml:2: name: holds a control character (U+0009 at byte 1)"},
		{"newline", `name: "a\nb"`, "test.yaml:2: name: holds a control character (U+000A at byte 1)"},
		{"slash", "name: a/b", `test.yaml:2: name: "a/b" holds a path separator`},
		{"backslash", `name: 'a\b'`, `test.yaml:2: name: "a\\b" holds a path separator`},
		{"dot dot", "name: ..", `test.yaml:2: name: ".." is not a name`},
		{"description at its limit", "description: " + strings.Repeat("d", MaxDescriptionLength), ""},
		{"description too long", "description: " + strings.Repeat("d", MaxDescriptionLength+1), "test.yaml:2: description: 501 characters is more than a description may hold (500)"},
		{"description control character", `description: "a\x1bb"`, "test.yaml:2: description: holds a control character (U+001B at byte 1)"},
		{"description tab", `description: "a\tb"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := loadErr(t, tt.text); got != tt.want {
				t.Errorf("error\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
