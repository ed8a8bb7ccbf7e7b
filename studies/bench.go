package studies

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"simulate/model"
	"simulate/scenarios"
)

// benchResult is one measured run.
type benchResult struct {
	memberYears, visits, seconds float64
}

func (b benchResult) myps() float64 { return b.memberYears / b.seconds }
func (b benchResult) vps() float64  { return b.visits / b.seconds }

// BenchSpec is what a benchmark of the engine measures.
type BenchSpec struct {
	// Members, Workers and Horizon make the run of bench-v1; Rounds is
	// the number of interleaved rounds.
	Members, Workers, Rounds, Horizon int
	// Floor, when not empty, is the path of the random-number floor
	// program run beside the engine, to report ratios.
	Floor string
	// Scaling also measures 1 worker, for the ratio of Workers to 1.
	Scaling bool
}

// Bench measures the engine on bench-v1 (docs/performance.md): a line per
// round on env.Stderr, the medians and the ratios to the floor on
// env.Stdout.
func Bench(ctx context.Context, spec BenchSpec, env Env) error {
	stdout, stderr := env.Stdout, env.Stderr
	members := spec.Members
	if members < 1 || spec.Workers < 1 || spec.Rounds < 1 || spec.Horizon < 1 || spec.Horizon > 100 {
		return usagef("--members, --workers, --rounds must be at least 1 and --horizon from 1 to 100")
	}
	s, _, err := scenarios.Load("bench-v1")
	if err != nil {
		return err
	}
	s.Horizon = spec.Horizon
	// The fixed overhead is the resident memory before the first run; a
	// later run reuses the heap of earlier ones, so each is measured
	// against this same baseline.
	runtime.GC()
	before := procField("/proc/self/status", "VmRSS")
	engine := func(w int) (benchResult, int64, error) {
		runtime.GC()
		os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets the peak (VmHWM)
		runStart := time.Now()
		res, err := model.Run(ctx, s, model.Options{Seed: 1, Replications: 1, Members: members, Workers: w})
		if res != nil {
			res.Seconds = time.Since(runStart).Seconds() // perf: set-up and replications
		}
		if err != nil {
			return benchResult{}, 0, err
		}
		peak := procField("/proc/self/status", "VmHWM")
		var visits float64
		for y := range res.Years {
			visits += res.Value(0, y, model.VisitsOutpatient) / res.Weight
		}
		var perMember int64
		if res.PeakSlots > 0 && peak > before {
			perMember = (peak - before) / int64(res.PeakSlots)
		}
		return benchResult{res.MemberYears, visits, res.Seconds}, perMember, nil
	}
	floorRun := func(threads int) (benchResult, error) {
		out, err := exec.CommandContext(ctx, spec.Floor, "-members", strconv.Itoa(members), "-years", strconv.Itoa(spec.Horizon),
			"-seed", "1", "-src", "pcg", "-threads", strconv.Itoa(threads)).Output()
		if err != nil {
			return benchResult{}, fmt.Errorf("floor %s: %v", spec.Floor, err)
		}
		var f struct {
			MemberYears float64 `json:"member_years"`
			Visits      float64 `json:"visits"`
			Seconds     float64 `json:"seconds"`
		}
		if err := json.Unmarshal(out, &f); err != nil || f.Seconds <= 0 {
			return benchResult{}, fmt.Errorf("floor %s: unexpected output %q", spec.Floor, strings.TrimSpace(string(out)))
		}
		return benchResult{f.MemberYears, f.Visits, f.Seconds}, nil
	}
	ws := []int{spec.Workers}
	if spec.Scaling && spec.Workers != 1 {
		ws = append(ws, 1)
	}
	eng := map[int][]benchResult{}
	flo := map[int][]benchResult{}
	var perMember []int64
	for k := range spec.Rounds {
		for _, w := range ws {
			if spec.Floor != "" {
				f, err := floorRun(w)
				if err != nil {
					return err
				}
				flo[w] = append(flo[w], f)
			}
			e, b, err := engine(w)
			if err != nil {
				return err
			}
			eng[w] = append(eng[w], e)
			if w == spec.Workers {
				perMember = append(perMember, b)
			}
			line := fmt.Sprintf("round %d, %d workers: %.3g member-years/s, %.3g visits/s", k+1, w, e.myps(), e.vps())
			if spec.Floor != "" {
				f := flo[w][k]
				line += fmt.Sprintf("; floor %.3g visits/s; ratio %.3f", f.vps(), e.vps()/f.vps())
			}
			fmt.Fprintln(stderr, line)
		}
	}
	med := func(rs []benchResult, f func(benchResult) float64) float64 {
		x := make([]float64, len(rs))
		for i, r := range rs {
			x[i] = f(r)
		}
		sort.Float64s(x)
		return x[len(x)/2]
	}
	// ratio returns the median over rounds of engine/floor in the same
	// round, and their range.
	ratio := func(w int, f func(benchResult) float64) (median, lo, hi float64) {
		x := make([]float64, len(eng[w]))
		for i := range eng[w] {
			x[i] = f(eng[w][i]) / f(flo[w][i])
		}
		sort.Float64s(x)
		return x[len(x)/2], x[0], x[len(x)-1]
	}
	w := spec.Workers
	e := eng[w]
	fmt.Fprintf(stdout, "bench-v1: %d members × %d years, %d workers, median of %d rounds\n", members, spec.Horizon, w, spec.Rounds)
	fmt.Fprintf(stdout, "  member-years/s  %.4g\n  visits/s        %.4g (%.2f visits per member-year)\n",
		med(e, benchResult.myps), med(e, benchResult.vps), e[0].visits/e[0].memberYears)
	sort.Slice(perMember, func(i, j int) bool { return perMember[i] < perMember[j] })
	fmt.Fprintf(stdout, "  bytes/member    %d (resident memory beyond the fixed overhead, at the peak member count)\n", perMember[len(perMember)/2])
	if spec.Floor != "" {
		f := flo[w]
		fmt.Fprintf(stdout, "floor: member-years/s %.4g, visits/s %.4g (%.2f visits per member-year)\n", med(f, benchResult.myps), med(f, benchResult.vps), f[0].visits/f[0].memberYears)
		v, vlo, vhi := ratio(w, benchResult.vps)
		m, mlo, mhi := ratio(w, benchResult.myps)
		fmt.Fprintf(stdout, "ratio to the floor: %.3f in visits/s (rounds %.3f–%.3f), %.3f in member-years/s (rounds %.3f–%.3f)\n", v, vlo, vhi, m, mlo, mhi)
		if spec.Scaling && w != 1 {
			es := med(eng[w], benchResult.myps) / med(eng[1], benchResult.myps)
			fsc := med(flo[w], benchResult.myps) / med(flo[1], benchResult.myps)
			fmt.Fprintf(stdout, "scaling %d/1 workers: engine %.3f, floor %.3f, ratio %.3f\n", w, es, fsc, es/fsc)
		}
	}
	return nil
}
