package model

import (
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Key is one key of a scenario section: a field of Scenario or of one of
// its sections, named by its YAML key, with what its tags say (docs/model.md
// section 6). SectionKeys is the one index of the scenario's keys: the
// loader and the validator (package scenarios), Set, Get and Range here,
// the sweeps through them and the parameter reference all read it.
type Key struct {
	// Name is the field's key in its section ("cap"); Path is the key path
	// of the field, the section's path and Name joined by a dot
	// ("outpatient.cap").
	Name, Path string
	// Index is the field's index path in its section's type, for
	// reflect.Value.FieldByIndex (inline structs flattened).
	Index []int
	// Field is the struct field: its type, and its name for messages.
	Field reflect.StructField
	// Unit is the unit of the key's numbers ("yuan", "ratio"); "" for text.
	Unit string
	// Range bounds the key's numbers (the range tag).
	Range Bounds
	// Enum lists the words the key allows (the enum tag), nil for any.
	Enum []string
	// None reports that the word none (no limit, +Inf) is allowed; Null,
	// when not "", is the integer a null stands for.
	None bool
	Null string
	// Doc describes the key (the doc tag).
	Doc string
}

// SectionKeys returns the keys of the section type t (Scenario, or the
// type of one of its sections) at key path path ("" for the top level), in
// declaration order, with inline structs flattened.
func SectionKeys(t reflect.Type, path string) []Key {
	var out []Key
	for i := range t.NumField() {
		sf := t.Field(i)
		name, opts, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "-" || !sf.IsExported() {
			continue
		}
		if opts == "inline" {
			for _, k := range SectionKeys(sf.Type, path) {
				k.Index = append([]int{i}, k.Index...)
				out = append(out, k)
			}
			continue
		}
		if name == "" {
			continue
		}
		k := Key{Name: name, Path: name, Index: []int{i}, Field: sf, Unit: sf.Tag.Get("unit"),
			Range: ParseBounds(sf.Tag.Get("range")), None: sf.Tag.Get("none") == "true",
			Null: sf.Tag.Get("null"), Doc: sf.Tag.Get("doc")}
		if path != "" {
			k.Path = path + "." + name
		}
		if e := sf.Tag.Get("enum"); e != "" {
			k.Enum = strings.Split(e, "|")
		}
		out = append(out, k)
	}
	return out
}

// sectionKey returns the key of section type t called name.
func sectionKey(t reflect.Type, name string) (Key, bool) {
	for _, k := range SectionKeys(t, "") {
		if k.Name == name {
			return k, true
		}
	}
	return Key{}, false
}

// Bounds is the range of a key's numbers, inclusive; either side may be
// open (Has false: no bound on that side).
type Bounds struct {
	Lo, Hi       float64
	HasLo, HasHi bool
}

// ParseBounds parses a range tag "LO,HI", either side empty when open
// ("0," is at least 0; "" has no bounds): the one range parser of the
// scenario's keys. A side that is not a number is open
// (TestKeyTags checks that every tag's sides are numbers or empty).
func ParseBounds(tag string) Bounds {
	var b Bounds
	lo, hi, _ := strings.Cut(tag, ",")
	if f, err := strconv.ParseFloat(strings.TrimSpace(lo), 64); err == nil {
		b.Lo, b.HasLo = f, true
	}
	if f, err := strconv.ParseFloat(strings.TrimSpace(hi), 64); err == nil {
		b.Hi, b.HasHi = f, true
	}
	return b
}

// Low returns the lower bound, −Inf when open.
func (b Bounds) Low() float64 {
	if !b.HasLo {
		return math.Inf(-1)
	}
	return b.Lo
}

// High returns the upper bound, +Inf when open.
func (b Bounds) High() float64 {
	if !b.HasHi {
		return math.Inf(1)
	}
	return b.Hi
}
