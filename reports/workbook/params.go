package workbook

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"simulate/model"
)

// param is one resolved scenario key of scenario.yaml: its key path, its
// value as written (a number, a word or a flow mapping on one line), the
// unit tag of the model.Scenario field at that path and the source, the
// line comment beside the value.
type param struct {
	Key    string
	Value  string
	Unit   string
	Source string
}

// parseParams lists the keys of a saved scenario.yaml in file order: one
// row per line that carries a value. Block mappings are descended into;
// flow mappings and sequences are one value.
func parseParams(data []byte) ([]param, *yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil, fmt.Errorf("empty document")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("line %d: top level is not a mapping", root.Line)
	}
	var out []param
	var walk func(n *yaml.Node, path []string)
	walk = func(n *yaml.Node, path []string) {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := append(path[:len(path):len(path)], k.Value)
			if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
				walk(v, p)
				continue
			}
			src := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v.LineComment), "#"))
			if src == "" {
				src = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(k.LineComment), "#"))
			}
			out = append(out, param{
				Key:    strings.Join(p, "."),
				Value:  flowText(v),
				Unit:   unitAt(p),
				Source: src,
			})
		}
	}
	walk(root, nil)
	return out, root, nil
}

// flowText writes a value node on one line, as the YAML flow style.
func flowText(n *yaml.Node) string {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Value
	case yaml.AliasNode:
		if n.Alias != nil {
			return flowText(n.Alias)
		}
		return "*" + n.Value
	case yaml.SequenceNode:
		parts := make([]string, len(n.Content))
		for i, c := range n.Content {
			parts[i] = flowText(c)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, flowText(n.Content[i])+": "+flowText(n.Content[i+1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return ""
}

// lookup returns the scalar at a dotted key path of a mapping node.
func lookup(root *yaml.Node, path ...string) (string, bool) {
	n := root
	for _, seg := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return "", false
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == seg {
				next = n.Content[i+1]
				break
			}
		}
		n = next
	}
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	return n.Value, true
}

// lookupFloat returns the number at a key path.
func lookupFloat(root *yaml.Node, path ...string) (float64, bool) {
	s, ok := lookup(root, path...)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

var (
	scenarioType  = reflect.TypeOf(model.Scenario{})
	conditionType = reflect.TypeOf(model.Condition{})
)

// unitAt returns the unit tag of the model.Scenario field at the key path,
// found by following yaml tags (inline structs included). Below a field
// that is one value in YAML (a rule parameter, an age-banded table), the
// field's own unit applies; a chronic condition's name is skipped; an
// uncertainty entry takes the unit of the key it draws.
func unitAt(path []string) string {
	if len(path) == 2 && path[0] == "uncertainty" {
		return unitAt(strings.Split(path[1], "."))
	}
	t := scenarioType
	unit := ""
	for i := 0; i < len(path); i++ {
		if t.Kind() == reflect.Slice && t.Elem() == conditionType {
			t = conditionType // path[i] is the condition's name
			continue
		}
		if t.Kind() != reflect.Struct {
			return unit
		}
		f, ok := fieldByYAML(t, path[i])
		if !ok {
			return unit
		}
		unit = f.Tag.Get("unit")
		t = f.Type
	}
	return unit
}

// fieldByYAML finds the field of t whose yaml tag names key, looking into
// inline fields.
func fieldByYAML(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
			if g, ok := fieldByYAML(f.Type, key); ok {
				return g, true
			}
			continue
		}
		if name == key && name != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// scenarioUnits lists every unit tag of model.Scenario (for tests of the
// translation table).
func scenarioUnits() []string {
	seen := map[string]bool{}
	var out []string
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		if depth > 10 {
			return
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Pointer:
			walk(t.Elem(), depth+1)
			return
		case reflect.Struct:
		default:
			return
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if u := f.Tag.Get("unit"); u != "" && !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
			walk(f.Type, depth+1)
		}
	}
	walk(scenarioType, 0)
	return out
}
