package calibration

import (
	"bytes"
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"simulate/model"
	"simulate/scenarios"
)

var update = flag.Bool("update", false, "rewrite the synthetic targets file of the documentation")

// Settings of TestLocalRecovery. The fit's runs are small (seconds each);
// the synthetic city is simulated with a different seed and twice the
// replications, so its figures carry a Monte Carlo error of their own, as
// a city's statements would carry theirs, about 1/√2 of the fit's.
const (
	recoveryMembers  = 20000
	recoveryReps     = 12
	recoveryGenReps  = 24
	recoveryFitSeed  = 1
	recoveryGenSeed  = 2
	recoveryHorizon  = 3 // 2022–2024
	recoveryTolerate = 2.64
)

// recoveryTruth are the known factors of the synthetic city, on
// qiannan-2022.
var recoveryTruth = map[string]float64{
	"members":          1.2,
	"base":             0.93,
	"utilisation":      1.15,
	"cost":             0.92,
	"balance_pool":     1.3,
	"balance_accounts": 0.8,
}

// recoveryItems are the synthetic city's statements: the items and the
// units a bureau's fund statement would state them in.
var recoveryItems = []struct{ item, unit string }{
	{"participants", "persons"},
	{"retirees", "10k persons"},
	{"income", "10k yuan"},
	{"expenditure", "10k yuan"},
	{"balance_pool", "10k yuan"},
	{"balance_accounts", "100m yuan"},
	{"inpatient_rate", "ratio"},
	{"cost_per_admission", "yuan"},
}

// syntheticCity simulates qiannan-2022 with the factors of recoveryTruth
// and returns its figures as target rows, the targets read back from the
// file they make, and the covariance of the figures' relative Monte Carlo
// errors.
func syntheticCity(t *testing.T) (base *model.Scenario, file []byte, targets []LocalTarget, sigma *mat.Dense) {
	t.Helper()
	base, _, err := scenarios.Load("qiannan-2022")
	if err != nil {
		t.Fatal(err)
	}
	truth := base
	for _, p := range FreeParams {
		if truth, err = Scale(truth, p.Name, recoveryTruth[p.Name]); err != nil {
			t.Fatal(err)
		}
	}
	truth.Horizon = recoveryHorizon
	res, err := model.Run(context.Background(), truth, model.Options{Seed: recoveryGenSeed, Replications: recoveryGenReps, Members: recoveryMembers, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var recs []Record
	for _, it := range recoveryItems {
		m, _ := LocalItem(it.item)
		u, ok := unitOf(m, it.unit)
		if !ok {
			t.Fatalf("%s: unit %q", it.item, it.unit)
		}
		for y, year := range res.Years {
			xs := make([]float64, len(res.Values))
			for r := range res.Values {
				for _, x := range m.Metrics {
					xs[r] += res.Value(r, y, x)
				}
				xs[r] /= u.Factor
			}
			mean, _ := MeanSE(xs)
			recs = append(recs, Record{Year: year, Item: it.item, Value: round(mean), Unit: it.unit, Status: "SYN",
				Source: "synthetic: qiannan-2022 simulated with known factors", Note: ""})
		}
	}
	var b bytes.Buffer
	comments := []string{
		"SYNTHETIC figures, not Qiannan's: qiannan-2022 simulated with known factors, to show that simulate calibrate recovers them",
		"(calibration/local_test.go, TestLocalRecovery; rewritten by go test ./calibration -run TestLocalRecovery -update).",
		"Factors: members x1.2, base x0.93, utilisation x1.15, cost x0.92, opening pooled balance x1.3, opening account balance x0.8;",
		"seed 2, 24 replications x 20000 members, 2022-2024. status SYN = synthetic.",
	}
	if err := WriteTargets(&b, comments, recs); err != nil {
		t.Fatal(err)
	}
	targets, err = ReadTargets("synthetic-qiannan.csv", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return base, b.Bytes(), targets, evaluate(res, targets).covariance()
}

// TestLocalRecovery is the must-show of local calibration: a synthetic city
// made from qiannan-2022 with known factors on its six free parameters is
// fitted from the unchanged qiannan-2022, and every factor is recovered
// within its stated error.
//
// The tolerance: the recovered factor's error has two parts, the fit's own
// Monte Carlo error (its stated se) and the Monte Carlo error of the
// synthetic figures (seed 2), which moves the fit by G·e (Fit.Gain) and so
// has sd f·√(G Σ Gᵀ)_jj, Σ the figures' covariance from their
// replications. The factor must lie within 2.64 combined sd of the truth:
// for six factors tested at once, a 5% family-wise chance of a false
// failure (Bonferroni, 0.05/6 two-sided). Each stated se must also be below
// 5% of its factor, so that the test cannot pass on a vacuous error.
func TestLocalRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration runs skipped in -short mode")
	}
	start := time.Now()
	base, file, targets, sigmaGen := syntheticCity(t)
	golden := filepath.Join("..", "docs", "local-calibration", "synthetic-qiannan.csv")
	if *update {
		if err := os.WriteFile(golden, file, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if b, err := os.ReadFile(golden); err != nil || !bytes.Equal(b, file) {
		t.Errorf("%s is not the synthetic city this test makes (err %v); rerun with -update", golden, err)
	}
	ids, err := Identify(base, targets)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := Local(context.Background(), base, targets, ids, FitOptions{Seed: recoveryFitSeed, Replications: recoveryReps, Members: recoveryMembers, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d steps, %d evaluations, %.1f s\n%s\n%s", fit.Iterations, fit.Evaluations, time.Since(start).Seconds(), fit.ParamsTable(), fit.TargetsTable())
	for _, n := range fit.Notes {
		t.Logf("note: %s", n)
	}
	G := mat.NewDense(len(fit.Gain), len(targets), nil)
	for j, row := range fit.Gain {
		G.SetRow(j, row)
	}
	var gs, genCov mat.Dense
	gs.Mul(G, sigmaGen)
	genCov.Mul(&gs, G.T())
	j := 0
	for _, p := range fit.Params {
		if p.Held {
			t.Errorf("%s held: %s", p.Name, p.Note)
			continue
		}
		want := recoveryTruth[p.Name]
		sd := math.Hypot(p.SE, p.Factor*math.Sqrt(genCov.At(j, j)))
		j++
		z := (p.Factor - want) / sd
		t.Logf("%-16s recovered %.4f, truth %.4f, stated se %.4f, combined sd %.4f, z %+.2f", p.Name, p.Factor, want, p.SE, sd, z)
		if math.Abs(z) > recoveryTolerate {
			t.Errorf("%s: recovered %.4f, truth %.4f: %.2f combined sd off (se %.4f), beyond %.2f", p.Name, p.Factor, want, z, p.SE, recoveryTolerate)
		}
		if p.SE <= 0 || p.SE > 0.05*p.Factor {
			t.Errorf("%s: stated se %.4f, want within (0, 5%%] of the factor %.4f", p.Name, p.SE, p.Factor)
		}
	}
}

// TestIdentify: which parameters targets identify, and the product rule:
// with expenditure but neither admissions nor their cost, cost is held and
// utilisation stands for both (about their product); a total balance alone fits
// the pool's opening balance and holds the account's.
func TestIdentify(t *testing.T) {
	s, _, err := scenarios.Load("qiannan-2022")
	if err != nil {
		t.Fatal(err)
	}
	row := func(line int, item string) LocalTarget {
		m, _ := LocalItem(item)
		return LocalTarget{Record: Record{Year: 2022, Item: item, Value: 1}, File: "t.csv", Line: line, Map: m, Factor: 1}
	}
	for _, tt := range []struct {
		name   string
		items  []string
		fitted string // names of the fitted parameters, in order
		held   map[string]string
	}{
		{"statement", []string{"participants", "income", "expenditure", "balance_total"}, "members base utilisation balance_pool",
			map[string]string{"cost": "stands for both", "balance_accounts": "balance_total alone"}},
		{"with admissions", []string{"income", "expenditure", "admissions", "balance_pool", "balance_total"}, "base utilisation cost balance_pool balance_accounts", nil},
		{"cost only", []string{"cost_per_admission"}, "cost", map[string]string{"members": "no target row"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var targets []LocalTarget
			for i, it := range tt.items {
				targets = append(targets, row(i+3, it))
			}
			ids, err := Identify(s, targets)
			if err != nil {
				t.Fatal(err)
			}
			var fitted []string
			for _, id := range ids {
				if !id.Held {
					fitted = append(fitted, id.Name)
				} else if want, ok := tt.held[id.Name]; ok && !strings.Contains(id.Note, want) {
					t.Errorf("%s held: %q, want it to say %q", id.Name, id.Note, want)
				}
			}
			if got := strings.Join(fitted, " "); got != tt.fitted {
				t.Errorf("fitted %q, want %q", got, tt.fitted)
			}
		})
	}
}

func TestRoundDigits(t *testing.T) {
	for _, tt := range []struct {
		x    float64
		n    int
		want float64
	}{
		{592294123.4, 6, 592294000}, {16599999.9, 3, 16600000}, {0.9389524, 6, 0.938952}, {3.4375312, 6, 3.43753}, {-1234.5, 2, -1200}, {0, 3, 0},
	} {
		if got := roundDigits(tt.x, tt.n); got != tt.want {
			t.Errorf("roundDigits(%v, %d) = %v, want %v", tt.x, tt.n, got, tt.want)
		}
	}
}
