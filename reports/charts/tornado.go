package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"simulate/reports"
)

// tornadoRow is one row of tornado.csv: a key set to its low and high
// values, and the effects on the horizon pool balance in yuan.
type tornadoRow struct {
	key                   string
	lowValue, highValue   float64
	lowEffect, highEffect float64
}

// readTornado reads tornado.csv (key,low_value,high_value,low_effect,
// high_effect).
func readTornado(path string) ([]tornadoRow, error) {
	t, err := readTable(path, "key", "low_value", "high_value", "low_effect", "high_effect")
	if err != nil {
		return nil, err
	}
	var rows []tornadoRow
	for i := range t.rows {
		r := tornadoRow{key: t.str(i, "key")}
		if r.key == "" {
			return nil, fmt.Errorf("%s:%d: empty key", path, t.lines[i])
		}
		for _, f := range []struct {
			c string
			v *float64
		}{{"low_value", &r.lowValue}, {"high_value", &r.highValue}, {"low_effect", &r.lowEffect}, {"high_effect", &r.highEffect}} {
			if *f.v, err = t.num(i, f.c); err != nil {
				return nil, err
			}
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no keys", path)
	}
	return rows, nil
}

// valueLabel writes the parameter value at the end of a tornado bar.
type valueLabel struct {
	X, Y float64
	Text string
	st   *style
}

func (l valueLabel) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	ts := l.st.text(12)
	ts.YAlign = draw.YCenter
	x := trX(l.X)
	if l.X < 0 {
		ts.XAlign = draw.XRight
		x -= vg.Points(4)
	} else {
		ts.XAlign = draw.XLeft
		x += vg.Points(4)
	}
	c.FillText(ts, vg.Point{X: x, Y: trY(l.Y)}, l.Text)
}

// vline is a vertical line at X across the data area.
type vline struct {
	X float64
	draw.LineStyle
}

func (v vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.X)
	c.StrokeLine2(v.LineStyle, x, c.Min.Y, x, c.Max.Y)
}

// tornadoChart draws the effects of each key's low and high values on the
// horizon pool balance, the widest swing on top (kind tornado).
func tornadoChart(path string, sum *reports.Summary, st *style) (*chart, error) {
	rows, err := readTornado(path)
	if err != nil {
		return nil, err
	}
	swing := func(r tornadoRow) float64 {
		s := math.Abs(r.highEffect - r.lowEffect)
		if !defined(s) {
			return -1
		}
		return s
	}
	// Ascending swing: index 0 is drawn at the bottom.
	slices.SortStableFunc(rows, func(a, b tornadoRow) int {
		switch sa, sb := swing(a), swing(b); {
		case sa < sb:
			return -1
		case sa > sb:
			return 1
		}
		return 0
	})
	u := st.unit.scale
	p := st.newPlot()
	p.X.Label.Text = st.money("Effect on the pool balance")
	grid := gridLines()
	grid.Horizontal.Color = nil
	grid.Vertical.Color = gridLines().Horizontal.Color
	p.Add(grid) // before the bars, so they cover it
	names := make([]string, len(rows))
	lo, hi := 0.0, 0.0
	for i, r := range rows {
		names[i] = st.keyTitle(r.key)
		y := float64(i)
		for _, e := range []struct {
			effect, value float64
			y0, y1        float64
			c             color.NRGBA
		}{{r.lowEffect, r.lowValue, y - 0.4, y, colLow}, {r.highEffect, r.highValue, y, y + 0.4, colHigh}} {
			v := e.effect / u
			if !defined(v) {
				continue
			}
			p.Add(rect{X0: 0, X1: v, Y0: e.y0 + 0.03, Y1: e.y1 - 0.03, Color: e.c})
			p.Add(valueLabel{X: v, Y: (e.y0 + e.y1) / 2, Text: formatValue(e.value), st: st})
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	p.Add(vline{0, lineStyle(colZero, vg.Points(1.2), false)})
	// Room for the value labels beyond the longest bars.
	span := hi - lo
	if span == 0 {
		span = 1
	}
	p.X.Min, p.X.Max = lo-0.12*span, hi+0.12*span
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	al := p.Y.Tick.Label
	p.Y.Tick.Label = st.text(14)
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = al.XAlign, al.YAlign
	p.NominalY(names...)
	p.Y.Padding = 0

	capt := ""
	if sum != nil {
		capt = st.caption(sum.Scenario, sum.Seed, sum.Replications, sum.Weight)
	}
	return &chart{
		title:  st.t("Sensitivity of the pool balance at the horizon"),
		panels: []*plot.Plot{p},
		legend: []legendEntry{
			{st.t("High value"), []plot.Thumbnailer{bandThumb{colHigh}}},
			{st.t("Low value"), []plot.Thumbnailer{bandThumb{colLow}}},
		},
		notes:   []string{st.t("Bar ends: the key's value"), st.t("Effect: change from the base")},
		caption: capt,
	}, nil
}
