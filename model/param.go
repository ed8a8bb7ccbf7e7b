package model

import (
	"fmt"
	"math"
	"sort"
)

// Status is a member's insurance status. The zero value is Active.
type Status uint8

// The statuses of docs/model.md section 2.
const (
	Active Status = iota
	Flexible
	Retired
	NumStatus = 3
)

// StatusNames are the scenario spellings of the statuses, indexed by Status.
var StatusNames = [NumStatus]string{"active", "flexible", "retired"}

// String returns the scenario spelling of s.
func (s Status) String() string {
	if int(s) < NumStatus {
		return StatusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// Level is the level of a medical institution. The zero value is Primary.
type Level uint8

// The levels of care (一级/二级/三级).
const (
	Primary Level = iota
	Secondary
	Tertiary
	NumLevels = 3
)

// LevelNames are the scenario spellings of the levels, indexed by Level.
var LevelNames = [NumLevels]string{"primary", "secondary", "tertiary"}

// String returns the scenario spelling of l.
func (l Level) String() string {
	if int(l) < NumLevels {
		return LevelNames[l]
	}
	return fmt.Sprintf("level(%d)", l)
}

// Undated is the Year of a rule parameter entry that holds in every year.
const Undated = math.MinInt32

// LevelValue is a number for all levels (ByLevel false: All) or one per level.
type LevelValue struct {
	ByLevel bool
	All     float64
	Levels  [NumLevels]float64
}

// At returns the value for level l.
func (v LevelValue) At(l Level) float64 {
	if v.ByLevel {
		return v.Levels[l]
	}
	return v.All
}

// StatusValue is a LevelValue for all statuses (ByStatus false: All) or one
// per status. Has reports which statuses were given; a flexible entry may be
// missing, in which case benefits fall back to the active entry.
type StatusValue struct {
	ByStatus bool
	All      LevelValue
	Statuses [NumStatus]LevelValue
	Has      [NumStatus]bool
}

// DatedValue is a StatusValue in force from Year on (Undated: always).
type DatedValue struct {
	Year  int
	Value StatusValue
}

// Param is a rule parameter (docs/model.md section 6): a number that may vary by
// year, status and level, nested in that order, each optional. Dates holds
// the entries in ascending Year; a Param with a single Undated entry is a
// constant. The zero Param has no entries and IsSet reports false.
type Param struct {
	Dates []DatedValue
}

// Const returns the constant rule parameter v.
func Const(v float64) Param {
	return Param{Dates: []DatedValue{{Year: Undated, Value: StatusValue{All: LevelValue{All: v}}}}}
}

// IsSet reports whether p has any entry.
func (p Param) IsSet() bool { return len(p.Dates) > 0 }

// Dated reports whether p has dated entries.
func (p Param) Dated() bool { return len(p.Dates) > 0 && p.Dates[0].Year != Undated }

// entry returns the entry in force in year, or false when none is.
func (p Param) entry(year int) (StatusValue, bool) {
	i := sort.Search(len(p.Dates), func(i int) bool { return p.Dates[i].Year > year })
	if i == 0 {
		return StatusValue{}, false
	}
	return p.Dates[i-1].Value, true
}

// Benefit returns the value in force in year for status s and level l, with
// flexible falling back to active (benefit rules). own reports whether the
// value came from an entry for s itself (a retiree bonus applies only where
// the parameter has no retired entry of its own). ok is false when no entry
// is in force.
func (p Param) Benefit(year int, s Status, l Level) (v float64, own bool, ok bool) {
	e, ok := p.entry(year)
	if !ok {
		return 0, false, false
	}
	if !e.ByStatus {
		return e.All.At(l), false, true
	}
	if e.Has[s] {
		return e.Statuses[s].At(l), true, true
	}
	if s == Flexible && e.Has[Active] {
		return e.Statuses[Active].At(l), false, true
	}
	return 0, false, false
}

// Strict returns the value in force in year for status s and level l with no
// fallback between statuses (contributions and credits).
func (p Param) Strict(year int, s Status, l Level) (float64, bool) {
	e, ok := p.entry(year)
	if !ok {
		return 0, false
	}
	if !e.ByStatus {
		return e.All.At(l), true
	}
	if e.Has[s] {
		return e.Statuses[s].At(l), true
	}
	return 0, false
}

// Value returns the value in force in year for a parameter not split by
// status or level (the active, primary value when it is), and 0 when none is
// in force.
func (p Param) Value(year int) float64 {
	v, _, _ := p.Benefit(year, Active, Primary)
	return v
}

// Each calls f for every number p holds.
func (p Param) Each(f func(v float64)) {
	for _, d := range p.Dates {
		lv := func(l LevelValue) {
			if l.ByLevel {
				for _, x := range l.Levels {
					f(x)
				}
			} else {
				f(l.All)
			}
		}
		if d.Value.ByStatus {
			for s := range NumStatus {
				if d.Value.Has[s] {
					lv(d.Value.Statuses[s])
				}
			}
		} else {
			lv(d.Value.All)
		}
	}
}

// AgeBands is an age-banded value: Values[i] holds from age Bounds[i] up to
// the next bound (the last band has no upper bound). Bounds ascend strictly.
type AgeBands struct {
	Bounds []int
	Values []float64
}

// Bands returns the age-banded value with the given bounds and values.
func Bands(bounds []int, values []float64) AgeBands {
	return AgeBands{Bounds: bounds, Values: values}
}

// IsSet reports whether b has any band.
func (b AgeBands) IsSet() bool { return len(b.Bounds) > 0 }

// At returns the value of the band holding age, and 0 below the first bound.
func (b AgeBands) At(age int) float64 {
	i := sort.SearchInts(b.Bounds, age+1)
	if i == 0 {
		return 0
	}
	return b.Values[i-1]
}

// StatusBands is an age-banded value for all statuses or one per status
// (flexible falls back to active).
type StatusBands struct {
	ByStatus bool
	All      AgeBands
	Statuses [NumStatus]AgeBands
	Has      [NumStatus]bool
}

// At returns the value for status s at age.
func (b StatusBands) At(s Status, age int) float64 {
	if !b.ByStatus {
		return b.All.At(age)
	}
	if !b.Has[s] && s == Flexible {
		s = Active
	}
	return b.Statuses[s].At(age)
}

// Cost is a lognormal amount with the given Mean (yuan, in base-year prices)
// and coefficient of variation CV; CV 0 is the constant Mean.
type Cost struct {
	Mean float64
	CV   float64
}

// LevelCost is a Cost for all levels or one per level.
type LevelCost struct {
	ByLevel bool
	All     Cost
	Levels  [NumLevels]Cost
}

// At returns the cost at level l.
func (c LevelCost) At(l Level) Cost {
	if c.ByLevel {
		return c.Levels[l]
	}
	return c.All
}

// MaxGrowthSD is the largest SD of a Dist, an annual growth rate. With it
// and the loader's rule that the lowest mean less 5 SD stays above −1, a
// year's growth falls to −100% (a wage or price at 0) with a chance below
// 3·10⁻⁷; the model floors such a growth at −100% rather than let a wage or
// a price turn negative.
const MaxGrowthSD = 0.2

// MaxCV is the largest coefficient of variation of a Cost: the lognormal
// cost tables are tested for cvs up to 4 (docs/performance.md), and the
// other cvs of the scenario (pharmacy.cv, accounts.initial_balance_cv) are
// bounded at 10 too.
const MaxCV = 10

// Dist is an annual rate drawn as its Mean (a rule parameter, dated values
// allowed) plus an AR(1) deviation with stationary standard deviation SD,
// at most MaxGrowthSD.
type Dist struct {
	Mean Param
	SD   float64
}
