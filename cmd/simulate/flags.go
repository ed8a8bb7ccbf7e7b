package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"simulate/internal/inputfile"
	"simulate/internal/numform"
	"simulate/model"
	"simulate/reports/charts"
	"simulate/sweeps"
)

// errHelp reports that --help was given and the help printed.
var errHelp = errors.New("help requested")

// runOptions are the run flags every simulating command takes (docs/model.md
// section 9).
type runOptions struct {
	Scenario         string
	Out              string
	Replications     count
	Members          count
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
	MaxMemory        byteSize
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
	MaxReplications count
	// Scenarios holds the repeated -s of compare; Scenario the single one
	// of the other commands.
	Scenarios []string

	fs *pflag.FlagSet // the flags, to tell a flag given from its default
}

// AddFlags binds the run flags to fs with their defaults.
func (o *runOptions) AddFlags(fs *pflag.FlagSet) {
	o.addFlags(fs, false)
}

// addFlags binds the run flags; with several, -s may be repeated.
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
	fs.Var((*seedFlag)(&o.Seed), "seed", "random `SEED`")
	fs.Var((*intFlag)(&o.Horizon), "horizon", "simulated `YEARS` (1–100; default: the scenario's)")
	fs.Var((*intFlag)(&o.Workers), "workers", "worker goroutines `W`")
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
	fs.Var((*designFlag)(&o.Design), "design", "how replications draw their uncertain parameters and economy: `latin-hypercube|independent` (latin-hypercube: stratified in blocks of 20, less Monte Carlo error; independent: plain sampling)")
	o.MaxReplications = 10000
	fs.StringArrayVar(&o.Precision, "precision", nil, "add replications in batches until an estimate is this precise: `METRIC[.pNN|.mean]@YEAR=±X` (half-width of its 95% interval; e.g. pool_months.p05@2031=±0.5, p_below_warning@2031=±0.02); repeat for several")
	fs.Var(&o.MaxReplications, "max-replications", "the most replications `R` a run with --precision takes")
	fs.Var((*intFlag)(&o.ShardCount), "shard-count", "number of shards `N` with --shard env under a scheduler that gives only the index (JOB_COMPLETION_INDEX)")
}

// check validates the flag values, naming the flag. With the environment
// variable SIMULATE_SCALE=small (the documentation's tests) it caps
// --members at 2000 and --replications and --max-replications at 4, so
// that every documented command runs in seconds.
func (o *runOptions) check() error {
	var errs []error
	if err := o.checkPrecision(); err != nil {
		errs = append(errs, err)
	}
	if os.Getenv("SIMULATE_SCALE") == "small" {
		o.Members = min(o.Members, 2000)
		o.Replications = min(o.Replications, 4)
		o.MaxReplications = min(o.MaxReplications, 4)
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
		return usageError{errors.Join(errs...)}
	}
	return nil
}

// maxCount is the largest count: 10⁹ replications or members is far past
// any run this program can finish (the national population is 3.5·10⁸).
const maxCount = 1e9

// count is a positive integer flag (--replications, --members) that also
// accepts an exponent: 1000, 1e6 or 2.5e5, written as a plain decimal, at
// most maxCount.
type count int

func (c *count) String() string { return strconv.Itoa(int(*c)) }
func (c *count) Type() string   { return "count" }

func (c *count) Set(s string) error {
	n, err := parseCount(s, maxCount, "1e9")
	if err != nil {
		return err
	}
	*c = count(n)
	return nil
}

// sampleCount is --samples: a count of at most sweeps.MaxPoints.
type sampleCount int

func (c *sampleCount) String() string { return strconv.Itoa(int(*c)) }
func (c *sampleCount) Type() string   { return "count" }

func (c *sampleCount) Set(s string) error {
	n, err := parseCount(s, sweeps.MaxPoints, strconv.Itoa(sweeps.MaxPoints))
	if err != nil {
		return err
	}
	*c = sampleCount(n)
	return nil
}

// parseCount parses a whole number of at most limit (written maxText in
// the message); a negative number is left to the flag's check.
func parseCount(s string, limit float64, maxText string) (int, error) {
	x, err := plainNumber(s, "a whole number such as 1000 or 1e6")
	switch {
	case err != nil:
		return 0, err
	case x != math.Trunc(x):
		return 0, fmt.Errorf("want a whole number such as 1000 or 1e6, got %q", s)
	case x > limit:
		return 0, fmt.Errorf("%s: too large (at most %s)", s, maxText)
	case x < -limit:
		return 0, fmt.Errorf("%s: too small (at least 1)", s)
	}
	return int(x), nil
}

// plainNumber parses a flag's number written as a plain decimal (±Inf for
// one beyond float64, for the caller's bound to refuse); want says what the
// flag takes.
func plainNumber(s, want string) (float64, error) {
	t := strings.TrimSpace(s)
	if !numform.Plain(t) {
		if w, ok := numform.Rewrite(t); ok {
			return 0, fmt.Errorf("%s is not a plain decimal number (write %s)", s, w)
		}
		return 0, fmt.Errorf("want %s, got %q", want, s)
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("want %s, got %q", want, s)
	}
	return x, nil
}

// intFlag is an integer flag (--horizon, --workers) written as a plain
// decimal: pflag's own reads 010 as octal 8 and 0x10 as 16. It holds
// numbers up to 10⁹ in size; each flag checks its own range.
type intFlag int

func (i *intFlag) String() string { return strconv.Itoa(int(*i)) }
func (i *intFlag) Type() string   { return "int" }

func (i *intFlag) Set(s string) error {
	t := strings.TrimSpace(s)
	if w, ok := numform.Rewrite(t); ok && !numform.Plain(t) {
		return fmt.Errorf("%s is not a plain decimal number (write %s)", s, w)
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || !numform.Plain(t) {
		return fmt.Errorf("want a whole number such as 10, got %q", s)
	}
	if err != nil || n > maxCount || n < -maxCount {
		return fmt.Errorf("%s: too large (at most 1000000000)", s)
	}
	*i = intFlag(n)
	return nil
}

// plainInt defines an intFlag with a default and returns its address, as
// pflag's Int does.
func plainInt(fs *pflag.FlagSet, name string, value int, usage string) *int {
	p := &value
	fs.Var((*intFlag)(p), name, usage)
	return p
}

// floatFlag is a number flag (--tol, --step) written as a plain decimal
// and finite; each flag checks its own range.
type floatFlag float64

func (f *floatFlag) String() string { return strconv.FormatFloat(float64(*f), 'g', -1, 64) }
func (f *floatFlag) Type() string   { return "float" }

func (f *floatFlag) Set(s string) error {
	x, err := plainNumber(s, "a number such as 0.1")
	if err != nil {
		return err
	}
	if math.IsInf(x, 0) {
		return fmt.Errorf("%s: too large", s)
	}
	*f = floatFlag(x)
	return nil
}

// plainFloat defines a floatFlag with a default and returns its address,
// as pflag's Float64 does.
func plainFloat(fs *pflag.FlagSet, name string, value float64, usage string) *float64 {
	p := &value
	fs.Var((*floatFlag)(p), name, usage)
	return p
}

// seedFlag is --seed: a whole number from 0 to 2⁶⁴−1, written as a plain
// decimal.
type seedFlag uint64

func (u *seedFlag) String() string { return strconv.FormatUint(uint64(*u), 10) }
func (u *seedFlag) Type() string   { return "uint64" }

func (u *seedFlag) Set(s string) error {
	t := strings.TrimSpace(s)
	if w, ok := numform.Rewrite(t); ok && !numform.Plain(t) {
		return fmt.Errorf("%s is not a plain decimal number (write %s)", s, w)
	}
	n, err := strconv.ParseUint(t, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return fmt.Errorf("%s: too large (at most 18446744073709551615)", s)
	case err != nil || !numform.Plain(t):
		return fmt.Errorf("want a whole number from 0 to 18446744073709551615, got %q", s)
	}
	*u = seedFlag(n)
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
	fs.SetOutput(discard{})
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		return errHelp // pflag has printed the help (fs.Usage)
	}
	if err != nil {
		return usagef("%v (see --help)", err)
	}
	return nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// designFlag is --design: a model.Design by name.
type designFlag model.Design

func (d *designFlag) String() string { return model.Design(*d).String() }
func (d *designFlag) Type() string   { return "design" }

func (d *designFlag) Set(s string) error {
	v, err := model.ParseDesign(s)
	if err != nil {
		return fmt.Errorf("want %s", strings.Join(model.DesignNames[:], " or "))
	}
	*d = designFlag(v)
	return nil
}
