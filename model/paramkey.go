package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The keys below a rule parameter's name are one grammar, in a scenario
// file and in a key path alike: an optional year from which the value
// holds, then an optional status, then an optional level, nested in that
// order (outpatient.ratio.2025.retired.primary; in a file, ratio: {2025:
// {retired: {primary: 0.6}}}). ParseParamKey reads one key and
// ParseParamPath a path of them; the loader and Set, Get and CheckKey use
// nothing else.

// ParamKeyKind is the kind of a key below a rule parameter's name, or a
// set of kinds (their OR).
type ParamKeyKind uint8

// The kinds of key, in nesting order.
const (
	YearKey ParamKeyKind = 1 << iota
	StatusKey
	LevelKey
	// AnyParamKey is the kinds a parameter's first key may have.
	AnyParamKey = YearKey | StatusKey | LevelKey
)

// Below returns the kinds of key allowed under a key of kind k: a status
// or a level under a year, a level under a status, nothing under a level.
func (k ParamKeyKind) Below() ParamKeyKind {
	switch k {
	case YearKey:
		return StatusKey | LevelKey
	case StatusKey:
		return LevelKey
	}
	return 0
}

// String names the kind k: "year", "status" or "level".
func (k ParamKeyKind) String() string {
	switch k {
	case YearKey:
		return "year"
	case StatusKey:
		return "status"
	case LevelKey:
		return "level"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Expected words the set of kinds k for a message: "years, statuses
// (active, flexible, retired) or levels (primary, secondary, tertiary)".
func (k ParamKeyKind) Expected() string {
	var s []string
	if k&YearKey != 0 {
		s = append(s, "years")
	}
	if k&StatusKey != 0 {
		s = append(s, "statuses ("+strings.Join(StatusNames[:], ", ")+")")
	}
	if k&LevelKey != 0 {
		s = append(s, "levels ("+strings.Join(LevelNames[:], ", ")+")")
	}
	switch len(s) {
	case 0:
		return "no further key"
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// Nest returns nil when a key of kind k may stand where the kinds allowed
// may, else the error that says what may.
func (k ParamKeyKind) Nest(allowed ParamKeyKind) error {
	if k&allowed != 0 {
		return nil
	}
	return fmt.Errorf("a %s key is not allowed here: expected %s (nesting order year > status > level)", k, allowed.Expected())
}

// ParamKey is one key below a rule parameter's name.
type ParamKey struct {
	Kind   ParamKeyKind
	Year   int    // YearKey: the value holds from this year on
	Status Status // StatusKey
	Level  Level  // LevelKey
}

// ParseParamKey reads the key s: a four-digit year in plain decimal, a
// status or a level. On an error Kind is what s looks like (YearKey for a
// whole number that is not a four-digit year), or 0.
func ParseParamKey(s string) (ParamKey, error) {
	if y, err := strconv.Atoi(s); err == nil {
		if y < 1000 || y > 9999 || strconv.Itoa(y) != s {
			return ParamKey{Kind: YearKey}, fmt.Errorf("year %s is not a four-digit year", s)
		}
		return ParamKey{Kind: YearKey, Year: y}, nil
	}
	if st, ok := ParseStatus(s); ok {
		return ParamKey{Kind: StatusKey, Status: st}, nil
	}
	if l, ok := ParseLevel(s); ok {
		return ParamKey{Kind: LevelKey, Level: l}, nil
	}
	return ParamKey{}, fmt.Errorf("%q is not a year, status or level: expected %s", s, AnyParamKey.Expected())
}

// ParamPath is the keys below a rule parameter's name in a key path; a nil
// part is not named.
type ParamPath struct {
	Year   *int
	Status *Status
	Level  *Level
}

// ParseParamPath reads the keys segs below a rule parameter's name: each
// a ParseParamKey, nested in the order year > status > level, each
// optional.
func ParseParamPath(segs []string) (ParamPath, error) {
	var p ParamPath
	allowed := AnyParamKey
	for _, seg := range segs {
		k, err := ParseParamKey(seg)
		if err == nil {
			err = k.Kind.Nest(allowed)
		}
		if err != nil {
			return ParamPath{}, err
		}
		switch k.Kind {
		case YearKey:
			p.Year = &k.Year
		case StatusKey:
			p.Status = &k.Status
		case LevelKey:
			p.Level = &k.Level
		}
		allowed = k.Kind.Below()
	}
	return p, nil
}

// ParseStatus returns the status spelled s (StatusNames).
func ParseStatus(s string) (Status, bool) {
	i := slices.Index(StatusNames[:], s)
	return Status(max(i, 0)), i >= 0
}

// ParseLevel returns the level spelled s (LevelNames).
func ParseLevel(s string) (Level, bool) {
	i := slices.Index(LevelNames[:], s)
	return Level(max(i, 0)), i >= 0
}

// ParseSex returns the index of the sex spelled s in AgeStructure.Weights
// (SexNames).
func ParseSex(s string) (int, bool) {
	i := slices.Index(SexNames[:], s)
	return max(i, 0), i >= 0
}
