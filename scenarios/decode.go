package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"simulate/internal/numform"
	"simulate/internal/suggest"
	"simulate/model"
)

// optionalParams are the rule parameters that may be null, meaning not set
// (model.Param.IsSet false).
var optionalParams = map[string]bool{
	"accounts.reform_weight": true,
}

// decoder decodes a merged node tree into a model.Scenario, recording every
// problem with the file and line of the node it came from.
type decoder struct {
	origin  map[*yaml.Node]string // file each node came from
	probs   problems
	where   map[string]pos    // key path → position of its key
	bad     map[string]bool   // key paths that failed to decode
	sources map[string]string // key path → line comment (the value's source)
}

func newDecoder(origin map[*yaml.Node]string) *decoder {
	return &decoder{origin: origin, where: map[string]pos{}, bad: map[string]bool{}, sources: map[string]string{}}
}

func (d *decoder) at(n *yaml.Node) pos {
	if n == nil {
		return pos{}
	}
	return pos{file: d.origin[n], line: n.Line, col: n.Column}
}

func (d *decoder) errf(n *yaml.Node, path, format string, args ...any) {
	d.probs.add(d.at(n), path, format, args...)
	d.bad[path] = true
}

// mark records the position and the source comment of the key path p.
func (d *decoder) mark(p string, k, v *yaml.Node) {
	d.where[p] = d.at(k)
	for _, c := range []string{v.LineComment, k.LineComment} {
		if c = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(c), "#")); c != "" {
			d.sources[p] = c
			return
		}
	}
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 1000; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe names what a node holds, for messages.
func describe(n *yaml.Node) string {
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case isNull(n):
		return "null"
	case n.Kind == yaml.ScalarNode:
		v := n.Value
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return strconv.Quote(v)
	}
	return "an unsupported node"
}

// pairs returns the key and value nodes of a mapping, keys as strings.
type pair struct {
	key  string
	k, v *yaml.Node
}

func (d *decoder) pairs(n *yaml.Node, path string) []pair {
	var out []pair
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), deref(n.Content[i+1])
		if k == nil || k.Kind != yaml.ScalarNode {
			d.errf(n.Content[i], path, "a key must be a plain word, got %s", describe(k))
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.errf(k, join(path, k.Value), "duplicate key (first at line %d)", line)
			continue
		}
		seen[k.Value] = k.Line
		out = append(out, pair{key: k.Value, k: k, v: v})
	}
	return out
}

// value decodes n into v, of the type of a scenario field.
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string, sf model.Key) {
	n = deref(n)
	none := sf.None
	switch v.Type() {
	case paramType:
		if p, ok := d.param(n, path, none); ok {
			v.Set(reflect.ValueOf(p))
		}
		return
	case ageBandsType:
		if b, ok := d.ageBands(n, path); ok {
			v.Set(reflect.ValueOf(b))
		}
		return
	case statusBandsType:
		if b, ok := d.statusBands(n, path); ok {
			v.Set(reflect.ValueOf(b))
		}
		return
	case ageStructureType:
		if a, ok := d.ageStructure(n, path); ok {
			v.Set(reflect.ValueOf(a))
		}
		return
	case levelSharesType:
		if s, ok := d.levelShares(n, path); ok {
			v.Set(reflect.ValueOf(s))
		}
		return
	case costType:
		if c, ok := d.cost(n, path); ok {
			v.Set(reflect.ValueOf(c))
		}
		return
	case levelCostType:
		if c, ok := d.levelCost(n, path); ok {
			v.Set(reflect.ValueOf(c))
		}
		return
	case distType:
		if x, ok := d.dist(n, path); ok {
			v.Set(reflect.ValueOf(x))
		}
		return
	case conditionsType:
		v.Set(reflect.ValueOf(d.conditions(n, path)))
		return
	case uncertainType:
		v.Set(reflect.ValueOf(d.uncertainty(n, path)))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.section(n, v, path)
	case reflect.Float64:
		if f, ok := d.number(n, path, none); ok {
			v.SetFloat(f)
		}
	case reflect.Int:
		if isNull(n) && sf.Null != "" {
			x, _ := strconv.Atoi(sf.Null)
			v.SetInt(int64(x))
			return
		}
		if i, ok := d.integer(n, path); ok {
			v.SetInt(int64(i))
		}
	case reflect.String:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.errf(n, path, "expected a string, got %s", describe(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			d.errf(n, path, "expected true or false, got %s", describe(n))
			return
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			d.errf(n, path, "expected true or false, got %s", describe(n))
			return
		}
		v.SetBool(b)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Int {
			v.Set(reflect.ValueOf(d.ints(n, path)))
			return
		}
		fallthrough
	default:
		d.errf(n, path, "internal: no decoder for %v", v.Type())
	}
}

// section decodes a mapping into the struct v key by key; an unknown key is
// an error that lists the known ones. Null is an empty section.
func (d *decoder) section(n *yaml.Node, v reflect.Value, path string) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, path, "expected a mapping, got %s", describe(n))
		return
	}
	t := v.Type()
	for _, p := range d.pairs(n, path) {
		kp := join(path, p.key)
		f, ok := lookupField(t, p.key)
		if !ok {
			d.errf(p.k, kp, "unknown key%s", didYouMean(p.key, keysOf(t)))
			continue
		}
		d.mark(kp, p.k, p.v)
		before := len(d.probs)
		fv := v.FieldByIndex(f.Index)
		d.value(p.v, fv, kp, f)
		if len(d.probs) > before && !isSection(fv.Type()) {
			d.bad[kp] = true // a value that failed in part is not checked again
		}
	}
}

// didYouMean returns " (did you mean X?)" for a key within two edits of
// key (suggest.Nearest, as for commands and key paths), or the known keys.
func didYouMean(key string, known []string) string {
	if best := suggest.Nearest(key, known, 2); best != "" {
		return fmt.Sprintf(" (did you mean %s?)", best)
	}
	return " (known keys: " + strings.Join(known, ", ") + ")"
}

// number decodes a finite number, or with none the word none (+Inf).
func (d *decoder) number(n *yaml.Node, path string, none bool) (float64, bool) {
	n = deref(n)
	if n != nil && n.Kind == yaml.ScalarNode {
		if none && n.Value == "none" && n.ShortTag() == "!!str" {
			return math.Inf(1), true
		}
		switch n.ShortTag() {
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err == nil {
				if math.IsNaN(f) || math.IsInf(f, 0) {
					d.errf(n, path, "%s is not a finite number", n.Value)
					return 0, false
				}
				if err := numform.Check(n.Value); err != nil {
					d.errf(n, path, "%v", err)
					return 0, false
				}
				return f, true
			}
		}
	}
	if none {
		d.errf(n, path, "expected a number or none, got %s", describe(n))
	} else {
		d.errf(n, path, "expected a number, got %s", describe(n))
	}
	return 0, false
}

// integer decodes an integer.
func (d *decoder) integer(n *yaml.Node, path string) (int, bool) {
	if n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!int" {
		if err := numform.Check(n.Value); err != nil {
			d.errf(n, path, "%v", err)
			return 0, false
		}
		var i int64
		if err := n.Decode(&i); err == nil && i >= math.MinInt32+1 && i <= math.MaxInt32 {
			return int(i), true
		}
		d.errf(n, path, "integer %s out of range", n.Value)
		return 0, false
	}
	d.errf(n, path, "expected an integer, got %s", describe(n))
	return 0, false
}

// intKey parses a mapping key that must be an integer (a year or an age),
// written as a plain decimal.
func intKey(k *yaml.Node) (int, bool) {
	if k.ShortTag() != "!!int" || !numform.Plain(k.Value) {
		return 0, false
	}
	var i int64
	if err := k.Decode(&i); err != nil || i < -1e6 || i > 1e6 {
		return 0, false
	}
	return int(i), true
}

func (d *decoder) ints(n *yaml.Node, path string) []int {
	if n.Kind != yaml.SequenceNode {
		if !isNull(n) {
			d.errf(n, path, "expected a list of years, got %s", describe(n))
		}
		return nil
	}
	out := []int{}
	for i, e := range n.Content {
		e = deref(e)
		p := join(path, strconv.Itoa(i))
		d.where[p] = d.at(e)
		if y, ok := d.integer(e, p); ok {
			out = append(out, y)
		}
	}
	return out
}

// isInt reports whether the key k is an integer key.
func isInt(k *yaml.Node) bool {
	_, ok := intKey(k)
	return ok
}

// notPlain returns the error of a scalar that YAML reads as a number but
// that is not written as a plain decimal (010, 0x10, 1_000), or nil.
func notPlain(n *yaml.Node) error {
	if n == nil || n.Kind != yaml.ScalarNode {
		return nil
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		return numform.Check(n.Value)
	}
	return nil
}

// kindOf returns the one key kind of the mapping n among allowed, or 0 after
// reporting the problem. A rule parameter's keys are model.ParseParamKey's.
func (d *decoder) kindOf(ps []pair, n *yaml.Node, path string, allowed model.ParamKeyKind) model.ParamKeyKind {
	var kind model.ParamKeyKind
	bad := false
	for _, p := range ps {
		pk, _ := model.ParseParamKey(p.key)
		k := pk.Kind
		switch {
		case notPlain(p.k) != nil:
			d.errf(p.k, join(path, p.key), "%v", notPlain(p.k))
			bad = true
		case k == 0:
			d.errf(p.k, join(path, p.key), "unknown key: expected %s", allowed.Expected())
			bad = true
		case k.Nest(allowed) != nil:
			d.errf(p.k, join(path, p.key), "%v", k.Nest(allowed))
			bad = true
		case kind != 0 && k != kind:
			d.errf(p.k, join(path, p.key), "mixes %s and %s keys in one mapping", kind, k)
			bad = true
		case kind == 0:
			kind = k
		}
	}
	if len(ps) == 0 && !bad {
		d.errf(n, path, "empty mapping: expected %s", allowed.Expected())
		bad = true
	}
	if bad {
		return 0
	}
	return kind
}

// param decodes a rule parameter: a number, or a mapping by year, status
// and level, nested in that order, each optional.
func (d *decoder) param(n *yaml.Node, path string, none bool) (model.Param, bool) {
	if isNull(n) && optionalParams[path] {
		return model.Param{}, true
	}
	if n.Kind == yaml.MappingNode {
		ps := d.pairs(n, path)
		switch d.kindOf(ps, n, path, model.AnyParamKey) {
		case 0:
			return model.Param{}, false
		case model.YearKey:
			var p model.Param
			ok := true
			for _, e := range ps {
				pk, err := model.ParseParamKey(e.key)
				kp := join(path, e.key)
				d.mark(kp, e.k, e.v)
				if err != nil {
					d.errf(e.k, kp, "%v", err)
					ok = false
					continue
				}
				sv, vok := d.statusValue(e.v, kp, none, model.YearKey.Below())
				ok = ok && vok
				p.Dates = append(p.Dates, model.DatedValue{Year: pk.Year, Value: sv})
			}
			slices.SortStableFunc(p.Dates, func(a, b model.DatedValue) int { return a.Year - b.Year })
			return p, ok
		}
	}
	sv, ok := d.statusValue(n, path, none, model.YearKey.Below())
	if !ok {
		return model.Param{}, false
	}
	return model.Param{Dates: []model.DatedValue{{Year: model.Undated, Value: sv}}}, true
}

func (d *decoder) statusValue(n *yaml.Node, path string, none bool, allowed model.ParamKeyKind) (model.StatusValue, bool) {
	n = deref(n)
	var sv model.StatusValue
	if n.Kind != yaml.MappingNode {
		lv, ok := d.levelValue(n, path, none)
		sv.All = lv
		return sv, ok
	}
	ps := d.pairs(n, path)
	switch d.kindOf(ps, n, path, allowed) {
	case 0:
		return sv, false
	case model.LevelKey:
		lv, ok := d.levelValue(n, path, none)
		sv.All = lv
		return sv, ok
	}
	ok := true
	sv.ByStatus = true
	for _, e := range ps {
		s, _ := model.ParseStatus(e.key)
		kp := join(path, e.key)
		d.mark(kp, e.k, e.v)
		lv, vok := d.levelValue(e.v, kp, none)
		ok = ok && vok
		sv.Statuses[s] = lv
		sv.Has[s] = true
	}
	if missing := missingStatuses(sv.Has); missing != "" {
		d.errf(n, path, "by status needs active and retired (flexible is optional): missing %s", missing)
		ok = false
	}
	return sv, ok
}

func missingStatuses(has [model.NumStatus]bool) string {
	var m []string
	for _, s := range []model.Status{model.Active, model.Retired} {
		if !has[s] {
			m = append(m, s.String())
		}
	}
	return strings.Join(m, " and ")
}

func (d *decoder) levelValue(n *yaml.Node, path string, none bool) (model.LevelValue, bool) {
	n = deref(n)
	var lv model.LevelValue
	if n.Kind != yaml.MappingNode {
		f, ok := d.number(n, path, none)
		lv.All = f
		return lv, ok
	}
	ps := d.pairs(n, path)
	if d.kindOf(ps, n, path, model.LevelKey) == 0 {
		return lv, false
	}
	lv.ByLevel = true
	ok := true
	var has [model.NumLevels]bool
	for _, e := range ps {
		l, _ := model.ParseLevel(e.key)
		kp := join(path, e.key)
		d.mark(kp, e.k, e.v)
		f, fok := d.number(e.v, kp, none)
		ok = ok && fok
		lv.Levels[l] = f
		has[l] = true
	}
	if m := missingLevels(has); m != "" {
		d.errf(n, path, "by level needs primary, secondary and tertiary: missing %s", m)
		ok = false
	}
	return lv, ok
}

func missingLevels(has [model.NumLevels]bool) string {
	var m []string
	for l, h := range has {
		if !h {
			m = append(m, model.LevelNames[l])
		}
	}
	return strings.Join(m, ", ")
}

// ageBands decodes a mapping of ascending lower age bounds to numbers.
func (d *decoder) ageBands(n *yaml.Node, path string) (model.AgeBands, bool) {
	var b model.AgeBands
	if n.Kind != yaml.MappingNode {
		d.errf(n, path, "expected age bands {AGE: VALUE, ...}, got %s", describe(n))
		return b, false
	}
	ps := d.pairs(n, path)
	if len(ps) == 0 {
		d.errf(n, path, "no age bands")
		return b, false
	}
	ok := true
	for _, e := range ps {
		kp := join(path, e.key)
		d.mark(kp, e.k, e.v)
		age, aok := intKey(e.k)
		if err := notPlain(e.k); err != nil {
			d.errf(e.k, kp, "%v", err)
			ok = false
			continue
		}
		if !aok || age < 0 || age > 150 {
			d.errf(e.k, kp, "an age band's key is its lower age bound, 0 to 150")
			ok = false
			continue
		}
		if len(b.Bounds) > 0 && age <= b.Bounds[len(b.Bounds)-1] {
			d.errf(e.k, kp, "age bands must ascend: %d follows %d", age, b.Bounds[len(b.Bounds)-1])
			ok = false
			continue
		}
		f, fok := d.number(e.v, kp, false)
		ok = ok && fok
		b.Bounds = append(b.Bounds, age)
		b.Values = append(b.Values, f)
	}
	return b, ok
}

// statusBands decodes age bands, or age bands by status.
func (d *decoder) statusBands(n *yaml.Node, path string) (model.StatusBands, bool) {
	var sb model.StatusBands
	if n.Kind == yaml.MappingNode && len(n.Content) > 0 {
		if k0 := deref(n.Content[0]); notPlain(k0) == nil && !isInt(k0) {
			ps := d.pairs(n, path)
			ok := true
			for _, e := range ps {
				kp := join(path, e.key)
				s, sok := model.ParseStatus(e.key)
				if !sok {
					d.errf(e.k, kp, "unknown key: expected a status (active, flexible, retired) or an age")
					ok = false
					continue
				}
				d.mark(kp, e.k, e.v)
				b, bok := d.ageBands(e.v, kp)
				ok = ok && bok
				sb.Statuses[s], sb.Has[s] = b, true
			}
			if !ok {
				return sb, false
			}
			sb.ByStatus = true
			if m := missingStatuses(sb.Has); m != "" {
				d.errf(n, path, "by status needs active and retired (flexible is optional): missing %s", m)
				return sb, false
			}
			return sb, true
		}
	}
	b, ok := d.ageBands(n, path)
	sb.All = b
	return sb, ok
}

// ageStructure decodes weights by status and sex.
func (d *decoder) ageStructure(n *yaml.Node, path string) (model.AgeStructure, bool) {
	var a model.AgeStructure
	if n.Kind != yaml.MappingNode {
		d.errf(n, path, "expected a mapping of statuses to {male: AGE BANDS, female: AGE BANDS}, got %s", describe(n))
		return a, false
	}
	ok := true
	for _, e := range d.pairs(n, path) {
		kp := join(path, e.key)
		s, sok := model.ParseStatus(e.key)
		if !sok {
			d.errf(e.k, kp, "unknown key: expected a status (active, flexible, retired)")
			ok = false
			continue
		}
		d.mark(kp, e.k, e.v)
		if e.v.Kind != yaml.MappingNode {
			d.errf(e.v, kp, "expected {male: AGE BANDS, female: AGE BANDS}, got %s", describe(e.v))
			ok = false
			continue
		}
		var has [2]bool
		for _, x := range d.pairs(e.v, kp) {
			xp := join(kp, x.key)
			i, xok := model.ParseSex(x.key)
			if !xok {
				d.errf(x.k, xp, "unknown key: expected male or female")
				ok = false
				continue
			}
			d.mark(xp, x.k, x.v)
			b, bok := d.ageBands(x.v, xp)
			ok = ok && bok
			a.Weights[s][i], has[i] = b, true
		}
		for i, h := range has {
			if !h {
				d.errf(e.v, kp, "missing %s", model.SexNames[i])
				ok = false
			}
		}
	}
	return a, ok
}

// levelShares decodes shares for the three levels.
func (d *decoder) levelShares(n *yaml.Node, path string) (model.LevelShares, bool) {
	var s model.LevelShares
	if n.Kind != yaml.MappingNode {
		d.errf(n, path, "expected {primary: S, secondary: S, tertiary: S}, got %s", describe(n))
		return s, false
	}
	lv, ok := d.levelValue(n, path, false)
	s.Levels = lv.Levels
	return s, ok
}

// fields decodes a small fixed mapping (a cost, a distribution): it calls
// f for each known key and reports unknown and missing required keys.
func (d *decoder) fields(n *yaml.Node, path, want string, keys []string, required []string, f func(key string, v *yaml.Node, kp string) bool) bool {
	if n.Kind != yaml.MappingNode {
		d.errf(n, path, "expected %s, got %s", want, describe(n))
		return false
	}
	ok := true
	seen := map[string]bool{}
	for _, e := range d.pairs(n, path) {
		kp := join(path, e.key)
		if !slices.Contains(keys, e.key) {
			d.errf(e.k, kp, "unknown key%s", didYouMean(e.key, keys))
			ok = false
			continue
		}
		seen[e.key] = true
		d.mark(kp, e.k, e.v)
		ok = f(e.key, e.v, kp) && ok
	}
	for _, r := range required {
		if !seen[r] {
			d.errf(n, path, "missing %s", r)
			ok = false
		}
	}
	return ok
}

func (d *decoder) cost(n *yaml.Node, path string) (model.Cost, bool) {
	var c model.Cost
	ok := d.fields(n, path, "a cost {mean: M, cv: C}", []string{"mean", "cv"}, []string{"mean"}, func(key string, v *yaml.Node, kp string) bool {
		f, ok := d.number(v, kp, false)
		if key == "mean" {
			c.Mean = f
		} else {
			c.CV = f
		}
		return ok
	})
	return c, ok
}

func (d *decoder) levelCost(n *yaml.Node, path string) (model.LevelCost, bool) {
	var lc model.LevelCost
	if n.Kind == yaml.MappingNode && len(n.Content) > 0 {
		if _, isLevel := model.ParseLevel(deref(n.Content[0]).Value); isLevel {
			lc.ByLevel = true
			var has [model.NumLevels]bool
			ok := true
			for _, e := range d.pairs(n, path) {
				kp := join(path, e.key)
				l, lok := model.ParseLevel(e.key)
				if !lok {
					d.errf(e.k, kp, "unknown key: expected a level (primary, secondary, tertiary)")
					ok = false
					continue
				}
				d.mark(kp, e.k, e.v)
				c, cok := d.cost(e.v, kp)
				ok = ok && cok
				lc.Levels[l], has[l] = c, true
			}
			if m := missingLevels(has); m != "" && ok {
				d.errf(n, path, "by level needs primary, secondary and tertiary: missing %s", m)
				ok = false
			}
			return lc, ok
		}
	}
	c, ok := d.cost(n, path)
	lc.All = c
	return lc, ok
}

func (d *decoder) dist(n *yaml.Node, path string) (model.Dist, bool) {
	var x model.Dist
	ok := d.fields(n, path, "{mean: RATE, sd: SD}", []string{"mean", "sd"}, []string{"mean"}, func(key string, v *yaml.Node, kp string) bool {
		if key == "mean" {
			p, ok := d.param(v, kp, false)
			x.Mean = p
			return ok
		}
		f, ok := d.number(v, kp, false)
		x.SD = f
		return ok
	})
	return x, ok
}

// conditions decodes a mapping of condition names to conditions, in file
// order; every key of a condition is required.
func (d *decoder) conditions(n *yaml.Node, path string) []model.Condition {
	out := []model.Condition{}
	if isNull(n) {
		return out
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, path, "expected a mapping of condition names to conditions, got %s", describe(n))
		return out
	}
	t := reflect.TypeFor[model.Condition]()
	for _, e := range d.pairs(n, path) {
		kp := join(path, e.key)
		d.mark(kp, e.k, e.v)
		if e.key == "" || strings.ContainsAny(e.key, ". \t") {
			d.errf(e.k, kp, "a condition name must be a word without dots or spaces")
			continue
		}
		c := model.Condition{Name: e.key}
		if e.v.Kind != yaml.MappingNode {
			d.errf(e.v, kp, "expected a mapping, got %s", describe(e.v))
			continue
		}
		d.section(e.v, reflect.ValueOf(&c).Elem(), kp)
		var missing []string
		for _, f := range fieldsOf(t) {
			if !slices.ContainsFunc(e.v.Content, func(k *yaml.Node) bool { return k.Value == f.Name }) {
				missing = append(missing, f.Name)
			}
		}
		if len(missing) > 0 {
			d.errf(e.v, kp, "missing %s", strings.Join(missing, ", "))
		}
		out = append(out, c)
	}
	return out
}

// uncertainKinds are the distributions of uncertainty: and their arity.
var uncertainKinds = map[string]int{"uniform": 2, "normal": 2, "triangular": 3, "lognormal": 2}

func (d *decoder) uncertainty(n *yaml.Node, path string) []model.Uncertain {
	out := []model.Uncertain{}
	if isNull(n) {
		return out
	}
	if n.Kind != yaml.MappingNode {
		d.errf(n, path, "expected a mapping of key paths to distributions, got %s", describe(n))
		return out
	}
	for _, e := range d.pairs(n, path) {
		kp := join(path, e.key)
		d.mark(kp, e.k, e.v)
		if e.v.Kind != yaml.MappingNode || len(e.v.Content) != 2 {
			d.errf(e.v, kp, "expected one of {uniform: [LOW, HIGH]}, {normal: [MEAN, SD]}, {triangular: [LOW, MODE, HIGH]}, {lognormal: [MEAN, CV]}, got %s", describe(e.v))
			continue
		}
		k, v := deref(e.v.Content[0]), deref(e.v.Content[1])
		arity, ok := uncertainKinds[k.Value]
		if !ok {
			d.errf(k, kp, "unknown distribution %s: expected uniform, normal, triangular or lognormal", describe(k))
			continue
		}
		if v.Kind != yaml.SequenceNode || len(v.Content) != arity {
			d.errf(v, kp, "%s takes a list of %d numbers, got %s", k.Value, arity, describe(v))
			continue
		}
		u := model.Uncertain{Key: e.key, Kind: k.Value}
		good := true
		for _, a := range v.Content {
			f, fok := d.number(a, kp, false)
			good = good && fok
			u.Args = append(u.Args, f)
		}
		if good {
			out = append(out, u)
		}
	}
	return out
}
