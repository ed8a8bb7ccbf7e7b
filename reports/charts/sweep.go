package charts

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"

	"go.yaml.in/yaml/v3"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"simulate/reports"
)

// sweepPoint is one row of sweep.csv.
type sweepPoint struct {
	point                int       // the point's number (its folder points/NNNN/)
	keys                 []float64 // the varied values, in column order
	pDepleted            float64
	monthsP05, monthsP50 float64
	value                float64 // the figure of the chart's metric (sweepMetric)
	undecided            bool    // the verdict against the sweep's target is undecided
}

// sweepTarget returns the target of sweep.csv's verdicts ("" in a file of an
// earlier version, which has none).
func sweepTarget(t *table) string {
	c, ok := t.col["target"]
	if !ok || len(t.rows) == 0 || c >= len(t.rows[0]) {
		return ""
	}
	return t.rows[0][c]
}

// readSweep reads sweep.csv (docs/model.md section 7): the varied keys are the
// columns between point and p_depleted_by_horizon.
func readSweep(path string) (keys []string, pts []sweepPoint, target string, err error) {
	t, err := readTable(path, "point", "p_depleted_by_horizon", "pool_months_p05", "pool_months_p50")
	if err != nil {
		return nil, nil, "", err
	}
	target = sweepTarget(t)
	verdict, hasVerdict := t.col["verdict"]
	first, last := t.col["point"], t.col["p_depleted_by_horizon"]
	if last <= first+1 {
		return nil, nil, "", fmt.Errorf("%s:1: no varied keys between point and p_depleted_by_horizon", path)
	}
	keys = t.header[first+1 : last]
	for i := range t.rows {
		var p sweepPoint
		if n, err := t.num(i, "point"); err == nil && defined(n) {
			p.point = int(n)
		}
		for _, k := range keys {
			v, err := t.num(i, k)
			if err != nil {
				return nil, nil, "", err
			}
			p.keys = append(p.keys, v)
		}
		if p.pDepleted, err = t.num(i, "p_depleted_by_horizon"); err != nil {
			return nil, nil, "", err
		}
		if p.monthsP05, err = t.num(i, "pool_months_p05"); err != nil {
			return nil, nil, "", err
		}
		if p.monthsP50, err = t.num(i, "pool_months_p50"); err != nil {
			return nil, nil, "", err
		}
		p.undecided = hasVerdict && verdict < len(t.rows[i]) && t.rows[i][verdict] == "undecided"
		pts = append(pts, p)
	}
	if len(pts) == 0 {
		return nil, nil, "", fmt.Errorf("%s: no points", path)
	}
	return keys, pts, target, nil
}

// grid is a sweep over two keys: the figure of each cell, NaN where no
// point falls, as a plotter.GridXYZ for the contour of the frontier.
type grid struct {
	xs, ys []float64
	z      [][]float64 // z[c][r]
}

func (g *grid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *grid) Z(c, r int) float64 { return g.z[c][r] }
func (g *grid) X(c int) float64    { return g.xs[c] }
func (g *grid) Y(r int) float64    { return g.ys[r] }

// uniq returns the sorted distinct values of xs.
func uniq(xs []float64) []float64 {
	u := slices.Clone(xs)
	slices.Sort(u)
	return slices.Compact(u)
}

// cells draws each cell of a grid in the fixed colour of its class, with
// its figure written in it.
type cells struct {
	g     *grid
	m     *sweepMetric
	st    *style
	label bool
}

func (l cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ts := l.st.text(13)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
	xe, ye := cellEdges(l.g.xs), cellEdges(l.g.ys)
	for ci, x := range l.g.xs {
		for ri, y := range l.g.ys {
			v := l.g.z[ci][ri]
			cl := l.m.class(v)
			x0, x1, y0, y1 := trX(xe[ci]), trX(xe[ci+1]), trY(ye[ri]), trY(ye[ri+1])
			c.FillPolygon(cl.fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			c.StrokeLines(draw.LineStyle{Color: color.White, Width: vg.Points(1.5)}, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}})
			if !l.label || !defined(v) {
				continue
			}
			ts.Color = cl.text
			c.FillText(ts, vg.Point{X: trX(x), Y: trY(y)}, l.m.format(v))
		}
	}
}

// frontier draws the edges between neighbouring cells of which one meets
// the metric's threshold and the other does not.
type frontier struct {
	g *grid
	m *sweepMetric
	draw.LineStyle
}

// edges calls fn with each frontier edge in data coordinates.
func (f frontier) edges(fn func(x0, y0, x1, y1 float64)) {
	g := f.g
	xe, ye := cellEdges(g.xs), cellEdges(g.ys)
	side := func(c, r int) int {
		v := g.z[c][r]
		switch {
		case !defined(v):
			return 0
		case f.m.meets(v):
			return 1
		}
		return -1
	}
	for c := range g.xs {
		for r := range g.ys {
			a := side(c, r)
			if a == 0 {
				continue
			}
			if c+1 < len(g.xs) {
				if b := side(c+1, r); b != 0 && a != b {
					fn(xe[c+1], ye[r], xe[c+1], ye[r+1])
				}
			}
			if r+1 < len(g.ys) {
				if b := side(c, r+1); b != 0 && a != b {
					fn(xe[c], ye[r+1], xe[c+1], ye[r+1])
				}
			}
		}
	}
}

// crosses reports whether the frontier has an edge.
func (f frontier) crosses() bool {
	n := 0
	f.edges(func(_, _, _, _ float64) { n++ })
	return n > 0
}

func (f frontier) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	f.edges(func(x0, y0, x1, y1 float64) {
		c.StrokeLine2(f.LineStyle, trX(x0), trY(y0), trX(x1), trY(y1))
	})
}

// cellEdges returns the edges of cells centred on the sorted values us,
// half-way between neighbours.
func cellEdges(us []float64) []float64 {
	n := len(us)
	e := make([]float64, n+1)
	for i := 1; i < n; i++ {
		e[i] = (us[i-1] + us[i]) / 2
	}
	e[0] = us[0] - (e[1] - us[0])
	e[n] = us[n-1] + (us[n-1] - e[n-1])
	return e
}

// dots draws points in the colour of their class, for a sweep that is not
// a grid (Latin hypercube samples).
type dots struct {
	xs, ys, zs []float64
	m          *sweepMetric
}

func (d dots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range d.xs {
		pt := vg.Point{X: trX(d.xs[i]), Y: trY(d.ys[i])}
		c.DrawGlyph(draw.GlyphStyle{Color: d.m.class(d.zs[i]).fill, Radius: vg.Points(7), Shape: draw.CircleGlyph{}}, pt)
		c.DrawGlyph(draw.GlyphStyle{Color: color.Gray{Y: 60}, Radius: vg.Points(7), Shape: draw.RingGlyph{}}, pt)
	}
}

func (d dots) DataRange() (xmin, xmax, ymin, ymax float64) {
	return slices.Min(d.xs), slices.Max(d.xs), slices.Min(d.ys), slices.Max(d.ys)
}

// sweepChart draws sweep.csv (kind sweep): for two or more varied keys the
// decision chart over the first two, the figure of st.metric in each cell in
// the fixed colour of its band, the target frontier, the current policy
// (the base scenario's values, from base) and the undecided points; for one
// key, months of payment at the horizon (P5 and median) over the bands and
// the depletion probability along it.
func sweepChart(path string, sum *reports.Summary, b *bands, base *yaml.Node, st *style) (*chart, []string, error) {
	keys, pts, target, err := readSweep(path)
	if err != nil {
		return nil, nil, err
	}
	capt := ""
	if sum != nil {
		capt = st.caption(sum.Scenario, sum.Seed, sum.Replications, sum.Weight)
	}
	var warnings []string
	if len(keys) > 2 {
		warnings = append(warnings, fmt.Sprintf("%s: %d varied keys; the sweep chart shows %s and %s, averaging over the others", path, len(keys), keys[0], keys[1]))
	}
	if len(keys) >= 2 {
		xs := make([]float64, len(pts))
		ys := make([]float64, len(pts))
		for i, p := range pts {
			xs[i], ys[i] = p.keys[0], p.keys[1]
		}
		ux, uy := uniq(xs), uniq(ys)
		if len(ux) >= 2 && len(uy) >= 2 {
			m, err := newSweepMetric(st.metric, b, target)
			if err != nil {
				return nil, warnings, err
			}
			m.translate(st)
			if err := m.read(filepath.Dir(path), pts); err != nil {
				return nil, warnings, err
			}
			ch := sweepGrid(keys, pts, ux, uy, m, st)
			ch.caption = capt
			markPolicy(ch, keys, ux, uy, base, st)
			markUndecided(ch, pts, target, st)
			return ch, warnings, nil
		}
		// One of the two keys takes a single value: a line along the other.
		if len(ux) < 2 {
			keys, pts = keys[1:], shiftKeys(pts)
		}
	}
	ch := sweepLine(keys[0], pts, b, st)
	ch.caption = capt
	markUndecided(ch, pts, target, st)
	return ch, warnings, nil
}

// markPolicy marks the current policy, the base scenario's values of the
// two keys, on the grid of ch: a heavy frame round its cell when it is a
// point of the grid, else a cross, the axes widened to show it.
func markPolicy(ch *chart, keys []string, ux, uy []float64, base *yaml.Node, st *style) {
	x, okx := keyValue(base, keys[0])
	y, oky := keyValue(base, keys[1])
	if !okx || !oky {
		return
	}
	p := ch.panels[0]
	label := fmt.Sprintf("%s (%s, %s)", st.t("Current policy"), formatValue(x), formatValue(y))
	ci, onX := slices.BinarySearch(ux, x)
	ri, onY := slices.BinarySearch(uy, y)
	if onX && onY {
		xe, ye := cellEdges(ux), cellEdges(uy)
		p.Add(frame{xe[ci], ye[ri], xe[ci+1], ye[ri+1], policyLine})
		ch.legend = append(ch.legend, legendEntry{label, []plot.Thumbnailer{frameThumb{policyLine}}})
		return
	}
	cross := draw.GlyphStyle{Color: color.Black, Radius: vg.Points(9), Shape: draw.CrossGlyph{}}
	p.Add(glyphs{xs: []float64{x}, ys: []float64{y}, style: cross, single: true})
	p.X.Min, p.X.Max = math.Min(p.X.Min, x), math.Max(p.X.Max, x)
	p.Y.Min, p.Y.Max = math.Min(p.Y.Min, y), math.Max(p.Y.Max, y)
	ch.legend = append(ch.legend, legendEntry{label, []plot.Thumbnailer{glyphThumb{cross}}})
}

// policyLine frames the cell of the current policy.
var policyLine = draw.LineStyle{Color: color.Black, Width: vg.Points(4.5)}

// frame is a rectangle outline in data coordinates.
type frame struct {
	X0, Y0, X1, Y1 float64
	draw.LineStyle
}

func (f frame) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	in := f.Width / 2
	x0, x1, y0, y1 := trX(f.X0)+in, trX(f.X1)-in, trY(f.Y0)+in, trY(f.Y1)-in
	c.StrokeLines(f.LineStyle, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0 - in}})
}

// frameThumb is a legend thumbnail of a frame.
type frameThumb struct{ draw.LineStyle }

func (t frameThumb) Thumbnail(c *draw.Canvas) {
	ls := t.LineStyle
	ls.Width = vg.Points(3)
	in := ls.Width / 2
	c.StrokeLines(ls, []vg.Point{{X: c.Min.X + in, Y: c.Min.Y + in}, {X: c.Max.X - in, Y: c.Min.Y + in}, {X: c.Max.X - in, Y: c.Max.Y - in}, {X: c.Min.X + in, Y: c.Max.Y - in}, {X: c.Min.X + in, Y: c.Min.Y}})
}

// markUndecided rings the points whose verdict against the sweep's target
// is undecided at their precision, in the first panel, and says so.
func markUndecided(ch *chart, pts []sweepPoint, target string, st *style) {
	var xs, ys []float64
	grid := len(ch.panels) == 1
	for _, p := range pts {
		if !p.undecided {
			continue
		}
		if grid {
			xs, ys = append(xs, p.keys[0]), append(ys, p.keys[1])
		} else {
			xs, ys = append(xs, p.keys[0]), append(ys, p.monthsP05)
		}
	}
	if len(xs) == 0 {
		if target != "" {
			ch.notes = append(ch.notes, st.t("Every point decided at 95% against"), target)
		}
		return
	}
	// A white ring round a dark one: visible on every band colour.
	r := vg.Points(11)
	if grid {
		r = vg.Points(20) // round the figure written in the cell
	}
	ring := draw.GlyphStyle{Color: colUndecided, Radius: r, Shape: draw.RingGlyph{}}
	halo := draw.GlyphStyle{Color: color.White, Radius: r + vg.Points(3), Shape: draw.RingGlyph{}}
	ch.panels[0].Add(glyphs{xs: xs, ys: ys, style: halo, single: true}, glyphs{xs: xs, ys: ys, style: ring})
	ch.legend = append(ch.legend, legendEntry{st.t("Undecided"), []plot.Thumbnailer{glyphThumb{ring}}})
	ch.notes = append(ch.notes, st.t("Ringed: undecided at 95% against"), target)
}

// glyphs draws a glyph at each point: a double ring, or with single the
// glyph once.
type glyphs struct {
	xs, ys []float64
	style  draw.GlyphStyle
	single bool
}

func (g glyphs) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range g.xs {
		if !defined(g.ys[i]) {
			continue
		}
		pt := vg.Point{X: trX(g.xs[i]), Y: trY(g.ys[i])}
		c.DrawGlyph(g.style, pt)
		if g.single {
			continue
		}
		thin := g.style
		thin.Radius -= vg.Points(2.5)
		c.DrawGlyph(thin, pt)
	}
}

// glyphThumb is a legend thumbnail of a glyph.
type glyphThumb struct{ style draw.GlyphStyle }

func (g glyphThumb) Thumbnail(c *draw.Canvas) {
	s := g.style
	s.Radius = vg.Points(6)
	c.DrawGlyph(s, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2})
}

// shiftKeys drops the first varied key of every point.
func shiftKeys(pts []sweepPoint) []sweepPoint {
	out := slices.Clone(pts)
	for i := range out {
		out[i].keys = out[i].keys[1:]
	}
	return out
}

func sweepGrid(keys []string, pts []sweepPoint, ux, uy []float64, m *sweepMetric, st *style) *chart {
	g := &grid{xs: ux, ys: uy, z: make([][]float64, len(ux))}
	sums := make([][]float64, len(ux))
	counts := make([][]int, len(ux))
	for c := range ux {
		g.z[c] = make([]float64, len(uy))
		sums[c] = make([]float64, len(uy))
		counts[c] = make([]int, len(uy))
	}
	for _, p := range pts {
		if !defined(p.value) {
			continue
		}
		c, _ := slices.BinarySearch(ux, p.keys[0])
		r, _ := slices.BinarySearch(uy, p.keys[1])
		sums[c][r] += p.value
		counts[c][r]++
	}
	filled := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	for c := range ux {
		for r := range uy {
			g.z[c][r] = math.NaN()
			if counts[c][r] > 0 {
				g.z[c][r] = sums[c][r] / float64(counts[c][r])
				lo, hi = math.Min(lo, g.z[c][r]), math.Max(hi, g.z[c][r])
				filled++
			}
		}
	}
	p := st.newPlot()
	p.X.Label.Text = st.keyTitle(keys[0])
	p.Y.Label.Text = st.keyTitle(keys[1])
	ch := &chart{title: st.t(m.title), panels: []*plot.Plot{p}}
	for _, cl := range m.classes {
		ch.legend = append(ch.legend, legendEntry{cl.label, []plot.Thumbnailer{bandThumb{cl.fill}}})
	}
	if filled*2 >= len(ux)*len(uy) {
		p.Add(cells{g: g, m: m, st: st, label: len(ux)*len(uy) <= 400})
		// The frontier runs along the cell edges between points that meet
		// the threshold and points that do not: a staircase, as the cells
		// are the points.
		fr := frontier{g: g, m: m, LineStyle: lineStyle(colContour, vg.Points(4), true)}
		if fr.crosses() {
			p.Add(fr)
			ch.legend = append(ch.legend, legendEntry{m.frontierLabel, []plot.Thumbnailer{lineThumb{fr.LineStyle}}})
		} else {
			ch.notes = append(ch.notes, st.t("No frontier: the grid does not cross")+" "+m.threshold)
		}
		e := cellEdges(ux)
		p.X.Min, p.X.Max = e[0], e[len(e)-1]
		e = cellEdges(uy)
		p.Y.Min, p.Y.Max = e[0], e[len(e)-1]
		if filled < len(ux)*len(uy) {
			ch.notes = append(ch.notes, st.t("Grey: no point"))
		}
	} else {
		xs := make([]float64, len(pts))
		ys := make([]float64, len(pts))
		zs := make([]float64, len(pts))
		for i, pt := range pts {
			xs[i], ys[i], zs[i] = pt.keys[0], pt.keys[1], pt.value
		}
		p.Add(dots{xs, ys, zs, m})
		padRange(&p.X, 0.05)
		padRange(&p.Y, 0.05)
		ch.notes = append(ch.notes, st.t("Points not on a grid: one dot each"))
		ux, uy = nil, nil // round ticks, not every sampled value
	}
	p.X.Tick.Marker = valueTicks(ux)
	p.Y.Tick.Marker = valueTicks(uy)
	ch.notes = append(ch.notes, m.notes...)
	return ch
}

// valueTicks labels the swept values themselves when there are few of
// them, and falls back to numeric ticks otherwise.
func valueTicks(us []float64) plot.Ticker {
	if len(us) == 0 || len(us) > 12 {
		return numTicks{}
	}
	ts := make([]plot.Tick, len(us))
	for i, u := range us {
		ts[i] = plot.Tick{Value: u, Label: formatValue(u)}
	}
	return plot.ConstantTicks(ts)
}

func sweepLine(key string, pts []sweepPoint, b *bands, st *style) *chart {
	pts = slices.Clone(pts)
	slices.SortStableFunc(pts, func(a, b sweepPoint) int {
		switch {
		case a.keys[0] < b.keys[0]:
			return -1
		case a.keys[0] > b.keys[0]:
			return 1
		}
		return 0
	})
	xs := make([]float64, len(pts))
	p05 := make([]float64, len(pts))
	p50 := make([]float64, len(pts))
	pd := make([]float64, len(pts))
	for i, p := range pts {
		xs[i], p05[i], p50[i], pd[i] = p.keys[0], p.monthsP05, p.monthsP50, p.pDepleted
	}
	left := st.newPlot()
	left.Title.Text = st.t("Months of payment at the horizon")
	left.X.Label.Text = st.keyTitle(key)
	left.Y.Label.Text = st.withUnit("Months of payment", st.t("months"))
	var leg, bandLeg []legendEntry
	var edges []plot.Plotter
	if b != nil {
		var shading []plot.Plotter
		shading, edges, bandLeg = monthBands(st, b)
		left.Add(shading...)
	}
	// Lines only over the bands: a fill between P5 and P50 would mix with
	// the band colours into shades the legend does not have.
	p05Line := lineStyle(colMedian, vg.Points(2.5), true)
	left.Add(edges...)
	left.Add(lines(xs, p05, p05Line)...)
	left.Add(lines(xs, p50, medianLine)...)
	left.Add(hline{0, zeroLine})
	padRange(&left.Y, 0.04, 0)
	if lowest(p05) >= 0 {
		left.Y.Min = 0
	}
	leg = append(leg,
		legendEntry{st.t("Median"), []plot.Thumbnailer{lineThumb{medianLine}}},
		legendEntry{"P5", []plot.Thumbnailer{lineThumb{p05Line}}},
	)
	leg = append(leg, bandLeg...)

	right := st.newPlot()
	right.Title.Text = st.t("Depletion probability by the horizon")
	right.X.Label.Text = st.keyTitle(key)
	right.Y.Label.Text = st.t("Probability")
	pdLine := lineStyle(colIncome, vg.Points(2.5), false)
	right.Add(lines(xs, pd, pdLine)...)
	right.Add(hline{0.05, lineStyle(colZero, vg.Points(1.2), true)})
	right.Y.Min, right.Y.Max = 0, 1
	leg = append(leg, legendEntry{st.t("Depletion probability"), []plot.Thumbnailer{lineThumb{pdLine}}})
	if len(xs) > 0 {
		for _, p := range []*plot.Plot{left, right} {
			p.X.Min, p.X.Max = xs[0], xs[len(xs)-1]
			if p.X.Min == p.X.Max {
				padRange(&p.X, 0.1)
			}
			p.X.Tick.Marker = valueTicks(uniq(xs))
		}
	}
	return &chart{
		title:   st.t("Sweep of ") + st.keyTitle(key),
		panels:  []*plot.Plot{left, right},
		weights: []float64{1.4, 1},
		legend:  leg,
		notes:   []string{st.t("Dashed grey line: 5%")},
	}
}
