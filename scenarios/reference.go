package scenarios

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"simulate/model"
)

// ParameterReference returns docs/parameters.md: the reference of every
// scenario key, generated from the field tags of model.Scenario (yaml, unit,
// range, enum, none, null, doc) and the defaults of builtin/defaults.yaml,
// after a guide to the value syntaxes. cmd/docs writes it; a test checks
// that the committed file is up to date.
func ParameterReference() []byte {
	var b bytes.Buffer
	b.WriteString(referenceGuide)
	defaults := defaultScenario()
	v := reflect.ValueOf(defaults).Elem()
	b.WriteString("\n## Keys\n\n")
	b.WriteString("Key paths join keys with dots. Kind says how a value is written (see above). Range bounds are\n")
	b.WriteString("inclusive; \"≥ 0\" has no upper bound. Default is the value of `builtin/defaults.yaml`, which\n")
	b.WriteString("lies under every scenario: a scenario that does not set a key, itself or through `extends:`,\n")
	b.WriteString("gets it.\n")
	var rows []referenceRow
	var sections []field
	for _, f := range fieldsOf(scenarioType) {
		if isSection(f.Field.Type) {
			sections = append(sections, f)
			continue
		}
		rows = append(rows, referenceRows(v.FieldByIndex(f.Index), f.Name, f)...)
		if f.Name == "name" {
			rows[len(rows)-1].def = "the file's name"
		}
	}
	rows = append(rows,
		referenceRow{path: "extends", kind: "text", doc: "the scenario this one patches: a built-in name or a file path relative to this file", def: "none"},
		referenceRow{path: "sweep", kind: "mapping", doc: "the sweep of the sweep commands (docs/model.md section 7), replaced whole by an extending file", def: "none"})
	writeTable(&b, "Top level", "", rows)
	for _, f := range sections {
		rows := referenceRows(v.FieldByIndex(f.Index), f.Name, f)
		if len(rows) > 0 && rows[0].path == f.Name {
			rows = rows[1:] // the section's doc heads its table
		}
		writeTable(&b, "`"+f.Name+"`", docOf(f), rows)
	}
	return b.Bytes()
}

// defaultScenario decodes builtin/defaults.yaml alone.
func defaultScenario() *model.Scenario {
	l := &loader{origin: map[*yaml.Node]string{}}
	src, err := openBuiltin("defaults")
	if err != nil {
		panic(err)
	}
	root, err := l.parse(src)
	if err != nil {
		panic(err)
	}
	s := &model.Scenario{}
	newDecoder(l.origin).section(root, reflect.ValueOf(s).Elem(), "")
	return s
}

// referenceRow is one key of the reference.
type referenceRow struct {
	path, kind, unit, values, def, doc string
}

// referenceRows returns the rows of the key path with value v (a default)
// of struct field sf: one row, or the rows of a section's keys.
func referenceRows(v reflect.Value, path string, sf model.Key) []referenceRow {
	t := v.Type()
	if isSection(t) {
		var rows []referenceRow
		if d := docOf(sf); d != "" && path != "" {
			rows = append(rows, referenceRow{path: path, kind: "section", doc: d})
		}
		for _, f := range fieldsOf(t) {
			rows = append(rows, referenceRows(v.FieldByIndex(f.Index), join(path, f.Name), f)...)
		}
		return rows
	}
	r := referenceRow{path: path, kind: kindOfType(t, sf), unit: sf.Unit, values: valuesOf(t, sf, path), doc: docOf(sf)}
	switch t {
	case conditionsType:
		r.def = "`{}`"
		rows := []referenceRow{r}
		for _, f := range fieldsOf(reflect.TypeFor[model.Condition]()) {
			rows = append(rows, referenceRows(reflect.New(f.Field.Type).Elem(), path+".NAME."+f.Name, f)...)
		}
		for i := 1; i < len(rows); i++ {
			rows[i].def = "required"
		}
		return rows
	case uncertainType:
		r.def = "`{}`"
		return []referenceRow{r}
	case ageStructureType:
		r.def = "`" + ageStructureFlow(v.Interface().(model.AgeStructure)) + "`"
		return []referenceRow{r}
	}
	r.def = "`" + flow(v, sf) + "`"
	return []referenceRow{r}
}

func ageStructureFlow(a model.AgeStructure) string {
	var parts []string
	for st := range model.NumStatus {
		w := a.Weights[st]
		if w[0].IsSet() || w[1].IsSet() {
			parts = append(parts, model.StatusNames[st]+": {male: "+bandsFlow(w[0])+", female: "+bandsFlow(w[1])+"}")
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func docOf(sf model.Key) string { return sf.Doc }

// kindOfType names how a value of type t is written.
func kindOfType(t reflect.Type, sf model.Key) string {
	switch t {
	case paramType:
		return "rule parameter"
	case ageBandsType:
		return "age-banded"
	case statusBandsType:
		return "age-banded, by status"
	case ageStructureType:
		return "age-banded weights by status and sex"
	case levelSharesType:
		return "shares by level"
	case costType:
		return "cost"
	case levelCostType:
		return "cost, by level"
	case distType:
		return "distribution {mean, sd}"
	case conditionsType:
		return "conditions by name"
	case uncertainType:
		return "uncertainty"
	}
	switch t.Kind() {
	case reflect.Float64:
		return "number"
	case reflect.Int:
		return "integer"
	case reflect.String:
		if sf.Enum != nil {
			return "word"
		}
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Int {
			return "list of years"
		}
	}
	return t.String()
}

// valuesOf describes the range and the accepted words of a key.
func valuesOf(t reflect.Type, sf model.Key, path string) string {
	var parts []string
	if b := sf.Range; b.HasLo || b.HasHi {
		switch {
		case b.HasLo && b.HasHi:
			parts = append(parts, num(b.Lo)+" to "+num(b.Hi))
		case b.HasLo:
			parts = append(parts, "≥ "+num(b.Lo))
		case b.HasHi:
			parts = append(parts, "≤ "+num(b.Hi))
		}
	}
	if sf.Enum != nil {
		words := slices.Clone(sf.Enum)
		for i, w := range words {
			words[i] = "`" + w + "`"
		}
		parts = append(parts, strings.Join(words, ", "))
	}
	if path == "population.life_table" {
		parts = append(parts, "`"+strings.Join(LifeTables(), "`, `")+"`")
	}
	if sf.None {
		parts = append(parts, "or `none` (no limit)")
	}
	if sf.Null != "" {
		parts = append(parts, "or `null`")
	}
	if t == paramType && optionalParams[path] {
		parts = append(parts, "or `null`")
	}
	return strings.Join(parts, "; ")
}

func writeTable(b *bytes.Buffer, title, doc string, rows []referenceRow) {
	fmt.Fprintf(b, "\n### %s\n\n", title)
	if doc != "" {
		fmt.Fprintf(b, "%s.\n\n", upperFirst(doc))
	}
	b.WriteString("| key | kind | unit | range, words | default | meaning |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- |\n")
	for _, r := range rows {
		fmt.Fprintf(b, "| `%s` | %s | %s | %s | %s | %s |\n", r.path, cell(r.kind), cell(r.unit), cell(r.values), cell(r.def), cell(r.doc))
	}
}

// cell escapes a table cell.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// referenceGuide is the head of docs/parameters.md: how values are written.
const referenceGuide = "# Scenario parameters\n" + `
<!-- Generated by ` + "`go run ./cmd/docs`" + ` from the field tags of model.Scenario and from
scenarios/builtin/defaults.yaml. Do not edit: change the tags or the defaults and regenerate. -->

A scenario is a YAML file (docs/model.md section 6). Loading is strict: an unknown key, a wrong type
or an out-of-range value is an error naming the file, the line and the key path
(` + "`qiannan.yaml:14: outpatient.cap: -5 is below 0`" + `), and every problem is reported at once.
` + "`simulate show NAME|FILE`" + ` prints a scenario fully resolved, each value with its source comment;
` + "`simulate validate FILE...`" + ` checks files without simulating.

## Writing values

### Rule parameters

A **rule parameter** is a number that may vary by **year**, **status** and **level**, nested in
that order, each optional, told apart by their keys: years are four-digit integers, statuses are
` + "`active`, `flexible`, `retired`" + `, levels ` + "`primary`, `secondary`, `tertiary`" + `.

` + "```yaml" + `
deductible: 150                                   # everyone, every year
deductible: {active: 1800, retired: 1300}         # by status
ratio: {primary: 0.70, secondary: 0.60, tertiary: 0.50}   # by level
deductible: {2022: 150, 2025: 200}                # dated
ratio: {2022: {active: {primary: 0.9, secondary: 0.7, tertiary: 0.7}, retired: {primary: 0.95, secondary: 0.85, tertiary: 0.85}}}
cap: none                                         # keys that allow it: no limit
` + "```" + `

- By status needs ` + "`active`" + ` and ` + "`retired`" + `; ` + "`flexible`" + ` is optional and falls back to
  ` + "`active`" + ` for benefits (never for contributions or credits). By level needs all three levels.
- A dated value is in force from its year on; in year t the latest entry ≤ t applies. Years
  before ` + "`base_year`" + ` are allowed, and a dated value needs an entry for ` + "`base_year`" + ` or
  earlier (` + "`economy.reference_wage`" + ` and ` + "`economy.average_pension`" + ` for the year before,
  since a year's contribution base uses the previous year's wage).
- A retiree bonus is added to a ratio only where the ratio has no ` + "`retired`" + ` entry of its own;
  ratio + bonus may not exceed 1.
- Money rules (deductibles, caps, quotas, premiums) are nominal: fixed unless dated, or grown
  after their last dated value by the ` + "`indexation`" + ` beside them.

### Age-banded values

An **age-banded value** maps the lower bound of each band (0 to 150, ascending) to a value that
holds up to the next bound; the last band has no upper bound and ages below the first bound get 0.
"By status" values take either one table or one per status (` + "`flexible`" + ` falls back to ` + "`active`" + `).
The age structure gives weights by status and sex; statuses whose share is 0 may be left out.

` + "```yaml" + `
visits_per_year: {0: 4.0, 40: 5.5, 60: 9.0}
admissions_per_year: {active: {0: 0.06, 50: 0.17}, retired: {0: 0.25, 80: 0.50}}
age_structure: {active: {male: {20: 0.5, 60: 0}, female: {20: 0.5, 55: 0}}, retired: {male: {60: 1}, female: {55: 1}}}
` + "```" + `

### Costs, shares and distributions

A **cost** is ` + "`{mean: M, cv: C}`" + `, a lognormal amount in base-year prices (cv 0, or left out: the
constant M); "by level" costs take one cost or one per level. **Shares by level** give all three
levels and sum to 1 (within 1e-9), as do ` + "`population.entrant_ages`" + `. A **distribution**
` + "`{mean: RATE, sd: SD}`" + ` is an annual rate: its mean is a rule parameter (dated values allowed),
plus a yearly AR(1) deviation of standard deviation sd (left out: 0).

` + "```yaml" + `
cost_per_visit: {primary: {mean: 110, cv: 0.9}, secondary: {mean: 240, cv: 1.0}, tertiary: {mean: 380, cv: 1.1}}
delivery_cost: {mean: 6000, cv: 0.5}
level_share: {primary: 0.40, secondary: 0.30, tertiary: 0.30}
wage_growth: {mean: {2021: 0.06, 2025: 0.045}, sd: 0.015}
` + "```" + `

### Numbers and limits

Numbers are plain decimals: an optional sign, digits without a leading zero (but for ` + "`0.5`" + `), an
optional fraction and exponent (` + "`1500`" + `, ` + "`-0.015`" + `, ` + "`1e6`" + `, ` + "`2.5e-3`" + `). The other forms YAML reads
as numbers are refused, naming the plain form: ` + "`01500`" + ` (which YAML reads as octal 832), ` + "`0x10`" + `,
` + "`0o17`" + `, ` + "`1_000`" + `, ` + "`.06`" + `; ` + "`.inf`" + ` and ` + "`.nan`" + ` are not finite numbers. Year and age keys are plain
integers too.

- A distribution's ` + "`sd`" + ` is at most 0.2 (model.MaxGrowthSD), and its lowest mean less 5 sd must stay
  above −1, as must each utilization trend less 5 ` + "`economy.utilization_sd`" + `: a year's growth then
  falls to −100% with a chance below 3·10⁻⁷. The model floors a growth at −100% (a wage, pension,
  price or use at 0), never letting it turn negative.
- A cost's ` + "`cv`" + ` is 0 to 10 (model.MaxCV); a multiplier or factor is within the range of its row below.
- An ` + "`uncertainty:`" + ` entry stays within its key's range: ` + "`uniform`" + ` and ` + "`triangular`" + ` LOW and HIGH, a
  ` + "`normal`" + ` MEAN ± 3 SD, a ` + "`lognormal`" + ` MEAN (CV 0 to 10); a distribution's sd is drawn within
  0 to 0.2. Draws beyond the range would be clamped to it.
- ` + "`name`" + ` has at most 64 characters, no control character and no ` + "`/`" + ` or backslash; ` + "`description`" + `
  at most 500 characters and no control character but tabs and newlines.
- A scenario file (and each file it extends) is a regular file of at most 10 MB: a named pipe or a
  device is refused before it is opened.

### Switching mechanisms off

Setting a rate, prevalence or probability to 0 switches that mechanism off, and the optional
sections (` + "`chronic`, `pharmacy`, `inpatient`, `maternity`, `accounts.family`,\n`inpatient.serious_illness`" + `) take ` + "`enabled: false`" + `, which removes them entirely.
` + "`accounts.reform_year: null`" + ` keeps the legacy account credits and the ` + "`outpatient.legacy`" + ` rules
throughout.

### Extends

A scenario may ` + "`extends:`" + ` a built-in scenario (` + "`simulate list`" + `) or another file, a path
relative to the extending file. Sections merge key by key; values (a rule parameter, an
age-banded table, a cost, a distribution, the chronic conditions) and the ` + "`uncertainty:`" + ` and
` + "`sweep:`" + ` sections are replaced whole: a new ` + "`ratio`" + ` over a parent's dated ratio holds in every
year, and ` + "`uncertainty: {}`" + ` removes the parent's. The name and description are not inherited.
A flag on the command line (` + "`--horizon`" + `) overrides the file.

` + "```yaml" + `
name: qiannan-high-cap
extends: qiannan-2022              # or ../cities/qiannan.yaml
outpatient:
  cap: 3000                        # the other outpatient keys stay the parent's
` + "```" + `

### Uncertainty

` + "`uncertainty:`" + ` maps key paths of real numbers to distributions drawn once per replication:
` + "`{uniform: [LOW, HIGH]}`, `{normal: [MEAN, SD]}`, `{triangular: [LOW, MODE, HIGH]}`" + ` or
` + "`{lognormal: [MEAN, CV]}`" + `. A key path names a number: a number key, a rule parameter (optionally
followed by ` + "`.YEAR`, `.STATUS`, `.LEVEL`" + `), the band of an age-banded value (` + "`.AGE`" + `), a share
(` + "`.LEVEL`" + `), a cost's ` + "`mean`" + ` or ` + "`cv`" + `, a distribution's ` + "`mean`" + ` or ` + "`sd`" + `, a chronic
condition's number (` + "`chronic.conditions.NAME.KEY`" + `), an age-structure weight
(` + "`population.age_structure.STATUS.SEX.AGE`" + `). Below a rule parameter a key path reads keys as a file
does: a four-digit year, a status, a level, in that order (` + "`outpatient.ratio.2025.retired.primary`" + `
is ` + "`ratio: {2025: {retired: {primary: …}}}`" + `). A year names the entry in force from that year, so
the parameter must be dated; a draw that a scenario inherits for a year of a parameter it makes
undated changes nothing, and loading warns of it.

` + "```yaml" + `
uncertainty:
  outpatient.induced_demand_elasticity: {uniform: [-0.5, -0.1]}
  utilization_trend.inpatient: {normal: [0.015, 0.005]}
  outpatient.cost_per_visit.tertiary.mean: {lognormal: [380, 0.1]}
` + "```" + `

### Sweep

` + "`sweep:`" + ` is what ` + "`simulate sweep`" + ` varies when it is given no ` + "`--vary`" + ` (docs/model.md section 7):
` + "`vary`" + ` maps key paths (as above) to a SPEC — a list ` + "`V1,V2,…`" + `, a range ` + "`LOW:HIGH:STEP`" + ` or, with
` + "`samples`" + `, an interval ` + "`LOW:HIGH`" + ` — and ` + "`zip`" + ` (pair the axes instead of crossing them), ` + "`samples`" + `
(draw that many points by Latin hypercube) and ` + "`metrics`" + ` (a list of more metrics for sweep.csv) are
optional. The section is checked when the file is read, each problem at its line: every key must
name a number of the scenario and every metric be known.

` + "```yaml" + `
sweep:
  vary:
    outpatient.ratio.primary: 0.6:0.9:0.1
    outpatient.cap: 2000,4000
  metrics: [pool_outpatient_general]
` + "```" + `
`
