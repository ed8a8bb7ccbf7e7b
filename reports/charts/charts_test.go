package charts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	_ "image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"simulate/model"
	"simulate/reports"
	"simulate/scenarios"
)

// runFixture runs national-2021 small (2,000 members, 8 replications,
// horizon 4) once per test binary.
var runFixture = sync.OnceValues(func() (*struct {
	res  *model.Result
	sum  *reports.Summary
	yaml []byte
}, error) {
	s, _, err := scenarios.Load("national-2021")
	if err != nil {
		return nil, err
	}
	s.Horizon = 4
	if _, err := scenarios.Validate(s); err != nil {
		return nil, err
	}
	res, err := model.Run(context.Background(), s, model.Options{Seed: 7, Replications: 8, Members: 2000, Workers: 2})
	if err != nil {
		return nil, err
	}
	sum := reports.Summarize(res, s.Fund.Bands)
	sum.Version = model.Version
	return &struct {
		res  *model.Result
		sum  *reports.Summary
		yaml []byte
	}{res, sum, scenarios.Canonical(s)}, nil
})

// writeRunDir writes the files of the fixture run into a new directory.
func writeRunDir(t *testing.T) string {
	t.Helper()
	f, err := runFixture()
	if err != nil {
		t.Fatalf("fixture run: %v", err)
	}
	dir := t.TempDir()
	if err := reports.WriteRun(dir, f.res, f.sum, reports.RunMeta{}, f.yaml, false); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeComparison writes a synthetic comparison.csv and
// groups-comparison.csv: a reform that lowers the pool balance by a
// growing amount, raises the cash of the old and lowers every group's
// burden by 60 yuan more than its cash.
func writeComparison(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("base,scenario,year,metric,unit,mean,sd,se,p05,p50,p95,p25,p75\n")
	for i, y := range []int{2021, 2022, 2023, 2024} {
		m := -20e9 * float64(i+1)
		sd := 6e9 * float64(i+1)
		fmt.Fprintf(&b, "national-2021,reform,%d,pool_balance,yuan,%g,%g,%g,%g,%g,%g,%g,%g\n", y, m, sd, sd/3, m-1.6*sd, m, m+1.6*sd, m-0.7*sd, m+0.7*sd)
		fmt.Fprintf(&b, "national-2021,reform,%d,pool_income,yuan,%g,0,0,%g,%g,%g,%g,%g\n", y, m/2, m/2, m/2, m/2, m/2, m/2)
	}
	writeFile(t, filepath.Join(dir, "comparison.csv"), b.String())

	b.Reset()
	b.WriteString("base,scenario,year,status,age_band,metric,stat,value\n")
	for _, y := range []int{2023, 2024} {
		for si, st := range model.GroupStatuses {
			for a := range model.NumAgeBands {
				v := float64(a*a)*3 - 40 + float64(si)*5
				for _, stat := range []struct {
					name string
					v    float64
				}{{"mean", v}, {"p05", v - 15}, {"p95", v + 20}} {
					fmt.Fprintf(&b, "national-2021,reform,%d,%s,%s,cash,%s,%g\n", y, st, model.AgeBandLabel(a), stat.name, stat.v)
					fmt.Fprintf(&b, "national-2021,reform,%d,%s,%s,burden,%s,%g\n", y, st, model.AgeBandLabel(a), stat.name, stat.v-60)
				}
			}
		}
	}
	writeFile(t, filepath.Join(dir, "groups-comparison.csv"), b.String())
}

// writeSweep2 writes a 4 × 5 sweep over two keys whose depletion
// probability crosses 5%.
func writeSweep2(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("point,outpatient.ratio.primary,contribution.employer_rate,p_depleted_by_horizon,first_deficit_year_p50,depletion_year_p50,pool_months_p05,pool_months_p50,pool_balance\n")
	pt := 0
	for _, r := range []float64{0.5, 0.6, 0.7, 0.8} {
		for _, e := range []float64{0.05, 0.055, 0.06, 0.065, 0.07} {
			p := (r - 0.5) * 2 * (0.075 - e) * 20
			if p < 0 {
				p = 0
			}
			fmt.Fprintf(&b, "%d,%g,%g,%g,2026,,%g,%g,1e11\n", pt, r, e, p, 12-20*p, 18-15*p)
			pt++
		}
	}
	writeFile(t, filepath.Join(dir, "sweep.csv"), b.String())
}

// writeSweep1 writes a sweep over one key.
func writeSweep1(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("point,outpatient.ratio.primary,p_depleted_by_horizon,first_deficit_year_p50,depletion_year_p50,pool_months_p05,pool_months_p50\n")
	for i, r := range []float64{0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8} {
		p := float64(i) * float64(i) / 60
		fmt.Fprintf(&b, "%d,%g,%g,2025,,%g,%g\n", i, r, p, 16-3*float64(i), 20-2.5*float64(i))
	}
	writeFile(t, filepath.Join(dir, "sweep.csv"), b.String())
}

// writeTornado writes a tornado.csv of five keys.
func writeTornado(t *testing.T, dir string) {
	t.Helper()
	writeFile(t, filepath.Join(dir, "tornado.csv"), `key,low_value,high_value,low_effect,high_effect
outpatient.ratio.primary,0.5,0.8,42e9,-61e9
contribution.employer_rate,0.06,0.08,-120e9,118e9
economy.medical_inflation.mean,0,0.04,35e9,-40e9
utilization_trend.inpatient,0.015,0.025,12e9,-14e9
outpatient.induced_demand_elasticity,-0.5,-0.1,3e9,-2e9
`)
}

// cjkAvailable reports whether the system has a CJK font.
func cjkAvailable() bool { return findCJKFont() != nil }

// want lists the text each chart's SVG must contain, by kind.
func want(lang string) map[string][]string {
	if lang == "zh" {
		return map[string][]string{
			"pool-balance":  {"统筹基金累计结存", "统筹基金累计结存（亿元）", "年份", "情景 national-2021"},
			"pool-months":   {"统筹基金可支付月数", "统筹基金可支付月数（月）", "不足", "过多"},
			"expenditure":   {"统筹基金分项支出与统筹基金收入", "统筹基金收支（亿元）", "住院"},
			"accounts":      {"个人账户", "个人账户累计结存（亿元）", "划入与支出（亿元）"},
			"impact-pool":   {"改革对统筹基金累计结存的影响", "累计结存差额（亿元）"},
			"impact-burden": {"改革对参保人人均负担的影响", "元/人", "按年龄段", "退休", "其中现金支付部分"},
			"tornado":       {"预测期末统筹基金累计结存的敏感性", "对累计结存的影响（亿元）", "contribution.employer_rate"},
		}
	}
	return map[string][]string{
		"pool-balance":  {"Pool balance", "Pool balance (100 million yuan)", "Year", "Scenario national-2021 · seed 7 · 8 replications"},
		"pool-months":   {"Months of payment", "Months of payment (months)", "Insufficient (&lt; 3)", "Excess (&gt; 15)"},
		"expenditure":   {"Pooled expenditure by category and pooled income", "Pooled income and expenditure (100 million yuan)", "Inpatient"},
		"accounts":      {"Individual accounts", "Account balance (100 million yuan)", "Credits and spending (100 million yuan)"},
		"impact-pool":   {"Reform impact on the pool balance", "Difference in pool balance (100 million yuan)"},
		"impact-burden": {"Reform impact on members&#39; burden per member", "yuan per member", "By age band", "retired", "Cash alone", "Below zero: the group gains"},
		"tornado":       {"Sensitivity of the pool balance at the horizon", "Effect on the pool balance (100 million yuan)", "contribution.employer_rate"},
	}
}

// checkPNG checks that the PNG at path is 1600 × 1000 and not blank.
func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, format, err := image.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if b := img.Bounds(); format != "png" || b.Dx() != 1600 || b.Dy() != 1000 {
		t.Fatalf("%s: %s %d×%d, want png 1600×1000", path, format, b.Dx(), b.Dy())
	}
	colours := map[color.RGBA]bool{}
	nonWhite := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			colours[c] = true
			if c.R < 250 || c.G < 250 || c.B < 250 {
				nonWhite++
			}
		}
	}
	// A chart has shaded bands, lines and anti-aliased text: hundreds of
	// colours and a few percent of inked pixels at least (a narrow fan
	// chart inks about 4%); a blank page has one colour.
	total := b.Dx() * b.Dy() / 4
	if len(colours) < 50 || nonWhite < total/50 {
		t.Errorf("%s looks blank: %d distinct colours, %d of %d sampled pixels not white", path, len(colours), nonWhite, total)
	}
}

// checkChart checks the three files of a chart kind in dir.
func checkChart(t *testing.T, dir, kind string, texts []string) {
	t.Helper()
	base := filepath.Join(dir, "charts", kind)
	checkPNG(t, base+".png")
	svg, err := os.ReadFile(base + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(svg), []byte("<?xml")) && !bytes.Contains(svg[:min(len(svg), 200)], []byte("<svg")) {
		t.Errorf("%s.svg does not start like an SVG", base)
	}
	for _, s := range texts {
		if !bytes.Contains(svg, []byte(">"+s)) && !bytes.Contains(svg, []byte(s)) {
			t.Errorf("%s.svg lacks %q", base, s)
		}
	}
	pdf, err := os.ReadFile(base + ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[max(0, len(pdf)-64):], []byte("%%EOF")) || len(pdf) < 2000 {
		t.Errorf("%s.pdf is not a complete PDF (%d bytes)", base, len(pdf))
	}
	// No temporary file is left behind.
	left, _ := filepath.Glob(filepath.Join(dir, "charts", ".*tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestDrawDir draws every chart kind in both languages and checks the
// PNG, SVG and PDF of each.
func TestDrawDir(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			effective := lang
			if lang == "zh" && !cjkAvailable() {
				if os.Getenv("CI") == "true" {
					t.Fatal("no CJK font installed; CI must install fonts-noto-cjk")
				}
				t.Log("no CJK font: checking the English fallback")
				effective = "en"
			}
			texts := want(effective)

			run := writeRunDir(t)
			warnings, err := DrawDir(run, Options{Lang: lang})
			if err != nil {
				t.Fatalf("DrawDir(run) error: %v", err)
			}
			checkWarnings(t, lang, effective, warnings)
			for _, kind := range []string{"pool-balance", "pool-months", "expenditure", "accounts"} {
				checkChart(t, run, kind, texts[kind])
			}

			cmp := t.TempDir()
			writeComparison(t, cmp)
			if _, err := DrawDir(cmp, Options{Lang: lang}); err != nil {
				t.Fatalf("DrawDir(comparison) error: %v", err)
			}
			for _, kind := range []string{"impact-pool", "impact-burden"} {
				checkChart(t, cmp, kind, texts[kind])
			}

			sw2 := t.TempDir()
			writeSweep2(t, sw2)
			if _, err := DrawDir(sw2, Options{Lang: lang}); err != nil {
				t.Fatalf("DrawDir(sweep, 2 keys) error: %v", err)
			}
			title2 := "Depletion probability by the horizon"
			if effective == "zh" {
				title2 = "预测期末累计结存耗尽概率"
			}
			checkChart(t, sw2, "sweep", []string{title2, "outpatient.ratio.primary", "contribution.employer_rate"})

			sw1 := t.TempDir()
			writeSweep1(t, sw1)
			if _, err := DrawDir(sw1, Options{Lang: lang}); err != nil {
				t.Fatalf("DrawDir(sweep, 1 key) error: %v", err)
			}
			title1 := []string{"Months of payment at the horizon", "Months of payment (months)", "outpatient.ratio.primary"}
			if effective == "zh" {
				title1 = []string{"预测期末可支付月数", "统筹基金可支付月数（月）", "outpatient.ratio.primary"}
			}
			checkChart(t, sw1, "sweep", title1)

			tor := t.TempDir()
			writeTornado(t, tor)
			if _, err := DrawDir(tor, Options{Lang: lang}); err != nil {
				t.Fatalf("DrawDir(tornado) error: %v", err)
			}
			checkChart(t, tor, "tornado", texts["tornado"])
		})
	}
}

// checkWarnings checks that a zh request without a CJK font warns, and
// that nothing else about fonts does.
func checkWarnings(t *testing.T, lang, effective string, warnings []string) {
	t.Helper()
	fontWarning := false
	for _, w := range warnings {
		if strings.Contains(w, "CJK font") {
			fontWarning = true
		}
	}
	if wantWarn := lang == "zh" && effective == "en"; fontWarning != wantWarn {
		t.Errorf("warnings %q: font warning %v, want %v", warnings, fontWarning, wantWarn)
	}
}

// TestNoCJKFont hides every CJK font: zh falls back to English labels with
// a warning, and draws.
func TestNoCJKFont(t *testing.T) {
	files, dirs := cjkFontFiles, fontDirs
	t.Cleanup(func() { cjkFontFiles, fontDirs = files, dirs })
	cjkFontFiles = nil
	fontDirs = func() []string { return nil }

	dir := t.TempDir()
	writeTornado(t, dir)
	warnings, err := DrawDir(dir, Options{Lang: "zh"})
	if err != nil {
		t.Fatal(err)
	}
	checkWarnings(t, "zh", "en", warnings)
	checkChart(t, dir, "tornado", want("en")["tornado"])
}

// TestImagePDF takes rsvg-convert away: a Chinese chart's PDF holds the
// PNG, with a warning.
func TestImagePDF(t *testing.T) {
	if !cjkAvailable() {
		t.Skip("no CJK font: Chinese charts fall back to English, whose PDFs need no conversion")
	}
	prog := rsvgConvert
	t.Cleanup(func() { rsvgConvert = prog })
	rsvgConvert = "simulate-no-such-rsvg-convert"

	dir := t.TempDir()
	writeTornado(t, dir)
	warnings, err := DrawDir(dir, Options{Lang: "zh", Unit: "wan"})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "rsvg-convert not found") {
		t.Errorf("warnings = %q, want one about rsvg-convert", warnings)
	}
	checkChart(t, dir, "tornado", []string{"对累计结存的影响（万元）"})
	pdf, _ := os.ReadFile(filepath.Join(dir, "charts", "tornado.pdf"))
	for _, s := range []string{"/Subtype /Image /Width 1600 /Height 1000", "/MediaBox [0 0 1152.00 720.00]"} {
		if !bytes.Contains(pdf, []byte(s)) {
			t.Errorf("tornado.pdf lacks %q", s)
		}
	}
}

// TestUnits checks the unit option on the axis labels.
func TestUnits(t *testing.T) {
	for _, tc := range []struct{ unit, label string }{
		{"yuan", "Effect on the pool balance (yuan)"},
		{"wan", "Effect on the pool balance (10,000 yuan)"},
		{"yi", "Effect on the pool balance (100 million yuan)"},
	} {
		dir := t.TempDir()
		writeTornado(t, dir)
		if _, err := DrawDir(dir, Options{Unit: tc.unit}); err != nil {
			t.Fatal(err)
		}
		svg, _ := os.ReadFile(filepath.Join(dir, "charts", "tornado.svg"))
		if !bytes.Contains(svg, []byte(html.EscapeString(tc.label))) {
			t.Errorf("unit %s: tornado.svg lacks %q", tc.unit, tc.label)
		}
	}
}

// TestDrawDirErrors checks that bad input gives an error naming the file,
// never a panic.
func TestDrawDirErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		opt   Options
		want  string
	}{
		{"empty dir", nil, Options{}, "nothing to chart"},
		{"bad lang", nil, Options{Lang: "fr"}, `language "fr"`},
		{"bad unit", nil, Options{Unit: "usd"}, `unit "usd"`},
		{"years without summary", map[string]string{"years.csv": "scenario,year\n"}, Options{}, "no summary.json"},
		{"bad summary", map[string]string{"summary.json": "{not json"}, Options{}, "summary.json"},
		{"summary without metrics", map[string]string{"summary.json": `{"schema":"simulate/summary/v1","years":[2021],"metrics":{},"solvency":{"p_deficit":[0],"p_depleted":[0],"p_insufficient":[0],"p_below_warning":[0],"p_excess":[0]}}`}, Options{}, "no metric pool_balance"},
		{"tornado missing column", map[string]string{"tornado.csv": "key,low_value\nx,1\n"}, Options{}, "tornado.csv:1: missing column high_value, low_effect, high_effect"},
		{"tornado bad number", map[string]string{"tornado.csv": "key,low_value,high_value,low_effect,high_effect\nx,1,2,abc,4\n"}, Options{}, `tornado.csv:2: low_effect: "abc" is not a number`},
		{"tornado empty", map[string]string{"tornado.csv": ""}, Options{}, "tornado.csv: empty file"},
		{"sweep without keys", map[string]string{"sweep.csv": "point,p_depleted_by_horizon,pool_months_p05,pool_months_p50\n0,0.1,3,4\n"}, Options{}, "no varied keys"},
		{"comparison without pool balance", map[string]string{"comparison.csv": "base,scenario,year,metric,unit,mean,sd,se,p05,p50,p95,p25,p75\nb,s,2021,pool_income,yuan,1,0,0,1,1,1,1,1\n"}, Options{}, "no rows for metric pool_balance"},
		{"comparison bad year", map[string]string{"comparison.csv": "base,scenario,year,metric,unit,mean,sd,se,p05,p50,p95,p25,p75\nb,s,20x1,pool_balance,yuan,1,0,0,1,1,1,1,1\n"}, Options{}, `comparison.csv:2: year: "20x1" is not a year`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tc.files {
				writeFile(t, filepath.Join(dir, name), content)
			}
			_, err := DrawDir(dir, tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("DrawDir error = %v, want one containing %q", err, tc.want)
			}
		})
	}
	if _, err := DrawDir(filepath.Join(t.TempDir(), "missing"), Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("DrawDir(missing dir) error = %v, want not exist", err)
	}
}

// TestPartialFailure checks that a bad file fails its chart only.
func TestPartialFailure(t *testing.T) {
	dir := t.TempDir()
	writeTornado(t, dir)
	writeFile(t, filepath.Join(dir, "sweep.csv"), "point,x\n")
	_, err := DrawDir(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "sweep.csv") {
		t.Errorf("DrawDir error = %v, want one naming sweep.csv", err)
	}
	checkChart(t, dir, "tornado", want("en")["tornado"])
}

func TestFormatTick(t *testing.T) {
	for _, tc := range []struct {
		v, step float64
		want    string
	}{
		{0, 5000, "0"},
		{15000, 5000, "15,000"},
		{-1250000, 250000, "-1,250,000"},
		{2500, 500, "2,500"},
		{0.25, 0.05, "0.25"},
		{0.3, 0.1, "0.3"},
		{1e-17, 0.2, "0.0"},
		{7.5, 2.5, "7.5"},
		{10, 2.5, "10.0"},
		{12500, 2500, "12,500"},
	} {
		if got := formatTick(tc.v, tc.step); got != tc.want {
			t.Errorf("formatTick(%v, %v) = %q, want %q", tc.v, tc.step, got, tc.want)
		}
	}
}

// TestRunWithoutScenario checks that a run without scenario.yaml draws
// months of payment without bands, and says so.
func TestRunWithoutScenario(t *testing.T) {
	dir := writeRunDir(t)
	if err := os.Remove(filepath.Join(dir, "scenario.yaml")); err != nil {
		t.Fatal(err)
	}
	warnings, err := DrawDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range warnings {
		found = found || strings.Contains(w, "without bands") && strings.Contains(w, "scenario.yaml")
	}
	if !found {
		t.Errorf("warnings = %q, want one about scenario.yaml", warnings)
	}
	checkChart(t, dir, "pool-months", []string{"Months of payment"})
}

// writeDecisionSweep writes a 4 × 3 sweep of outpatient.ratio.primary and
// outpatient.cap whose months of payment P5 cross the warning line, each
// point's solvency.csv, and the base scenario.yaml with the bands and the
// current policy (ratio 0.7 from 2022, cap 2000).
func writeDecisionSweep(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("point,outpatient.ratio.primary,outpatient.cap,p_depleted_by_horizon,first_deficit_year_p50,depletion_year_p50,pool_months_p05,pool_months_p50,target,verdict\n")
	pt := 0
	for _, r := range []float64{0.6, 0.7, 0.8, 0.9} {
		for _, c := range []float64{1000, 2000, 3000} {
			m := 12 - 20*(r-0.6) - c/1000
			verdict := "met"
			if pt == 4 {
				verdict = "undecided"
			}
			fmt.Fprintf(&b, "%d,%g,%g,%g,,,%g,%g,p_depleted@horizon <= 0.05,%s\n", pt, r, c, math.Max(0, (6-m)/20), m, m+4, verdict)
			pdir := filepath.Join(dir, "points", fmt.Sprintf("%04d", pt))
			if err := os.MkdirAll(pdir, 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(pdir, "solvency.csv"),
				fmt.Sprintf("scenario,year,indicator,value,lo,hi\nx,2030,p_below_warning,%g,0,1\nx,2031,p_below_warning,%g,0,1\n", 0.5, math.Max(0, math.Min(1, (7-m)/6))))
			pt++
		}
	}
	writeFile(t, filepath.Join(dir, "sweep.csv"), b.String())
	writeFile(t, filepath.Join(dir, "scenario.yaml"), "name: x\noutpatient:\n  cap: 2000\n  ratio: {2022: {primary: 0.7, secondary: 0.6}}\nfund:\n  bands: {insufficient: 3, warning: 6, reasonable_max: 9, excess: 15}\n")
}

// TestSweepDecisionChart checks the sweep's decision chart: axis titles
// from the parameter reference in the chosen language with units, the
// bands as fixed classes, the frontier, the current policy and the
// undecided point, for months of payment P5 and for a share read from the
// points' solvency.csv.
func TestSweepDecisionChart(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		if lang == "zh" && !cjkAvailable() {
			continue
		}
		for _, metric := range []string{"", "p_below_warning"} {
			t.Run(lang+"/"+metric, func(t *testing.T) {
				dir := t.TempDir()
				writeDecisionSweep(t, dir)
				if _, err := DrawDir(dir, Options{Lang: lang, Metric: metric, KeyTitle: scenarios.KeyTitle}); err != nil {
					t.Fatal(err)
				}
				x, _ := scenarios.KeyTitle("outpatient.ratio.primary", lang)
				y, _ := scenarios.KeyTitle("outpatient.cap", lang)
				want := []string{x, y}
				switch {
				case lang == "en" && metric == "":
					want = append(want, "Months of payment at the horizon, P5", "Current policy (0.7, 2000)", "Frontier: P5 = 6 months", "Reasonable (6–9)", "Undecided")
				case lang == "en":
					want = append(want, "Probability of months of payment below the warning line", "Frontier: 5%", "≤ 5%", "Current policy (0.7, 2000)")
				case metric == "":
					want = append(want, "预测期末可支付月数P5", "现行政策 (0.7, 2000)", "目标边界：P5 = 6 月", "合理（6–9）", "未定")
				default:
					want = append(want, "预测期末可支付月数低于预警线的概率", "目标边界：5%")
				}
				for i, w := range want {
					want[i] = html.EscapeString(w)
				}
				checkChart(t, dir, "sweep", want)
			})
		}
	}
	if _, err := DrawDir(t.TempDir(), Options{Metric: "nosuch"}); err == nil || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("DrawDir(Metric: nosuch) error = %v, want one naming the metric", err)
	}
}
