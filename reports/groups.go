package reports

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"simulate/model"
)

// Member-burden histograms (model.GroupYear) are log-binned: bin 0 holds
// exact zeros; bin k ≥ 1 covers [HistMin·10^((k−1)/HistPerDecade),
// HistMin·10^(k/HistPerDecade)) yuan, so with HistPerDecade = 50 a bin is
// 10^(1/50) ≈ 1.047 times as wide at its top as at its bottom: a percentile
// read from it is within about 4.7 % of the true value. Bin 1 also takes
// positive amounts below HistMin and the last bin (upper edge
// HistMin·10^HistDecades = 1e8 yuan) everything above, so percentiles
// falling there are only bounded by that bin's edges.

// histLower and histUpper return the edges of bin k ≥ 1 in yuan, as the
// engine bins (model.HistEdge).
func histLower(k int) float64 { return model.HistEdge(k - 1) }

func histUpper(k int) float64 { return model.HistEdge(k) }

// histQuantile returns the p-quantile of the amounts counted in h: the
// point where the cumulative count reaches p × total, interpolating
// linearly in log(amount) within the bin (amounts assumed spread evenly on
// the log scale inside a bin), and 0 when the quantile falls among the
// exact zeros of bin 0. It returns NaN for an empty histogram.
func histQuantile(h *[model.HistBins]uint32, p float64) float64 {
	var total float64
	for _, c := range h {
		total += float64(c)
	}
	if total == 0 {
		return math.NaN()
	}
	target := p * total
	var cum float64
	for k, c := range h {
		if c == 0 {
			continue
		}
		next := cum + float64(c)
		if next >= target {
			if k == 0 {
				return 0
			}
			f := (target - cum) / float64(c)
			lo, hi := math.Log(histLower(k)), math.Log(histUpper(k))
			return math.Exp(lo + f*(hi-lo))
		}
		cum = next
	}
	// Rounding left target just above the total: the top of the last
	// non-empty bin.
	for k := len(h) - 1; k > 0; k-- {
		if h[k] > 0 {
			return histUpper(k)
		}
	}
	return 0
}

// Group kinds of groups.csv and groups-comparison.csv: every member, a
// status (active, flexible, retired) or a contribution-base quintile (q1 …
// q5).
const (
	GroupAll          = "all"
	GroupStatus       = "status"
	GroupBaseQuintile = "base_quintile"
)

// GroupOf returns the kind and the group of a model.GroupStatuses label:
// all → (all, all), active → (status, active), base_q1 → (base_quintile,
// q1).
func GroupOf(label string) (kind, group string) {
	switch {
	case label == "all":
		return GroupAll, "all"
	case strings.HasPrefix(label, "base_q"):
		return GroupBaseQuintile, strings.TrimPrefix(label, "base_")
	default:
		return GroupStatus, label
	}
}

// groupLabel is GroupOf's inverse: the model.GroupStatuses label of a kind
// and group, as the earlier format's status column wrote it.
func groupLabel(kind, group string) string {
	if kind == GroupBaseQuintile {
		return "base_" + group
	}
	return group
}

// GroupsColumns is the header of groups.csv; groups-comparison.csv has
// base before it.
var GroupsColumns = []string{"scenario", "year", "group_kind", "group", "age_band", "metric", "stat", "value", "se", "lo", "hi"}

// groupUnits are the independent units whose spread measures the Monte
// Carlo error of a group's mean: the blocks of a Latin hypercube design with
// at least MinBlocks blocks, else the replications.
type groupUnits struct {
	bl *blocking // nil: replications
	n  int       // replications
	t  float64   // Student's t at (1 + CILevel)/2
}

// newGroupUnits returns the units of res, or nil when res holds no
// replications' group sums or fewer than 2 replications.
func newGroupUnits(res *model.Result) *groupUnits {
	n := len(res.Values)
	if len(res.RepGroups) != n || n < 2 {
		return nil
	}
	u := &groupUnits{bl: newBlocking(res), n: n}
	if u.bl != nil {
		u.t = u.bl.t
	} else {
		u.t = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile((1 + CILevel) / 2)
	}
	return u
}

// variance returns the variance of an estimate whose linearised
// contribution of replication i is z[i] (Σz = 0): n/(n−1)·Σz² over the
// replications, or between the blocks k/(k−1)·Σ(Σ_{i∈j} zᵢ)², never below
// the replications' variance over the block size (blocking.floor).
func (u *groupUnits) variance(z []float64) float64 {
	var ss float64
	for _, x := range z {
		ss += x * x
	}
	n := float64(u.n)
	iid := n / (n - 1) * ss
	if u.bl == nil {
		return iid
	}
	bl := u.bl
	clear(bl.sums)
	for i, x := range z {
		bl.sums[bl.of[i]] += x
	}
	var bs float64
	for _, s := range bl.sums {
		bs += s * s
	}
	k := float64(bl.k)
	return bl.floor(k/(k-1)*bs, iid)
}

// groupBand is the Monte Carlo precision of a group's mean per member
// (yuan): its standard error and interval at CILevel, and the P5 and P95
// over replications of the replications' own means. NaN where unknown.
type groupBand struct {
	se, lo, hi, p05, p95 float64
}

// ratioTerm is one group's ratio estimator in a band: the pooled mean
// est = ΣC/ΣN (fen per member) over the replications, and each
// replication's sums.
type ratioTerm struct {
	rows   [][]model.GroupSum
	g      int     // index in a row
	cash   bool    // cash (else burden)
	est, n float64 // pooled mean in fen, total members
	sign   float64 // +1, or −1 for the base of a difference
}

// band returns the band of est (yuan per member), the sum of the terms'
// signed means: the ratio estimator's linearisation zᵢ = Σ sign·(Cᵢ −
// est·Nᵢ)/N per replication (Cochran 1977, §6.4; paired when the terms
// are a scenario and its base on common random numbers), and the
// percentiles of the replications' own (differences of) means, over the
// replications where every term's group has members.
func (u *groupUnits) band(est float64, terms []ratioTerm, z, xs []float64) groupBand {
	b := groupBand{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	if u == nil {
		return b
	}
	z = z[:u.n]
	xs = xs[:0]
	clear(z)
	for i := range u.n {
		m, ok := 0.0, true
		for _, t := range terms {
			gs := t.rows[i][t.g]
			c := float64(gs.BurdenFen)
			if t.cash {
				c = float64(gs.CashFen)
			}
			z[i] += t.sign * (c - t.est*float64(gs.Members)) / t.n
			if gs.Members == 0 {
				ok = false
				continue
			}
			m += t.sign * c / float64(gs.Members)
		}
		if ok {
			xs = append(xs, m/100)
		}
	}
	b.se = math.Sqrt(u.variance(z)) / 100
	b.lo, b.hi = est-u.t*b.se, est+u.t*b.se
	if len(xs) > 0 {
		slices.Sort(xs)
		b.p05, b.p95 = quantile7(xs, 0.05), quantile7(xs, 0.95)
	}
	return b
}

// groupRows writes the rows of one group, age band and metric of groups.csv
// or groups-comparison.csv after the leading columns lead: the mean with
// its se and interval, then the pooled p90 when p90 is not nil, then the P5
// and P95 over replications of the replications' means when known.
func groupRows(cw *csv.Writer, lead []string, mean float64, band groupBand, p90 *float64) error {
	rec := func(stat string, v float64, se, lo, hi string) error {
		return cw.Write(append(slices.Clip(lead), stat, cell(v), se, lo, hi))
	}
	if err := rec("mean", mean, cell(band.se), cell(band.lo), cell(band.hi)); err != nil {
		return err
	}
	if p90 != nil {
		if err := rec("p90", *p90, "", "", ""); err != nil {
			return err
		}
	}
	if defined(band.p05) {
		if err := rec("mean_p05", band.p05, "", "", ""); err != nil {
			return err
		}
		if err := rec("mean_p95", band.p95, "", "", ""); err != nil {
			return err
		}
	}
	return nil
}

// writeGroups writes groups.csv: for every year, group and age band with
// members (in that order), the member cash and total burden per member:
// the mean from the exact fen sums, with its Monte Carlo se and interval
// (ratio estimator over the replications, or between blocks); p90 from the
// pooled histograms; the P5 and P95 over replications of the replication's
// mean.
func writeGroups(cw *csv.Writer, res *model.Result) error {
	if err := cw.Write(GroupsColumns); err != nil {
		return err
	}
	if len(res.Groups) == 0 {
		return nil
	}
	u := newGroupUnits(res)
	z, xs := make([]float64, len(res.Values)), make([]float64, 0, len(res.Values))
	for y, year := range res.Years {
		ys := strconv.Itoa(year)
		for s, status := range model.GroupStatuses {
			kind, group := GroupOf(status)
			for b := range model.NumAgeBands {
				gi := y*model.NumGroups + s*model.NumAgeBands + b
				g := &res.Groups[gi]
				if g.Members <= 0 {
					continue
				}
				band := model.AgeBandLabel(b)
				members := float64(g.Members)
				for _, m := range []struct {
					name string
					cash bool
					fen  int64
					hist *[model.HistBins]uint32
				}{{"cash", true, g.CashFen, &g.CashHist}, {"burden", false, g.BurdenFen, &g.BurdenHist}} {
					mean := float64(m.fen) / members / 100
					bd := u.band(mean, []ratioTerm{{rows: res.RepGroups, g: gi, cash: m.cash, est: float64(m.fen) / members, n: members, sign: 1}}, z, xs)
					p90 := histQuantile(m.hist, 0.9)
					if err := groupRows(cw, []string{res.Scenario, ys, kind, group, band, m.name}, mean, bd, &p90); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// WriteGroupsComparisonCSV writes groups-comparison.csv rows: the change of
// members' mean cash and total burden per member, scenario − base, by year,
// group and age band: who gains, who loses. With both runs' replications'
// group sums on the same replications, each mean has its paired se and
// interval (the ratio estimators' linearised differences per replication),
// and the P5 and P95 over replications of the replications' differences.
func WriteGroupsComparisonCSV(w io.Writer, header bool, base, scenario *model.Result) error {
	cw := csv.NewWriter(w)
	if header {
		cw.Write(append([]string{"base"}, GroupsColumns...))
	}
	var u *groupUnits
	if slices.Equal(base.Reps, scenario.Reps) && len(base.Values) == len(scenario.Values) {
		if u = newGroupUnits(base); newGroupUnits(scenario) == nil {
			u = nil
		}
	}
	z, xs := make([]float64, len(base.Values)), make([]float64, 0, len(base.Values))
	for y, year := range base.Years {
		for st, status := range model.GroupStatuses {
			kind, group := GroupOf(status)
			for b := range model.NumAgeBands {
				g := y*model.NumGroups + st*model.NumAgeBands + b
				gb, gs := &base.Groups[g], &scenario.Groups[g]
				if gb.Members == 0 || gs.Members == 0 {
					continue
				}
				nb, ns := float64(gb.Members), float64(gs.Members)
				for _, m := range []struct {
					name   string
					cash   bool
					bf, sf int64
				}{{"cash", true, gb.CashFen, gs.CashFen}, {"burden", false, gb.BurdenFen, gs.BurdenFen}} {
					d := float64(m.sf)/100/ns - float64(m.bf)/100/nb
					bd := u.band(d, []ratioTerm{
						{rows: scenario.RepGroups, g: g, cash: m.cash, est: float64(m.sf) / ns, n: ns, sign: 1},
						{rows: base.RepGroups, g: g, cash: m.cash, est: float64(m.bf) / nb, n: nb, sign: -1},
					}, z, xs)
					if err := groupRows(cw, []string{base.Scenario, scenario.Scenario, strconv.Itoa(year), kind, group, model.AgeBandLabel(b), m.name}, d, bd, nil); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeGroupReplications writes groups-replications.csv: every
// replication's sums of every group with members, by replication, year,
// group and age band: the members counted and their cash and burden in fen
// (what merge needs to give a merged run's group means their intervals).
func writeGroupReplications(cw *csv.Writer, res *model.Result) error {
	if err := cw.Write(GroupReplicationsColumns); err != nil {
		return err
	}
	for i, row := range res.RepGroups {
		rep := strconv.Itoa(res.Reps[i])
		for y, year := range res.Years {
			ys := strconv.Itoa(year)
			for s, status := range model.GroupStatuses {
				kind, group := GroupOf(status)
				for b := range model.NumAgeBands {
					g := row[y*model.NumGroups+s*model.NumAgeBands+b]
					if g.Members == 0 {
						continue
					}
					if err := cw.Write([]string{res.Scenario, rep, ys, kind, group, model.AgeBandLabel(b),
						strconv.FormatInt(g.Members, 10), strconv.FormatInt(g.CashFen, 10), strconv.FormatInt(g.BurdenFen, 10)}); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// GroupReplicationsColumns is the header of groups-replications.csv.
var GroupReplicationsColumns = []string{"scenario", "replication", "year", "group_kind", "group", "age_band", "members", "cash_fen", "burden_fen"}
