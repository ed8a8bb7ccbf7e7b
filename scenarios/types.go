package scenarios

import (
	"reflect"

	"simulate/model"
)

// The value types: replaced whole by an extending file, decoded by their
// own syntax (docs/model.md section 6).
var (
	paramType        = reflect.TypeFor[model.Param]()
	ageBandsType     = reflect.TypeFor[model.AgeBands]()
	statusBandsType  = reflect.TypeFor[model.StatusBands]()
	ageStructureType = reflect.TypeFor[model.AgeStructure]()
	levelSharesType  = reflect.TypeFor[model.LevelShares]()
	costType         = reflect.TypeFor[model.Cost]()
	levelCostType    = reflect.TypeFor[model.LevelCost]()
	distType         = reflect.TypeFor[model.Dist]()
	conditionsType   = reflect.TypeFor[[]model.Condition]()
	uncertainType    = reflect.TypeFor[[]model.Uncertain]()
	scenarioType     = reflect.TypeFor[model.Scenario]()
)

// isSection reports whether t is a struct whose YAML mapping merges key by key.
func isSection(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	switch t {
	case paramType, ageBandsType, statusBandsType, ageStructureType, levelSharesType, costType, levelCostType, distType:
		return false
	}
	return true
}

// field is a scenario key of a section: an entry of model's index of the
// keys (model.SectionKeys).
type field = model.Key

// fieldsOf returns the scenario keys of section type t in declaration order,
// with inline structs flattened.
func fieldsOf(t reflect.Type) []field { return model.SectionKeys(t, "") }

// lookupField returns the field of section type t with the given key.
func lookupField(t reflect.Type, key string) (field, bool) {
	for _, f := range fieldsOf(t) {
		if f.Name == key {
			return f, true
		}
	}
	return field{}, false
}

// keysOf lists the keys of section type t.
func keysOf(t reflect.Type) []string {
	var ks []string
	for _, f := range fieldsOf(t) {
		ks = append(ks, f.Name)
	}
	return ks
}

// statusIndex returns the status named s.
func statusIndex(s string) (model.Status, bool) {
	for i, n := range model.StatusNames {
		if n == s {
			return model.Status(i), true
		}
	}
	return 0, false
}

// levelIndex returns the level named s.
func levelIndex(s string) (model.Level, bool) {
	for i, n := range model.LevelNames {
		if n == s {
			return model.Level(i), true
		}
	}
	return 0, false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
