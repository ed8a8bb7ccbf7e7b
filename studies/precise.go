package studies

import (
	"fmt"
	"io"
	"math"
	"strings"

	"simulate/model"
	"simulate/reports"
)

// PrecisionStart is the first batch of a run to a precision when
// --replications is not given: the fewest blocks of a Latin hypercube
// design whose spread measures the precision.
const PrecisionStart = reports.MinBlocks * model.DesignBlock

// precisionRun is a run to the targets of --precision: replications are added
// in batches until every target's half-width is reached or the run has
// --max-replications. Every decision depends on the results alone, so the
// same seed gives the same replications, whatever the workers.
type precisionRun struct {
	targets []Precision
	max     int
	block   int
	bands   model.MonthBands
	log     io.Writer // a line per batch added; nil: quiet
	err     error     // the first target that cannot be evaluated
}

// parsePrecision parses the --precision targets of o and checks them
// against s's metrics and years; nil when there are none.
func parsePrecision(o *Options, s *model.Scenario, stderr io.Writer) (*precisionRun, error) {
	if len(o.Precision) == 0 {
		return nil, nil
	}
	p := &precisionRun{max: o.MaxReplications, block: o.Design.Block(), bands: s.Fund.Bands}
	if !o.Quiet {
		p.log = stderr
	}
	for _, text := range o.Precision {
		t, err := ParsePrecision(text)
		if err != nil {
			return nil, UsageError{err}
		}
		if _, ok := model.MetricByName(t.Metric); !ok && t.Stat != "" {
			return nil, usagef("--precision %q: unknown metric %q (see docs/outputs.md)", text, t.Metric)
		}
		if t.Year != 0 && (t.Year < s.BaseYear || t.Year > s.LastYear()) {
			return nil, usagef("--precision %q: year %d is outside the run's %d–%d", text, t.Year, s.BaseYear, s.LastYear())
		}
		p.targets = append(p.targets, t)
	}
	return p, nil
}

// state returns the targets' state in sum, the summary of res; under a
// Latin hypercube design measured between blocks, each target also gets
// the half-width of independent replications of the same values.
func (p *precisionRun) state(res *model.Result, sum *reports.Summary) (*reports.Precision, error) {
	st := &reports.Precision{Met: true, MaxReplications: p.max, Targets: []reports.PrecisionTarget{}}
	var iid *reports.Summary
	if sum.Blocks > 0 {
		plain := *res
		plain.Design = model.Independent
		iid = reports.Summarize(&plain, p.bands)
	}
	for _, t := range p.targets {
		r, err := t.Reached(sum)
		if err != nil {
			return nil, UsageError{err}
		}
		r.IndependentHalfWidth = math.NaN()
		if iid != nil {
			ri, err := t.Reached(iid)
			if err != nil {
				return nil, UsageError{err}
			}
			r.IndependentHalfWidth = ri.HalfWidth
		}
		st.Met = st.Met && r.Met
		st.Targets = append(st.Targets, r)
	}
	return st, nil
}

// next returns the replications to add to a run of n replications whose
// targets are in state st (0: stop). A target's half-width falls as
// 1/√n, so n·(h/X)² replications would reach it; the run takes 10% more,
// at least one block and at most twice what it has (an early estimate of
// the half-width is itself rough), rounded up to whole blocks, never past
// the maximum. A target without an interval yet doubles the run.
func (p *precisionRun) next(st *reports.Precision, n int) int {
	if st.Met || n >= p.max {
		return 0
	}
	want := n
	for _, t := range st.Targets {
		if t.Met {
			continue
		}
		need := 2 * n
		if r := t.HalfWidth / t.WantHalfWidth; !math.IsNaN(r) {
			need = int(math.Ceil(1.1 * float64(n) * r * r))
		}
		want = max(want, need)
	}
	want = min(max(want, n+p.block), 2*n)
	want = (want + p.block - 1) / p.block * p.block
	return min(want, p.max) - n
}

// more is model.Options.More for the run: it summarises the replications
// so far and asks for the next batch.
func (p *precisionRun) more(res *model.Result) int {
	st, err := p.state(res, reports.Summarize(res, p.bands))
	if err != nil {
		p.err = err
		return 0
	}
	more := p.next(st, res.Replications)
	if more > 0 && p.log != nil {
		var parts []string
		for _, t := range st.Targets {
			if !t.Met {
				parts = append(parts, fmt.Sprintf("%s half-width %s (want ≤ %.4g)", t.Target, textHalf(t.HalfWidth), t.WantHalfWidth))
			}
		}
		fmt.Fprintf(p.log, "precision: after %d replications %s; adding %d\n", res.Replications, strings.Join(parts, ", "), more)
	}
	return more
}

// finish records in sum, the summary of res, how the run ended, and warns
// when the maximum stopped it before every target was met.
func (p *precisionRun) finish(res *model.Result, sum *reports.Summary) error {
	if p.err != nil {
		return p.err
	}
	st, err := p.state(res, sum)
	if err != nil {
		return err
	}
	sum.Precision = st
	if !st.Met {
		sum.Warnings = append(sum.Warnings, notReached(st))
	}
	return nil
}

// notReached is the warning of a run that --max-replications stopped
// before every target of st was met, naming those it missed.
func notReached(st *reports.Precision) string {
	var unmet []string
	for _, t := range st.Targets {
		if !t.Met {
			unmet = append(unmet, fmt.Sprintf("%s (half-width %s)", t.Target, textHalf(t.HalfWidth)))
		}
	}
	return fmt.Sprintf("--precision not reached within --max-replications %d: %s; raise --max-replications or accept the wider interval",
		st.MaxReplications, strings.Join(unmet, ", "))
}

// textHalf formats a half-width, "unbounded" while a side is.
func textHalf(h float64) string {
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return "unbounded"
	}
	return fmt.Sprintf("%.4g", h)
}

// writePrecisionText prints how a run to a precision ended, a line per
// target.
func writePrecisionText(w io.Writer, sum *reports.Summary) {
	st := sum.Precision
	if st == nil {
		return
	}
	why := "every target met"
	if !st.Met {
		why = fmt.Sprintf("stopped by --max-replications %d", st.MaxReplications)
	}
	fmt.Fprintf(w, "precision: %d replications, %s\n", sum.Replications, why)
	for _, t := range st.Targets {
		mark := "met"
		if !t.Met {
			mark = "NOT met"
		}
		fmt.Fprintf(w, "  %s: %.4g [%.4g, %.4g], half-width %s (want ≤ %.4g) %s\n", t.Target, t.Estimate, t.Lo, t.Hi, textHalf(t.HalfWidth), t.WantHalfWidth, mark)
		if r := t.IndependentHalfWidth / t.HalfWidth; r > 0 && !math.IsInf(r, 0) {
			fmt.Fprintf(w, "    independent draws: half-width %s on the same values, so about %.0f replications for this half-width (%.2f× the %d of the Latin hypercube)\n",
				textHalf(t.IndependentHalfWidth), math.Ceil(float64(sum.Replications)*r*r), r*r, sum.Replications)
		}
	}
}

// moreFunc returns model.Options.More for a run to p, nil without targets.
func (p *precisionRun) moreFunc() func(*model.Result) int {
	if p == nil {
		return nil
	}
	return p.more
}

// finishSummary is finish, doing nothing without targets; request is
// the run's requestFingerprint.
func (p *precisionRun) finishSummary(res *model.Result, sum *reports.Summary, request string) error {
	if p == nil {
		return nil
	}
	if err := p.finish(res, sum); err != nil {
		return err
	}
	sum.Precision.Request = request
	return nil
}

// requestFingerprint is the fingerprint of the run o asks for of a
// scenario (canonical): its Fingerprint, or with --precision, where the
// replications are decided as the run goes, a fingerprint of the first
// batch tagged with the targets and the maximum.
func requestFingerprint(canonical []byte, o *Options, horizon int) string {
	version := model.Version
	if len(o.Precision) > 0 {
		version = fmt.Sprintf("%s|precision %q up to %d", model.Version, o.Precision, o.MaxReplications)
	}
	return reports.Fingerprint(canonical, o.Seed, o.Replications, o.Members, horizon, o.Design, version)
}
