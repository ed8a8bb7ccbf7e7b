package model

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// bytesReader is a reader of fuzz bytes that yields 0 when they run out.
type bytesReader struct {
	b []byte
	i int
}

func (r *bytesReader) next() byte {
	if r.i >= len(r.b) {
		return 0
	}
	r.i++
	return r.b[r.i-1]
}

// fuzzParam builds a rule parameter from fuzz bytes: one to four entries
// (a single one may be undated) in ascending years from firstYear, each for
// all statuses or by status, each status for all levels or by level. Every
// number encodes where it sits — entry·10000 + status·1000 + level·100 +
// a fuzzed 0…99, with status and level 9 for "all" — so that a lookup's
// result tells which entry, status and level it came from. With valid, a
// by-status entry has active and retired (as scenarios.Validate demands).
func fuzzParam(data []byte, firstYear int, valid bool) Param {
	r := &bytesReader{b: data}
	n := 1 + int(r.next())%4
	undated := n == 1 && r.next()&1 == 1
	year := firstYear
	var p Param
	for e := range n {
		if e > 0 {
			year += 1 + int(r.next())%5
		}
		d := DatedValue{Year: year}
		if undated {
			d.Year = Undated
		}
		level := func(sd int) LevelValue {
			if r.next()&1 == 0 {
				return LevelValue{All: float64(e*10000 + sd*1000 + 900 + int(r.next())%100)}
			}
			var lv LevelValue
			lv.ByLevel = true
			for l := range lv.Levels {
				lv.Levels[l] = float64(e*10000 + sd*1000 + l*100 + int(r.next())%100)
			}
			return lv
		}
		if r.next()&1 == 0 {
			d.Value.All = level(9)
		} else {
			d.Value.ByStatus = true
			mask := r.next()
			for s := range NumStatus {
				d.Value.Has[s] = mask&(1<<s) != 0 || valid && Status(s) != Flexible
				if d.Value.Has[s] {
					d.Value.Statuses[s] = level(s)
				}
			}
		}
		p.Dates = append(p.Dates, d)
	}
	return p
}

// decode returns the entry, status and level that a number of fuzzParam
// encodes (9: all).
func decode(v float64) (entry, status, level int) {
	x := int(v)
	return x / 10000, x / 1000 % 10, x / 100 % 10
}

// FuzzParam checks the rule-parameter lookups on parameters built from
// fuzz bytes: Benefit, Strict and Value never panic, return a number of the
// entry in force (the latest whose year is ≤ the year asked), for the
// status asked (or, in Benefit only, flexible falling back to active; own
// true exactly when the status has its own entry) and the level asked, and
// report ok false exactly when there is no such number.
func FuzzParam(f *testing.F) {
	f.Add([]byte{0}, 2022, uint8(0), uint8(0))
	f.Add([]byte{0, 1, 1, 1, 5, 1, 7, 9, 11}, 2021, uint8(1), uint8(2))
	f.Add([]byte{3, 0, 1, 0, 2, 1, 7, 4, 1, 1, 1, 1}, 2024, uint8(2), uint8(1))
	f.Add([]byte{2, 1, 1, 2, 0, 3}, -5, uint8(1), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, year int, st, lv uint8) {
		first := 2000
		if len(data) > 0 {
			first += int(data[len(data)-1]) % 40
		}
		p := fuzzParam(data, first, false)
		s, l := Status(st%NumStatus), Level(lv%NumLevels)
		// The entry in force.
		in := -1
		for i, d := range p.Dates {
			if d.Year <= year {
				in = i
			}
		}
		values := map[float64]bool{}
		p.Each(func(v float64) { values[v] = true })
		check := func(name string, v float64, ok bool, wantStatus int) {
			t.Helper()
			if !ok {
				if v != 0 {
					t.Fatalf("%s(%d, %s, %s) = %v, not ok: want 0", name, year, s, l, v)
				}
				return
			}
			if !values[v] {
				t.Fatalf("%s(%d, %s, %s) = %v: not a number of the parameter", name, year, s, l, v)
			}
			e, sd, ld := decode(v)
			if e != in {
				t.Fatalf("%s(%d, %s, %s) = %v from entry %d (year %d), want the entry in force, %d", name, year, s, l, v, e, p.Dates[e].Year, in)
			}
			if sd != wantStatus {
				t.Fatalf("%s(%d, %s, %s) = %v for status %d, want %d", name, year, s, l, v, sd, wantStatus)
			}
			if ld != 9 && ld != int(l) {
				t.Fatalf("%s(%d, %s, %s) = %v for level %d", name, year, s, l, v, ld)
			}
		}
		v, own, ok := p.Benefit(year, s, l)
		wantOK, wantOwn, wantStatus := false, false, 9
		if in >= 0 {
			e := p.Dates[in].Value
			switch {
			case !e.ByStatus:
				wantOK = true
			case e.Has[s]:
				wantOK, wantOwn, wantStatus = true, true, int(s)
			case s == Flexible && e.Has[Active]:
				wantOK, wantStatus = true, int(Active)
			}
		}
		if ok != wantOK || own != wantOwn {
			t.Fatalf("Benefit(%d, %s, %s) = %v, own %v, ok %v; want own %v, ok %v (%+v)", year, s, l, v, own, ok, wantOwn, wantOK, p)
		}
		check("Benefit", v, ok, wantStatus)
		if got := p.Value(year); s == Active && l == Primary && got != v {
			t.Fatalf("Value(%d) = %v, Benefit(%d, active, primary) = %v", year, got, year, v)
		}

		v, ok = p.Strict(year, s, l)
		wantOK, wantStatus = false, 9
		if in >= 0 {
			e := p.Dates[in].Value
			switch {
			case !e.ByStatus:
				wantOK = true
			case e.Has[s]:
				wantOK, wantStatus = true, int(s)
			}
		}
		if ok != wantOK {
			t.Fatalf("Strict(%d, %s, %s) = %v, ok %v; want ok %v (%+v)", year, s, l, v, ok, wantOK, p)
		}
		check("Strict", v, ok, wantStatus)
	})
}

// setGetKeys are keys of rule parameters with different ranges: none,
// [0, ∞) and [0, 1].
var setGetKeys = []struct {
	key   string
	param func(s *Scenario) *Param
}{
	{"fund.other_income", func(s *Scenario) *Param { return &s.Fund.OtherIncome }},
	{"outpatient.cap", func(s *Scenario) *Param { return &s.Outpatient.Cap }},
	{"inpatient.ratio", func(s *Scenario) *Param { return &s.Inpatient.Ratio }},
}

// FuzzSetGet checks Scenario.Set and Get on key paths into a rule
// parameter built from fuzz bytes (valid: in force from base_year, by
// status with active and retired): neither panics, a successful Set is
// read back by Get on the same path, and Set on a clone leaves the
// original as it was.
func FuzzSetGet(f *testing.F) {
	f.Add([]byte{0}, uint8(0), "", 0.5)
	f.Add([]byte{1, 1, 1, 1, 5}, uint8(1), "retired", 3000.0)
	f.Add([]byte{3, 0, 1, 0, 2, 1, 7, 4, 1, 1, 1, 1}, uint8(2), "2025.flexible.tertiary", 0.9)
	f.Add([]byte{2, 1, 1, 2, 0, 3}, uint8(0), "2019.primary", -12.5)
	f.Add([]byte{2, 1, 1, 2, 0, 3}, uint8(1), "2023", 1e300)
	f.Add([]byte{0}, uint8(1), "secondary.retired", 7.0)
	f.Fuzz(func(t *testing.T, data []byte, which uint8, rest string, x float64) {
		s := testScenario()
		k := setGetKeys[int(which)%len(setGetKeys)]
		// In force from base_year or earlier: a dated value with no entry
		// ≤ base_year is invalid.
		*k.param(s) = fuzzParam(data, s.BaseYear-int(which)%3, true)
		path := k.key
		if rest != "" {
			path += "." + rest
		}
		orig := s.Clone()
		before, beforeErr := orig.Get(path)
		c := s.Clone()
		if err := c.Set(path, x); err != nil {
			if !strings.HasPrefix(err.Error(), path+":") {
				t.Fatalf("Set(%q, %v) error %q does not start with the path", path, x, err)
			}
			return
		}
		got, err := c.Get(path)
		if err != nil || math.Float64bits(got) != math.Float64bits(x) {
			t.Fatalf("Set(%q, %v) then Get = %v, %v (%+v)", path, x, got, err, *k.param(c))
		}
		after, afterErr := orig.Get(path)
		if (beforeErr == nil) != (afterErr == nil) || math.Float64bits(before) != math.Float64bits(after) {
			t.Fatalf("Set(%q) on a clone changed the original: %v, %v → %v, %v", path, before, beforeErr, after, afterErr)
		}
		// Without a year, the leaf is replaced in every year.
		if y, _, _ := strings.Cut(rest, "."); rest != "" && !isYear(y) || rest == "" {
			for _, d := range k.param(c).Dates {
				if d.Year == Undated {
					continue
				}
				yp := k.key + "." + strconv.Itoa(d.Year)
				if rest != "" {
					yp += "." + rest
				}
				if got, err := c.Get(yp); err != nil || got != x {
					t.Fatalf("Set(%q, %v): Get(%q) = %v, %v; want the value in every year", path, x, yp, got, err)
				}
			}
		}
	})
}

func isYear(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}
