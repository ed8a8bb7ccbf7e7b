package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"simulate/model"
)

// WriteJSON writes s as summary.json: indented JSON whose keys come in the
// fixed order of docs/model.md section 5 (metrics in the order of s.Metrics),
// with every per-year array on one line, undefined numbers as null and
// numbers as shortest round-trip decimals. The same Summary always gives
// the same bytes.
func (s *Summary) WriteJSON(w io.Writer) error {
	b, err := s.appendJSON(nil)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// MarshalJSON returns the bytes WriteJSON writes.
func (s *Summary) MarshalJSON() ([]byte, error) { return s.appendJSON(nil) }

func (s *Summary) appendJSON(b []byte) ([]byte, error) {
	top := beginObject(&b, "")
	top.key("schema")
	b = appendString(b, s.Schema)
	top.key("version")
	b = appendString(b, s.Version)
	top.key("fingerprint")
	b = appendString(b, s.Fingerprint)
	top.key("scenario")
	b = appendString(b, s.Scenario)
	top.key("seed")
	b = strconv.AppendUint(b, s.Seed, 10)
	top.key("replications")
	b = strconv.AppendInt(b, int64(s.Replications), 10)
	top.key("members")
	b = strconv.AppendInt(b, int64(s.Members), 10)
	top.key("population")
	b = appendNullable(b, s.Population)
	top.key("weight")
	b = appendNullable(b, s.Weight)
	if s.Schema != summaryV1 {
		top.key("ci_level")
		b = appendNumber(b, CILevel)
	}
	if s.Design != "" {
		top.key("design")
		b = appendString(b, s.Design)
		top.key("blocks")
		b = strconv.AppendInt(b, int64(s.Blocks), 10)
	}
	if pr := s.Precision; pr != nil {
		top.key("precision")
		b = append(b, `{"met": `...)
		b = strconv.AppendBool(b, pr.Met)
		b = append(b, `, "max_replications": `...)
		b = strconv.AppendInt(b, int64(pr.MaxReplications), 10)
		b = append(b, `, "request_fingerprint": `...)
		b = appendString(b, pr.Request)
		b = append(b, `, "targets": [`...)
		for i, t := range pr.Targets {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    {\"target\": "...)
			b = appendString(b, t.Target)
			for _, f := range []struct {
				name string
				v    float64
			}{{"estimate", t.Estimate}, {"lo", t.Lo}, {"hi", t.Hi}, {"half_width", t.HalfWidth}, {"want_half_width", t.WantHalfWidth}, {"independent_half_width", t.IndependentHalfWidth}} {
				b = append(b, ", \""+f.name+"\": "...)
				b = appendNullable(b, f.v)
			}
			b = append(b, `, "met": `...)
			b = strconv.AppendBool(b, t.Met)
			b = append(b, '}')
		}
		b = append(b, "\n  ]}"...)
	}
	top.key("years")
	b = append(b, '[')
	for i, y := range s.Years {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(y), 10)
	}
	b = append(b, ']')

	ny := len(s.Years)
	top.key("metrics")
	metrics := beginObject(&b, "  ")
	for i := range s.Metrics {
		m := &s.Metrics[i]
		metrics.key(m.Name)
		obj := beginObject(&b, "    ")
		obj.key("unit")
		b = appendString(b, string(m.Unit))
		for _, f := range []struct {
			name string
			v    []float64
		}{{"mean", m.Mean}, {"sd", m.SD}, {"se", m.SE}, {"p05", m.P05}, {"p25", m.P25}, {"p50", m.P50}, {"p75", m.P75}, {"p95", m.P95}} {
			if len(f.v) != ny {
				return nil, fmt.Errorf("summary: metric %s: %s has %d values for %d years", m.Name, f.name, len(f.v), ny)
			}
			obj.key(f.name)
			b = appendArray(b, f.v)
		}
		for k, ci := range m.intervals() {
			if ci.Lo == nil && ci.Hi == nil {
				continue // a v1 summary
			}
			name := percentileNames[k]
			if len(ci.Lo) != ny || len(ci.Hi) != ny {
				return nil, fmt.Errorf("summary: metric %s: the interval of %s has %d and %d values for %d years", m.Name, name, len(ci.Lo), len(ci.Hi), ny)
			}
			obj.key(name + "_lo")
			b = appendArray(b, ci.Lo)
			obj.key(name + "_hi")
			b = appendArray(b, ci.Hi)
		}
		obj.end()
	}
	metrics.end()

	top.key("solvency")
	sv := &s.Solvency
	sol := beginObject(&b, "  ")
	for _, f := range []struct {
		name string
		v    []float64
	}{{"p_deficit", sv.PDeficit}, {"p_depleted", sv.PDepleted}, {"p_insufficient", sv.PInsufficient}, {"p_below_warning", sv.PBelowWarning}, {"p_excess", sv.PExcess}} {
		if len(f.v) != ny {
			return nil, fmt.Errorf("summary: solvency: %s has %d values for %d years", f.name, len(f.v), ny)
		}
		sol.key(f.name)
		b = appendArray(b, f.v)
	}
	for _, f := range sv.shareIntervals() {
		if f.ci.Lo == nil && f.ci.Hi == nil {
			continue // a v1 summary
		}
		if len(f.ci.Lo) != ny || len(f.ci.Hi) != ny {
			return nil, fmt.Errorf("summary: solvency: the interval of %s has %d and %d values for %d years", f.name, len(f.ci.Lo), len(f.ci.Hi), ny)
		}
		sol.key(f.name + "_lo")
		b = appendArray(b, f.ci.Lo)
		sol.key(f.name + "_hi")
		b = appendArray(b, f.ci.Hi)
	}
	for _, f := range []struct {
		name string
		v    YearPercentiles
	}{{"first_deficit_year", sv.FirstDeficitYear}, {"depletion_year", sv.DepletionYear}} {
		sol.key(f.name)
		b = append(b, `{"p05": `...)
		b = appendYear(b, f.v.P05)
		b = append(b, `, "p50": `...)
		b = appendYear(b, f.v.P50)
		b = append(b, `, "p95": `...)
		b = appendYear(b, f.v.P95)
		b = append(b, '}')
	}
	for _, f := range []struct {
		name string
		v    *YearIntervals
	}{{"first_deficit_year_ci", sv.FirstDeficitYearCI}, {"depletion_year_ci", sv.DepletionYearCI}} {
		if f.v == nil {
			continue
		}
		sol.key(f.name)
		for k, name := range [3]string{"p05", "p50", "p95"} {
			if k == 0 {
				b = append(b, '{')
			} else {
				b = append(b, ", "...)
			}
			b = append(b, `"`+name+`": [`...)
			b = appendYear(b, f.v.Lo[k])
			b = append(b, ", "...)
			b = appendYear(b, f.v.Hi[k])
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	sol.end()

	top.key("warnings")
	if len(s.Warnings) == 0 {
		b = append(b, "[]"...)
	} else {
		b = append(b, '[')
		for i, w := range s.Warnings {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n    "...)
			b = appendString(b, w)
		}
		b = append(b, "\n  ]"...)
	}

	top.key("perf")
	b = append(b, `{"member_years": `...)
	b = appendNullable(b, s.Perf.MemberYears)
	b = append(b, `, "seconds": `...)
	b = appendNullable(b, s.Perf.Seconds)
	b = append(b, `, "member_years_per_second": `...)
	b = appendNullable(b, s.Perf.MemberYearsPerSecond)
	b = append(b, '}')
	top.end()
	b = append(b, '\n')
	return b, nil
}

// object writes the keys of a JSON object one per line, indented.
type object struct {
	b      *[]byte
	indent string
	n      int
}

func beginObject(b *[]byte, indent string) *object {
	*b = append(*b, '{')
	return &object{b: b, indent: indent}
}

// key starts the next member; its value is appended after it.
func (o *object) key(k string) {
	if o.n > 0 {
		*o.b = append(*o.b, ',')
	}
	*o.b = append(*o.b, '\n')
	*o.b = append(*o.b, o.indent...)
	*o.b = append(*o.b, "  "...)
	*o.b = appendString(*o.b, k)
	*o.b = append(*o.b, ": "...)
	o.n++
}

func (o *object) end() {
	if o.n > 0 {
		*o.b = append(*o.b, '\n')
		*o.b = append(*o.b, o.indent...)
	}
	*o.b = append(*o.b, '}')
}

// appendString appends s as a JSON string (invalid UTF-8 becomes U+FFFD;
// <, > and & are left as they are).
func appendString(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// appendNullable appends v, or null when v is undefined.
func appendNullable(b []byte, v float64) []byte {
	if !defined(v) {
		return append(b, "null"...)
	}
	return appendNumber(b, v)
}

func appendArray(b []byte, v []float64) []byte {
	b = append(b, '[')
	for i, x := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendNullable(b, x)
	}
	return append(b, ']')
}

func appendYear(b []byte, y int) []byte {
	if y == 0 {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(y), 10)
}

// MaxSummarySize bounds the summary.json ReadSummary reads (64 MB: a
// horizon of 100 years of every metric takes under 1 MB).
const MaxSummarySize = 64 << 20

// ReadSummary reads a summary.json written by WriteRun. Nulls come back as
// NaN (numbers) and 0 (years); metrics keep the order of the file.
func ReadSummary(path string) (*Summary, error) {
	data, err := readRegular(path, MaxSummarySize)
	if err != nil {
		return nil, err
	}
	var s Summary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &s, nil
}

// nullFloat is a JSON number that may be null (NaN).
type nullFloat float64

func (f *nullFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = nullFloat(math.NaN())
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("invalid number %s", b)
	}
	*f = nullFloat(v)
	return nil
}

// nullFloats is a JSON array of numbers that may be null (NaN).
type nullFloats []float64

func (fs *nullFloats) UnmarshalJSON(b []byte) error {
	var ps []*float64
	if err := json.Unmarshal(b, &ps); err != nil {
		return err
	}
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = math.NaN()
		if p != nil {
			out[i] = *p
		}
	}
	*fs = out
	return nil
}

type yearPercentilesJSON struct {
	P05 *int `json:"p05"`
	P50 *int `json:"p50"`
	P95 *int `json:"p95"`
}

// yearIntervalsJSON is an event year's intervals: [lo, hi] per
// percentile, null beyond the horizon.
type yearIntervalsJSON struct {
	P05 [2]*int `json:"p05"`
	P50 [2]*int `json:"p50"`
	P95 [2]*int `json:"p95"`
}

func (y *yearIntervalsJSON) value() *YearIntervals {
	if y == nil {
		return nil
	}
	get := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	var iv YearIntervals
	for k, b := range [3][2]*int{y.P05, y.P50, y.P95} {
		iv.Lo[k], iv.Hi[k] = get(b[0]), get(b[1])
	}
	return &iv
}

func (y yearPercentilesJSON) value() YearPercentiles {
	get := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	return YearPercentiles{get(y.P05), get(y.P50), get(y.P95)}
}

type metricJSON struct {
	Unit model.Unit `json:"unit"`
	Mean nullFloats `json:"mean"`
	SD   nullFloats `json:"sd"`
	SE   nullFloats `json:"se"`
	P05  nullFloats `json:"p05"`
	P25  nullFloats `json:"p25"`
	P50  nullFloats `json:"p50"`
	P75  nullFloats `json:"p75"`
	P95  nullFloats `json:"p95"`
	// The intervals of a v2 summary.
	P05Lo nullFloats `json:"p05_lo"`
	P05Hi nullFloats `json:"p05_hi"`
	P25Lo nullFloats `json:"p25_lo"`
	P25Hi nullFloats `json:"p25_hi"`
	P50Lo nullFloats `json:"p50_lo"`
	P50Hi nullFloats `json:"p50_hi"`
	P75Lo nullFloats `json:"p75_lo"`
	P75Hi nullFloats `json:"p75_hi"`
	P95Lo nullFloats `json:"p95_lo"`
	P95Hi nullFloats `json:"p95_hi"`
}

// percentileNames are the keys of P05 … P95, in the order of
// MetricSummary.intervals.
var percentileNames = [5]string{"p05", "p25", "p50", "p75", "p95"}

type summaryJSON struct {
	Schema       string    `json:"schema"`
	Version      string    `json:"version"`
	Fingerprint  string    `json:"fingerprint"`
	Scenario     string    `json:"scenario"`
	Seed         uint64    `json:"seed"`
	Replications int       `json:"replications"`
	Members      int       `json:"members"`
	Population   nullFloat `json:"population"`
	Weight       nullFloat `json:"weight"`
	Design       string    `json:"design"`
	Blocks       int       `json:"blocks"`
	Precision    *struct {
		Met             bool   `json:"met"`
		MaxReplications int    `json:"max_replications"`
		Request         string `json:"request_fingerprint"`
		Targets         []struct {
			Target        string    `json:"target"`
			Estimate      nullFloat `json:"estimate"`
			Lo            nullFloat `json:"lo"`
			Hi            nullFloat `json:"hi"`
			HalfWidth     nullFloat `json:"half_width"`
			WantHalfWidth nullFloat `json:"want_half_width"`
			Independent   nullFloat `json:"independent_half_width"`
			Met           bool      `json:"met"`
		} `json:"targets"`
	} `json:"precision"`
	Years    []int           `json:"years"`
	Metrics  json.RawMessage `json:"metrics"`
	Solvency struct {
		PDeficit         nullFloats          `json:"p_deficit"`
		PDepleted        nullFloats          `json:"p_depleted"`
		PInsufficient    nullFloats          `json:"p_insufficient"`
		PBelowWarning    nullFloats          `json:"p_below_warning"`
		PExcess          nullFloats          `json:"p_excess"`
		PDeficitLo       nullFloats          `json:"p_deficit_lo"`
		PDeficitHi       nullFloats          `json:"p_deficit_hi"`
		PDepletedLo      nullFloats          `json:"p_depleted_lo"`
		PDepletedHi      nullFloats          `json:"p_depleted_hi"`
		PInsufficientLo  nullFloats          `json:"p_insufficient_lo"`
		PInsufficientHi  nullFloats          `json:"p_insufficient_hi"`
		PBelowWarningLo  nullFloats          `json:"p_below_warning_lo"`
		PBelowWarningHi  nullFloats          `json:"p_below_warning_hi"`
		PExcessLo        nullFloats          `json:"p_excess_lo"`
		PExcessHi        nullFloats          `json:"p_excess_hi"`
		FirstDeficitYear yearPercentilesJSON `json:"first_deficit_year"`
		DepletionYear    yearPercentilesJSON `json:"depletion_year"`
		FirstDeficitCI   *yearIntervalsJSON  `json:"first_deficit_year_ci"`
		DepletionCI      *yearIntervalsJSON  `json:"depletion_year_ci"`
	} `json:"solvency"`
	Warnings []string `json:"warnings"`
	Perf     struct {
		MemberYears          nullFloat `json:"member_years"`
		Seconds              nullFloat `json:"seconds"`
		MemberYearsPerSecond nullFloat `json:"member_years_per_second"`
	} `json:"perf"`
}

// UnmarshalJSON reads the summary.json format, checking the schema and that
// every per-year array has one value per year.
func (s *Summary) UnmarshalJSON(data []byte) error {
	var j summaryJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	if j.Schema != SummarySchema && j.Schema != summaryV1 {
		return fmt.Errorf("schema %q, want %q (or %q, without intervals)", j.Schema, SummarySchema, summaryV1)
	}
	metrics, err := readMetrics(j.Metrics)
	if err != nil {
		return err
	}
	out := Summary{
		Schema:       j.Schema,
		Version:      j.Version,
		Fingerprint:  j.Fingerprint,
		Scenario:     j.Scenario,
		Seed:         j.Seed,
		Replications: j.Replications,
		Members:      j.Members,
		Population:   float64(j.Population),
		Weight:       float64(j.Weight),
		Design:       j.Design,
		Blocks:       j.Blocks,
		Years:        j.Years,
		Metrics:      metrics,
		Solvency: Solvency{
			PDeficit:           j.Solvency.PDeficit,
			PDepleted:          j.Solvency.PDepleted,
			PInsufficient:      j.Solvency.PInsufficient,
			PBelowWarning:      j.Solvency.PBelowWarning,
			PExcess:            j.Solvency.PExcess,
			PDeficitCI:         bounds(j.Solvency.PDeficitLo, j.Solvency.PDeficitHi),
			PDepletedCI:        bounds(j.Solvency.PDepletedLo, j.Solvency.PDepletedHi),
			PInsufficientCI:    bounds(j.Solvency.PInsufficientLo, j.Solvency.PInsufficientHi),
			PBelowWarningCI:    bounds(j.Solvency.PBelowWarningLo, j.Solvency.PBelowWarningHi),
			PExcessCI:          bounds(j.Solvency.PExcessLo, j.Solvency.PExcessHi),
			FirstDeficitYear:   j.Solvency.FirstDeficitYear.value(),
			DepletionYear:      j.Solvency.DepletionYear.value(),
			FirstDeficitYearCI: j.Solvency.FirstDeficitCI.value(),
			DepletionYearCI:    j.Solvency.DepletionCI.value(),
		},
		Warnings: j.Warnings,
		Perf: Perf{
			MemberYears:          float64(j.Perf.MemberYears),
			Seconds:              float64(j.Perf.Seconds),
			MemberYearsPerSecond: float64(j.Perf.MemberYearsPerSecond),
		},
	}
	if out.Years == nil {
		out.Years = []int{}
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	if pr := j.Precision; pr != nil {
		out.Precision = &Precision{Met: pr.Met, MaxReplications: pr.MaxReplications, Request: pr.Request, Targets: []PrecisionTarget{}}
		for _, t := range pr.Targets {
			out.Precision.Targets = append(out.Precision.Targets, PrecisionTarget{Target: t.Target, Estimate: float64(t.Estimate),
				Lo: float64(t.Lo), Hi: float64(t.Hi), HalfWidth: float64(t.HalfWidth), WantHalfWidth: float64(t.WantHalfWidth),
				IndependentHalfWidth: float64(t.Independent), Met: t.Met})
		}
	}
	if _, err := model.ParseDesign(out.Design); out.Design != "" && err != nil {
		return err
	}
	if out.Blocks < 0 || out.Blocks > out.Replications {
		return fmt.Errorf("blocks %d outside 0…%d (the replications)", out.Blocks, out.Replications)
	}
	ny := len(out.Years)
	var errs []error
	check := func(what string, v []float64) {
		if len(v) != ny {
			errs = append(errs, fmt.Errorf("%s has %d values for %d years", what, len(v), ny))
		}
	}
	// An interval is present in a v2 summary, absent in a v1 one.
	checkCI := func(what string, b Bounds) {
		if j.Schema == summaryV1 {
			if b.Lo != nil || b.Hi != nil {
				errs = append(errs, fmt.Errorf("%s: an interval in a %s summary", what, summaryV1))
			}
			return
		}
		check(what+"_lo", b.Lo)
		check(what+"_hi", b.Hi)
	}
	for i := range out.Metrics {
		m := &out.Metrics[i]
		for _, f := range []struct {
			name string
			v    []float64
		}{{"mean", m.Mean}, {"sd", m.SD}, {"se", m.SE}, {"p05", m.P05}, {"p25", m.P25}, {"p50", m.P50}, {"p75", m.P75}, {"p95", m.P95}} {
			check("metrics."+m.Name+"."+f.name, f.v)
		}
		for k, ci := range m.intervals() {
			checkCI("metrics."+m.Name+"."+percentileNames[k], *ci)
		}
	}
	for _, f := range out.Solvency.shareIntervals() {
		checkCI("solvency."+f.name, *f.ci)
	}
	sv := &out.Solvency
	check("solvency.p_deficit", sv.PDeficit)
	check("solvency.p_depleted", sv.PDepleted)
	check("solvency.p_insufficient", sv.PInsufficient)
	check("solvency.p_below_warning", sv.PBelowWarning)
	check("solvency.p_excess", sv.PExcess)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	*s = out
	return nil
}

// readMetrics decodes the metrics object keeping the order of its keys.
func readMetrics(raw json.RawMessage) ([]MetricSummary, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return []MetricSummary{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("metrics: not an object")
	}
	out := []MetricSummary{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
		name, _ := t.(string)
		var m metricJSON
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("metrics.%s: %w", name, err)
		}
		out = append(out, MetricSummary{
			Name: name, Unit: m.Unit,
			Mean: m.Mean, SD: m.SD, SE: m.SE,
			P05: m.P05, P25: m.P25, P50: m.P50, P75: m.P75, P95: m.P95,
			P05CI: bounds(m.P05Lo, m.P05Hi), P25CI: bounds(m.P25Lo, m.P25Hi), P50CI: bounds(m.P50Lo, m.P50Hi),
			P75CI: bounds(m.P75Lo, m.P75Hi), P95CI: bounds(m.P95Lo, m.P95Hi),
		})
	}
	return out, nil
}

// bounds makes the Bounds of an interval read from JSON.
func bounds(lo, hi nullFloats) Bounds { return Bounds{Lo: lo, Hi: hi} }
