package studies

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"simulate/internal/numform"
)

// MaxPoints is the largest number of points of a sweep, crossed, zipped or
// sampled (--samples).
const MaxPoints = 1000000

// Axis is one varied key and the values it takes; a sampled axis holds its
// interval instead, and Points draws its values.
type Axis struct {
	Key    string
	Values []float64
	// Low and High bound a sampled axis (--samples with KEY=LOW:HIGH).
	Low, High float64
	Sampled   bool
}

// ParseVary parses a --vary KEY=SPEC: SPEC is a comma list V1,V2,…, a range
// LOW:HIGH:STEP (HIGH included when it lies within half a step, values
// rounded to the step's decimals) or, when sampled, an interval LOW:HIGH.
func ParseVary(arg string, sampled bool) (Axis, error) {
	key, spec, ok := strings.Cut(arg, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" || spec == "" {
		return Axis{}, fmt.Errorf("--vary %q: want KEY=SPEC, e.g. outpatient.ratio.primary=0.5,0.6,0.7 or outpatient.cap=1000:3000:500", arg)
	}
	a := Axis{Key: key}
	if strings.Contains(spec, ":") {
		parts := strings.Split(spec, ":")
		nums := make([]float64, len(parts))
		for i, p := range parts {
			x, err := parseNumber(p)
			if err != nil {
				return Axis{}, fmt.Errorf("--vary %s: %v", key, err)
			}
			nums[i] = x
		}
		switch {
		case sampled && len(nums) == 2:
			if !(nums[0] < nums[1]) {
				return Axis{}, fmt.Errorf("--vary %s: empty interval %v:%v (LOW must be below HIGH)", key, nums[0], nums[1])
			}
			if math.IsInf(nums[1]-nums[0], 0) {
				return Axis{}, fmt.Errorf("--vary %s: interval %v:%v is too wide", key, nums[0], nums[1])
			}
			a.Low, a.High, a.Sampled = nums[0], nums[1], true
			return a, nil
		case sampled:
			return Axis{}, fmt.Errorf("--vary %s: with --samples give an interval LOW:HIGH, got %q", key, spec)
		case len(nums) != 3:
			return Axis{}, fmt.Errorf("--vary %s: a range is LOW:HIGH:STEP, got %q (an interval LOW:HIGH needs --samples)", key, spec)
		}
		lo, hi, step := nums[0], nums[1], nums[2]
		if step <= 0 {
			return Axis{}, fmt.Errorf("--vary %s: step must be above 0, got %v", key, step)
		}
		if hi < lo {
			return Axis{}, fmt.Errorf("--vary %s: empty range %v:%v (HIGH below LOW)", key, lo, hi)
		}
		// The last value is past HIGH by less than half a step. The count
		// is checked as a float: a huge range overflows an int.
		count := math.Floor((hi-lo)/step + 0.5 - 1e-9)
		if !(count <= 100000) {
			return Axis{}, fmt.Errorf("--vary %s: %.6g values is too many", key, count+1)
		}
		// Rounded to the decimals of LOW and STEP, so that the values are
		// LOW + i·STEP exactly as written (never below LOW); beyond 340
		// decimals rounding changes no float64.
		dec := max(decimals(parts[0]), decimals(parts[2]))
		for i := 0; i <= int(count); i++ {
			v := lo + float64(i)*step
			if dec <= 340 {
				v = round(v, dec)
			}
			if math.IsInf(v, 0) {
				return Axis{}, fmt.Errorf("--vary %s: the range passes the largest number", key)
			}
			a.Values = append(a.Values, v)
		}
		return a, nil
	}
	if sampled {
		return Axis{}, fmt.Errorf("--vary %s: with --samples give an interval LOW:HIGH, got %q", key, spec)
	}
	for _, p := range strings.Split(spec, ",") {
		x, err := parseNumber(p)
		if err != nil {
			return Axis{}, fmt.Errorf("--vary %s: %v", key, err)
		}
		a.Values = append(a.Values, x)
	}
	return a, nil
}

// parseNumber parses a number of a spec, written as a plain decimal (not
// 010, 0x10, 1_000 or .5, which strconv would read too).
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if w, ok := numform.Rewrite(s); ok && !numform.Plain(s) {
		return 0, fmt.Errorf("%s is not a plain decimal number (write %s)", s, w)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || !numform.Plain(s) || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return x, nil
}

// decimals returns the number of decimals written in a number.
func decimals(s string) int {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exp, _ := strconv.Atoi(s[i+1:])
		return max(0, decimals(s[:i])-exp)
	}
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

func round(x float64, dec int) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', dec, 64), 64)
	return r
}

// Point is one point of a sweep: its index and one value per axis.
type Point struct {
	Index  int
	Values []float64
}

// Points returns the points of the axes: their cross product (the first
// axis varying slowest), or with zip their values paired (axes of equal
// length), or with samples > 0 a Latin hypercube of that many points over
// the sampled axes, drawn from seed.
func Points(axes []Axis, zip bool, samples int, seed uint64) ([]Point, error) {
	if len(axes) == 0 {
		return nil, errors.New("a sweep needs at least one --vary")
	}
	seen := map[string]bool{}
	for _, a := range axes {
		if seen[a.Key] {
			return nil, fmt.Errorf("--vary %s is given twice", a.Key)
		}
		seen[a.Key] = true
	}
	var pts []Point
	switch {
	case samples > MaxPoints:
		return nil, fmt.Errorf("--samples %d: too many points (at most %d)", samples, MaxPoints)
	case samples > 0:
		for _, a := range axes {
			if !a.Sampled {
				return nil, fmt.Errorf("--vary %s: with --samples every axis is an interval LOW:HIGH", a.Key)
			}
		}
		r := rand.New(rand.NewPCG(seed, 0x5eed5a3b1e))
		cols := make([][]float64, len(axes))
		for j, a := range axes {
			perm := r.Perm(samples)
			cols[j] = make([]float64, samples)
			for i := range samples {
				cols[j][i] = a.Low + (a.High-a.Low)*(float64(perm[i])+r.Float64())/float64(samples)
			}
		}
		for i := range samples {
			p := Point{Index: i}
			for j := range axes {
				p.Values = append(p.Values, cols[j][i])
			}
			pts = append(pts, p)
		}
	case zip:
		n := len(axes[0].Values)
		for _, a := range axes {
			if a.Sampled {
				return nil, fmt.Errorf("--vary %s: an interval needs --samples", a.Key)
			}
			if len(a.Values) != n {
				return nil, fmt.Errorf("--zip: --vary %s has %d values, %s has %d; zipped axes need equal lengths", a.Key, len(a.Values), axes[0].Key, n)
			}
		}
		for i := range n {
			p := Point{Index: i}
			for _, a := range axes {
				p.Values = append(p.Values, a.Values[i])
			}
			pts = append(pts, p)
		}
	default:
		total := 1
		for _, a := range axes {
			if a.Sampled {
				return nil, fmt.Errorf("--vary %s: an interval needs --samples", a.Key)
			}
			total *= len(a.Values)
			if total > MaxPoints {
				return nil, errors.New("the sweep has more than 1,000,000 points")
			}
		}
		for i := range total {
			p := Point{Index: i}
			rest := i
			vals := make([]float64, len(axes))
			for j := len(axes) - 1; j >= 0; j-- {
				n := len(axes[j].Values)
				vals[j] = axes[j].Values[rest%n]
				rest /= n
			}
			p.Values = vals
			pts = append(pts, p)
		}
	}
	return pts, nil
}
