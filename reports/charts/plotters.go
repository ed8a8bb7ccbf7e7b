package charts

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// defined reports whether v is a number to draw.
func defined(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// runs splits the indices 0…n−1 into maximal runs on which ok holds.
func runs(n int, ok func(i int) bool) [][2]int {
	var rs [][2]int
	start := -1
	for i := 0; i <= n; i++ {
		if i < n && ok(i) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			rs = append(rs, [2]int{start, i})
			start = -1
		}
	}
	return rs
}

// band returns the filled area between lo and hi over xs, one polygon per
// run of defined values (a single defined point gets a narrow sliver), and
// a thumbnail for the legend.
func band(xs, lo, hi []float64, c color.Color) []plot.Plotter {
	var ps []plot.Plotter
	for _, r := range runs(len(xs), func(i int) bool { return defined(lo[i]) && defined(hi[i]) }) {
		var ring plotter.XYs
		if r[1]-r[0] == 1 {
			i := r[0]
			ring = plotter.XYs{{X: xs[i] - 0.05, Y: lo[i]}, {X: xs[i] + 0.05, Y: lo[i]}, {X: xs[i] + 0.05, Y: hi[i]}, {X: xs[i] - 0.05, Y: hi[i]}}
		} else {
			for i := r[0]; i < r[1]; i++ {
				ring = append(ring, plotter.XY{X: xs[i], Y: lo[i]})
			}
			for i := r[1] - 1; i >= r[0]; i-- {
				ring = append(ring, plotter.XY{X: xs[i], Y: hi[i]})
			}
		}
		poly, err := plotter.NewPolygon(ring)
		if err != nil {
			continue
		}
		poly.Color = c
		poly.LineStyle.Width = 0
		ps = append(ps, poly)
	}
	return ps
}

// bandThumb is a legend thumbnail of a filled area.
type bandThumb struct{ c color.Color }

func (t bandThumb) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y},
	}
	c.FillPolygon(t.c, c.ClipPolygonY(pts))
}

// lineStyle returns a solid or dashed line style.
func lineStyle(c color.Color, width vg.Length, dashed bool) draw.LineStyle {
	ls := draw.LineStyle{Color: c, Width: width}
	if dashed {
		ls.Dashes = []vg.Length{vg.Points(8), vg.Points(5)}
	}
	return ls
}

// lines returns the line through the defined points of ys over xs, one
// plotter per run (a lone point is drawn as a dot).
func lines(xs, ys []float64, ls draw.LineStyle) []plot.Plotter {
	var ps []plot.Plotter
	for _, r := range runs(len(xs), func(i int) bool { return defined(ys[i]) }) {
		var pts plotter.XYs
		for i := r[0]; i < r[1]; i++ {
			pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
		}
		if len(pts) == 1 {
			s, err := plotter.NewScatter(pts)
			if err != nil {
				continue
			}
			s.GlyphStyle.Color = ls.Color
			s.GlyphStyle.Radius = ls.Width * 1.5
			s.GlyphStyle.Shape = draw.CircleGlyph{}
			ps = append(ps, s)
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			continue
		}
		l.LineStyle = ls
		ps = append(ps, l)
	}
	return ps
}

// hline is a horizontal line at Y across the whole data area; it takes no
// part in the axis ranges.
type hline struct {
	Y float64
	draw.LineStyle
}

func (h hline) Plot(c draw.Canvas, p *plot.Plot) {
	if h.Y < p.Y.Min || h.Y > p.Y.Max {
		return
	}
	_, trY := p.Transforms(&c)
	y := trY(h.Y)
	c.StrokeLine2(h.LineStyle, c.Min.X, y, c.Max.X, y)
}

// hband is a horizontal band between Lo and Hi across the whole data area,
// clipped to the axis range; it takes no part in the axis ranges.
type hband struct {
	Lo, Hi float64
	Color  color.Color
}

func (h hband) Plot(c draw.Canvas, p *plot.Plot) {
	lo, hi := math.Max(h.Lo, p.Y.Min), math.Min(h.Hi, p.Y.Max)
	if !(lo < hi) {
		return
	}
	_, trY := p.Transforms(&c)
	y0, y1 := trY(lo), trY(hi)
	c.FillPolygon(h.Color, []vg.Point{{X: c.Min.X, Y: y0}, {X: c.Max.X, Y: y0}, {X: c.Max.X, Y: y1}, {X: c.Min.X, Y: y1}})
}

// rect is a filled rectangle in data coordinates that counts in the axis
// ranges: a bar.
type rect struct {
	X0, Y0, X1, Y1 float64
	Color          color.Color
}

func (r rect) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := []vg.Point{{X: trX(r.X0), Y: trY(r.Y0)}, {X: trX(r.X1), Y: trY(r.Y0)}, {X: trX(r.X1), Y: trY(r.Y1)}, {X: trX(r.X0), Y: trY(r.Y1)}}
	c.FillPolygon(r.Color, c.ClipPolygonXY(pts))
}

func (r rect) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Min(r.X0, r.X1), math.Max(r.X0, r.X1), math.Min(r.Y0, r.Y1), math.Max(r.Y0, r.Y1)
}

// whisker is a vertical (or, if Horizontal, horizontal) error bar from Lo
// to Hi at At.
type whisker struct {
	At, Lo, Hi float64
	Horizontal bool
	draw.LineStyle
}

func (w whisker) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	cap := vg.Points(4)
	if w.Horizontal {
		y, x0, x1 := trY(w.At), trX(w.Lo), trX(w.Hi)
		c.StrokeLine2(w.LineStyle, x0, y, x1, y)
		c.StrokeLine2(w.LineStyle, x0, y-cap, x0, y+cap)
		c.StrokeLine2(w.LineStyle, x1, y-cap, x1, y+cap)
		return
	}
	x, y0, y1 := trX(w.At), trY(w.Lo), trY(w.Hi)
	c.StrokeLine2(w.LineStyle, x, y0, x, y1)
	c.StrokeLine2(w.LineStyle, x-cap, y0, x+cap, y0)
	c.StrokeLine2(w.LineStyle, x-cap, y1, x+cap, y1)
}

func (w whisker) DataRange() (xmin, xmax, ymin, ymax float64) {
	if w.Horizontal {
		return w.Lo, w.Hi, w.At, w.At
	}
	return w.At, w.At, w.Lo, w.Hi
}

// scaled returns xs divided by s.
func scaled(xs []float64, s float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = x / s
	}
	return out
}

// padRange widens the axis a by a fraction of its span on each side and
// makes sure it includes v (for a zero line).
func padRange(a *plot.Axis, frac float64, include ...float64) {
	for _, v := range include {
		a.Min = math.Min(a.Min, v)
		a.Max = math.Max(a.Max, v)
	}
	if math.IsInf(a.Min, 0) || math.IsInf(a.Max, 0) {
		return
	}
	span := a.Max - a.Min
	if span == 0 {
		span = math.Max(math.Abs(a.Max), 1)
	}
	a.Min -= frac * span
	a.Max += frac * span
}
