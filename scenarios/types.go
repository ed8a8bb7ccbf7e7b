package scenarios

import (
	"errors"
	"reflect"
	"strings"

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

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// CheckKey returns nil when Set can vary the number at key path of s, else
// why not, worded to follow the key: model.Scenario.CheckKey's error
// without the key, with a did-you-mean for an unknown key (errors.Is and
// errors.As see the model's error). whole reports an integer key.
func CheckKey(s *model.Scenario, key string) (whole bool, err error) {
	whole, err = s.CheckKey(key)
	if err == nil {
		return whole, nil
	}
	text := strings.TrimPrefix(err.Error(), key+": ")
	if u, ok := errors.AsType[*model.UnknownKeyError](err); ok {
		text += didYouMean(u.Key, u.Known)
	}
	return whole, keyError{text: text, err: err}
}

// keyError is an error of CheckKey: its own text, the model's error below.
type keyError struct {
	text string
	err  error
}

func (e keyError) Error() string { return e.text }
func (e keyError) Unwrap() error { return e.err }
