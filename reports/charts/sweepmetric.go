package charts

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SweepMetrics are the figures the sweep's decision chart can show
// (Options.Metric), the first the default: months of payment at the horizon,
// P5; the probabilities at the horizon of months of payment below the
// warning line and below the insufficient line; the probability of depletion
// by the horizon.
var SweepMetrics = []string{"pool_months_p05", "p_below_warning", "p_insufficient", "p_depleted"}

// class is one fixed colour class of a sweep metric.
type class struct {
	label      string
	lo, hi     float64 // the class holds lo ≤ v < hi
	fill, text color.Color
}

// sweepMetric is the figure of the decision chart: its title, its classes in
// the fixed colours of the official bands, and its frontier.
type sweepMetric struct {
	name          string
	title         string
	classes       []class
	frontier      float64 // the figure's value on the target frontier
	frontierLabel string
	threshold     string // the frontier's value, written
	percent       bool   // a probability, written as a percentage
	notes         []string
}

// The fixed colours of the bands of months of payment, those of the run
// workbook's traffic light (reports/workbook): insufficient, warning,
// reasonable, more than reasonable, excess; and of a probability that meets
// or misses its threshold.
var (
	fillInsufficient = color.NRGBA{R: 0xC0, A: 255}
	fillWarning      = color.NRGBA{R: 0xFF, G: 0xC0, A: 255}
	fillReasonable   = color.NRGBA{G: 0xB0, B: 0x50, A: 255}
	fillMore         = color.NRGBA{R: 0xC6, G: 0xE0, B: 0xB4, A: 255}
	fillExcess       = color.NRGBA{R: 0xFF, G: 0xE6, B: 0x99, A: 255}
	fillNone         = color.Gray{Y: 200}
)

// newSweepMetric returns the metric name (empty: the first of
// SweepMetrics, or p_depleted without bands) with the bands b and the
// sweep's target, whose value is the threshold of a probability of the same
// indicator (5% otherwise).
func newSweepMetric(name string, b *bands, target string) (*sweepMetric, error) {
	switch {
	case name == "" && b == nil:
		name = "p_depleted"
	case name == "":
		name = SweepMetrics[0]
	}
	pct := func(v float64) string { return strconv.FormatFloat(100*v, 'f', -1, 64) + "%" }
	switch name {
	case "pool_months_p05":
		if b == nil {
			return nil, fmt.Errorf("sweep chart of %s: no fund.bands in scenario.yaml", name)
		}
		r := func(lo, hi float64) string { return fmt.Sprintf(" (%s–%s)", formatValue(lo), formatValue(hi)) }
		inf := math.Inf(1)
		return &sweepMetric{
			name:  name,
			title: "Months of payment at the horizon, P5",
			classes: []class{
				{"Excess (> " + formatValue(b.Excess) + ")", b.Excess, inf, fillExcess, color.Black},
				{"More than reasonable" + r(b.ReasonableMax, b.Excess), b.ReasonableMax, b.Excess, fillMore, color.Black},
				{"Reasonable" + r(b.Warning, b.ReasonableMax), b.Warning, b.ReasonableMax, fillReasonable, color.White},
				{"Warning" + r(b.Insufficient, b.Warning), b.Insufficient, b.Warning, fillWarning, color.Black},
				{"Insufficient (< " + formatValue(b.Insufficient) + ")", -inf, b.Insufficient, fillInsufficient, color.White},
			},
			frontier:      b.Warning,
			frontierLabel: "Frontier: P5 = " + formatValue(b.Warning) + " months",
			threshold:     formatValue(b.Warning),
			notes:         []string{"P5: 95% of replications above"},
		}, nil
	case "p_below_warning", "p_insufficient", "p_depleted":
		thr := 0.05
		if ind, rest, ok := strings.Cut(target, "@"); ok && ind == name {
			if _, v, ok := strings.Cut(rest, "<="); ok {
				if x, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && x > 0 && x < 1 {
					thr = x
				}
			}
		}
		titles := map[string]string{
			"p_below_warning": "Probability of months of payment below the warning line",
			"p_insufficient":  "Probability of months of payment in the insufficient band",
			"p_depleted":      "Depletion probability by the horizon",
		}
		return &sweepMetric{
			name:  name,
			title: titles[name],
			classes: []class{
				{"> " + pct(thr), thr + 1e-12, math.Inf(1), fillInsufficient, color.White},
				{"≤ " + pct(thr), math.Inf(-1), thr + 1e-12, fillReasonable, color.White},
			},
			frontier:      thr,
			frontierLabel: "Frontier: " + pct(thr),
			threshold:     pct(thr),
			percent:       true,
		}, nil
	}
	return nil, fmt.Errorf("sweep chart: metric %q: want one of %s", name, strings.Join(SweepMetrics, ", "))
}

// translate puts the labels of m into the language of st.
func (m *sweepMetric) translate(st *style) {
	m.title = st.t(m.title)
	for i := range m.classes {
		c := &m.classes[i]
		if name, rng, ok := strings.Cut(c.label, " ("); ok {
			c.label = st.t(name) + "（" + strings.TrimSuffix(rng, ")") + "）"
			if st.lang != "zh" {
				c.label = name + " (" + rng
			}
		}
	}
	if rest, ok := strings.CutPrefix(m.frontierLabel, "Frontier: "); ok {
		rest = strings.Replace(rest, " months", " "+st.t("months"), 1)
		m.frontierLabel = st.t("Frontier: ") + rest
	}
	for i, n := range m.notes {
		m.notes[i] = st.t(n)
	}
}

// meets reports whether figure v is on the target side of the frontier:
// months of payment at least the frontier, a probability at most it.
func (m *sweepMetric) meets(v float64) bool {
	if m.percent {
		return v <= m.frontier+1e-12
	}
	return v >= m.frontier
}

// class returns the class of figure v (grey: undefined).
func (m *sweepMetric) class(v float64) class {
	if !defined(v) {
		return class{fill: fillNone, text: color.Black}
	}
	for _, c := range m.classes {
		if c.lo <= v && v < c.hi {
			return c
		}
	}
	return class{fill: fillNone, text: color.Black}
}

// format writes figure v in a cell.
func (m *sweepMetric) format(v float64) string {
	if m.percent {
		return strconv.FormatFloat(100*v, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// read sets the figure of every point: from sweep.csv for months of
// payment and depletion, from each point's solvency.csv (points/NNNN/, the
// horizon's row) for the shares of months below a band.
func (m *sweepMetric) read(dir string, pts []sweepPoint) error {
	for i := range pts {
		p := &pts[i]
		switch m.name {
		case "pool_months_p05":
			p.value = p.monthsP05
		case "p_depleted":
			p.value = p.pDepleted
		default:
			v, err := horizonShare(filepath.Join(dir, "points", fmt.Sprintf("%04d", p.point), "solvency.csv"), m.name)
			if err != nil {
				return err
			}
			p.value = v
		}
	}
	return nil
}

// horizonShare returns the share indicator of solvency.csv at its last
// year.
func horizonShare(path, indicator string) (float64, error) {
	t, err := readTable(path, "year", "indicator", "value")
	if err != nil {
		return 0, err
	}
	year, v := 0, math.NaN()
	for i := range t.rows {
		if t.str(i, "indicator") != indicator || t.str(i, "year") == "" {
			continue
		}
		y, err := t.year(i, "year")
		if err != nil {
			return 0, err
		}
		if y >= year {
			if v, err = t.num(i, "value"); err != nil {
				return 0, err
			}
			year = y
		}
	}
	if year == 0 {
		return 0, fmt.Errorf("%s: no rows for %s", path, indicator)
	}
	return v, nil
}

// readBase reads the resolved base scenario of a sweep, for the current
// policy; nil when it cannot be read.
func readBase(path string) *yaml.Node {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// keyValue returns the value of a varied key path in the resolved scenario
// root, as a sweep replaces it: a segment the mapping lacks is looked for
// under its latest dated entry (outpatient.ratio.primary in
// outpatient.ratio: {2022: {primary: 0.7}}), and a leaf that is itself a
// dated mapping gives its latest value.
func keyValue(root *yaml.Node, path string) (float64, bool) {
	n := root
	for _, seg := range strings.Split(path, ".") {
		next := child(n, seg)
		if next == nil {
			if next = child(latestYear(n), seg); next == nil {
				return 0, false
			}
		}
		n = next
	}
	if n != nil && n.Kind == yaml.MappingNode {
		n = latestYear(n)
	}
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.Value, 64)
	return v, err == nil && defined(v)
}

// child returns the value of key in mapping n, nil if none.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// latestYear returns the value of the latest year key of mapping n, nil
// when n has no year keys.
func latestYear(n *yaml.Node) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	best, year := (*yaml.Node)(nil), math.MinInt
	for i := 0; i+1 < len(n.Content); i += 2 {
		if y, err := strconv.Atoi(n.Content[i].Value); err == nil && y > year {
			best, year = n.Content[i+1], y
		}
	}
	return best
}
