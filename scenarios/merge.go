package scenarios

import (
	"reflect"

	"go.yaml.in/yaml/v3"
)

// merge lays child over parent for a value of type t (docs/model.md section 6):
// the mappings of sections merge key by key, everything else (values,
// lists, the uncertainty: and sweep: sections) is replaced whole by the
// child. A null child section keeps the parent. The result shares nodes with
// its inputs; a new mapping node takes the origin of the child's.
func merge(origin map[*yaml.Node]string, parent, child *yaml.Node, t reflect.Type) *yaml.Node {
	if parent == nil {
		return child
	}
	if child == nil || t == nil || !isSection(t) {
		return child
	}
	p, c := deref(parent), deref(child)
	if isNull(c) {
		return parent
	}
	if p.Kind != yaml.MappingNode || c.Kind != yaml.MappingNode {
		return child
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: c.Tag, Style: c.Style, Line: c.Line, Column: c.Column, LineComment: c.LineComment}
	origin[out] = origin[c]
	out.Content = append(out.Content, p.Content...)
	index := map[string]int{} // key → position of its key node in out.Content
	for i := 0; i+1 < len(out.Content); i += 2 {
		if k := deref(out.Content[i]); k.Kind == yaml.ScalarNode {
			index[k.Value] = i
		}
	}
	childSeen := map[string]bool{}
	for i := 0; i+1 < len(c.Content); i += 2 {
		k, v := c.Content[i], c.Content[i+1]
		dk := deref(k)
		if dk.Kind != yaml.ScalarNode || childSeen[dk.Value] {
			// keep duplicates and odd keys for the decoder to report
			out.Content = append(out.Content, k, v)
			continue
		}
		childSeen[dk.Value] = true
		j, ok := index[dk.Value]
		if !ok {
			index[dk.Value] = len(out.Content)
			out.Content = append(out.Content, k, v)
			continue
		}
		var ft reflect.Type
		if f, known := lookupField(t, dk.Value); known {
			ft = f.Field.Type
		}
		out.Content[j] = k
		out.Content[j+1] = merge(origin, out.Content[j+1], v, ft)
	}
	return out
}

// without returns a copy of the mapping n without the given keys.
func without(origin map[*yaml.Node]string, n *yaml.Node, keys ...string) *yaml.Node {
	out := *n
	out.Content = nil
	for i := 0; i+1 < len(n.Content); i += 2 {
		drop := false
		for _, k := range keys {
			if deref(n.Content[i]).Value == k {
				drop = true
			}
		}
		if !drop {
			out.Content = append(out.Content, n.Content[i], n.Content[i+1])
		}
	}
	origin[&out] = origin[n]
	return &out
}

// lookup returns the key and value nodes of key in the mapping n.
func lookup(n *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if deref(n.Content[i]).Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}
