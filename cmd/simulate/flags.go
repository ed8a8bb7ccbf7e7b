package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
)

// errHelp reports that --help was given and the help printed.
var errHelp = errors.New("help requested")

// runOptions are the run flags every simulating command takes (MODEL.md
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
	fs.Uint64Var(&o.Seed, "seed", 1, "random `SEED`")
	fs.IntVar(&o.Horizon, "horizon", 0, "simulated `YEARS` (1–100; default: the scenario's)")
	fs.IntVar(&o.Workers, "workers", runtime.NumCPU(), "worker goroutines `W`")
	fs.BoolVar(&o.KeepReplications, "keep-replications", false, "also write replications.csv with every replication's values")
	fs.BoolVar(&o.Quiet, "quiet", false, "no progress on stderr")
	fs.StringVar(&o.Lang, "lang", "en", "language of reports and charts: `en|zh`")
	fs.StringVar(&o.Unit, "unit", "yi", "money unit of reports and charts: `yuan|wan|yi`")
	fs.BoolVar(&o.Force, "force", false, "replace an earlier output in --out, and write beside files this program did not write (it never deletes or replaces those)")
	fs.BoolVar(&o.DryRun, "dry-run", false, "print the memory and time estimate of the run, and stop")
	fs.Var(&o.MaxMemory, "max-memory", "refuse runs estimated above `SIZE` (e.g. 16G; default 90% of available memory)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the simulation to `FILE` (for go tool pprof)")
	fs.BoolVar(&o.NoCharts, "no-charts", false, "do not draw charts/")
	fs.BoolVar(&o.NoReport, "no-report", false, "do not write report.xlsx")
	fs.StringVar(&o.Font, "font", "", "CJK font `FILE` for --lang zh charts (default: one found on the system)")
	fs.StringVar(&o.Shard, "shard", "", "run only slice `K/N` of the replications (K from 0 to N−1), or `env` to take K and N from the scheduler")
	fs.IntVar(&o.ShardCount, "shard-count", 0, "number of shards `N` with --shard env under a scheduler that gives only the index (JOB_COMPLETION_INDEX)")
}

// check validates the flag values, naming the flag. With the environment
// variable SIMULATE_SCALE=small (the documentation's tests) it caps
// --members at 2000 and --replications at 4, so that every documented
// command runs in seconds.
func (o *runOptions) check() error {
	if os.Getenv("SIMULATE_SCALE") == "small" {
		o.Members = min(o.Members, 2000)
		o.Replications = min(o.Replications, 4)
	}
	var errs []error
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
	if o.Out == "" {
		errs = append(errs, usagef("--out must name a directory"))
	}
	if len(errs) > 0 {
		return usageError{errors.Join(errs...)}
	}
	return nil
}

// count is a positive integer flag that also accepts 1e6 and 1_000_000.
type count int

func (c *count) String() string { return strconv.Itoa(int(*c)) }
func (c *count) Type() string   { return "count" }

func (c *count) Set(s string) error {
	t := strings.ReplaceAll(s, "_", "")
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		if n > math.MaxInt32*8 {
			return fmt.Errorf("%s is too large", s)
		}
		*c = count(n)
		return nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) {
		return fmt.Errorf("want a whole number such as 1000 or 1e6, got %q", s)
	}
	if f > math.MaxInt32*8 || f < -math.MaxInt32 {
		return fmt.Errorf("%s is too large", s)
	}
	*c = count(f)
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
		fs.Usage()
		return errHelp
	}
	if err != nil {
		return usagef("%v (see --help)", err)
	}
	return nil
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
