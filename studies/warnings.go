package studies

import (
	"fmt"
	"io"
	"math"
	"strings"

	"simulate/internal/numform"
	"simulate/model"
	"simulate/reports"
)

// warningLog gathers the warnings of the runs a command makes, to print
// each once on stderr naming the runs it came from. A warning advising a
// larger run is rewritten to fit this machine (weightAdvice).
type warningLog struct {
	noun    string // what one run is called: "run", "point", "evaluation"
	workers int
	limit   int64               // the memory limit of an advised run
	texts   []string            // the warnings, in the order first seen
	sources map[string][]string // a warning's runs, in order
	shown   map[string]string   // a warning as printed (advice fitted)
	reps    map[string]int      // the replications its advice is for
	runs    []string            // every run added, in order
}

// newWarningLog returns a log of runs called noun, whose advice is for
// runs with workers workers each under the memory limit of o.
func newWarningLog(noun string, o *Options, workers int) *warningLog {
	return &warningLog{noun: noun, workers: workers, limit: o.MemoryLimit, sources: map[string][]string{},
		shown: map[string]string{}, reps: map[string]int{}}
}

// add records the warnings of the run source, of scenario s summarised in
// sum (nil: warnings of no run, such as a comparison's). A warning's advice
// is fitted to the largest of its runs.
func (l *warningLog) add(source string, s *model.Scenario, sum *reports.Summary, warnings []string) {
	if len(l.runs) == 0 || l.runs[len(l.runs)-1] != source {
		l.runs = append(l.runs, source)
	}
	for _, w := range warnings {
		if _, ok := l.sources[w]; !ok {
			l.texts = append(l.texts, w)
			l.shown[w] = w
		}
		if s != nil && sum != nil && sum.Replications > l.reps[w] {
			l.shown[w] = adviseWeight(w, s, sum.Replications, sum.Members, l.workers, l.limit)
			l.reps[w] = sum.Replications
		}
		if src := l.sources[w]; len(src) == 0 || src[len(src)-1] != source {
			l.sources[w] = append(src, source)
		}
	}
}

// addRun records the warnings of a simulated run: those of its summary.
func (l *warningLog) addRun(source string, s *model.Scenario, sum *reports.Summary) {
	l.add(source, s, sum, sum.Warnings)
}

// write prints every warning once, in the order first seen: "warning:
// RUNS: TEXT", RUNS the runs it came from (up to three named, or all of
// them counted).
func (l *warningLog) write(w io.Writer) {
	for _, text := range l.texts {
		fmt.Fprintf(w, "warning: %s: %s\n", l.from(l.sources[text]), l.shown[text])
	}
}

// from names the runs src of a warning.
func (l *warningLog) from(src []string) string {
	switch {
	case len(src) <= 3:
		return strings.Join(src, ", ")
	case len(src) == len(l.runs):
		return fmt.Sprintf("all %d %ss", len(src), l.noun)
	}
	more := fmt.Sprintf("%d more %ss", len(src)-3, l.noun)
	if len(src) == 4 {
		more = "1 more " + l.noun
	}
	return strings.Join(src[:3], ", ") + " and " + more
}

// weightWarning is how the warning of a weight above 1 begins (its
// model.Warning.Condition), and weightAdvice how the command's wording
// (words) ends it: with a run at weight 1 that may not fit any machine,
// which adviseWeight rewrites — also in the summaries read back from a
// sweep's points (TestWeightAdviceFitsMachine checks the words).
const (
	weightWarning = "each synthetic member stands for "
	weightAdvice  = "; run with --members "
)

// words returns the texts of a run's warnings: the scenario's (scenario),
// then the model's worded for the command: the advice of a weight above 1
// names --members.
func words(scenario []string, ws []model.Warning) []string {
	out := append([]string(nil), scenario...)
	for _, w := range ws {
		text := w.Error()
		if w.Kind == model.Weighted {
			text = fmt.Sprintf("%s%s%.0f (weight 1) for solvency figures", w.Condition(), weightAdvice, math.Ceil(w.Insured))
		}
		out = append(out, text)
	}
	return out
}

// adviceSeconds is the longest run the advice proposes: a night.
const adviceSeconds = 8 * 3600

// adviseWeight returns warning w, and when it is the warning of a weight
// above 1, with its advice replaced by one that fits this machine: a run
// of s with the given replications on workers workers within the memory
// limit and adviceSeconds. It advises weight 1 when that fits, else says
// what weight 1 would need and the largest run that fits.
func adviseWeight(w string, s *model.Scenario, replications, members, workers int, limit int64) string {
	i := strings.Index(w, weightAdvice)
	if !strings.HasPrefix(w, weightWarning) || i < 0 {
		return w
	}
	return w[:i] + "; " + memberAdvice(s, replications, members, workers, limit)
}

// memberAdvice is the advice of adviseWeight.
func memberAdvice(s *model.Scenario, replications, members, workers int, limit int64) string {
	full := int(math.Ceil(s.Population.Insured))
	fits := func(n int) (model.Estimate, bool) {
		e := model.EstimateRun(s, replications, n, workers)
		return e, e.Bytes <= limit && e.Seconds <= adviceSeconds
	}
	e, ok := fits(full)
	if ok {
		return fmt.Sprintf("run with --members %d (weight 1) for solvency figures: about %s of memory and %s on %d workers here",
			full, numform.Bytes(e.Bytes), formatDuration(e.Seconds), workers)
	}
	memory := numform.Bytes(e.Bytes) + " of memory"
	if e.Bytes > limit {
		memory += fmt.Sprintf(" (the limit is %s)", numform.Bytes(limit))
	}
	time := fmt.Sprintf("%s on %d workers", formatDuration(e.Seconds), workers)
	if e.Seconds > adviceSeconds {
		time += fmt.Sprintf(" (this advice allows %s)", formatDuration(adviceSeconds))
	}
	text := fmt.Sprintf("weight 1 (--members %d) would need about %s and %s, more than this machine allows", full, memory, time)
	// The largest run that fits, by bisection (the estimate grows with
	// the members), rounded down to two significant digits.
	lo, hi := 0, full
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if _, ok := fits(mid); ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	if p := math.Pow(10, math.Floor(math.Log10(float64(max(lo, 1))))-1); lo >= 100 {
		lo = int(math.Floor(float64(lo)/p) * p)
	}
	if lo > members {
		text += fmt.Sprintf("; the largest run that fits is about --members %d (weight %.3g), which narrows the noise but stays above weight 1", lo, s.Population.Insured/float64(lo))
	} else {
		text += "; this run is already about the largest that fits"
	}
	if e.Bytes <= limit {
		text += "; or shard the weight-1 run over several machines (--shard K/N, docs/cluster.md)"
	}
	return text
}
