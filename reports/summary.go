package reports

import (
	"fmt"
	"math"
	"slices"

	"simulate/model"
)

// SummarySchema names the format of summary.json (docs/outputs.md): v2 adds
// to v1 the confidence intervals of every percentile and probability.
// ReadSummary reads both; a v1 summary has no intervals.
const SummarySchema = "simulate/summary/v2"

// summaryV1 is the schema of a summary without intervals.
const summaryV1 = "simulate/summary/v1"

// CILevel is the confidence level of a summary's intervals.
const CILevel = 0.95

// Bounds are the lower and upper ends of a confidence interval, one per
// year; an end is NaN (null, empty) where too few replications bound it.
type Bounds struct {
	Lo, Hi []float64
}

// cell returns the CSV cells of the interval in year y: empty for an
// undefined end, or when there is no interval (a v1 summary).
func (b Bounds) cell(y int) (lo, hi string) {
	if y < len(b.Lo) {
		lo = cell(b.Lo[y])
	}
	if y < len(b.Hi) {
		hi = cell(b.Hi[y])
	}
	return lo, hi
}

func newBounds(ny int) Bounds {
	return Bounds{Lo: make([]float64, ny), Hi: make([]float64, ny)}
}

// Summary is the content of summary.json: statistics over replications of
// every metric in every year, the solvency indicators, the warnings and the
// run's throughput. Per-year slices are indexed like Years; a NaN element is
// an undefined value (null in JSON, empty in CSV).
type Summary struct {
	Schema string
	// Version is the program version and Fingerprint the run fingerprint
	// (see Fingerprint); Summarize leaves both empty for the caller.
	Version     string
	Fingerprint string
	Scenario    string
	Seed        uint64
	// Replications is the number of replications summarized: the whole
	// run, or the replications of one shard.
	Replications int
	Members      int
	Population   float64 // persons at the start of the base year
	Weight       float64 // persons represented by one member: Population / Members
	// Design is how the replications' inputs were drawn (a model.Design
	// name; empty in a summary of an earlier version). Blocks is the
	// number of its blocks whose spread measured SE and the intervals, 0
	// when they are those of independent replications (MinBlocks).
	Design   string
	Blocks   int
	Years    []int
	Metrics  []MetricSummary // in model.Metrics table order
	Solvency Solvency
	// Warnings are the run's warnings as texts: Summarize words the
	// model's (Words); a program that words them in its own terms, or adds
	// its own (the scenario's), replaces them.
	Warnings []string
	Perf     Perf
	// Precision is how a run to a precision (--precision) ended; nil for
	// a run of a fixed number of replications.
	Precision *Precision
}

// Precision is how a run to a precision ended: each target with the
// estimate and interval it reached, whether all were met, and the most
// replications the run could take.
type Precision struct {
	Targets         []PrecisionTarget
	Met             bool
	MaxReplications int
	// Request is the fingerprint of the run as asked for (its first batch,
	// targets and maximum): a sweep point's identity before it runs.
	Request string
}

// PrecisionTarget is one target of a run to a precision: the estimate it
// names, its interval at CILevel, the half-width (hi − lo)/2 reached (NaN
// while a side is unbounded) and the half-width wanted.
//
// IndependentHalfWidth is, for a run whose precision was measured between
// the blocks of a Latin hypercube design, the half-width of the interval
// of independent replications (order statistics, Wilson, sd/√n) of the
// same values: what plain sampling would give at the same number of
// replications, so that (IndependentHalfWidth/HalfWidth)² is the factor
// of replications the design saves. NaN otherwise.
type PrecisionTarget struct {
	Target                   string
	Estimate, Lo, Hi         float64
	HalfWidth, WantHalfWidth float64
	IndependentHalfWidth     float64
	Met                      bool
}

// MetricSummary holds the statistics over replications of one metric, one
// value per year: mean, standard deviation (n − 1 denominator, 0 for a
// single replication), standard error and type-7 percentiles. The standard
// error of the mean is sd/√n, or measured between the blocks of a Latin
// hypercube design (Summary.Blocks). n counts
// the replications whose value is defined that year; a statistic over none is
// NaN.
//
// P05CI … P95CI are the confidence intervals, at CILevel, of the
// percentiles: the distribution-free order-statistic intervals of
// QuantileInterval, or with Summary.Blocks the intervals measured between
// blocks (Woodruff's). They are nil in a summary read from a v1 file.
type MetricSummary struct {
	Name                              string
	Unit                              model.Unit
	Mean, SD, SE                      []float64
	P05, P25, P50, P75, P95           []float64
	P05CI, P25CI, P50CI, P75CI, P95CI Bounds
}

// Solvency holds the pool's solvency indicators (docs/model.md section 5). The
// per-year shares are in [0, 1], of all replications summarized.
type Solvency struct {
	// PDeficit is the share with pool income below pool expenditure in the
	// year.
	PDeficit []float64
	// PDepleted is the share whose pool balance was below 0 at the end of
	// the year or of any earlier year.
	PDepleted []float64
	// PInsufficient, PBelowWarning and PExcess are the shares with months
	// of payment below bands.Insufficient, below bands.Warning and above
	// bands.Excess; an undefined pool_months is in none of these bands.
	PInsufficient []float64
	PBelowWarning []float64
	PExcess       []float64
	// PDeficitCI … PExcessCI are the Wilson intervals, at CILevel, of the
	// shares above (WilsonInterval); nil in a summary read from a v1 file.
	PDeficitCI, PDepletedCI, PInsufficientCI, PBelowWarningCI, PExcessCI Bounds
	// FirstDeficitYear and DepletionYear are percentiles over replications
	// of the first year with a deficit and the first year with a negative
	// pool balance.
	FirstDeficitYear YearPercentiles
	DepletionYear    YearPercentiles
	// FirstDeficitYearCI and DepletionYearCI are the percentiles'
	// confidence intervals at CILevel; nil in a summary read from a v1
	// file (or a v2 file of engine 0.5.0).
	FirstDeficitYearCI, DepletionYearCI *YearIntervals
}

// YearIntervals are the confidence intervals of the P5, P50 and P95 of an
// event year (YearPercentiles), Lo[k] … Hi[k]: the distribution-free
// order-statistic intervals of QuantileInterval on the replications' event
// years (not measured between blocks: they are valid, within a factor
// 20/19 in variance, under the Latin hypercube too). An end the
// replications do not bound is the base year below (no event can come
// earlier) and beyond the horizon above; 0 is beyond the horizon.
type YearIntervals struct {
	Lo, Hi [3]int
}

// YearPercentiles are the 5th, 50th and 95th percentiles of an event year
// over replications: the ⌈qR⌉-th smallest year, a replication without the
// event counting as beyond the horizon. The zero value 0 means undefined: the
// percentile lies beyond the horizon (or there are no replications).
type YearPercentiles struct {
	P05, P50, P95 int
}

// Perf is the throughput of the run. A NaN field is undefined
// (MemberYearsPerSecond when Seconds is 0).
type Perf struct {
	MemberYears          float64 // members alive, summed over replications and years
	Seconds              float64 // wall time of set-up and replications
	MemberYearsPerSecond float64
}

// Metric returns the summary of the metric with the given name, or nil.
func (s *Summary) Metric(name string) *MetricSummary {
	for i := range s.Metrics {
		if s.Metrics[i].Name == name {
			return &s.Metrics[i]
		}
	}
	return nil
}

// Words words the model's warnings ws as the model does (Warning.Error).
func Words(ws []model.Warning) []string {
	var t []string
	for _, w := range ws {
		t = append(t, w.Error())
	}
	return t
}

// Summarize computes the summary of res, judging months of payment against
// bands. It panics if res is malformed (a row of Values whose length is not
// len(Years) × model.NumMetrics): that is a bug in the engine, not an input
// error. Version and Fingerprint are left for the caller to set.
func Summarize(res *model.Result, bands model.MonthBands) *Summary {
	nm := int(model.NumMetrics)
	ny := len(res.Years)
	for i, row := range res.Values {
		if len(row) != ny*nm {
			panic(fmt.Sprintf("reports.Summarize: replication %d has %d values, want %d years × %d metrics", i, len(row), ny, nm))
		}
	}
	s := &Summary{
		Schema:       SummarySchema,
		Scenario:     res.Scenario,
		Seed:         res.Seed,
		Replications: len(res.Values),
		Members:      res.Members,
		Population:   res.Population,
		Weight:       res.Weight,
		Design:       res.Design.String(),
		Years:        slices.Clone(res.Years),
		Metrics:      make([]MetricSummary, nm),
		Warnings:     Words(res.Warnings),
		Perf: Perf{
			MemberYears:          res.MemberYears,
			Seconds:              res.Seconds,
			MemberYearsPerSecond: math.NaN(),
		},
	}
	if res.Seconds > 0 {
		s.Perf.MemberYearsPerSecond = res.MemberYears / res.Seconds
	}
	if s.Years == nil {
		s.Years = []int{}
	}
	if s.Warnings == nil {
		s.Warnings = []string{}
	}

	xs := make([]float64, len(res.Values))
	ind := make([]float64, len(res.Values))
	var buf []float64
	orders := orderCache{}
	bl := newBlocking(res)
	if bl != nil {
		s.Blocks = bl.k
	}
	for m := range nm {
		ms := &s.Metrics[m]
		ms.Name = model.Metrics[m].Name
		ms.Unit = model.Metrics[m].Unit
		for _, p := range []*[]float64{&ms.Mean, &ms.SD, &ms.SE, &ms.P05, &ms.P25, &ms.P50, &ms.P75, &ms.P95} {
			*p = make([]float64, ny)
		}
		cis := ms.intervals()
		for _, b := range cis {
			*b = newBounds(ny)
		}
		for y := range ny {
			for i := range res.Values {
				xs[i] = res.Value(i, y, model.Metric(m))
			}
			var st stats
			st, buf = summarize(xs, buf)
			ms.Mean[y], ms.SD[y], ms.SE[y] = st.mean, st.sd, st.se
			ms.P05[y], ms.P25[y], ms.P50[y], ms.P75[y], ms.P95[y] = st.p05, st.p25, st.p50, st.p75, st.p95
			// buf holds the defined values, sorted.
			if bl != nil && len(buf) > 0 {
				_, v := bl.ratio(xs)
				ms.SE[y] = math.Sqrt(bl.floor(v, st.sd*st.sd/float64(len(buf))))
			}
			for k, p := range percentileLevels {
				lo, hi := math.NaN(), math.NaN()
				if bl != nil && len(buf) > 0 {
					lo, hi = bl.quantileInterval(xs, buf, ind, p, ms.percentiles()[k][y])
				} else if len(buf) > 0 {
					ix := orders.of(len(buf), k, p)
					lo, hi = orderBounds(buf, ix.l, ix.u)
				}
				cis[k].Lo[y], cis[k].Hi[y] = undefinedIfInf(lo), undefinedIfInf(hi)
			}
		}
	}
	s.Solvency = solvency(res, bands, bl)
	return s
}

// percentileLevels are the levels of P05 … P95, in the order of
// MetricSummary.intervals.
var percentileLevels = [5]float64{0.05, 0.25, 0.50, 0.75, 0.95}

// PercentileNames are the names of the percentiles, p05 … p95, in the
// order of Percentile and Interval.
var PercentileNames = percentileNames

// Percentile returns the k-th percentile (PercentileNames[k]) by year.
func (m *MetricSummary) Percentile(k int) []float64 { return m.percentiles()[k] }

// Interval returns the confidence interval of the k-th percentile.
func (m *MetricSummary) Interval(k int) Bounds { return *m.intervals()[k] }

// ShareOf is a solvency share by year, with its name and interval.
type ShareOf struct {
	Name  string
	Share []float64
	CI    Bounds
}

// Shares returns the solvency shares, in the order the files list them.
func (sv *Solvency) Shares() []ShareOf {
	var out []ShareOf
	for _, f := range sv.shareIntervals() {
		out = append(out, ShareOf{Name: f.name, Share: f.share, CI: *f.ci})
	}
	return out
}

// percentiles returns the percentiles, in the order of percentileLevels.
func (m *MetricSummary) percentiles() [5][]float64 {
	return [5][]float64{m.P05, m.P25, m.P50, m.P75, m.P95}
}

// intervals returns the addresses of the percentiles' intervals, in the
// order of percentileLevels.
func (m *MetricSummary) intervals() [5]*Bounds {
	return [5]*Bounds{&m.P05CI, &m.P25CI, &m.P50CI, &m.P75CI, &m.P95CI}
}

// shareIntervals returns the addresses of the shares and of their
// intervals, in the order the files list them.
func (sv *Solvency) shareIntervals() [5]struct {
	name  string
	share []float64
	ci    *Bounds
} {
	return [5]struct {
		name  string
		share []float64
		ci    *Bounds
	}{{"p_deficit", sv.PDeficit, &sv.PDeficitCI}, {"p_depleted", sv.PDepleted, &sv.PDepletedCI},
		{"p_insufficient", sv.PInsufficient, &sv.PInsufficientCI}, {"p_below_warning", sv.PBelowWarning, &sv.PBelowWarningCI},
		{"p_excess", sv.PExcess, &sv.PExcessCI}}
}

// orderCache holds the order statistics of the percentiles' intervals by
// count of values: they depend on the count and the level only.
type orderCache map[[2]int]struct{ l, u int }

func (c orderCache) of(n, k int, p float64) struct{ l, u int } {
	key := [2]int{n, k}
	ix, ok := c[key]
	if !ok {
		ix.l, ix.u, _ = orderIndices(n, p, CILevel)
		c[key] = ix
	}
	return ix
}

// undefinedIfInf turns an unbounded end of an interval into NaN
// (undefined: null in JSON, empty in CSV).
func undefinedIfInf(v float64) float64 {
	if math.IsInf(v, 0) {
		return math.NaN()
	}
	return v
}

// solvency computes the solvency indicators of res, their intervals
// measured between the blocks of bl when it is not nil.
func solvency(res *model.Result, bands model.MonthBands, bl *blocking) Solvency {
	ny := len(res.Years)
	n := len(res.Values)
	var sv Solvency
	for _, p := range []*[]float64{&sv.PDeficit, &sv.PDepleted, &sv.PInsufficient, &sv.PBelowWarning, &sv.PExcess} {
		*p = make([]float64, ny)
	}
	// beyond stands for "no event within the horizon"; it sorts after
	// every simulated year.
	const beyond = math.MaxInt
	firstDeficit := make([]int, n)
	depletion := make([]int, n)
	// blockCounts[f][y*k+j]: the count of share f in year y and block j.
	var blockCounts [5][]float64
	count := func(f int, share []float64, i, y int) {
		share[y]++
		if bl != nil {
			blockCounts[f][y*bl.k+bl.of[i]]++
		}
	}
	if bl != nil {
		for f := range blockCounts {
			blockCounts[f] = make([]float64, ny*bl.k)
		}
	}
	for i := range n {
		firstDeficit[i], depletion[i] = beyond, beyond
		for y := range ny {
			// NaN compares false: an undefined value is no event.
			if res.Value(i, y, model.PoolIncome) < res.Value(i, y, model.PoolExpenditure) {
				count(0, sv.PDeficit, i, y)
				if firstDeficit[i] == beyond {
					firstDeficit[i] = res.Years[y]
				}
			}
			if res.Value(i, y, model.PoolBalance) < 0 && depletion[i] == beyond {
				depletion[i] = res.Years[y]
			}
			if depletion[i] != beyond {
				count(1, sv.PDepleted, i, y)
			}
			months := res.Value(i, y, model.PoolMonths)
			if months < bands.Insufficient {
				count(2, sv.PInsufficient, i, y)
			}
			if months < bands.Warning {
				count(3, sv.PBelowWarning, i, y)
			}
			if months > bands.Excess {
				count(4, sv.PExcess, i, y)
			}
		}
	}
	for k, f := range sv.shareIntervals() {
		*f.ci = newBounds(ny)
		for y := range f.share {
			lo, hi := math.NaN(), math.NaN()
			if bl != nil {
				p := f.share[y] / float64(n)
				v := bl.shareVariance(blockCounts[k][y*bl.k:(y+1)*bl.k], p)
				lo, hi = bl.shareInterval(p, v, n)
			} else if n > 0 {
				lo, hi = WilsonInterval(int(f.share[y]), n, CILevel)
			}
			f.ci.Lo[y], f.ci.Hi[y] = lo, hi
			f.share[y] /= float64(n) // NaN when n is 0: undefined
		}
	}
	sv.FirstDeficitYear = yearPercentiles(firstDeficit, beyond)
	sv.DepletionYear = yearPercentiles(depletion, beyond)
	if n > 0 && ny > 0 {
		sv.FirstDeficitYearCI = yearIntervals(firstDeficit, beyond, res.Years[0])
		sv.DepletionYearCI = yearIntervals(depletion, beyond, res.Years[0])
	}
	return sv
}

// yearIntervals returns the intervals of the percentiles of the event
// years ys (beyond: no event) of a run whose first year is first.
func yearIntervals(ys []int, beyond, first int) *YearIntervals {
	ys = slices.Clone(ys)
	slices.Sort(ys)
	var iv YearIntervals
	for k, p := range [3]float64{0.05, 0.5, 0.95} {
		l, u, _ := orderIndices(len(ys), p, CILevel)
		iv.Lo[k], iv.Hi[k] = first, 0
		if l >= 1 && ys[l-1] != beyond {
			iv.Lo[k] = ys[l-1]
		} else if l >= 1 {
			iv.Lo[k] = 0
		}
		if u <= len(ys) && ys[u-1] != beyond {
			iv.Hi[k] = ys[u-1]
		}
	}
	return &iv
}

// yearPercentiles returns the percentiles of the event years ys, in which
// beyond marks a replication without the event.
func yearPercentiles(ys []int, beyond int) YearPercentiles {
	if len(ys) == 0 {
		return YearPercentiles{}
	}
	ys = slices.Clone(ys)
	slices.Sort(ys)
	pick := func(pct int) int {
		y := orderStat(ys, pct)
		if y == beyond {
			return 0
		}
		return y
	}
	return YearPercentiles{P05: pick(5), P50: pick(50), P95: pick(95)}
}
