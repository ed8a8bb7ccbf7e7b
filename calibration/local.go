package calibration

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"simulate/model"
	"simulate/scenarios"
)

// Free is a free parameter of a local calibration: one scale factor on the
// values of scenario keys (every band of an age-banded table, the mean of
// every level of a cost).
type Free struct {
	Name string
	// Keys are the scenario keys the factor multiplies.
	Keys []string
	// What says what the factor is, for reports.
	What string
	// Items are the target items that identify it (see Identify).
	Items []string
}

// FreeParams are the free parameters of a local calibration, in the order
// a reader checks them: demography, contributions, use, costs, balances.
// Everything else is held at the scenario's values: the age and status
// structure, the wages, the rules, chronic care, pharmacy, maternity.
var FreeParams = []Free{
	{"members", []string{"population.insured"}, "opening population (participants at the start of the base year)",
		[]string{"participants", "actives", "retirees"}},
	{"base", []string{"contributions.base_ratio"}, "contribution base level (declared base relative to the reference wage)",
		[]string{"income", "income_pool", "income_accounts"}},
	{"utilisation", []string{"outpatient.visits_per_year", "inpatient.admissions_per_year"}, "utilisation level (visits and admissions per member)",
		[]string{"inpatient_rate", "admissions", "expenditure", "expenditure_pool", "expenditure_accounts"}},
	{"cost", []string{"outpatient.cost_per_visit", "inpatient.cost_per_admission"}, "cost level (cost per visit and per admission)",
		[]string{"cost_per_admission", "expenditure", "expenditure_pool", "expenditure_accounts"}},
	{"balance_pool", []string{"fund.initial_balance"}, "opening pooled balance",
		[]string{"balance_pool", "balance_total"}},
	{"balance_accounts", []string{"accounts.initial_balance_mean"}, "opening account balance (mean per member)",
		[]string{"balance_accounts", "balance_total"}},
}

// scale multiplies the values of p's keys in s by f.
func scale(s *model.Scenario, p Free, f float64) {
	bands := func(b *model.AgeBands) {
		for i := range b.Values {
			b.Values[i] = round(b.Values[i] * f)
		}
	}
	status := func(sb *model.StatusBands) {
		bands(&sb.All)
		for st := range sb.Statuses {
			bands(&sb.Statuses[st])
		}
	}
	cost := func(c *model.LevelCost) {
		c.All.Mean = round(c.All.Mean * f)
		for l := range c.Levels {
			c.Levels[l].Mean = round(c.Levels[l].Mean * f)
		}
	}
	switch p.Name {
	case "members":
		s.Population.Insured = round(s.Population.Insured * f)
	case "base":
		s.Contributions.BaseRatio = scaleParam(s.Contributions.BaseRatio, f)
	case "utilisation":
		status(&s.Outpatient.VisitsPerYear)
		status(&s.Inpatient.AdmissionsPerYear)
	case "cost":
		cost(&s.Outpatient.CostPerVisit)
		cost(&s.Inpatient.CostPerAdmission)
	case "balance_pool":
		s.Fund.InitialBalance = round(s.Fund.InitialBalance * f)
	case "balance_accounts":
		s.Accounts.InitialBalanceMean = round(s.Accounts.InitialBalanceMean * f)
	default:
		panic("calibration: unknown free parameter " + p.Name)
	}
}

// scaleParam returns p with every value (each year's, status's and
// level's) times f, rounded as round does.
func scaleParam(p model.Param, f float64) model.Param {
	out := model.Param{Dates: slices.Clone(p.Dates)}
	for i := range out.Dates {
		v := &out.Dates[i].Value
		lv := func(l *model.LevelValue) {
			l.All = round(l.All * f)
			for k := range l.Levels {
				l.Levels[k] = round(l.Levels[k] * f)
			}
		}
		lv(&v.All)
		for st := range v.Statuses {
			lv(&v.Statuses[st])
		}
	}
	return out
}

// round keeps 6 significant digits: a fitted value is written as a short
// number, off by at most 5·10⁻⁶ of itself, far below any fit's error.
func round(x float64) float64 { return roundDigits(x, 6) }

// roundDigits rounds x to digits significant digits, dividing or
// multiplying by an exact power of ten so that the result is the decimal's
// nearest float (592294000, not 592294000.0000001).
func roundDigits(x float64, digits int) float64 {
	if x == 0 || math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	k := digits - 1 - int(math.Floor(math.Log10(math.Abs(x))))
	if k >= 0 {
		p := math.Pow10(k)
		return math.Round(x*p) / p
	}
	p := math.Pow10(-k)
	return math.Round(x/p) * p
}

// Identified is a free parameter with the target rows that identify it,
// or held at the scenario's value (Held) with the reason in Note.
type Identified struct {
	Free
	Rows []LocalTarget
	Held bool
	Note string
}

// Identify says which free parameters the targets identify, and by which
// rows:
//
//   - members by participants, actives or retirees;
//   - base by fund income, pooled income or account income;
//   - utilisation by the inpatient rate or admissions, or else by
//     expenditure (fund, pooled or account);
//   - cost by the cost per admission, or by expenditure given the inpatient
//     rate or admissions. With expenditure alone cost and utilisation move
//     it nearly alike (only about their product is identified): cost is
//     held at 1 and the utilisation factor stands for both;
//   - the opening pooled balance by the pooled or the total balance;
//   - the opening account balance by the account balance, or by the total
//     balance beside the pooled one (the total alone identifies only the
//     pooled balance, and the account balance is held).
//
// A parameter whose scenario value is 0 cannot be scaled: Identify reports
// it as an error when targets would identify it. When the targets identify
// no parameter, Identify returns an error saying which items would.
func Identify(s *model.Scenario, targets []LocalTarget) ([]Identified, error) {
	rowsOf := func(items ...string) []LocalTarget {
		var out []LocalTarget
		for _, t := range targets {
			if slices.Contains(items, t.Item) {
				out = append(out, t)
			}
		}
		return out
	}
	expenditure := rowsOf("expenditure", "expenditure_pool", "expenditure_accounts")
	use := rowsOf("inpatient_rate", "admissions")
	var out []Identified
	var errs []error
	fitted := false
	for _, p := range FreeParams {
		id := Identified{Free: p}
		switch p.Name {
		case "utilisation":
			id.Rows = use
			if len(use) == 0 {
				id.Rows = expenditure
			}
		case "cost":
			id.Rows = rowsOf("cost_per_admission")
			switch {
			case len(id.Rows) == 0 && len(use) > 0 && len(expenditure) > 0:
				id.Rows = expenditure
			case len(id.Rows) == 0 && len(expenditure) > 0:
				id.Held = true
				id.Note = "not identified apart from utilisation: expenditure moves with both nearly alike, and no inpatient_rate, admissions or cost_per_admission row separates them; cost held at 1, the utilisation factor stands for both (roughly their product: fixed deductibles and caps make a change of cost and one of use differ by a few per cent)"
			}
		case "balance_pool":
			id.Rows = rowsOf("balance_pool")
			if len(id.Rows) == 0 {
				id.Rows = rowsOf("balance_total")
			}
		case "balance_accounts":
			id.Rows = rowsOf("balance_accounts")
			switch pool, total := rowsOf("balance_pool"), rowsOf("balance_total"); {
			case len(id.Rows) == 0 && len(pool) > 0 && len(total) > 0:
				id.Rows = total
			case len(id.Rows) == 0 && len(total) > 0:
				id.Held = true
				id.Note = "not identified: balance_total alone does not tell the account's opening balance from the pool's; the pool's is fitted, the account's held"
			}
		default:
			id.Rows = rowsOf(p.Items...)
		}
		if len(id.Rows) == 0 && !id.Held {
			id.Held = true
			id.Note = "no target row identifies it (" + strings.Join(p.Items, ", ") + "): held at the scenario's value"
		}
		if !id.Held {
			if v := value(s, p); v == 0 {
				errs = append(errs, fmt.Errorf("%s is 0 in the scenario: a scale factor cannot move it; give it a first guess to fit %s to %s", p.Keys[0], p.What, where(id.Rows)))
			}
			fitted = true
		}
		out = append(out, id)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if !fitted {
		var want []string
		for _, p := range FreeParams {
			want = append(want, p.Name+" by "+strings.Join(p.Items, "/"))
		}
		return nil, fmt.Errorf("the targets identify no free parameter: %s", strings.Join(want, "; "))
	}
	return out, nil
}

// value returns the first value of p's keys in s (the one a 0 check
// needs: a factor on 0 stays 0).
func value(s *model.Scenario, p Free) float64 {
	switch p.Name {
	case "members":
		return s.Population.Insured
	case "base":
		v, _, _ := s.Contributions.BaseRatio.Benefit(s.BaseYear, model.Active, model.Primary)
		return v
	case "balance_pool":
		return s.Fund.InitialBalance
	case "balance_accounts":
		return s.Accounts.InitialBalanceMean
	}
	return 1
}

// where lists the rows' lines, "FILE rows L1, L2 (ITEM YEAR, …)".
func where(rows []LocalTarget) string {
	if len(rows) == 0 {
		return ""
	}
	var lines, what []string
	for _, r := range rows {
		lines = append(lines, fmt.Sprint(r.Line))
		what = append(what, fmt.Sprintf("%s %d", r.Item, r.Year))
	}
	return fmt.Sprintf("%s rows %s (%s)", rows[0].File, strings.Join(lines, ", "), strings.Join(what, ", "))
}

// FitOptions are the run settings of a fit: every evaluation runs the
// scenario with the same seed (common random numbers).
type FitOptions struct {
	Seed         uint64
	Replications int
	Members      int
	Workers      int
	Design       model.Design
	// Progress, when set, is called after each evaluation with their count
	// so far and what it was for.
	Progress func(evaluations int, what string)
}

// Param is a fitted (or held) free parameter: its factor on the
// scenario's values, and the factor's standard error.
type Param struct {
	Identified
	Factor float64
	// SE is the standard error of Factor from the Monte Carlo error of the
	// simulated targets (see Fit); 0 when held.
	SE float64
}

// LocalRow is a target against the fitted scenario: Row with the target's
// line in its file.
type LocalRow struct {
	Row
	Line int
}

// Fit is the outcome of a local calibration.
type Fit struct {
	Params []Param
	Rows   []LocalRow
	// Scenario is the fitted scenario: the input with every fitted factor
	// applied (values rounded to 6 significant digits), its horizon the
	// input's; Input is the scenario fitted.
	Scenario, Input *model.Scenario
	// Gain[j][i] is the change of the log factor of the j-th fitted
	// parameter (in Params order, held ones left out) per unit change of
	// target i's relative value, (model − target)/target, at the fit: the
	// least-squares solution's sensitivity, with which the Monte Carlo
	// covariance of the targets gives the parameters' (Params' SE).
	Gain [][]float64
	// Iterations are the Gauss–Newton steps taken; Evaluations the runs.
	Iterations, Evaluations int
	// Warnings are the texts of the warnings of the fit's runs
	// (model.Warnings of Scenario), as its report gives them: worded by
	// the caller, which knows its own terms; the fit leaves them empty.
	Warnings []string
	// Notes say what the fit could not do (parameters held, steps cut).
	Notes []string
}

// jacobianStep is the change of a log factor by which the Jacobian is
// taken by forward differences: 5%, large enough that the few draws a
// changed rate moves (common random numbers) are a small part of the
// change, small enough that the near-linear response is linear over it.
const jacobianStep = 0.05

// Convergence: a Gauss–Newton step below convergedStep in every log
// factor, or below convergedSE of each factor's standard error, ends the
// fit; no fit takes more than maxIterations steps, nor a
// step of more than maxStep in a log factor (a factor of e^0.5 ≈ 1.65).
const (
	convergedStep = 2e-4
	convergedSE   = 0.05 // or below this many standard errors of each
	maxIterations = 12
	maxStep       = 0.5
)

// minSEReplications is the fewest replications whose spread gives a
// standard error worth quoting: with R replications the se's own relative
// error is about 1/√(2(R−1)), a third at 5, a quarter at 10.
const minSEReplications = 10

// Local fits the identified free parameters of s to the targets (Identify)
// and returns the fit.
//
// Method. Each parameter is a scale factor f = e^θ on scenario values, and
// the fit minimises Σ r_i², r_i = (m_i(θ) − y_i)/y_i, the relative errors of
// the simulated means m_i against the targets y_i, by Gauss–Newton on θ.
// Every evaluation runs the scenario with the same seed, replications and
// members (common random numbers: the draws do not depend on the values,
// docs/model.md section 4), so m(θ) moves smoothly with θ (up to the few
// discrete draws a changed rate moves) and the fit is deterministic for a
// seed. Gauss–Newton fits because the model is
// nearly log-linear in these factors (head counts and money scale exactly
// with the opening population; income nearly with the base level, spending
// with use and costs, balances with the opening balance): from a Jacobian
// by forward differences at the start it converges in a few steps, a
// Jacobian retaken at the solution confirms it, and that Jacobian gives the
// standard errors at no cost, which neither Nelder–Mead (tens to hundreds
// of evaluations, no derivative) nor coordinate-wise bisection (one
// parameter at a time, blind to the interactions through balances) would.
// A step that does not lower Σ r_i² is halved up to four times.
//
// Standard errors. θ̂ moves with the Monte Carlo error e of the simulated
// means as δθ = −G e, G = (JᵀJ)⁻¹Jᵀ (Gain), so Cov(θ̂) = G Σ Gᵀ with Σ the
// covariance of the relative simulated means, estimated from the
// replications (per-replication covariance / R) at the fit; SE of a factor
// is f·√Cov_jj (delta method). It is the error the simulation adds to the
// fit, not the error of the official figures (which carry none here).
func Local(ctx context.Context, s *model.Scenario, targets []LocalTarget, ids []Identified, opt FitOptions) (*Fit, error) {
	last := s.BaseYear
	for _, t := range targets {
		if t.Year < s.BaseYear || t.Year > s.BaseYear+99 {
			return nil, fmt.Errorf("%s: year %d is outside the years the scenario can simulate from its base year %d (%d–%d); opening values belong in the scenario", t.Where(), t.Year, s.BaseYear, s.BaseYear, s.BaseYear+99)
		}
		last = max(last, t.Year)
	}
	var free []Identified
	for _, id := range ids {
		if !id.Held {
			free = append(free, id)
		}
	}
	fit := &Fit{}
	if opt.Replications < minSEReplications {
		fit.Notes = append(fit.Notes, fmt.Sprintf("the standard errors rest on %d replications: below %d they are rough themselves (the spread of a handful of values); use more for figures to quote", opt.Replications, minSEReplications))
	}
	for _, u := range s.Uncertainty {
		for _, p := range free {
			for _, k := range p.Keys {
				if u.Key == k || strings.HasPrefix(u.Key, k+".") {
					fit.Notes = append(fit.Notes, fmt.Sprintf("uncertainty: %s draws a fitted value anew in every replication (the fit scales the scenario's value, the draw replaces it)", u.Key))
				}
			}
		}
	}
	apply := func(theta []float64) *model.Scenario {
		c := s.Clone()
		for j, p := range free {
			scale(c, p.Free, math.Exp(theta[j]))
		}
		return c
	}
	eval := func(theta []float64, what string) (*evaluation, error) {
		c := apply(theta)
		c.Horizon = last - s.BaseYear + 1
		if _, err := scenarios.Validate(c); err != nil {
			var at []string
			for j, p := range free {
				at = append(at, fmt.Sprintf("%s x%.4g", p.Name, math.Exp(theta[j])))
			}
			return nil, fmt.Errorf("the fit left the scenario's ranges at %s (%s): %w", strings.Join(at, ", "), what, err)
		}
		res, err := model.Run(ctx, c, model.Options{Seed: opt.Seed, Replications: opt.Replications, Members: opt.Members, Workers: opt.Workers, Design: opt.Design})
		if err != nil {
			return nil, err
		}
		fit.Evaluations++
		if opt.Progress != nil {
			opt.Progress(fit.Evaluations, what)
		}
		return evaluate(res, targets), nil
	}
	k, n := len(free), len(targets)
	theta := make([]float64, k)
	cur, err := eval(theta, "start")
	if err != nil {
		return nil, err
	}
	jacobian := func(at []float64, base *evaluation) (*mat.Dense, error) {
		J := mat.NewDense(n, k, nil)
		for j := range k {
			t := slices.Clone(at)
			t[j] += jacobianStep
			e, err := eval(t, "Jacobian: "+free[j].Name)
			if err != nil {
				return nil, err
			}
			for i := range n {
				J.Set(i, j, (e.rel[i]-base.rel[i])/jacobianStep)
			}
		}
		return J, nil
	}
	// Gauss–Newton steps from a Jacobian, retaken where the steps end
	// until a pass takes no step: the last Jacobian is then the
	// solution's, whose gain gives the standard errors.
	var G *mat.Dense
	stuck := false
	for pass := 0; pass < 3 && !stuck && fit.Iterations < maxIterations; pass++ {
		J, err := jacobian(theta, cur)
		if err != nil {
			return nil, err
		}
		if G, err = gain(J, free); err != nil {
			return nil, err
		}
		seTheta := thetaSE(G, cur)
		moved := false
		for fit.Iterations < maxIterations {
			step := make([]float64, k)
			big, bigSE := 0.0, 0.0 // the largest step, in log factor and in se
			for j := range k {
				for i := range n {
					step[j] -= G.At(j, i) * cur.rel[i]
				}
				big = max(big, math.Abs(step[j]))
				if seTheta[j] > 0 {
					bigSE = max(bigSE, math.Abs(step[j])/seTheta[j])
				} else {
					bigSE = math.Inf(1) // no se (one replication): steps alone decide
				}
			}
			if big < convergedStep || bigSE < convergedSE {
				break
			}
			if big > maxStep {
				for j := range step {
					step[j] *= maxStep / big
				}
			}
			var next *evaluation
			var nt []float64
			for half := 0; ; half++ {
				nt = make([]float64, k)
				for j := range k {
					nt[j] = theta[j] + step[j]
				}
				if next, err = eval(nt, fmt.Sprintf("step %d", fit.Iterations+1)); err != nil {
					return nil, err
				}
				if next.ss() < cur.ss() || half == 4 {
					break
				}
				for j := range step {
					step[j] /= 2
				}
			}
			fit.Iterations++
			if next.ss() >= cur.ss() {
				// Within the Monte Carlo error the objective is not
				// smooth (a changed rate moves a few discrete draws):
				// a step of under one se that fails has converged.
				if bigSE >= 1 {
					size := ""
					if !math.IsInf(bigSE, 0) {
						size = fmt.Sprintf(" (%.1f se)", bigSE)
					}
					fit.Notes = append(fit.Notes, fmt.Sprintf("step %d%s did not lower the squared error after four halvings: the fit stops at the best point found; the Monte Carlo error may be too large for the targets (try more replications or members)", fit.Iterations, size))
				}
				stuck = true
				break
			}
			theta, cur, moved = nt, next, true
		}
		if !moved {
			break
		}
		if fit.Iterations >= maxIterations {
			var at []string
			for j, p := range free {
				at = append(at, fmt.Sprintf("%s x%.4g", p.Name, math.Exp(theta[j])))
			}
			fit.Notes = append(fit.Notes, fmt.Sprintf("the fit stopped after %d Gauss–Newton steps without converging, at %s: a factor far from 1 often means a target in the wrong unit", maxIterations, strings.Join(at, ", ")))
		}
	}
	seTheta := thetaSE(G, cur)
	fit.Gain = make([][]float64, k)
	for j := range k {
		fit.Gain[j] = mat.Row(nil, j, G)
	}
	j := 0
	for _, id := range ids {
		p := Param{Identified: id, Factor: 1}
		if !id.Held {
			p.Factor = math.Exp(theta[j])
			p.SE = p.Factor * seTheta[j]
			j++
		}
		fit.Params = append(fit.Params, p)
	}
	fit.Scenario, fit.Input = apply(theta), s
	for i, t := range targets {
		fit.Rows = append(fit.Rows, LocalRow{Line: t.Line, Row: Row{
			Year: t.Year, Item: t.Item, Metric: t.Map.Describe(), Unit: t.Unit, Status: t.Status,
			Target: t.Value, Simulated: cur.mean[i], SE: cur.se[i],
			RelError: cur.rel[i], Tolerance: t.Map.Tolerance,
		}})
	}
	return fit, nil
}

// thetaSE returns the standard errors of the log factors, √(G Σ Gᵀ)_jj
// with Σ the covariance of e's relative simulated means.
func thetaSE(G *mat.Dense, e *evaluation) []float64 {
	var gs, cov mat.Dense
	gs.Mul(G, e.covariance())
	cov.Mul(&gs, G.T())
	k, _ := G.Dims()
	se := make([]float64, k)
	for j := range se {
		se[j] = math.Sqrt(math.Max(cov.At(j, j), 0))
	}
	return se
}

// gain returns G = (JᵀJ)⁻¹Jᵀ by the SVD of J, or an error naming the
// parameters the targets cannot tell apart when J is (nearly) singular.
func gain(J *mat.Dense, free []Identified) (*mat.Dense, error) {
	n, k := J.Dims()
	var svd mat.SVD
	if !svd.Factorize(J, mat.SVDThin) {
		return nil, errors.New("the Jacobian of the fit has no singular value decomposition")
	}
	sv := svd.Values(nil)
	if sv[0] == 0 {
		var names []string
		for _, p := range free {
			names = append(names, p.Name+" (its rows: "+where(p.Rows)+")")
		}
		return nil, fmt.Errorf("the fit is not identified: the targets do not move %s", strings.Join(names, " or "))
	}
	var u, v mat.Dense
	svd.UTo(&u)
	svd.VTo(&v)
	// A singular value below 1e-3 of the largest: a combination of log
	// factors that moves the relative targets by under 0.1% of what the
	// best-determined one does, less than their Monte Carlo error.
	for i, x := range sv {
		if x > 1e-3*sv[0] {
			continue
		}
		var names []string
		for j := range k {
			if math.Abs(v.At(j, i)) > 0.3 {
				names = append(names, free[j].Name)
			}
		}
		if len(names) == 1 {
			return nil, fmt.Errorf("the fit is not identified: the targets do not move %s (its rows: %s)", names[0], where(free[slices.IndexFunc(free, func(p Identified) bool { return p.Name == names[0] })].Rows))
		}
		return nil, fmt.Errorf("the fit is not identified: the targets move %s only together; add a target that separates them or fix one", strings.Join(names, " and "))
	}
	G := mat.NewDense(k, n, nil)
	for j := range k {
		for i := range n {
			var g float64
			for l := range k {
				g += v.At(j, l) * u.At(i, l) / sv[l]
			}
			G.Set(j, i, g)
		}
	}
	return G, nil
}

// evaluation is one run's simulated targets.
type evaluation struct {
	mean, se, rel []float64 // in the targets' units; rel = (mean − target)/|target|
	reps          [][]float64
}

// evaluate maps res to the targets: per replication, each target's value
// in its row's unit, relative to the target.
func evaluate(res *model.Result, targets []LocalTarget) *evaluation {
	e := &evaluation{}
	R := len(res.Values)
	e.reps = make([][]float64, R)
	for r := range R {
		e.reps[r] = make([]float64, len(targets))
	}
	for i, t := range targets {
		y := slices.Index(res.Years, t.Year)
		xs := make([]float64, R)
		for r := range R {
			var v float64
			for _, m := range t.Map.Metrics {
				v += res.Value(r, y, m)
			}
			xs[r] = v / t.Factor
			e.reps[r][i] = xs[r] / math.Abs(t.Value)
		}
		mean, se := MeanSE(xs)
		e.mean = append(e.mean, mean)
		e.se = append(e.se, se)
		e.rel = append(e.rel, (mean-t.Value)/math.Abs(t.Value))
	}
	return e
}

// ss is the sum of squared relative errors.
func (e *evaluation) ss() float64 {
	var s float64
	for _, r := range e.rel {
		s += r * r
	}
	return s
}

// covariance returns the covariance of the relative means: the
// replications' sample covariance / R (0 with one replication).
func (e *evaluation) covariance() *mat.Dense {
	R, n := len(e.reps), len(e.rel)
	c := mat.NewDense(n, n, nil)
	if R < 2 {
		return c
	}
	mean := make([]float64, n)
	for _, row := range e.reps {
		for i, x := range row {
			mean[i] += x / float64(R)
		}
	}
	for a := range n {
		for b := range n {
			var s float64
			for _, row := range e.reps {
				s += (row[a] - mean[a]) * (row[b] - mean[b])
			}
			c.Set(a, b, s/float64(R-1)/float64(R))
		}
	}
	return c
}

// Scale returns a copy of s with the free parameter named name scaled by
// f, as a fit applies it (values rounded to 6 significant digits): to make
// a synthetic city from known factors.
func Scale(s *model.Scenario, name string, f float64) (*model.Scenario, error) {
	i := slices.IndexFunc(FreeParams, func(p Free) bool { return p.Name == name })
	if i < 0 {
		return nil, fmt.Errorf("unknown free parameter %q", name)
	}
	c := s.Clone()
	scale(c, FreeParams[i], f)
	return c, nil
}
