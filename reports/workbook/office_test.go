package workbook

import (
	"context"
	"encoding/csv"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"simulate/reports"
)

// needProgram returns the path of a program the test runs. When it is
// missing the test is skipped, except under CI=true, where it fails.
func needProgram(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found (CI=true): install %s", name, pkg)
	}
	t.Skipf("%s not found: install %s to run this test", name, pkg)
	return ""
}

// loProfile returns a LibreOffice user profile directory for one test:
// two soffice processes at a time never share a profile.
func loProfile(t *testing.T) string {
	t.Helper()
	profile, err := os.MkdirTemp("", "lo-profile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(profile) })
	return profile
}

// convert runs LibreOffice headless on report.xlsx in dir with the user
// profile, writing the result into dir.
func convert(t *testing.T, soffice, profile, dir, format string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--convert-to", format, "--outdir", dir, filepath.Join(dir, reports.WorkbookFile))
	cmd.Env = append(os.Environ(), "HOME="+profile)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice --convert-to %s: %v\n%s", format, err, out)
	}
}

// TestLibreOffice opens the workbook in a real spreadsheet program: the
// Summary sheet converted to CSV shows summary.json's figures as formatted,
// and every page of the PDF export renders to a non-blank image.
func TestLibreOffice(t *testing.T) {
	soffice := needProgram(t, "soffice", "libreoffice-calc-nogui")
	pdftoppm := needProgram(t, "pdftoppm", "poppler-utils")
	for _, lang := range Languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			profile := loProfile(t)
			dir := copyFixture(t, "national")
			if err := WriteDir(dir, Options{Lang: lang}); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			// 44,34,76,1: comma, double quote, UTF-8, from the first line.
			convert(t, soffice, profile, dir, `csv:Text - txt - csv (StarCalc):44,34,76,1`)
			checkSummaryCSV(t, filepath.Join(dir, "report.csv"), dir, Labels(lang))
			convert(t, soffice, profile, dir, "pdf")
			t.Logf("LibreOffice conversions: %v", time.Since(start).Round(time.Millisecond))

			prefix := filepath.Join(dir, "page")
			if out, err := exec.Command(pdftoppm, "-r", "50", "-png", filepath.Join(dir, "report.pdf"), prefix).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			pages, _ := filepath.Glob(prefix + "-*.png")
			if len(pages) == 0 {
				t.Fatal("pdftoppm rendered no page")
			}
			for _, p := range pages {
				if !nonBlank(t, p) {
					t.Errorf("%s is blank", filepath.Base(p))
				}
			}
			t.Logf("%d pages rendered", len(pages))
		})
	}
}

// nonBlank reports whether some pixel of the PNG is not white.
func nonBlank(t *testing.T, path string) bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				return true
			}
		}
	}
	return false
}

// checkSummaryCSV compares the Summary sheet as LibreOffice shows it with
// summary.json. Cells are formatted, so a figure matches when it is within
// half a unit of its last shown decimal of the saved value.
func checkSummaryCSV(t *testing.T, path, dir string, l map[string]string) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	r := csv.NewReader(fh)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	sum, err := reports.ReadSummary(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	h := len(sum.Years) - 1
	// shown parses a formatted number: thousands separators and a
	// trailing % removed; it returns the value and half its last unit.
	shown := func(s string) (float64, float64, bool) {
		s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
		scale := 1.0
		if p, ok := strings.CutSuffix(s, "%"); ok {
			s, scale = p, 100
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, 0, false
		}
		dec := 0
		if i := strings.IndexByte(s, '.'); i >= 0 {
			dec = len(s) - i - 1
		}
		return v / scale, 0.5 * math.Pow(10, -float64(dec)) / scale, true
	}
	check := func(label string, col int, want float64) {
		t.Helper()
		row := findRow(rows, label)
		if row < 0 || col >= len(rows[row]) {
			t.Errorf("Summary CSV: no row %q", label)
			return
		}
		got, tol, ok := shown(rows[row][col])
		// 1e-9 relative: the float error of the division by the unit.
		if !ok || math.Abs(got-want) > tol+1e-9*math.Abs(want) {
			t.Errorf("Summary CSV %q column %d = %q, want %v", label, col+1, rows[row][col], want)
		}
	}
	if len(rows) == 0 || rows[0][0] != strings.Replace(l["summary.title"], "%s", sum.Scenario, 1) {
		t.Errorf("Summary CSV A1 = %q, want the title", rows[0])
	}
	check(l["summary.replications"], 1, float64(sum.Replications))
	check(l["summary.weight"], 1, sum.Weight)
	check(l["solv.p_depleted"], 1, sum.Solvency.PDepleted[h])
	check(l["solv.p_excess"], 1, sum.Solvency.PExcess[h])
	for _, name := range []string{"pool_balance", "pool_income", "pool_expenditure"} {
		m := sum.Metric(name)
		for i, v := range []float64{m.Mean[h], m.P05[h], m.P50[h], m.P95[h]} {
			check(l["metric."+name], 2+i, v/1e8)
		}
	}
	m := sum.Metric("pool_months")
	check(l["metric.pool_months"], 4, m.P50[h])
}
