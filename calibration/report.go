package calibration

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"simulate/scenarios"
)

// Provenance says where a fit came from, for the files that record it.
type Provenance struct {
	// Parent is the extends: value of the calibrated scenario (a built-in
	// name, or the scenario file relative to the calibrated file) and
	// ParentName the scenario's name.
	Parent, ParentName string
	// Targets names the targets file as the comments cite it.
	Targets string
	// Sources are the parent's source comments by key path
	// (scenarios.Resolved.Sources).
	Sources map[string]string
	Seed    uint64
	// Replications and Members of every evaluation.
	Replications, Members int
}

// Name returns the calibrated scenario's name: the parent's with
// "-calibrated", within the 64 characters a name may have.
func (p Provenance) Name() string {
	n := p.ParentName
	if len(n) > 64-len("-calibrated") {
		n = n[:64-len("-calibrated")]
	}
	return n + "-calibrated"
}

// ScenarioYAML returns the calibrated scenario as a file that extends: its
// parent and sets the fitted values only, each with a comment "fitted by
// simulate calibrate from FILE rows …" giving its factor on the parent's
// value with the standard error, the rows that identify it, their sources
// and the parent's value with its source. Parameters held are named in the
// header. Loaded, it resolves to f.Scenario under the calibrated name.
func (f *Fit) ScenarioYAML(p Provenance) ([]byte, error) {
	var b bytes.Buffer
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# %s: %s calibrated by `simulate calibrate` to the figures in %s\n", p.Name(), p.ParentName, p.Targets)
	w("# (seed %d, %d replications x %d members per evaluation, %d evaluations). The values below\n", p.Seed, p.Replications, p.Members, f.Evaluations)
	w("# replace the parent's; every other value is the parent's (extends:). Each comment gives the\n")
	w("# factor on the parent's value with its standard error (the Monte Carlo error of the fit,\n")
	w("# delta method), the target rows that identify it and their sources, and the parent's value.\n")
	w("# The calibration report beside this file compares every target with the fitted scenario.\n")
	for _, q := range f.Params {
		if q.Held {
			w("# Not fitted: %s, %s.\n", q.Name, q.Note)
		}
	}
	w("name: %s\n", p.Name())
	w("description: %s\n", strconv.Quote(fmt.Sprintf("%s calibrated to %s by simulate calibrate", p.ParentName, p.Targets)))
	w("extends: %s\n", strconv.Quote(p.Parent))
	type entry struct{ key, line string }
	sections := map[string][]entry{}
	var order []string
	for _, q := range f.Params {
		if q.Held {
			continue
		}
		for _, key := range q.Keys {
			section, rest, ok := strings.Cut(key, ".")
			if !ok || strings.Contains(rest, ".") {
				return nil, fmt.Errorf("calibration: key %s is not a section's value", key)
			}
			v, err := scenarios.Flow(f.Scenario, key)
			if err != nil {
				return nil, err
			}
			comment := fmt.Sprintf("fitted by simulate calibrate from %s: x%.4f ± %.4f on the parent's value", where(q.Rows), q.Factor, q.SE)
			if src := sourcesOf(q.Rows); src != "" {
				comment += "; sources: " + src
			}
			if ps := p.Sources[key]; ps != "" {
				comment += "; parent: " + ps
			}
			comment = strings.NewReplacer("\n", " ", "\r", " ").Replace(comment)
			if _, seen := sections[section]; !seen {
				order = append(order, section)
			}
			sections[section] = append(sections[section], entry{rest, rest + ": " + v + "   # " + comment})
		}
	}
	for _, s := range order {
		w("%s:\n", s)
		for _, e := range sections[s] {
			w("  %s\n", e.line)
		}
	}
	return b.Bytes(), nil
}

// sourcesOf lists the distinct sources of rows, "; "-joined.
func sourcesOf(rows []LocalTarget) string {
	var out []string
	for _, r := range rows {
		if s := strings.TrimSpace(r.Source); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, "; ")
}

// ParamsTable formats the parameters as a Markdown table: each with its
// factor and se and, for a key holding one number, the input's value and
// the fitted one with its se.
func (f *Fit) ParamsTable() string {
	var b strings.Builder
	b.WriteString("| parameter | keys | factor | se | value: input → fitted ± se | identified by |\n| --- | --- | ---: | ---: | --- | --- |\n")
	for _, q := range f.Params {
		if q.Held {
			fmt.Fprintf(&b, "| %s | %s | 1 (held) | | | %s |\n", q.Name, strings.Join(q.Keys, ", "), q.Note)
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %.4f | %.4f | %s | %s |\n", q.Name, strings.Join(q.Keys, ", "), q.Factor, q.SE, f.valueChange(q), where(q.Rows))
	}
	return b.String()
}

// valueChange returns "INPUT → FITTED ± SE" for a parameter whose key holds
// one number, "" for tables and costs (the factor says it).
func (f *Fit) valueChange(q Param) string {
	if len(q.Keys) != 1 || f.Input == nil {
		return ""
	}
	from, err1 := scenarios.Flow(f.Input, q.Keys[0])
	to, err2 := scenarios.Flow(f.Scenario, q.Keys[0])
	x0, err3 := strconv.ParseFloat(from, 64)
	x, err4 := strconv.ParseFloat(to, 64)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil {
		return ""
	}
	return fmt.Sprintf("%s → %s ± %s", plain(x0, 6), plain(x, 6), plain(x*q.SE/q.Factor, 3))
}

// plain writes x to digits significant digits without an exponent.
func plain(x float64, digits int) string {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(roundDigits(x, digits), 'f', -1, 64)
}

// TargetsTable formats the targets against the fitted scenario as a
// Markdown table.
func (f *Fit) TargetsTable() string {
	var b strings.Builder
	b.WriteString("| line | year | item | simulated as | unit | target | simulated | se | error | within 3% |\n")
	b.WriteString("| ---: | --- | --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n")
	for _, r := range f.Rows {
		pass := "yes"
		if !r.Pass() {
			pass = "**no**"
		}
		fmt.Fprintf(&b, "| %d | %d | %s | %s | %s | %s | %s | %s | %+.2f%% | %s |\n",
			r.Line, r.Year, r.Item, r.Metric, r.Unit, num(r.Target), num(r.Simulated), num(r.SE), 100*r.RelError, pass)
	}
	return b.String()
}

// Report returns the calibration report in Markdown: how the fit was made,
// its parameters with their standard errors, every target against the
// fitted scenario and the notes.
func (f *Fit) Report(p Provenance, scenarioFile string) string {
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# Calibration of %s to %s\n\n", p.ParentName, p.Targets)
	w("Written by `simulate calibrate`. The calibrated scenario is %s (`extends: %s`).\n\n", scenarioFile, p.Parent)
	w("Every evaluation ran seed %d, %d replications × %d members (common random numbers); ", p.Seed, p.Replications, p.Members)
	w("%d Gauss–Newton steps, %d evaluations. Each factor multiplies the scenario's values of its keys ", f.Iterations, f.Evaluations)
	w("(every band of a table, the mean of every level of a cost); its se is the Monte Carlo error of the fit by the ")
	w("delta method (the Jacobian at the fit and the covariance of the simulated targets over replications), not the ")
	w("error of the figures themselves. The fit minimises the sum of squared relative errors of the targets.\n\n")
	w("## Parameters\n\n%s\n", f.ParamsTable())
	pass := 0
	for _, r := range f.Rows {
		if r.Pass() {
			pass++
		}
	}
	w("## Targets against the calibrated scenario\n\n%d of %d targets within 3%%. Units as in the targets file; se is the Monte Carlo standard error of the simulated mean.\n\n%s", pass, len(f.Rows), f.TargetsTable())
	if len(f.Notes)+len(f.Warnings) > 0 {
		w("\n## Notes\n\n")
		for _, n := range f.Notes {
			w("- %s\n", n)
		}
		for _, n := range f.Warnings {
			w("- run warning: %s\n", n)
		}
	}
	return b.String()
}

// CSV returns the fit as a tidy table: one line per parameter (kind
// parameter: name, factor, se) and per target (kind target: line, year,
// item, unit, target, simulated, se, relative error).
func (f *Fit) CSV() []byte {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write([]string{"kind", "name", "line", "year", "unit", "target", "value", "se", "error"})
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, q := range f.Params {
		held := ""
		if q.Held {
			held = "held"
		}
		cw.Write([]string{"parameter", q.Name, "", "", "factor", held, g(q.Factor), g(q.SE), ""})
	}
	for _, r := range f.Rows {
		cw.Write([]string{"target", r.Item, strconv.Itoa(r.Line), strconv.Itoa(r.Year), r.Unit, g(r.Target), g(r.Simulated), g(r.SE), g(r.RelError)})
	}
	cw.Flush()
	return b.Bytes()
}

// Text is the command's results table: each parameter with its factor and
// se, then the largest relative error of the targets.
func (f *Fit) Text() string {
	var b strings.Builder
	for _, q := range f.Params {
		if q.Held {
			fmt.Fprintf(&b, "  %-17s held (%s)\n", q.Name, firstClause(q.Note))
			continue
		}
		fmt.Fprintf(&b, "  %-17s x%.4f ± %.4f   %s\n", q.Name, q.Factor, q.SE, q.What)
	}
	worst, at := 0.0, -1
	for i, r := range f.Rows {
		if math.Abs(r.RelError) > math.Abs(worst) {
			worst, at = r.RelError, i
		}
	}
	if at >= 0 {
		r := f.Rows[at]
		fmt.Fprintf(&b, "  largest target error %+.2f%% (%s %d, line %d)\n", 100*worst, r.Item, r.Year, r.Line)
	}
	return b.String()
}

func firstClause(s string) string {
	if i := strings.IndexAny(s, ":;"); i > 0 {
		return s[:i]
	}
	return s
}
