package studies

import (
	"fmt"
	"io"
	"math"
	"strings"

	"simulate/model"
	"simulate/reports"
)

// Wording words the model's warnings (model.Warning, values) in a
// program's own terms: the command names its flags, as in "run with
// --members 520000". Options.Words nil words them as the model does
// (Warning.Error).
type Wording interface {
	// Word words w: for a run's summary, which outlives this machine,
	// when a is nil; else for the terminal, a being what fits this machine
	// for the warning of a weight above 1 (model.Weighted).
	Word(w model.Warning, a *MemberAdvice) string
}

// modelWording words warnings as the model does.
type modelWording struct{}

func (modelWording) Word(w model.Warning, _ *MemberAdvice) string { return w.Error() }

// wording returns the wording of o's warnings.
func (o *Options) wording() Wording {
	if o.Words == nil {
		return modelWording{}
	}
	return o.Words
}

// say returns the texts of a run's warnings for its summary: the
// scenario's (scenario), then the model's ws in o's wording.
func (o *Options) say(scenario []string, ws []model.Warning) []string {
	out := append([]string(nil), scenario...)
	for _, w := range ws {
		out = append(out, o.wording().Word(w, nil))
	}
	return out
}

// MemberAdvice is what fits this machine for a run whose weight is above
// 1: the run at weight 1, or when that does not fit within the memory
// limit and AdviceSeconds, the largest run that does.
type MemberAdvice struct {
	// Full is the members of a run at weight 1, Estimate its memory and
	// time on Workers workers, Fits whether it fits.
	Full     int
	Estimate model.Estimate
	Workers  int
	Fits     bool
	// Limit is the memory limit.
	Limit int64
	// Members is the members of the run warned of; Largest the most that
	// fit (two significant digits; 0 when Fits), of weight Weight.
	Members, Largest int
	Weight           float64
}

// AdviceSeconds is the longest run MemberAdvice proposes: a night.
const AdviceSeconds = 8 * 3600

// adviseMembers returns what fits for a run of s with the given
// replications and members on workers workers within the memory limit.
func adviseMembers(s *model.Scenario, replications, members, workers int, limit int64) *MemberAdvice {
	full := int(math.Ceil(s.Population.Insured))
	fits := func(n int) (model.Estimate, bool) {
		e := model.EstimateRun(s, replications, n, workers)
		return e, e.Bytes <= limit && e.Seconds <= AdviceSeconds
	}
	a := &MemberAdvice{Full: full, Workers: workers, Limit: limit, Members: members}
	if a.Estimate, a.Fits = fits(full); a.Fits {
		return a
	}
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
	a.Largest, a.Weight = lo, s.Population.Insured/float64(max(lo, 1))
	return a
}

// warningLog gathers the warnings of the runs a command makes, to print
// each once on stderr naming the runs it came from. A warning of the
// model's is shown in the log's wording, its advice fitted to the largest
// of its runs on this machine.
type warningLog struct {
	noun    string // what one run is called: "run", "point", "evaluation"
	words   Wording
	workers int
	limit   int64               // the memory limit of an advised run
	texts   []string            // the warnings as saved, in the order first seen
	sources map[string][]string // a warning's runs, in order
	shown   map[string]string   // a warning as printed
	reps    map[string]int      // the replications of the run it is shown for
	runs    []string            // every run added, in order
}

// newWarningLog returns a log of runs called noun, worded as o says, whose
// advice is for runs with workers workers each under o's memory limit.
func newWarningLog(noun string, o *Options, workers int) *warningLog {
	return &warningLog{noun: noun, words: o.wording(), workers: workers, limit: o.MemoryLimit,
		sources: map[string][]string{}, shown: map[string]string{}, reps: map[string]int{}}
}

// add records the warnings texts of the run source.
func (l *warningLog) add(source string, texts []string) {
	if len(l.runs) == 0 || l.runs[len(l.runs)-1] != source {
		l.runs = append(l.runs, source)
	}
	for _, w := range texts {
		if _, ok := l.sources[w]; !ok {
			l.texts = append(l.texts, w)
			l.shown[w] = w
		}
		if src := l.sources[w]; len(src) == 0 || src[len(src)-1] != source {
			l.sources[w] = append(src, source)
		}
	}
}

// addRun records the warnings of a simulated run of s, summarised in sum
// (fresh, or read back from a sweep's point): the texts of its summary, and
// the model's warnings of the run, which depend on s and sum alone
// (model.Warnings), shown with their advice.
func (l *warningLog) addRun(source string, s *model.Scenario, sum *reports.Summary) {
	l.add(source, sum.Warnings)
	for _, w := range model.Warnings(s, sum.Replications, sum.Members) {
		text := l.words.Word(w, nil)
		if _, ok := l.sources[text]; !ok || w.Kind != model.Weighted || sum.Replications <= l.reps[text] {
			continue // not this summary's (another version's words), no advice, or shown for a larger run
		}
		a := adviseMembers(s, sum.Replications, sum.Members, l.workers, l.limit)
		l.shown[text], l.reps[text] = l.words.Word(w, a), sum.Replications
	}
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
