package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"simulate/model"
)

// Canonical returns the resolved scenario s as deterministic YAML: every key
// in the order of the model's fields, each value in its shortest form (a
// constant rule parameter as a plain number, numbers as strconv's shortest
// round-trip decimals, no limit as none, a null reform_year as null). It
// loads back, with no extends:, to a scenario with the same Canonical bytes;
// it is what a run's fingerprint hashes and what its scenario.yaml holds.
func Canonical(s *model.Scenario) []byte {
	return Annotated(s, nil)
}

// Annotated is Canonical with the source of each value (Resolved.Sources:
// key path → the comment beside the value in its file) as a line comment.
// A value inherited through extends: keeps the comment of the file it comes
// from; a value inside a one-line flow mapping without a comment of its own
// takes the mapping's ({outpatient: 0.02, inpatient: 0.02}  # estimate).
func Annotated(s *model.Scenario, sources map[string]string) []byte {
	e := &emitter{sources: sources}
	e.section(reflect.ValueOf(s).Elem(), "", 0)
	return e.buf.Bytes()
}

type emitter struct {
	buf     bytes.Buffer
	sources map[string]string
}

func (e *emitter) line(indent int, path, text string) {
	e.buf.WriteString(strings.Repeat(" ", indent))
	e.buf.WriteString(text)
	if c := e.sources[path]; c != "" {
		e.buf.WriteString("  # ")
		e.buf.WriteString(strings.ReplaceAll(c, "\n", " "))
	}
	e.buf.WriteByte('\n')
}

func (e *emitter) section(v reflect.Value, path string, indent int) {
	for _, f := range fieldsOf(v.Type()) {
		p := join(path, f.Name)
		fv := v.FieldByIndex(f.Index)
		key := str(f.Name) + ":"
		switch t := fv.Type(); {
		case t == ageStructureType:
			a := fv.Interface().(model.AgeStructure)
			var lines [][2]string
			for st := range model.NumStatus {
				w := a.Weights[st]
				if w[0].IsSet() || w[1].IsSet() {
					lines = append(lines, [2]string{model.StatusNames[st], ""})
					for sex, b := range w {
						lines = append(lines, [2]string{model.SexNames[sex], bandsFlow(b)})
					}
				}
			}
			if len(lines) == 0 {
				e.line(indent, p, key+" {}")
				continue
			}
			e.line(indent, p, key)
			status := p
			for _, l := range lines {
				if l[1] == "" {
					status = join(p, l[0])
					e.line(indent+2, status, l[0]+":")
				} else {
					e.line(indent+4, join(status, l[0]), l[0]+": "+l[1])
				}
			}
		case t == conditionsType:
			conds := fv.Interface().([]model.Condition)
			if len(conds) == 0 {
				e.line(indent, p, key+" {}")
				continue
			}
			e.line(indent, p, key)
			for _, c := range conds {
				cp := join(p, c.Name)
				e.line(indent+2, cp, str(c.Name)+":")
				e.section(reflect.ValueOf(c), cp, indent+4)
			}
		case t == uncertainType:
			us := fv.Interface().([]model.Uncertain)
			if len(us) == 0 {
				e.line(indent, p, key+" {}")
				continue
			}
			e.line(indent, p, key)
			for _, u := range us {
				args := make([]string, len(u.Args))
				for i, a := range u.Args {
					args[i] = num(a)
				}
				e.line(indent+2, join(p, u.Key), str(u.Key)+": {"+str(u.Kind)+": ["+strings.Join(args, ", ")+"]}")
			}
		case isSection(t):
			e.line(indent, p, key)
			e.section(fv, p, indent+2)
		default:
			e.line(indent, p, key+" "+flow(fv, f))
		}
	}
}

// flow writes a value on one line.
func flow(v reflect.Value, sf model.Key) string {
	switch v.Type() {
	case paramType:
		return paramFlow(v.Interface().(model.Param))
	case ageBandsType:
		return bandsFlow(v.Interface().(model.AgeBands))
	case statusBandsType:
		sb := v.Interface().(model.StatusBands)
		if !sb.ByStatus {
			return bandsFlow(sb.All)
		}
		var parts []string
		for st, has := range sb.Has {
			if has {
				parts = append(parts, model.StatusNames[st]+": "+bandsFlow(sb.Statuses[st]))
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case levelSharesType:
		return levelFlow(model.LevelValue{ByLevel: true, Levels: v.Interface().(model.LevelShares).Levels})
	case costType:
		return costFlow(v.Interface().(model.Cost))
	case levelCostType:
		lc := v.Interface().(model.LevelCost)
		if !lc.ByLevel {
			return costFlow(lc.All)
		}
		var parts []string
		for l, c := range lc.Levels {
			parts = append(parts, model.LevelNames[l]+": "+costFlow(c))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case distType:
		d := v.Interface().(model.Dist)
		return "{mean: " + paramFlow(d.Mean) + ", sd: " + num(d.SD) + "}"
	}
	switch v.Kind() {
	case reflect.Float64:
		return num(v.Float())
	case reflect.Int:
		if null := sf.Null; null != "" && strconv.FormatInt(v.Int(), 10) == null {
			return "null"
		}
		return strconv.FormatInt(v.Int(), 10)
	case reflect.String:
		return str(v.String())
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Int {
			var parts []string
			for i := range v.Len() {
				parts = append(parts, strconv.FormatInt(v.Index(i).Int(), 10))
			}
			return "[" + strings.Join(parts, ", ") + "]"
		}
	}
	return "null"
}

func costFlow(c model.Cost) string {
	return "{mean: " + num(c.Mean) + ", cv: " + num(c.CV) + "}"
}

func bandsFlow(b model.AgeBands) string {
	parts := make([]string, len(b.Bounds))
	for i, age := range b.Bounds {
		v := math.NaN()
		if i < len(b.Values) {
			v = b.Values[i]
		}
		parts[i] = strconv.Itoa(age) + ": " + num(v)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func levelFlow(lv model.LevelValue) string {
	if !lv.ByLevel {
		return num(lv.All)
	}
	parts := make([]string, model.NumLevels)
	for l, v := range lv.Levels {
		parts[l] = model.LevelNames[l] + ": " + num(v)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func statusFlow(sv model.StatusValue) string {
	if !sv.ByStatus {
		return levelFlow(sv.All)
	}
	var parts []string
	for st, has := range sv.Has {
		if has {
			parts = append(parts, model.StatusNames[st]+": "+levelFlow(sv.Statuses[st]))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// paramFlow writes a rule parameter in its shortest form.
func paramFlow(p model.Param) string {
	if !p.IsSet() {
		return "null"
	}
	if len(p.Dates) == 1 && p.Dates[0].Year == model.Undated {
		return statusFlow(p.Dates[0].Value)
	}
	parts := make([]string, len(p.Dates))
	for i, d := range p.Dates {
		parts[i] = strconv.Itoa(d.Year) + ": " + statusFlow(d.Value)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

var plainWord = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]*$`)

// reserved are words YAML would read as something other than a string.
var reserved = []string{"true", "false", "null", "yes", "no", "on", "off", "y", "n"}

// str writes a string plain when that reads back as the same string, quoted
// otherwise.
func str(s string) string {
	if plainWord.MatchString(s) && !slices.Contains(reserved, strings.ToLower(s)) {
		return s
	}
	return strconv.Quote(s)
}

// Flow returns the value of s at path, the key path of a value of a section
// (population.insured, outpatient.visits_per_year), on one line as Canonical
// writes it: what a file that extends: another writes to replace that value
// whole. A path that names a section or nothing is an error.
func Flow(s *model.Scenario, path string) (string, error) {
	v := reflect.ValueOf(s).Elem()
	parts := strings.Split(path, ".")
	for i, part := range parts {
		var found *field
		for _, f := range fieldsOf(v.Type()) {
			if f.Name == part {
				found = &f
				break
			}
		}
		if found == nil {
			return "", fmt.Errorf("%s: no key %q in %s", path, part, strings.Join(parts[:i], "."))
		}
		fv := v.FieldByIndex(found.Index)
		if i == len(parts)-1 {
			if isSection(fv.Type()) || fv.Type() == ageStructureType || fv.Type() == conditionsType || fv.Type() == uncertainType {
				return "", fmt.Errorf("%s: a section, not a value", path)
			}
			return flow(fv, *found), nil
		}
		if !isSection(fv.Type()) {
			return "", fmt.Errorf("%s: %s is a value, not a section", path, strings.Join(parts[:i+1], "."))
		}
		v = fv
	}
	return "", fmt.Errorf("empty key path")
}

// Copy returns the text of a scenario called name that copies the
// built-in scenario from, to edit: every value resolved, each with its
// source as a comment (Annotated).
func Copy(from, name string) ([]byte, error) {
	if !slices.ContainsFunc(Builtins(), func(b Builtin) bool { return b.Name == from }) {
		return nil, fmt.Errorf("%s is not a built-in scenario", from)
	}
	r, err := Resolve(from)
	if err != nil {
		return nil, err
	}
	r.Scenario.Name, r.Scenario.Description = name, "a copy of "+from+", to edit"
	return Annotated(r.Scenario, r.Sources), nil
}
