package studies

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"simulate/internal/numform"
)

// The fuzz targets of this file check the invariants of the sweep spec and
// target parsers on any input; their seed corpora are in
// testdata/fuzz/FuzzXxx (run them longer with scripts/fuzz).

// finite reports whether x is neither infinite nor NaN.
func finite(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) }

// FuzzParseVary checks that ParseVary returns an error or a valid axis: a
// key, and either an interval LOW < HIGH (sampled) or at least one finite
// value; a list holds exactly the numbers written; a range LOW:HIGH:STEP
// holds ascending values within [LOW, HIGH + STEP/2), about STEP apart,
// reaching HIGH within half a step. Points over the axis alone gives one
// point per value, in order.
func FuzzParseVary(f *testing.F) {
	for _, s := range []string{
		"outpatient.ratio.primary=0.5,0.6,0.7", "outpatient.cap=1000:3000:500", "x=0:1:0.3", "x=0:0.96:0.1",
		"x=0.5:0.7", "x=1:0:0.1", "x=0:1:0", "x=a,b", "=1,2", "outpatient.ratio.2025.primary= 0.5 , 0.6",
		"x=1e3:2e3:2.5e2", "x=010,0x10", "x=1_000:2000:100", "x=.5:1", "x=0o7,Inf",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, arg string, sampled bool) {
		a, err := ParseVary(arg, sampled)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--vary ") {
				t.Fatalf("ParseVary(%q) error %q does not name --vary", arg, err)
			}
			return
		}
		key, spec, _ := strings.Cut(arg, "=")
		for _, p := range strings.FieldsFunc(spec, func(r rune) bool { return r == ',' || r == ':' }) {
			if !numform.Plain(strings.TrimSpace(p)) {
				t.Fatalf("ParseVary(%q) accepts %q, not a plain decimal", arg, p)
			}
		}
		if a.Key == "" || a.Key != strings.TrimSpace(key) {
			t.Fatalf("ParseVary(%q): key %q, want %q", arg, a.Key, strings.TrimSpace(key))
		}
		if sampled {
			if !a.Sampled || a.Values != nil || !finite(a.Low) || !finite(a.High) || !(a.Low < a.High) {
				t.Fatalf("ParseVary(%q, sampled) = %+v: want an interval LOW < HIGH", arg, a)
			}
			if !finite(a.High - a.Low) {
				t.Fatalf("ParseVary(%q, sampled) = %v:%v: the interval's width %v is not finite", arg, a.Low, a.High, a.High-a.Low)
			}
			return
		}
		if a.Sampled || len(a.Values) == 0 || len(a.Values) > 100001 {
			t.Fatalf("ParseVary(%q) = %+v: want between 1 and 100,001 values", arg, a)
		}
		for _, v := range a.Values {
			if !finite(v) {
				t.Fatalf("ParseVary(%q) = %v: a value is not finite", arg, a.Values)
			}
		}
		if parts := strings.Split(spec, ":"); len(parts) == 3 {
			lo, hi, step := num(t, parts[0]), num(t, parts[1]), num(t, parts[2])
			checkRange(t, arg, a.Values, lo, hi, step)
		} else {
			var want []float64
			for _, p := range strings.Split(spec, ",") {
				want = append(want, num(t, p))
			}
			if !slices.Equal(a.Values, want) {
				t.Fatalf("ParseVary(%q) = %v, want the list %v", arg, a.Values, want)
			}
		}
		pts, err := Points([]Axis{a}, false, 0, 1)
		if err != nil || len(pts) != len(a.Values) {
			t.Fatalf("Points of one axis of %d values: %d points, %v", len(a.Values), len(pts), err)
		}
		for i, p := range pts {
			if p.Index != i || len(p.Values) != 1 || p.Values[0] != a.Values[i] {
				t.Fatalf("point %d = %+v, want value %v", i, p, a.Values[i])
			}
		}
	})
}

// num parses a number the parser accepted.
func num(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatalf("the parser accepted %q: %v", s, err)
	}
	return x
}

// checkRange checks the values of the range lo:hi:step.
func checkRange(t *testing.T, arg string, vals []float64, lo, hi, step float64) {
	t.Helper()
	// Rounding tolerance: a few ulps of the largest magnitude involved.
	tol := 8 * 0x1p-52 * math.Max(math.Abs(lo), math.Abs(hi)+step)
	for i, v := range vals {
		// HIGH itself always belongs (hi + step/2 may round to hi when
		// the step is tiny against HIGH).
		if v < lo || (v >= hi+step/2 && v > hi) {
			t.Fatalf("ParseVary(%q) = %v: value %d (%v) is outside [LOW %v, HIGH + STEP/2 = %v)", arg, short(vals), i, v, lo, hi+step/2)
		}
		if i > 0 {
			d := v - vals[i-1]
			if !(d > 0) || math.Abs(d-step) > step*1e-6+tol {
				t.Fatalf("ParseVary(%q) = %v: values %d and %d are %v apart, want the step %v", arg, short(vals), i-1, i, d, step)
			}
		}
	}
	if last := vals[len(vals)-1]; last < hi-step/2-step*1e-6-tol {
		t.Fatalf("ParseVary(%q) = %v: the last value %v stops short of HIGH %v by more than half a step", arg, short(vals), last, hi)
	}
}

// short abbreviates a long list of values for a message.
func short(v []float64) []float64 {
	if len(v) > 12 {
		return append(slices.Clip(v[:6]), v[len(v)-6:]...)
	}
	return v
}

// FuzzPoints checks Points on two axes parsed from fuzzed specs: an error,
// or the cross product (first axis slowest), the zipped pairs, or a Latin
// hypercube with exactly one point in each of the N equal strata of every
// axis (up to rounding).
func FuzzPoints(f *testing.F) {
	f.Add("0.5,0.6,0.7", "1000:3000:500", false, false, uint16(0), uint64(1))
	f.Add("1,2", "3,4", false, true, uint16(0), uint64(1))
	f.Add("0:1", "100:200", true, false, uint16(50), uint64(7))
	f.Add("-1e6:1e-3", "0.1:0.2", true, false, uint16(3), uint64(9))
	f.Add("1e15:1.0000000001e15", "0:1", true, false, uint16(1000), uint64(2))
	f.Fuzz(func(t *testing.T, spec1, spec2 string, sampled, zip bool, samples uint16, seed uint64) {
		a, err1 := ParseVary("a="+spec1, sampled)
		b, err2 := ParseVary("b="+spec2, sampled)
		if err1 != nil || err2 != nil {
			return
		}
		n := 0
		if sampled {
			n = 1 + int(samples)%2000
		}
		axes := []Axis{a, b}
		pts, err := Points(axes, zip, n, seed)
		switch {
		case sampled:
			if err != nil || len(pts) != n {
				t.Fatalf("Latin hypercube of %d: %d points, %v", n, len(pts), err)
			}
			for j, ax := range axes {
				col := make([]float64, n)
				for i, p := range pts {
					col[i] = p.Values[j]
				}
				checkStrata(t, ax, col)
			}
		case zip:
			if len(a.Values) != len(b.Values) {
				if err == nil {
					t.Fatalf("zip of %d and %d values: no error", len(a.Values), len(b.Values))
				}
				return
			}
			if err != nil || len(pts) != len(a.Values) {
				t.Fatalf("zip of %d values: %d points, %v", len(a.Values), len(pts), err)
			}
			for i, p := range pts {
				if p.Index != i || p.Values[0] != a.Values[i] || p.Values[1] != b.Values[i] {
					t.Fatalf("zip point %d = %+v", i, p)
				}
			}
		default:
			total := len(a.Values) * len(b.Values)
			if total > 1000000 {
				if err == nil {
					t.Fatalf("%d points: no error", total)
				}
				return
			}
			if err != nil || len(pts) != total {
				t.Fatalf("cross of %d × %d: %d points, %v", len(a.Values), len(b.Values), len(pts), err)
			}
			for i, p := range pts {
				if p.Index != i || p.Values[0] != a.Values[i/len(b.Values)] || p.Values[1] != b.Values[i%len(b.Values)] {
					t.Fatalf("cross point %d = %+v", i, p)
				}
			}
		}
	})
}

// checkStrata checks that the sorted values of a sampled axis put the k-th
// smallest in the k-th of N equal strata of [Low, High], allowing the
// rounding of Low + (High − Low)·u: a few ulps of |Low| + (High − Low).
func checkStrata(t *testing.T, a Axis, col []float64) {
	t.Helper()
	n := len(col)
	w := a.High - a.Low
	tol := 8 * 0x1p-52 * (math.Abs(a.Low) + w)
	s := slices.Sorted(slices.Values(col))
	for k, v := range s {
		lo := a.Low + w*float64(k)/float64(n)
		hi := a.Low + w*float64(k+1)/float64(n)
		if !finite(v) || v < lo-tol || v > hi+tol || v < a.Low || v > a.High {
			t.Fatalf("axis %s [%v, %v], %d samples: the %d-th smallest value %v is outside its stratum [%v, %v]", a.Key, a.Low, a.High, n, k, v, lo, hi)
		}
	}
}

// FuzzParseTarget checks that ParseTarget returns an error or a target
// whose fields, rendered back as METRIC.STAT@WHEN OP VALUE, parse to the
// same target, and that Holds agrees with the operator (NaN never holds).
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{
		"pool_months.p05@all >= 6", "pool_balance > 0", "p_depleted@2030 <= 0.05", "pool_months.p42 >= 6",
		"pool_months = 6", "pool_months >= six", "pool_months@soon >= 6", ">= 6", "pool_months@horizon<1e9",
		"a<b >= 1", "pool_months @all >= 6", "x.p95@-12 < -0x1p-3",
	} {
		f.Add(s, 6.0)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		tg, err := ParseTarget(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "target ") {
				t.Fatalf("ParseTarget(%q) error %q does not say target", s, err)
			}
			return
		}
		if tg.Metric == "" || !slices.Contains(Stats, tg.Stat) || !slices.Contains([]string{">=", ">", "<=", "<"}, tg.Op) ||
			!finite(tg.Value) || tg.All && tg.Year != 0 {
			t.Fatalf("ParseTarget(%q) = %+v: a field is invalid", s, tg)
		}
		when := "@horizon"
		switch {
		case tg.All:
			when = "@all"
		case tg.Year != 0:
			when = "@" + strconv.Itoa(tg.Year)
		}
		text := tg.Metric + "." + tg.Stat + when + " " + tg.Op + " " + strconv.FormatFloat(tg.Value, 'g', -1, 64)
		back, err := ParseTarget(text)
		if err != nil {
			t.Fatalf("ParseTarget(%q) = %+v, rendered %q: %v", s, tg, text, err)
		}
		back.Text = tg.Text
		if back != tg {
			t.Fatalf("ParseTarget(%q) = %+v, rendered %q parses to %+v", s, tg, text, back)
		}
		for _, v := range []float64{x, tg.Value, math.Nextafter(tg.Value, math.Inf(1)), math.Nextafter(tg.Value, math.Inf(-1)),
			math.Inf(1), math.Inf(-1), math.NaN()} {
			var want bool
			switch tg.Op {
			case ">=":
				want = v >= tg.Value
			case ">":
				want = v > tg.Value
			case "<=":
				want = v <= tg.Value
			case "<":
				want = v < tg.Value
			}
			if got := tg.Holds(v); got != want {
				t.Fatalf("%q: Holds(%v) = %v, want %v", s, v, got, want)
			}
		}
	})
}
