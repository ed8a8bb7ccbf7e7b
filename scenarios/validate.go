package scenarios

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"simulate/model"
)

// Validate checks a resolved scenario, for instance after command-line
// overrides: every range and enum of the model's field tags, the structure
// of every value and the rules between values (docs/model.md section 6). It
// returns the warnings and an error listing every problem, one per line, as
// key.path: message.
func Validate(s *model.Scenario) (warnings []string, err error) {
	if s == nil {
		return nil, fmt.Errorf("no scenario")
	}
	c := &checker{}
	c.scenario(s)
	return c.warns.strings(), c.probs.err()
}

// checker validates a decoded scenario; where gives the positions of key
// paths when the scenario came from files, and bad the paths that failed to
// decode and are not checked again.
type checker struct {
	where        map[string]pos
	bad          map[string]bool
	probs, warns problems
	base         int
}

// at returns the position of path or of its nearest ancestor with one.
func (c *checker) at(path string) pos {
	for p := path; p != ""; {
		if at, ok := c.where[p]; ok {
			return at
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return pos{}
}

// skip reports whether path or an ancestor failed to decode.
func (c *checker) skip(path string) bool {
	if len(c.bad) == 0 {
		return false
	}
	for p := path; ; {
		if c.bad[p] {
			return true
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			return false
		}
		p = p[:i]
	}
}

func (c *checker) errf(path, format string, args ...any) {
	c.probs.add(c.at(path), path, format, args...)
}

func (c *checker) warnf(path, format string, args ...any) {
	c.warns.add(c.at(path), path, format, args...)
}

func (c *checker) scenario(s *model.Scenario) {
	c.base = s.BaseYear
	c.text(s)
	c.section(reflect.ValueOf(s).Elem(), "")
	c.cross(s)
}

// MaxNameLength and MaxDescriptionLength bound a scenario's name and
// description, in characters: the name names output folders and sheets,
// the description is one line of a listing.
const (
	MaxNameLength        = 64
	MaxDescriptionLength = 500
)

// text checks the name and the description: their lengths, no control
// characters, and no path separator in the name.
func (c *checker) text(s *model.Scenario) {
	if !c.skip("name") {
		switch n := utf8.RuneCountInString(s.Name); {
		case n > MaxNameLength:
			c.errf("name", "%d characters is more than a name may hold (%d)", n, MaxNameLength)
		case strings.ContainsAny(s.Name, `/\`):
			c.errf("name", "%q holds a path separator", s.Name)
		case s.Name == "." || s.Name == "..":
			c.errf("name", "%q is not a name", s.Name)
		}
		if i := strings.IndexFunc(s.Name, unicode.IsControl); i >= 0 {
			c.errf("name", "holds a control character (%U at byte %d)", []rune(s.Name[i:])[0], i)
		}
	}
	if !c.skip("description") {
		if n := utf8.RuneCountInString(s.Description); n > MaxDescriptionLength {
			c.errf("description", "%d characters is more than a description may hold (%d)", n, MaxDescriptionLength)
		}
		if i := strings.IndexFunc(s.Description, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }); i >= 0 {
			c.errf("description", "holds a control character (%U at byte %d)", []rune(s.Description[i:])[0], i)
		}
	}
}

// num formats a number as the scenario files write it.
func num(f float64) string {
	if math.IsInf(f, 1) {
		return "none"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// approx formats a sum to 12 significant digits, without the noise of
// binary fractions (0.2 + 0.5 + 0.2 is 0.9, not 0.8999999999999999).
func approx(f float64) string {
	return strconv.FormatFloat(f, 'g', 12, 64)
}

func (c *checker) section(v reflect.Value, path string) {
	for _, f := range fieldsOf(v.Type()) {
		p := join(path, f.Name)
		if c.skip(p) {
			continue
		}
		c.value(v.FieldByIndex(f.Index), p, f)
	}
}

func (c *checker) value(v reflect.Value, path string, sf model.Key) {
	rng := sf.Range
	none := sf.None
	switch v.Type() {
	case paramType:
		c.param(v.Interface().(model.Param), path, rng, none)
		return
	case ageBandsType:
		c.bands(v.Interface().(model.AgeBands), path, rng)
		return
	case statusBandsType:
		sb := v.Interface().(model.StatusBands)
		if !sb.ByStatus {
			c.bands(sb.All, path, rng)
			return
		}
		if m := missingStatuses(sb.Has); m != "" {
			c.errf(path, "by status needs active and retired (flexible is optional): missing %s", m)
		}
		for s, has := range sb.Has {
			if has {
				c.bands(sb.Statuses[s], join(path, model.StatusNames[s]), rng)
			}
		}
		return
	case ageStructureType:
		return // checked with the shares in cross
	case levelSharesType:
		ls := v.Interface().(model.LevelShares)
		sum := 0.0
		for l, x := range ls.Levels {
			c.number(x, join(path, model.LevelNames[l]), rng, false)
			sum += x
		}
		if math.Abs(sum-1) > 1e-9 {
			c.errf(path, "shares sum to %s, not 1", approx(sum))
		}
		return
	case costType:
		c.cost(v.Interface().(model.Cost), path)
		return
	case levelCostType:
		lc := v.Interface().(model.LevelCost)
		if !lc.ByLevel {
			c.cost(lc.All, path)
			return
		}
		for l, x := range lc.Levels {
			c.cost(x, join(path, model.LevelNames[l]))
		}
		return
	case distType:
		x := v.Interface().(model.Dist)
		if !c.skip(path + ".mean") {
			c.param(x.Mean, path+".mean", rng, false)
		}
		c.number(x.SD, path+".sd", model.Bounds{HasLo: true, Hi: model.MaxGrowthSD, HasHi: true}, false)
		return
	case conditionsType:
		for _, cond := range v.Interface().([]model.Condition) {
			p := join(path, cond.Name)
			if !c.skip(p) {
				c.section(reflect.ValueOf(cond), p)
			}
		}
		return
	case uncertainType:
		return // checked against the scenario in cross
	}
	switch v.Kind() {
	case reflect.Struct:
		c.section(v, path)
	case reflect.Float64:
		c.number(v.Float(), path, rng, none)
	case reflect.Int:
		c.number(float64(v.Int()), path, rng, false)
	case reflect.String:
		if words := sf.Enum; words != nil {
			if !slices.Contains(words, v.String()) {
				c.errf(path, "%q is not one of %s", v.String(), strings.Join(words, ", "))
			}
		}
	}
}

// number checks a number against a range; none allows +Inf.
func (c *checker) number(f float64, path string, rng model.Bounds, none bool) {
	switch {
	case math.IsNaN(f):
		c.errf(path, "not a number")
	case math.IsInf(f, 1) && none:
	case math.IsInf(f, 0):
		c.errf(path, "%v is not a finite number", f)
	case rng.HasLo && f < rng.Lo:
		c.errf(path, "%s is below %s", num(f), num(rng.Lo))
	case rng.HasHi && f > rng.Hi:
		c.errf(path, "%s is above %s", num(f), num(rng.Hi))
	}
}

func (c *checker) cost(x model.Cost, path string) {
	c.number(x.Mean, path+".mean", model.Bounds{HasLo: true}, false)
	c.number(x.CV, path+".cv", model.Bounds{HasLo: true, Hi: model.MaxCV, HasHi: true}, false)
}

func (c *checker) bands(b model.AgeBands, path string, rng model.Bounds) {
	if !b.IsSet() {
		c.errf(path, "no age bands")
		return
	}
	if len(b.Bounds) != len(b.Values) {
		c.errf(path, "%d bounds but %d values", len(b.Bounds), len(b.Values))
		return
	}
	for i, age := range b.Bounds {
		p := join(path, strconv.Itoa(age))
		if age < 0 || age > 150 {
			c.errf(p, "age bound %d is outside 0 to 150", age)
		}
		if i > 0 && age <= b.Bounds[i-1] {
			c.errf(p, "age bands must ascend: %d follows %d", age, b.Bounds[i-1])
		}
		c.number(b.Values[i], p, rng, false)
	}
}

// paramPath returns the key path of the entry of a rule parameter.
func paramPath(path string, year int, s, l int) string {
	if year != model.Undated {
		path = join(path, strconv.Itoa(year))
	}
	if s >= 0 {
		path = join(path, model.StatusNames[s])
	}
	if l >= 0 {
		path = join(path, model.LevelNames[l])
	}
	return path
}

// eachParam calls f with the key path, status and level (−1: all) of every
// number of p.
func eachParam(p model.Param, path string, f func(path string, year, s, l int, v float64)) {
	for _, d := range p.Dates {
		level := func(s int, lv model.LevelValue) {
			if !lv.ByLevel {
				f(paramPath(path, d.Year, s, -1), d.Year, s, -1, lv.All)
				return
			}
			for l, v := range lv.Levels {
				f(paramPath(path, d.Year, s, l), d.Year, s, l, v)
			}
		}
		if !d.Value.ByStatus {
			level(-1, d.Value.All)
			continue
		}
		for s, has := range d.Value.Has {
			if has {
				level(s, d.Value.Statuses[s])
			}
		}
	}
}

// previousYearParams need an entry for the year before base_year: a
// year's contribution base uses the previous year's wage (docs/model.md 3.3).
var previousYearParams = map[string]bool{
	"economy.reference_wage":  true,
	"economy.average_pension": true,
}

func (c *checker) param(p model.Param, path string, rng model.Bounds, none bool) {
	if !p.IsSet() {
		if !optionalParams[path] {
			c.errf(path, "missing value")
		}
		return
	}
	if len(p.Dates) == 1 && p.Dates[0].Year == model.Undated {
		// a constant
	} else {
		for i, d := range p.Dates {
			if d.Year == model.Undated {
				c.errf(path, "mixes an undated value with dated ones")
				return
			}
			if i > 0 && d.Year <= p.Dates[i-1].Year {
				c.errf(path, "years must ascend: %d follows %d", d.Year, p.Dates[i-1].Year)
				return
			}
		}
		need, why := c.base, "base_year"
		if previousYearParams[path] {
			need, why = c.base-1, "the year before base_year (a year's contribution base uses the previous year's wage)"
		}
		if first := p.Dates[0].Year; first > need && !c.skip("base_year") {
			c.errf(path, "dated values start in %d: give a value for %d, %s, or earlier", first, need, why)
		}
	}
	for _, d := range p.Dates {
		if d.Value.ByStatus {
			if m := missingStatuses(d.Value.Has); m != "" {
				c.errf(paramPath(path, d.Year, -1, -1), "by status needs active and retired (flexible is optional): missing %s", m)
			}
		}
	}
	eachParam(p, path, func(kp string, _, _, _ int, v float64) {
		c.number(v, kp, rng, none)
	})
}

// rules names the reimbursement rules with a ratio and a retiree bonus.
type rules struct {
	path                    string
	ratio, bonus, ded, cap_ model.Param
}

func ruleSets(s *model.Scenario) []rules {
	o, l := s.Outpatient.OutpatientRules, s.Outpatient.Legacy
	return []rules{
		{"outpatient", o.Ratio, o.RetireeBonus, o.Deductible, o.Cap},
		{"outpatient.legacy", l.Ratio, l.RetireeBonus, l.Deductible, l.Cap},
		{"chronic", s.Chronic.Ratio, s.Chronic.RetireeBonus, s.Chronic.Deductible, s.Chronic.Cap},
		{"inpatient", s.Inpatient.Ratio, s.Inpatient.RetireeBonus, s.Inpatient.Deductible, s.Inpatient.Cap},
	}
}

// years returns the years at which any of ps changes.
func years(ps ...model.Param) []int {
	var ys []int
	for _, p := range ps {
		for _, d := range p.Dates {
			ys = append(ys, d.Year)
		}
	}
	slices.Sort(ys)
	return slices.Compact(ys)
}

// cross checks the rules between values.
func (c *checker) cross(s *model.Scenario) {
	pop := s.Population
	if !c.skip("population.retired_share") && !c.skip("population.flexible_share") && pop.RetiredShare+pop.FlexibleShare > 1+1e-12 {
		c.errf("population.flexible_share", "retired_share %s + flexible_share %s exceeds 1", num(pop.RetiredShare), num(pop.FlexibleShare))
	}
	if !c.skip("population.age_structure") {
		c.ageStructure(s)
	}
	if !c.skip("population.entrant_ages") && pop.EntrantAges.IsSet() {
		sum := 0.0
		for _, v := range pop.EntrantAges.Values {
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 {
			c.errf("population.entrant_ages", "shares sum to %s, not 1", approx(sum))
		}
	}
	// Retirement ages and the 2025 schedule's steps (each category).
	ret := &s.Population.Retirement
	for _, cat := range []struct {
		name                string
		age, step, maxDelay int
	}{{"male", ret.Ages.Male, ret.DelayStepMonths.Male, ret.DelayMaxMonths.Male},
		{"female_cadre", ret.Ages.FemaleCadre, ret.DelayStepMonths.FemaleCadre, ret.DelayMaxMonths.FemaleCadre},
		{"female_worker", ret.Ages.FemaleWorker, ret.DelayStepMonths.FemaleWorker, ret.DelayMaxMonths.FemaleWorker}} {
		if k := "population.retirement.ages." + cat.name; !c.skip(k) && (cat.age < 30 || cat.age > 80) {
			c.errf(k, "%d is outside 30 to 80", cat.age)
		}
		if k := "population.retirement.delay_step_months." + cat.name; !c.skip(k) && (cat.step < 1 || cat.step > 120) {
			c.errf(k, "%d is outside 1 to 120", cat.step)
		}
		if k := "population.retirement.delay_max_months." + cat.name; !c.skip(k) && (cat.maxDelay < 0 || cat.maxDelay > 240) {
			c.errf(k, "%d is outside 0 to 240", cat.maxDelay)
		}
	}
	if co := s.Contributions; !c.skip("contributions.base_floor") && !c.skip("contributions.base_ceiling") && co.BaseFloor > co.BaseCeiling {
		c.errf("contributions.base_floor", "base_floor %s is above base_ceiling %s", num(co.BaseFloor), num(co.BaseCeiling))
	}
	if b := s.Fund.Bands; !c.skip("fund.bands") && !(b.Insufficient <= b.Warning && b.Warning <= b.ReasonableMax && b.ReasonableMax <= b.Excess) {
		c.errf("fund.bands", "bands must ascend: insufficient %s ≤ warning %s ≤ reasonable_max %s ≤ excess %s", num(b.Insufficient), num(b.Warning), num(b.ReasonableMax), num(b.Excess))
	}
	for _, r := range ruleSets(s) {
		if c.skip(r.path+".ratio") || c.skip(r.path+".retiree_bonus") || c.skip(r.path+".deductible") || c.skip(r.path+".cap") {
			continue
		}
		c.retireeBonus(r)
		c.capBelowDeductible(r)
	}
	if !c.skip("outpatient") {
		c.localRanges(s)
	}
	c.growthTails(s)
	for _, u := range s.Uncertainty {
		c.uncertain(s, u)
	}
}

// tailSDs is how many standard deviations below its lowest mean a growth
// rate must stay above −100%: 5 sd, a chance below 3·10⁻⁷ a year.
const tailSDs = 5

// growthTails checks that no growth rate can be drawn to −100% but with a
// negligible chance: the lowest mean of each of wage_growth, pension_growth
// and medical_inflation less 5 sd, and the lowest utilization trend less 5
// utilization_sd, stay above −1.
func (c *checker) growthTails(s *model.Scenario) {
	e := &s.Economy
	lowest := func(p model.Param) (float64, string) {
		lo, at := math.Inf(1), ""
		eachParam(p, "", func(kp string, _, _, _ int, v float64) {
			if v < lo {
				lo, at = v, kp
			}
		})
		return lo, at
	}
	dists := []struct {
		path string
		d    model.Dist
	}{{"economy.wage_growth", e.WageGrowth}, {"economy.pension_growth", e.PensionGrowth}, {"economy.medical_inflation", e.MedicalInflation}}
	for _, x := range dists {
		if c.skip(x.path) || x.d.SD > model.MaxGrowthSD {
			continue // an sd above its bound is reported as such
		}
		if m, at := lowest(x.d.Mean); m-tailSDs*x.d.SD <= -1 {
			c.errf(x.path+".sd", "%s with a mean of %s%s lets growth fall to −100%%: mean − %d sd must stay above −1", num(x.d.SD), num(m), inYear(at), tailSDs)
		}
	}
	if c.skip("economy.utilization_sd") || c.skip("utilization_trend") || e.UtilizationSD > 0.5 {
		return
	}
	trends := []struct {
		path string
		p    model.Param
	}{{"outpatient", s.UtilizationTrend.Outpatient}, {"inpatient", s.UtilizationTrend.Inpatient}, {"chronic", s.UtilizationTrend.Chronic}, {"pharmacy", s.UtilizationTrend.Pharmacy}}
	for _, tr := range trends {
		if m, at := lowest(tr.p); m-tailSDs*e.UtilizationSD <= -1 {
			c.errf("economy.utilization_sd", "%s with utilization_trend.%s of %s%s lets use fall to 0: trend − %d utilization_sd must stay above −1", num(e.UtilizationSD), tr.path, num(m), inYear(at), tailSDs)
			return
		}
	}
}

// inYear says where a lowest value of a rule parameter is, from the key
// path eachParam gives it ("" or ".2025" or ".2025.retired").
func inYear(at string) string {
	if at = strings.TrimPrefix(at, "."); at == "" {
		return ""
	}
	return " (" + at + ")"
}

// ageStructure checks the weights against the status shares.
func (c *checker) ageStructure(s *model.Scenario) {
	pop := s.Population
	shares := [model.NumStatus]float64{model.Active: 1 - pop.RetiredShare - pop.FlexibleShare, model.Flexible: pop.FlexibleShare, model.Retired: pop.RetiredShare}
	for st := range model.NumStatus {
		p := "population.age_structure." + model.StatusNames[st]
		w := pop.AgeStructure.Weights[st]
		if !w[0].IsSet() && !w[1].IsSet() {
			if shares[st] > 0 {
				c.errf("population.age_structure", "no weights for %s, whose share is %s", model.StatusNames[st], num(shares[st]))
			}
			continue
		}
		total := 0.0
		for sex, b := range w {
			sp := join(p, model.SexNames[sex])
			c.bands(b, sp, model.Bounds{HasLo: true})
			for _, v := range b.Values {
				total += v
			}
		}
		if !(total > 0) {
			c.errf(p, "all weights are zero")
		}
	}
}

// retireeBonus checks ratio + retiree_bonus ≤ 1 wherever the ratio has no
// retired entry of its own (docs/model.md section 3, step 6).
func (c *checker) retireeBonus(r rules) {
	for _, y := range years(r.ratio, r.bonus) {
		for l := range model.NumLevels {
			ratio, own, ok := r.ratio.Benefit(y, model.Retired, model.Level(l))
			if !ok || own {
				continue
			}
			bonus, _, ok := r.bonus.Benefit(y, model.Retired, model.Level(l))
			if ratio > 1 || bonus > 1 {
				return // reported as out of range
			}
			if ok && ratio+bonus > 1+1e-12 {
				c.errf(r.path+".ratio", "ratio %s + retiree_bonus %s exceeds 1 (%s%s)", num(ratio), num(bonus), model.Level(l), from(y))
				return
			}
		}
	}
}

func from(y int) string {
	if y == model.Undated {
		return ""
	}
	return fmt.Sprintf(", from %d", y)
}

// capBelowDeductible warns where an annual cap is below the deductible.
func (c *checker) capBelowDeductible(r rules) {
	for _, y := range years(r.ded, r.cap_) {
		for st := range model.NumStatus {
			for l := range model.NumLevels {
				ded, _, ok1 := r.ded.Benefit(y, model.Status(st), model.Level(l))
				cp, _, ok2 := r.cap_.Benefit(y, model.Status(st), model.Level(l))
				if ok1 && ok2 && cp < ded {
					c.warnf(r.path+".cap", "cap %s is below the deductible %s (%s, %s%s)", num(cp), num(ded), model.Status(st), model.Level(l), from(y))
					return
				}
			}
		}
	}
}

// localRange is a range of local general outpatient rules.
type localRange struct {
	key    string
	level  int // −1: every level
	lo, hi float64
}

// localRanges are the ranges of local general outpatient rules in the
// `ranges` row of local-rules.csv (status L: a summary of unofficial city
// data, used for warnings only): deductible 0-1800, primary ratio
// 0.60-0.90, tertiary ratio 0.50-0.76, retiree uplift 0.05-0.10, caps
// 1500-15000.
var localRanges = []localRange{
	{"deductible", -1, 0, 1800},
	{"ratio", int(model.Primary), 0.60, 0.90},
	{"ratio", int(model.Tertiary), 0.50, 0.76},
	{"retiree_bonus", -1, 0.05, 0.10},
	{"cap", -1, 1500, 15000},
}

func (c *checker) localRanges(s *model.Scenario) {
	o := s.Outpatient.OutpatientRules
	params := map[string]model.Param{"deductible": o.Deductible, "ratio": o.Ratio, "retiree_bonus": o.RetireeBonus, "cap": o.Cap}
	byStatus := slices.ContainsFunc(o.Ratio.Dates, func(d model.DatedValue) bool { return d.Value.ByStatus })
	for _, lr := range localRanges {
		if lr.key == "retiree_bonus" && byStatus {
			continue // retirees have their own ratios
		}
		path := "outpatient." + lr.key
		done := false
		eachParam(params[lr.key], path, func(kp string, _, st, l int, v float64) {
			if done || math.IsInf(v, 1) || st == int(model.Retired) && lr.key == "ratio" {
				return
			}
			if lr.level >= 0 && l >= 0 && l != lr.level {
				return
			}
			if v < lr.lo || v > lr.hi {
				what := lr.key
				if lr.level >= 0 {
					what = model.LevelNames[lr.level] + " " + what
				}
				c.warnf(kp, "%s is outside the %s range of local rules, %s to %s (data/local-rules.csv, ranges row)", num(v), what, num(lr.lo), num(lr.hi))
				done = true
			}
		})
	}
}

// uncertain checks an uncertainty: entry.
func (c *checker) uncertain(s *model.Scenario, u model.Uncertain) {
	p := "uncertainty." + u.Key
	if c.skip(p) || c.skip(u.Key) {
		return
	}
	whole, err := CheckKey(s, u.Key)
	switch {
	case errors.Is(err, model.ErrUndated):
		// An inherited draw of a dated value that this scenario made
		// undated (bench-v1's flat trends under national-2021's draws).
		c.warnf(p, "%s is not dated in this scenario, so this draw changes nothing (name no year to draw it in every year)", undatedParam(u.Key))
	case err != nil:
		c.errf(p, "%v", err)
	case whole:
		c.errf(p, "an integer key, not a real number that can be drawn")
	}
	arity, ok := uncertainKinds[u.Kind]
	if !ok {
		c.errf(p, "unknown distribution %q", u.Kind)
		return
	}
	if len(u.Args) != arity {
		c.errf(p, "%s takes %d numbers, got %d", u.Kind, arity, len(u.Args))
		return
	}
	for _, a := range u.Args {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			c.errf(p, "%v is not a finite number", a)
			return
		}
	}
	a := u.Args
	lo, hi, rerr := s.Range(u.Key)
	inRange := func(what string, x float64) bool {
		if rerr != nil || x >= lo && x <= hi {
			return true
		}
		c.errf(p, "%s %s is outside the key's range, %s (a draw beyond it would be clamped)", what, num(x), rangeText(lo, hi))
		return false
	}
	switch u.Kind {
	case "uniform":
		if !(a[0] < a[1]) {
			c.errf(p, "uniform needs low < high, got [%s, %s]", num(a[0]), num(a[1]))
			return
		}
		_ = inRange("uniform low", a[0]) && inRange("uniform high", a[1])
	case "normal":
		if a[1] < 0 {
			c.errf(p, "normal sd %s is below 0", num(a[1]))
			return
		}
		_ = inRange("normal mean", a[0]) && inRange("normal mean − 3 sd", a[0]-3*a[1]) && inRange("normal mean + 3 sd", a[0]+3*a[1])
	case "triangular":
		if !(a[0] < a[2]) || a[1] < a[0] || a[1] > a[2] {
			c.errf(p, "triangular needs low ≤ mode ≤ high and low < high, got [%s, %s, %s]", num(a[0]), num(a[1]), num(a[2]))
			return
		}
		_ = inRange("triangular low", a[0]) && inRange("triangular high", a[2])
	case "lognormal":
		if !(a[0] > 0) {
			c.errf(p, "lognormal mean %s must be above 0", num(a[0]))
		}
		if a[1] < 0 || a[1] > model.MaxCV {
			c.errf(p, "lognormal cv %s is outside 0 to %s", num(a[1]), num(model.MaxCV))
		}
		if a[0] > 0 {
			inRange("lognormal mean", a[0])
		}
	}
}

// undatedParam returns the key path of the rule parameter in key, which
// names one of its years: the segments before the year.
func undatedParam(key string) string {
	segs := strings.Split(key, ".")
	for i, seg := range segs {
		if k, _ := model.ParseParamKey(seg); k.Kind == model.YearKey {
			return strings.Join(segs[:i], ".")
		}
	}
	return key
}

// rangeText writes a key's range: "0 to 1", "at least 0", "at most 5".
func rangeText(lo, hi float64) string {
	switch {
	case math.IsInf(lo, -1):
		return "at most " + num(hi)
	case math.IsInf(hi, 1):
		return "at least " + num(lo)
	}
	return num(lo) + " to " + num(hi)
}
