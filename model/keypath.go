package model

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Clone returns a deep copy of s: changing the copy's values (Set) never
// changes s, so a sweep point or a replication's parameter draw is a patch
// on a fresh copy, never a mutation of a shared scenario.
func (s *Scenario) Clone() *Scenario {
	c := reflect.New(reflect.TypeFor[Scenario]()).Elem()
	deepCopy(c, reflect.ValueOf(s).Elem())
	return c.Addr().Interface().(*Scenario)
}

func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Struct:
		for i := range src.NumField() {
			deepCopy(dst.Field(i), src.Field(i))
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
		for i := range src.Len() {
			deepCopy(dst.Index(i), src.Index(i))
		}
	case reflect.Array:
		for i := range src.Len() {
			deepCopy(dst.Index(i), src.Index(i))
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeMapWithSize(src.Type(), src.Len()))
		for _, k := range src.MapKeys() {
			dst.SetMapIndex(k, src.MapIndex(k))
		}
	default:
		dst.Set(src)
	}
}

// target is the place a key path names: a number field, or a part of a
// rule parameter, an age-banded value or a cost.
type target struct {
	v    reflect.Value // the field
	rest []string      // path parts below the field
	rng  Bounds        // the field's range
	path string
}

// locate finds the number at key path: a number field, or a value with
// keys of its own and the parts below it.
func (s *Scenario) locate(path string) (target, error) {
	t, err := s.walk(path)
	if err != nil {
		return target{}, err
	}
	if len(t.rest) == 0 && t.v.Kind() == reflect.Struct && !valueType(t.v.Type()) {
		return target{}, fmt.Errorf("%s: names a section, not a number", path)
	}
	return t, nil
}

// walk follows key path through the yaml keys of s's sections (and the
// names of conditions). It stops at the path's end or at the first value
// with keys of its own (valueType), giving the parts below it.
func (s *Scenario) walk(path string) (target, error) {
	parts := strings.Split(path, ".")
	t := target{v: reflect.ValueOf(s).Elem(), path: path}
	for i, part := range parts {
		v := t.v
		if valueType(v.Type()) {
			t.rest = parts[i:]
			return t, nil
		}
		switch {
		case v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[Condition]():
			j := slices.IndexFunc(v.Interface().([]Condition), func(c Condition) bool { return c.Name == part })
			if j < 0 {
				return target{}, fmt.Errorf("%s: no condition %q", path, part)
			}
			t.v = v.Index(j)
		case v.Kind() != reflect.Struct:
			return target{}, fmt.Errorf("%s: %q names nothing inside %s", path, part, strings.Join(parts[:i], "."))
		default:
			f, ok := field(v, part)
			if !ok {
				return target{}, unknownKey(path, parts, i, v.Type())
			}
			t.v, t.rng = f.v, f.rng
		}
	}
	return t, nil
}

// fieldRef is a field of a section and its key's range.
type fieldRef struct {
	v   reflect.Value
	rng Bounds
}

// valueType reports whether t is a value with keys of its own below its
// name (a rule parameter, an age-banded value, a cost, a distribution,
// level shares, an age structure), as opposed to a section.
func valueType(t reflect.Type) bool {
	switch t {
	case reflect.TypeFor[Param](), reflect.TypeFor[AgeBands](), reflect.TypeFor[StatusBands](),
		reflect.TypeFor[Cost](), reflect.TypeFor[LevelCost](), reflect.TypeFor[LevelShares](),
		reflect.TypeFor[Dist](), reflect.TypeFor[AgeStructure]():
		return true
	}
	return false
}

// field finds the field of struct v with yaml key name (SectionKeys),
// looking into inline structs.
func field(v reflect.Value, name string) (fieldRef, bool) {
	k, ok := sectionKey(v.Type(), name)
	if !ok {
		return fieldRef{}, false
	}
	return fieldRef{v: v.FieldByIndex(k.Index), rng: k.Range}, true
}

// Set sets the number at key path to x: a plain number, or a leaf of a rule
// parameter (outpatient.ratio.primary, outpatient.cap.retired,
// outpatient.ratio.2025.primary: a varied leaf is replaced in every year
// unless a year is named), of an age-banded value (its band's lower bound),
// of a cost (mean, cv), of a distribution (mean, sd) or of level shares.
// It reports an error for an unknown path or a value outside the key's
// range.
func (s *Scenario) Set(path string, x float64) error {
	t, err := s.locate(path)
	if err != nil {
		return err
	}
	if err := checkRange(path, t.rng, x); err != nil {
		return err
	}
	return set(t.v, t.rest, x, path)
}

// Clamp returns x limited to the range of the key at path (for parameter
// draws that may fall outside it).
func (s *Scenario) Clamp(path string, x float64) float64 {
	lo, hi, err := s.Range(path)
	if err != nil {
		return x
	}
	return math.Min(hi, math.Max(lo, x))
}

// Range returns the bounds of the number at key path, ±Inf where a side is
// open: its key's range tag; a distribution's sd is 0 to MaxGrowthSD and a
// cost's cv 0 to MaxCV, a cost's mean at least 0.
func (s *Scenario) Range(path string) (lo, hi float64, err error) {
	t, err := s.locate(path)
	if err != nil {
		return math.Inf(-1), math.Inf(1), err
	}
	if last := t.rest; len(last) > 0 {
		switch t.v.Interface().(type) {
		case Dist:
			if len(last) == 1 && last[0] == "sd" {
				return 0, MaxGrowthSD, nil
			}
		case Cost, LevelCost:
			switch last[len(last)-1] {
			case "cv":
				return 0, MaxCV, nil
			case "mean":
				return 0, math.Inf(1), nil
			}
		}
	}
	return t.rng.Low(), t.rng.High(), nil
}

// Get returns the number at key path, as in force in the base year for a
// dated rule parameter whose year is not named.
func (s *Scenario) Get(path string) (float64, error) {
	t, err := s.locate(path)
	if err != nil {
		return 0, err
	}
	return get(t.v, t.rest, path, s.BaseYear)
}

// UnknownKeyError is the error of a key path with a part that is not a key
// of the section it is in.
type UnknownKeyError struct {
	Path    string   // the key path
	Key     string   // the part that is not a key
	Section string   // the section it is not a key of ("": the scenario)
	Known   []string // the section's keys
}

// Error says which part of the path is not a key of which section.
func (e *UnknownKeyError) Error() string {
	return fmt.Sprintf("%s: %q is not a key of %s", e.Path, e.Key, cmp.Or(e.Section, "the scenario"))
}

// unknownKey returns the error of part i of path, not a key of the section
// of type t.
func unknownKey(path string, parts []string, i int, t reflect.Type) error {
	var known []string
	for _, k := range SectionKeys(t, "") {
		known = append(known, k.Name)
	}
	return &UnknownKeyError{Path: path, Key: parts[i], Section: strings.Join(parts[:i], "."), Known: known}
}

// ErrUndated is the error of a key path that names a year of a rule
// parameter that is not dated.
var ErrUndated = errors.New("the parameter is not dated; name no year")

// CheckKey returns nil when Set can vary the number at key path of s, else
// why not: an unknown key, a section, a year of an undated parameter, an
// age band or status s does not have. whole reports that the number is a
// whole number (an integer key), which only a whole x can set.
func (s *Scenario) CheckKey(path string) (whole bool, err error) {
	t, err := s.locate(path)
	if err != nil {
		return false, err
	}
	x, err := get(t.v, t.rest, path, s.BaseYear)
	if err != nil {
		return false, err
	}
	// Set the number to itself on a copy: the same walk as Set's, without
	// its range check (the scenario's own values are checked elsewhere).
	c, err := s.Clone().locate(path)
	if err != nil {
		return false, err
	}
	return t.v.Kind() == reflect.Int, set(c.v, c.rest, x, path)
}

// checkRange refuses x outside the range rng of the key at path.
func checkRange(path string, rng Bounds, x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%s: %v is not a finite number", path, x)
	}
	lo, hi := rng.Low(), rng.High()
	if x < lo {
		return fmt.Errorf("%s: %v is below %v", path, x, lo)
	}
	if x > hi {
		return fmt.Errorf("%s: %v is above %v", path, x, hi)
	}
	return nil
}

func setLevel(v *LevelValue, lv *Level, x float64) {
	if lv == nil {
		*v = LevelValue{All: x}
		return
	}
	if !v.ByLevel {
		v.ByLevel = true
		v.Levels = [NumLevels]float64{v.All, v.All, v.All}
	}
	v.Levels[*lv] = x
}

func setParam(p *Param, rest []string, x float64, path string) error {
	pp, err := ParseParamPath(rest)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	year, st, lv := pp.Year, pp.Status, pp.Level
	p.Dates = slices.Clone(p.Dates)
	idx := []int{}
	if year != nil {
		j := slices.IndexFunc(p.Dates, func(d DatedValue) bool { return d.Year == *year })
		if j < 0 {
			e, ok := p.entry(*year)
			if !ok {
				return fmt.Errorf("%s: no value in force in %d to start from", path, *year)
			}
			if !p.Dated() {
				return fmt.Errorf("%s: %w", path, ErrUndated)
			}
			p.Dates = append(p.Dates, DatedValue{Year: *year, Value: e})
			slices.SortFunc(p.Dates, func(a, b DatedValue) int { return a.Year - b.Year })
			j = slices.IndexFunc(p.Dates, func(d DatedValue) bool { return d.Year == *year })
		}
		idx = append(idx, j)
	} else {
		for j := range p.Dates {
			idx = append(idx, j)
		}
	}
	if len(idx) == 0 {
		return fmt.Errorf("%s: the parameter has no value to vary", path)
	}
	for _, j := range idx {
		sv := &p.Dates[j].Value
		switch {
		case st != nil:
			if !sv.ByStatus {
				sv.ByStatus = true
				sv.Statuses = [NumStatus]LevelValue{sv.All, sv.All, sv.All}
				sv.Has = [NumStatus]bool{true, true, true}
			}
			setLevel(&sv.Statuses[*st], lv, x)
			sv.Has[*st] = true
		case sv.ByStatus:
			for k := range sv.Statuses {
				if sv.Has[k] {
					setLevel(&sv.Statuses[k], lv, x)
				}
			}
		default:
			setLevel(&sv.All, lv, x)
		}
	}
	return nil
}

func set(v reflect.Value, rest []string, x float64, path string) error {
	switch p := v.Addr().Interface().(type) {
	case *Param:
		return setParam(p, rest, x, path)
	case *Dist:
		if len(rest) >= 1 && rest[0] == "mean" {
			return setParam(&p.Mean, rest[1:], x, path)
		}
		if len(rest) == 1 && rest[0] == "sd" {
			p.SD = x
			return nil
		}
	case *Cost:
		switch {
		case len(rest) == 1 && rest[0] == "mean":
			p.Mean = x
			return nil
		case len(rest) == 1 && rest[0] == "cv":
			p.CV = x
			return nil
		}
	case *LevelCost:
		if len(rest) == 2 {
			if l, ok := ParseLevel(rest[0]); ok {
				if !p.ByLevel {
					p.ByLevel = true
					p.Levels = [NumLevels]Cost{p.All, p.All, p.All}
				}
				return set(reflect.ValueOf(&p.Levels[l]).Elem(), rest[1:], x, path)
			}
		}
		if len(rest) == 1 && !p.ByLevel {
			return set(reflect.ValueOf(&p.All).Elem(), rest, x, path)
		}
		if len(rest) == 1 && p.ByLevel {
			for l := range p.Levels {
				if err := set(reflect.ValueOf(&p.Levels[l]).Elem(), rest, x, path); err != nil {
					return err
				}
			}
			return nil
		}
	case *LevelShares:
		if len(rest) == 1 {
			if l, ok := ParseLevel(rest[0]); ok {
				p.Levels[l] = x
				return nil
			}
		}
	case *AgeBands:
		if len(rest) == 1 {
			if b, err := strconv.Atoi(rest[0]); err == nil {
				i := slices.Index(p.Bounds, b)
				if i < 0 {
					return fmt.Errorf("%s: no age band starts at %d", path, b)
				}
				p.Values = slices.Clone(p.Values)
				p.Values[i] = x
				return nil
			}
		}
	case *AgeStructure:
		if len(rest) == 3 {
			st, sok := ParseStatus(rest[0])
			sex, xok := ParseSex(rest[1])
			if sok && xok {
				return set(reflect.ValueOf(&p.Weights[st][sex]).Elem(), rest[2:], x, path)
			}
		}
	case *StatusBands:
		if len(rest) == 2 {
			if st, ok := ParseStatus(rest[0]); ok && p.ByStatus && p.Has[st] {
				return set(reflect.ValueOf(&p.Statuses[st]).Elem(), rest[1:], x, path)
			}
		}
		if len(rest) == 1 && !p.ByStatus {
			return set(reflect.ValueOf(&p.All).Elem(), rest, x, path)
		}
	case *float64:
		if len(rest) == 0 {
			*p = x
			return nil
		}
	case *int:
		if len(rest) == 0 {
			if x != math.Trunc(x) {
				return fmt.Errorf("%s: %v is not a whole number", path, x)
			}
			*p = int(x)
			return nil
		}
	}
	return fmt.Errorf("%s: does not name a number", path)
}

func get(v reflect.Value, rest []string, path string, base int) (float64, error) {
	switch p := v.Addr().Interface().(type) {
	case *Param:
		pp, err := ParseParamPath(rest)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", path, err)
		}
		year, st, lv := pp.Year, pp.Status, pp.Level
		y, s, l := base, Active, Primary
		if year != nil {
			y = *year
		}
		if st != nil {
			s = *st
		}
		if lv != nil {
			l = *lv
		}
		x, _, ok := p.Benefit(y, s, l)
		if !ok {
			return 0, fmt.Errorf("%s: no value in force in %d", path, y)
		}
		return x, nil
	case *Dist:
		if len(rest) >= 1 && rest[0] == "mean" {
			return get(reflect.ValueOf(&p.Mean).Elem(), rest[1:], path, base)
		}
		if len(rest) == 1 && rest[0] == "sd" {
			return p.SD, nil
		}
	case *Cost:
		if len(rest) == 1 && rest[0] == "mean" {
			return p.Mean, nil
		}
		if len(rest) == 1 && rest[0] == "cv" {
			return p.CV, nil
		}
	case *LevelCost:
		if len(rest) == 2 {
			if l, ok := ParseLevel(rest[0]); ok {
				c := p.At(l)
				return get(reflect.ValueOf(&c).Elem(), rest[1:], path, base)
			}
		}
		if len(rest) == 1 {
			c := p.At(Primary)
			return get(reflect.ValueOf(&c).Elem(), rest, path, base)
		}
	case *LevelShares:
		if len(rest) == 1 {
			if l, ok := ParseLevel(rest[0]); ok {
				return p.Levels[l], nil
			}
		}
	case *AgeBands:
		if len(rest) == 1 {
			if b, err := strconv.Atoi(rest[0]); err == nil {
				if i := slices.Index(p.Bounds, b); i >= 0 {
					return p.Values[i], nil
				}
			}
		}
	case *AgeStructure:
		if len(rest) == 3 {
			st, sok := ParseStatus(rest[0])
			sex, xok := ParseSex(rest[1])
			if sok && xok {
				return get(reflect.ValueOf(&p.Weights[st][sex]).Elem(), rest[2:], path, base)
			}
		}
	case *StatusBands:
		if len(rest) == 2 {
			if st, ok := ParseStatus(rest[0]); ok && p.ByStatus && p.Has[st] {
				return get(reflect.ValueOf(&p.Statuses[st]).Elem(), rest[1:], path, base)
			}
		}
		if len(rest) == 1 && !p.ByStatus {
			return get(reflect.ValueOf(&p.All).Elem(), rest, path, base)
		}
	case *float64:
		if len(rest) == 0 {
			return *p, nil
		}
	case *int:
		if len(rest) == 0 {
			return float64(*p), nil
		}
	}
	return 0, fmt.Errorf("%s: does not name a number", path)
}

// CopyKey sets the value or section at key path in s to src's, whole.
func (s *Scenario) CopyKey(src *Scenario, path string) error {
	dst, err := s.locateAny(path)
	if err != nil {
		return err
	}
	from, err := src.locateAny(path)
	if err != nil {
		return err
	}
	deepCopy(dst, from)
	return nil
}

// locateAny finds the field, section or value named by a key path (no
// deeper than a value).
func (s *Scenario) locateAny(path string) (reflect.Value, error) {
	t, err := s.walk(path)
	if err == nil && len(t.rest) > 0 {
		err = fmt.Errorf("%s: %q names no section or value", path, t.rest[0])
	}
	return t.v, err
}
