package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"simulate/internal/flagvalue"
	"simulate/internal/inputfile"
	"simulate/model"
	"simulate/reports/charts"
	"simulate/studies"
)

// errHelp reports that --help was given and the help printed.
var errHelp = errors.New("help requested")

// metricHelp describes the figures of a sweep's decision chart (--metric).
const metricHelp = `pool_months_p05 (months of payment at the horizon,
P5; the default), p_below_warning, p_insufficient (the probabilities of
months below the warning and the insufficient lines) or p_depleted (of
depletion by the horizon)`

// runOptions are the run flags every simulating command takes (docs/model.md
// section 9).
type runOptions struct {
	Scenario         string
	Out              string
	Replications     flagvalue.Count
	Members          flagvalue.Count
	Seed             uint64
	Horizon          int
	Workers          int
	KeepReplications bool
	Quiet            bool
	Lang             string
	Unit             string
	Force            bool
	Shard            string
	ShardCount       int
	CPUProfile       string
	DryRun           bool
	MaxMemory        flagvalue.Bytes
	NoCharts         bool
	NoReport         bool
	Font             string
	// Metric is the figure of a sweep's decision chart (--metric of sweep
	// and chart); empty: months of payment P5.
	Metric string
	// Design is how replication-level inputs are drawn (--design).
	Design model.Design
	// Precision are the targets of --precision; MaxReplications the most
	// replications a run to them may take.
	Precision       []string
	MaxReplications flagvalue.Count
	// Scenarios holds the repeated -s of compare; Scenario the single one
	// of the other commands.
	Scenarios []string
	// Scale is the hidden --scale: "small" caps the run at the scale of
	// the documentation's tests (check).
	Scale string

	fs *pflag.FlagSet // the flags, to tell a flag given from its default
}

// addFlags binds the run flags to fs with their defaults; with several,
// -s may be repeated.
func (o *runOptions) addFlags(fs *pflag.FlagSet, several bool) {
	o.fs = fs
	o.Replications = 100
	o.Members = 100000
	if several {
		fs.StringArrayVarP(&o.Scenarios, "scenario", "s", nil, "built-in scenario `NAME` or scenario `FILE`; repeat it, the first is the base")
	} else {
		fs.StringVarP(&o.Scenario, "scenario", "s", "national-2021", "built-in scenario `NAME` or scenario `FILE`")
	}
	fs.StringVarP(&o.Out, "out", "o", "./out", "output `DIR`")
	fs.VarP(&o.Replications, "replications", "r", "number of replications `R` (e.g. 100 or 1e3)")
	fs.VarP(&o.Members, "members", "n", "number of synthetic members `N` (e.g. 100000 or 1e6)")
	o.Seed, o.Workers = 1, runtime.NumCPU()
	fs.Var((*flagvalue.Seed)(&o.Seed), "seed", "random `SEED`")
	fs.Var((*flagvalue.Int)(&o.Horizon), "horizon", "simulated `YEARS` (1–100; default: the scenario's)")
	fs.Var((*flagvalue.Int)(&o.Workers), "workers", "worker goroutines `W`")
	fs.BoolVar(&o.KeepReplications, "keep-replications", false, "also write replications.csv and groups-replications.csv with every replication's values and group sums")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress, notes or results table; warnings and errors are still printed on stderr")
	fs.StringVar(&o.Lang, "lang", "en", "language of reports and charts: `en|zh`")
	fs.StringVar(&o.Unit, "unit", "yi", "money unit of reports and charts: `yuan|wan|yi`")
	fs.BoolVar(&o.Force, "force", false, "replace an earlier output in --out, and write beside files this program did not write (it never deletes or replaces those)")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the memory and time estimate of the run (or of the whole sweep, comparison, solve or sensitivity), simulate and write nothing, and stop")
	fs.Var(&o.MaxMemory, "max-memory", "refuse runs estimated above `SIZE` (e.g. 16G; default 90% of available memory)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the simulation to `FILE` (for go tool pprof)")
	fs.BoolVar(&o.NoCharts, "no-charts", false, "do not draw charts/")
	fs.BoolVar(&o.NoReport, "no-report", false, "do not write report.xlsx")
	fs.StringVar(&o.Font, "font", "", "CJK font `FILE` for --lang zh charts (default: one found on the system)")
	fs.StringVar(&o.Shard, "shard", "", "run only slice `K/N` of the replications (K from 0 to N−1), or `env` to take K and N from the scheduler")
	fs.TextVar(&o.Design, "design", model.LatinHypercube, "how replications draw their uncertain parameters and economy: `latin-hypercube|independent` (latin-hypercube: stratified in blocks of 20, less Monte Carlo error; independent: plain sampling)")
	o.MaxReplications = 10000
	fs.StringArrayVar(&o.Precision, "precision", nil, "add replications in batches until an estimate is this precise: `METRIC[.pNN|.mean]@YEAR=±X` (half-width of its 95% interval; e.g. pool_months.p05@2031=±0.5, p_below_warning@2031=±0.02); repeat for several")
	fs.Var(&o.MaxReplications, "max-replications", "the most replications `R` a run with --precision takes")
	fs.Var((*flagvalue.Int)(&o.ShardCount), "shard-count", "number of shards `N` with --shard env under a scheduler that gives only the index (JOB_COMPLETION_INDEX)")
	fs.StringVar(&o.Scale, "scale", "", "`small`: cap the run at the documentation tests' scale")
	fs.MarkHidden("scale")
}

// check validates the flag values, naming the flag. With the hidden
// --scale small (the documentation's tests: cmd/docs) it caps --members at
// 2000 and --replications and --max-replications at 4, so that every
// documented command runs in seconds.
func (o *runOptions) check() error {
	var errs []error
	if err := o.checkPrecision(); err != nil {
		errs = append(errs, err)
	}
	switch o.Scale {
	case "":
	case "small":
		o.Members = min(o.Members, 2000)
		o.Replications = min(o.Replications, 4)
		o.MaxReplications = min(o.MaxReplications, 4)
	default:
		errs = append(errs, usagef("--scale must be small, got %q", o.Scale))
	}
	if o.Replications < 1 {
		errs = append(errs, usagef("--replications must be at least 1, got %d", o.Replications))
	}
	if o.Members < 1 {
		errs = append(errs, usagef("--members must be at least 1, got %d", o.Members))
	}
	if (o.Horizon != 0 || o.fs != nil && o.fs.Changed("horizon")) && (o.Horizon < 1 || o.Horizon > 100) {
		errs = append(errs, usagef("--horizon must be from 1 to 100, got %d", o.Horizon))
	}
	if o.Workers < 1 {
		errs = append(errs, usagef("--workers must be at least 1, got %d", o.Workers))
	}
	if o.Lang != "en" && o.Lang != "zh" {
		errs = append(errs, usagef("--lang must be en or zh, got %q", o.Lang))
	}
	switch o.Unit {
	case "yuan", "wan", "yi":
	default:
		errs = append(errs, usagef("--unit must be yuan, wan or yi, got %q", o.Unit))
	}
	if o.Metric != "" && !slices.Contains(charts.SweepMetrics, o.Metric) {
		errs = append(errs, usagef("--metric must be one of %s, got %q", strings.Join(charts.SweepMetrics, ", "), o.Metric))
	}
	if o.Out == "" {
		errs = append(errs, usagef("--out must name a directory"))
	}
	// A font that does not exist is a warning of the charts (they fall back);
	// a named pipe or a device is a mistake, refused before any work.
	if err := inputfile.Check(o.Font, charts.MaxFontSize, "a font file"); o.Font != "" && err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, usagef("--font %v", err))
	}
	if len(errs) > 0 {
		return usageError{Err: errors.Join(errs...)}
	}
	return nil
}

// checkPrecision applies the rules of --precision to the run flags of o:
// the first batch is --replications when given, else studies.PrecisionStart, and
// --max-replications must allow it.
func (o *runOptions) checkPrecision() error {
	if len(o.Precision) == 0 {
		if o.fs != nil && o.fs.Changed("max-replications") {
			return usagef("--max-replications bounds a run with --precision; give a --precision target, or set --replications")
		}
		return nil
	}
	if o.Shard != "" {
		return usagef("--precision cannot be sharded: the number of replications is decided as the run goes")
	}
	if o.fs == nil || !o.fs.Changed("replications") {
		o.Replications = flagvalue.Count(min(studies.PrecisionStart, int(o.MaxReplications)))
	}
	if o.MaxReplications < o.Replications {
		return usagef("--max-replications %d is below the first batch of %d replications (--replications)", o.MaxReplications, o.Replications)
	}
	return nil
}

// newFlagSet returns a flag set for command name that reports errors
// instead of exiting, with usage printing the command's help.
func newFlagSet(name, help string, stdout, stderr interface{ Write([]byte) (int, error) }) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprint(stdout, help)
		fmt.Fprintf(stdout, "\nFlags:\n%s", fs.FlagUsages())
	}
	return fs
}

// parse parses args, turning --help into errHelp and bad flags into usage
// errors.
func parse(fs *pflag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		return errHelp // pflag has printed the help (fs.Usage)
	}
	if err != nil {
		return usagef("%v (see --help)", err)
	}
	return nil
}
