package charts

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"simulate/reports"
)

// The page: 16 × 10 inches, drawn at 100 dots per inch into a PNG of
// 1600 × 1000 pixels; SVG and PDF pages have the same size in points
// (1152 × 720).
const (
	pageWidth  = 16 * vg.Inch
	pageHeight = 10 * vg.Inch
	pngDPI     = 100
)

// style is what every chart of one DrawDir call is drawn with.
type style struct {
	labels
	tf   *typeface
	unit moneyUnit
	hdlr text.Handler
	// metric is the figure of the sweep's decision chart (Options.Metric).
	metric string
	// titles titles scenario key paths (Options.KeyTitle); nil: the paths.
	titles func(path, lang string) (string, bool)
}

// keyTitle returns the axis title of a scenario key path: its title from
// the parameter reference when the style has one, else the path.
func (st *style) keyTitle(path string) string {
	if st.titles != nil {
		if t, ok := st.titles(path, st.lang); ok {
			return t
		}
	}
	return path
}

// text returns a text style of the given size in points.
func (st *style) text(size vg.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.Font{Typeface: st.tf.name, Size: size},
		Handler: st.hdlr,
	}
}

// money returns the axis label "label (unit)" for amounts in the chart unit.
func (st *style) money(label string) string { return st.withUnit(label, st.unit.name(st.labels)) }

// newPlot returns a plot whose every text is drawn in the chart typeface.
func (st *style) newPlot() *plot.Plot {
	p := plot.New()
	p.TextHandler = st.hdlr
	p.Title.TextStyle = st.text(16)
	p.Title.TextStyle.XAlign = draw.XCenter
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = st.text(15)
		a.Label.TextStyle.XAlign = draw.XCenter
		a.Label.TextStyle.YAlign = draw.YBottom
		a.Label.Padding = vg.Points(6)
		ts := a.Tick.Label
		a.Tick.Label = st.text(13)
		a.Tick.Label.XAlign, a.Tick.Label.YAlign = ts.XAlign, ts.YAlign
		a.Tick.Marker = numTicks{}
	}
	p.Legend.TextStyle = st.text(14)
	p.Add(gridLines())
	return p
}

// gridLines returns light horizontal grid lines.
func gridLines() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = color.Gray{Y: 225}
	g.Horizontal.Width = vg.Points(0.5)
	return g
}

// numTicks places about six labelled ticks at round values (1, 2, 2.5 or
// 5 times a power of ten) with a minor tick between each, labelled with
// thousands separators instead of exponents.
type numTicks struct{}

func (numTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return nil
	}
	raw := (max - min) / 7
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ts []plot.Tick
	first := math.Ceil(min/step) * step
	for i := -1; ; i++ {
		v := first + float64(i)*step
		if v > max+step*1e-9 {
			break
		}
		if v >= min-step*1e-9 {
			ts = append(ts, plot.Tick{Value: v, Label: formatTick(v, step)})
		}
		if m := v + step/2; m >= min && m <= max {
			ts = append(ts, plot.Tick{Value: m})
		}
	}
	return ts
}

// yearTicks labels whole years, at most max of them (12 if max is 0).
type yearTicks struct{ max int }

func (t yearTicks) Ticks(min, max float64) []plot.Tick {
	n := t.max
	if n <= 0 {
		n = 12
	}
	lo, hi := math.Ceil(min), math.Floor(max)
	step := math.Max(1, math.Ceil((hi-lo+1)/float64(n)))
	var ts []plot.Tick
	for y := lo; y <= hi; y++ {
		if math.Mod(y-lo, step) == 0 {
			ts = append(ts, plot.Tick{Value: y, Label: fmt.Sprintf("%.0f", y)})
		} else {
			ts = append(ts, plot.Tick{Value: y})
		}
	}
	return ts
}

// legendEntry is one line of a chart's legend.
type legendEntry struct {
	label  string
	thumbs []plot.Thumbnailer
}

// chart is one chart, ready to be drawn on any canvas: a title, one or
// more panels side by side, and a side column with the legend, an
// optional colour bar and notes. The caption goes at the bottom.
type chart struct {
	title   string
	panels  []*plot.Plot
	weights []float64 // relative panel widths; nil: equal
	// rows, when set, lays the panels out in rows instead: row i holds
	// the next rows[i] panels, side by side with their weights.
	rows     []int
	legend   []legendEntry
	colorBar *plot.Plot
	notes    []string
	caption  string
}

// render draws ch on c.
func (ch *chart) render(c draw.Canvas, st *style) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	pad := 0.3 * vg.Inch

	top := c.Max.Y - pad
	if ch.title != "" {
		ts := st.text(22)
		ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
		c.FillText(ts, vg.Point{X: c.Center().X, Y: top}, ch.title)
		top -= ts.Rectangle(ch.title).Size().Y + 0.2*vg.Inch
	}
	bottom := c.Min.Y + pad*0.7
	if ch.caption != "" {
		cs := st.text(12)
		cs.Color = color.Gray{Y: 80}
		cs.XAlign, cs.YAlign = draw.XLeft, draw.YBottom
		c.FillText(cs, vg.Point{X: c.Min.X + pad, Y: bottom}, ch.caption)
		bottom += cs.Rectangle(ch.caption).Size().Y + 0.2*vg.Inch
	}
	left, right := c.Min.X+pad, c.Max.X-pad

	if len(ch.legend) > 0 || ch.colorBar != nil || len(ch.notes) > 0 {
		sideW := 3.4 * vg.Inch
		side := crop(c, right-sideW, bottom, right, top)
		right -= sideW + 0.3*vg.Inch
		y := side.Max.Y - 0.1*vg.Inch
		if len(ch.legend) > 0 {
			l := plot.NewLegend()
			l.TextStyle = st.text(14)
			l.Top, l.Left = true, true
			l.ThumbnailWidth = 0.5 * vg.Inch
			l.Padding = 0.1 * vg.Inch
			for _, e := range ch.legend {
				l.Add(e.label, e.thumbs...)
			}
			lc := crop(c, side.Min.X, side.Min.Y, side.Max.X, y)
			l.Draw(lc)
			y -= l.Rectangle(lc).Size().Y + 0.3*vg.Inch
		}
		if ch.colorBar != nil {
			h := vg.Length(math.Min(float64(5.5*vg.Inch), float64(y-side.Min.Y)))
			ch.colorBar.Draw(crop(c, side.Min.X, y-h, side.Min.X+1.6*vg.Inch, y))
			y -= h + 0.3*vg.Inch
		}
		ns := st.text(13)
		ns.Color = color.Gray{Y: 60}
		ns.XAlign, ns.YAlign = draw.XLeft, draw.YTop
		for _, n := range ch.notes {
			c.FillText(ns, vg.Point{X: side.Min.X, Y: y}, n)
			y -= ns.Rectangle(n).Size().Y * 1.3
		}
	}

	if len(ch.panels) == 0 {
		return
	}
	rows := ch.rows
	if len(rows) == 0 {
		rows = []int{len(ch.panels)}
	}
	gap := 0.6 * vg.Inch
	rowH := (top - bottom - gap*vg.Length(len(rows)-1)) / vg.Length(len(rows))
	first := 0
	for ri, n := range rows {
		y1 := top - vg.Length(ri)*(rowH+gap)
		total := 0.0
		for i := first; i < first+n; i++ {
			total += ch.weight(i)
		}
		avail := right - left - gap*vg.Length(n-1)
		x0 := left
		for i := first; i < first+n; i++ {
			w := avail * vg.Length(ch.weight(i)/total)
			ch.panels[i].Draw(crop(c, x0, y1-rowH, x0+w, y1))
			x0 += w + gap
		}
		first += n
	}
}

// weight returns the relative width of panel i.
func (ch *chart) weight(i int) float64 {
	if i < len(ch.weights) && ch.weights[i] > 0 {
		return ch.weights[i]
	}
	return 1
}

// crop returns the part of c in the rectangle from (x0, y0) to (x1, y1).
func crop(c draw.Canvas, x0, y0, x1, y1 vg.Length) draw.Canvas {
	return draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}}
}

// rsvgConvert is the program that turns an SVG with Chinese text into a
// vector PDF (Debian's librsvg2-bin); a variable so tests can take it
// away.
var rsvgConvert = "rsvg-convert"

// writeChart writes dir/charts/KIND.png, .svg and .pdf, each atomically.
// build is called once per format, so no plot is drawn twice. A panic while
// drawing is turned into an error: a chart never takes the program down.
func writeChart(dir, kind string, st *style, build func() (*chart, error)) (warnings []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart %s: %v", kind, r)
		}
	}()
	out := filepath.Join(dir, "charts")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, fmt.Errorf("chart %s: %w", kind, err)
	}
	base := filepath.Join(out, kind)

	ch, err := build()
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", kind, err)
	}
	pngBytes, err := renderPNG(ch, st)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", kind, err)
	}
	if err := writeBytes(base+".png", pngBytes); err != nil {
		return nil, err
	}

	if ch, err = build(); err != nil {
		return nil, fmt.Errorf("chart %s: %w", kind, err)
	}
	var svg bytes.Buffer
	sc := vgsvg.NewWith(vgsvg.UseWH(pageWidth, pageHeight))
	ch.render(draw.New(sc), st)
	if _, err := sc.WriteTo(&svg); err != nil {
		return nil, fmt.Errorf("chart %s: svg: %w", kind, err)
	}
	if err := writeBytes(base+".svg", svg.Bytes()); err != nil {
		return nil, err
	}

	var pdf []byte
	if st.tf.path == "" {
		// The built-in Liberation font: gonum/plot's PDF canvas embeds it.
		if ch, err = build(); err != nil {
			return nil, fmt.Errorf("chart %s: %w", kind, err)
		}
		pc := vgpdf.New(pageWidth, pageHeight)
		ch.render(draw.New(pc), st)
		var b bytes.Buffer
		if _, err := pc.WriteTo(&b); err != nil {
			return nil, fmt.Errorf("chart %s: pdf: %w", kind, err)
		}
		pdf = b.Bytes()
	} else {
		// gonum/plot's PDF canvas cannot encode CJK text (nor use an
		// arbitrary font file): convert the SVG, or failing that place the
		// PNG on a PDF page.
		pdf, err = svgToPDF(svg.Bytes())
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("chart %s: %v; the PDF holds the PNG image instead of vector graphics", kind, err))
			pdf, err = imagePDF(pngBytes)
			if err != nil {
				return warnings, fmt.Errorf("chart %s: pdf: %w", kind, err)
			}
		}
	}
	if err := writeBytes(base+".pdf", pdf); err != nil {
		return warnings, err
	}
	return warnings, nil
}

// renderPNG draws ch into a 1600 × 1000 PNG.
func renderPNG(ch *chart, st *style) ([]byte, error) {
	ic := vgimg.NewWith(vgimg.UseWH(pageWidth, pageHeight), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(color.White))
	ch.render(draw.New(ic), st)
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: ic}).WriteTo(&b); err != nil {
		return nil, fmt.Errorf("png: %w", err)
	}
	return b.Bytes(), nil
}

// writeBytes writes b to path atomically.
func writeBytes(path string, b []byte) error {
	return reports.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// svgToPDF converts an SVG document to PDF with rsvg-convert.
func svgToPDF(svg []byte) ([]byte, error) {
	prog, err := exec.LookPath(rsvgConvert)
	if err != nil {
		return nil, errors.New("rsvg-convert not found (Debian package librsvg2-bin)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, "-f", "pdf")
	cmd.Stdin = bytes.NewReader(svg)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("rsvg-convert: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	if !bytes.HasPrefix(out.Bytes(), []byte("%PDF")) {
		return nil, errors.New("rsvg-convert: output is not a PDF")
	}
	return out.Bytes(), nil
}

// imagePDF returns a one-page PDF of the page size showing the PNG image
// pngBytes: the image as an 8-bit RGB XObject, Flate-compressed.
func imagePDF(pngBytes []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(pngBytes))
	if err != nil {
		return nil, err
	}
	bnd := img.Bounds()
	w, h := bnd.Dx(), bnd.Dy()
	var raw bytes.Buffer
	zw := zlib.NewWriter(&raw)
	row := make([]byte, 3*w)
	for y := bnd.Min.Y; y < bnd.Max.Y; y++ {
		for x := bnd.Min.X; x < bnd.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			// Composite on white: the page has no transparency.
			a := int(c.A)
			i := 3 * (x - bnd.Min.X)
			row[i] = byte((int(c.R)*a + 255*(255-a)) / 255)
			row[i+1] = byte((int(c.G)*a + 255*(255-a)) / 255)
			row[i+2] = byte((int(c.B)*a + 255*(255-a)) / 255)
		}
		if _, err := zw.Write(row); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	pw, ph := pageWidth.Points(), pageHeight.Points()
	content := fmt.Sprintf("q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q\n", pw, ph)

	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s", len(offsets), body)
		if stream != nil {
			b.WriteString("\nstream\n")
			b.Write(stream)
			b.WriteString("\nendstream")
		}
		b.WriteString("\nendobj\n")
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", nil)
	obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>", pw, ph), nil)
	obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>", w, h, raw.Len()), raw.Bytes())
	obj(fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes(), nil
}

// The colours of the charts.
var (
	// The fans: opaque shades of one hue, deeper to the centre (as the
	// Bank of England's and the US Trustees' fan charts), so the inner band
	// never shows a mixture the legend does not have.
	colBand90    = color.NRGBA{R: 190, G: 211, B: 232, A: 255} // P5–P95
	colBand50    = color.NRGBA{R: 112, G: 160, B: 206, A: 255} // P25–P75
	colMedian    = color.NRGBA{R: 20, G: 60, B: 120, A: 255}
	colZero      = color.NRGBA{R: 90, G: 90, B: 90, A: 255}
	colIncome    = color.NRGBA{R: 200, G: 30, B: 30, A: 255}
	colSeries    = []color.NRGBA{{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {148, 103, 189, 255}, {214, 39, 40, 255}, {140, 86, 75, 255}}
	colLow       = color.NRGBA{R: 66, G: 133, B: 200, A: 255}
	colHigh      = color.NRGBA{R: 230, G: 120, B: 40, A: 255}
	colContour   = color.NRGBA{R: 0, G: 0, B: 0, A: 255}
	colUndecided = color.NRGBA{R: 60, G: 0, B: 90, A: 255} // rings round undecided sweep points
)

// withAlpha returns c with alpha a.
func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }
