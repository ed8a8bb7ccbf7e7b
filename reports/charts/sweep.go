package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"simulate/reports"
)

// sweepPoint is one row of sweep.csv.
type sweepPoint struct {
	keys                 []float64 // the varied values, in column order
	pDepleted            float64
	monthsP05, monthsP50 float64
	undecided            bool // the verdict against the sweep's target is undecided
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

// probabilityMap is the colour map of probabilities, from light yellow (0)
// to dark red (1).
func probabilityMap() palette.ColorMap {
	cm, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{R: 110, G: 0, B: 30, A: 255},
		color.NRGBA{R: 215, G: 50, B: 40, A: 255},
		color.NRGBA{R: 250, G: 150, B: 60, A: 255},
		color.NRGBA{R: 255, G: 250, B: 200, A: 255},
	})
	if err != nil {
		cm = moreland.ExtendedBlackBody()
	}
	cm = palette.Reverse(cm)
	cm.SetMin(0)
	cm.SetMax(1)
	return cm
}

// grid is a sweep over two keys as a plotter.GridXYZ; a cell without a
// point is NaN.
type grid struct {
	xs, ys []float64
	z      [][]float64 // z[c][r]
}

func (g *grid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *grid) Z(c, r int) float64 { return g.z[c][r] }
func (g *grid) X(c int) float64    { return g.xs[c] }
func (g *grid) Y(r int) float64    { return g.ys[r] }
func (g *grid) Min() float64       { return 0 }
func (g *grid) Max() float64       { return 1 }

// uniq returns the sorted distinct values of xs.
func uniq(xs []float64) []float64 {
	u := slices.Clone(xs)
	slices.Sort(u)
	return slices.Compact(u)
}

// cellLabels writes the percentage of each grid cell.
type cellLabels struct {
	g  *grid
	st *style
}

func (l cellLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ts := l.st.text(12)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YCenter
	for ci, x := range l.g.xs {
		for ri, y := range l.g.ys {
			v := l.g.z[ci][ri]
			if !defined(v) {
				continue
			}
			ts.Color = color.Black
			if v > 0.55 {
				ts.Color = color.White
			}
			c.FillText(ts, vg.Point{X: trX(x), Y: trY(y)}, fmt.Sprintf("%.0f%%", 100*v))
		}
	}
}

// dots draws points coloured by value, for a sweep that is not a grid
// (Latin hypercube samples).
type dots struct {
	xs, ys, zs []float64
	cm         palette.ColorMap
}

func (d dots) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range d.xs {
		col, err := d.cm.At(math.Min(1, math.Max(0, d.zs[i])))
		if !defined(d.zs[i]) || err != nil {
			col = color.Gray{Y: 180}
		}
		pt := vg.Point{X: trX(d.xs[i]), Y: trY(d.ys[i])}
		c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: vg.Points(7), Shape: draw.CircleGlyph{}}, pt)
		c.DrawGlyph(draw.GlyphStyle{Color: color.Gray{Y: 60}, Radius: vg.Points(7), Shape: draw.RingGlyph{}}, pt)
	}
}

func (d dots) DataRange() (xmin, xmax, ymin, ymax float64) {
	return slices.Min(d.xs), slices.Max(d.xs), slices.Min(d.ys), slices.Max(d.ys)
}

// sweepChart draws sweep.csv (kind sweep): for two or more varied keys the
// depletion probability by the horizon over the first two as a colour grid
// with the 5% contour; for one key, months of payment at the horizon (P5
// and median) and the depletion probability along it.
func sweepChart(path string, sum *reports.Summary, b *bands, st *style) (*chart, []string, error) {
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
			ch := sweepGrid(keys, pts, ux, uy, st)
			ch.caption = capt
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
	ring := draw.GlyphStyle{Color: colUndecided, Radius: vg.Points(11), Shape: draw.RingGlyph{}}
	ch.panels[0].Add(glyphs{xs, ys, ring})
	ch.legend = append(ch.legend, legendEntry{st.t("Undecided"), []plot.Thumbnailer{glyphThumb{ring}}})
	ch.notes = append(ch.notes, st.t("Ringed: undecided at 95% against"), target)
}

// glyphs draws a glyph at each point.
type glyphs struct {
	xs, ys []float64
	style  draw.GlyphStyle
}

func (g glyphs) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range g.xs {
		if !defined(g.ys[i]) {
			continue
		}
		pt := vg.Point{X: trX(g.xs[i]), Y: trY(g.ys[i])}
		c.DrawGlyph(g.style, pt)
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

func sweepGrid(keys []string, pts []sweepPoint, ux, uy []float64, st *style) *chart {
	g := &grid{xs: ux, ys: uy, z: make([][]float64, len(ux))}
	sums := make([][]float64, len(ux))
	counts := make([][]int, len(ux))
	for c := range ux {
		g.z[c] = make([]float64, len(uy))
		sums[c] = make([]float64, len(uy))
		counts[c] = make([]int, len(uy))
	}
	for _, p := range pts {
		if !defined(p.pDepleted) {
			continue
		}
		c, _ := slices.BinarySearch(ux, p.keys[0])
		r, _ := slices.BinarySearch(uy, p.keys[1])
		sums[c][r] += p.pDepleted
		counts[c][r]++
	}
	filled := 0
	for c := range ux {
		for r := range uy {
			g.z[c][r] = math.NaN()
			if counts[c][r] > 0 {
				g.z[c][r] = sums[c][r] / float64(counts[c][r])
				filled++
			}
		}
	}
	cm := probabilityMap()
	p := st.newPlot()
	p.X.Label.Text = keys[0]
	p.Y.Label.Text = keys[1]
	ch := &chart{title: st.t("Depletion probability by the horizon"), panels: []*plot.Plot{p}}
	if filled*2 >= len(ux)*len(uy) {
		hm := plotter.NewHeatMap(g, cm.Palette(256))
		hm.Min, hm.Max = 0, 1
		hm.NaN = color.Gray{Y: 200}
		hm.Underflow, hm.Overflow = cm.Palette(256).Colors()[0], cm.Palette(256).Colors()[255]
		p.Add(hm)
		if len(ux)*len(uy) <= 400 {
			p.Add(cellLabels{g, st})
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for c := range ux {
			for r := range uy {
				lo, hi = math.Min(lo, g.z[c][r]), math.Max(hi, g.z[c][r])
			}
		}
		// conrec needs a complete grid; NaN makes lo and hi NaN.
		if filled == len(ux)*len(uy) && lo < 0.05 && 0.05 < hi {
			ct := plotter.NewContour(g, []float64{0.05}, nil)
			ct.LineStyles = []draw.LineStyle{lineStyle(colContour, vg.Points(3), true)}
			p.Add(ct)
			ch.legend = append(ch.legend, legendEntry{st.t("5% contour"), []plot.Thumbnailer{lineThumb{ct.LineStyles[0]}}})
		} else {
			ch.notes = append(ch.notes, st.t("No 5% contour: the grid does not cross 5%"))
		}
		// Cell edges half-way between values, as the heat map draws them.
		p.X.Min, p.X.Max = edges(ux)
		p.Y.Min, p.Y.Max = edges(uy)
		if filled < len(ux)*len(uy) {
			ch.notes = append(ch.notes, st.t("Grey: no point"))
		}
	} else {
		xs := make([]float64, len(pts))
		ys := make([]float64, len(pts))
		zs := make([]float64, len(pts))
		for i, pt := range pts {
			xs[i], ys[i], zs[i] = pt.keys[0], pt.keys[1], pt.pDepleted
		}
		p.Add(dots{xs, ys, zs, cm})
		padRange(&p.X, 0.05)
		padRange(&p.Y, 0.05)
		ch.notes = append(ch.notes, st.t("Points not on a grid: one dot each"))
	}
	p.X.Tick.Marker = valueTicks(ux)
	p.Y.Tick.Marker = valueTicks(uy)

	bar := st.newPlot()
	bar.Add(colorStrip{cm, 100})
	bar.HideX()
	bar.Y.Label.Text = st.t("Probability")
	bar.Y.Min, bar.Y.Max = 0, 1
	ch.colorBar = bar
	return ch
}

// colorStrip is a vertical colour bar of cm over [0, 1] drawn as filled
// rectangles. plotter.ColorBar draws an image, which gonum/plot's PDF
// canvas flips upside down.
type colorStrip struct {
	cm palette.ColorMap
	n  int
}

func (s colorStrip) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	x0, x1 := trX(0), trX(1)
	for i := range s.n {
		lo, hi := float64(i)/float64(s.n), float64(i+1)/float64(s.n)
		col, err := s.cm.At((lo + hi) / 2)
		if err != nil {
			continue
		}
		// Overlap by a hair so no seams show between rectangles.
		y0, y1 := trY(lo), trY(hi)+0.3
		c.FillPolygon(col, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
}

func (colorStrip) DataRange() (xmin, xmax, ymin, ymax float64) { return 0, 1, 0, 1 }

// edges returns the outer edges of cells centred on the sorted values us.
func edges(us []float64) (lo, hi float64) {
	n := len(us)
	return us[0] - (us[1]-us[0])/2, us[n-1] + (us[n-1]-us[n-2])/2
}

// valueTicks labels the swept values themselves when there are few of
// them, and falls back to numeric ticks otherwise.
func valueTicks(us []float64) plot.Ticker {
	if len(us) > 12 {
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
	left.X.Label.Text = key
	left.Y.Label.Text = st.withUnit("Months of payment", st.t("months"))
	var leg []legendEntry
	if b != nil {
		inf := math.Inf(1)
		left.Add(
			hband{-inf, b.Insufficient, colInsufficient},
			hband{b.Insufficient, b.Warning, colWarning},
			hband{b.Warning, b.ReasonableMax, colReasonable},
			hband{b.ReasonableMax, b.Excess, colMoreThan},
			hband{b.Excess, inf, colExcess},
		)
	}
	p05Line := lineStyle(colMedian, vg.Points(2), true)
	left.Add(band(xs, p05, p50, colBand50)...)
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
		legendEntry{"P5–P50", []plot.Thumbnailer{bandThumb{colBand50}}},
	)
	if b != nil {
		leg = append(leg,
			legendEntry{st.t("Excess"), []plot.Thumbnailer{bandThumb{colExcess}}},
			legendEntry{st.t("More than reasonable"), []plot.Thumbnailer{bandThumb{colMoreThan}}},
			legendEntry{st.t("Reasonable"), []plot.Thumbnailer{bandThumb{colReasonable}}},
			legendEntry{st.t("Warning"), []plot.Thumbnailer{bandThumb{colWarning}}},
			legendEntry{st.t("Insufficient"), []plot.Thumbnailer{bandThumb{colInsufficient}}},
		)
	}

	right := st.newPlot()
	right.Title.Text = st.t("Depletion probability by the horizon")
	right.X.Label.Text = key
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
		title:   st.t("Sweep of ") + key,
		panels:  []*plot.Plot{left, right},
		weights: []float64{1.4, 1},
		legend:  leg,
		notes:   []string{st.t("Dashed grey line: 5%")},
	}
}
