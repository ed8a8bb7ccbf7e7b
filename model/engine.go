package model

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Version is the program version written into results. It is raised
// whenever results change for the same inputs.
const Version = "0.7.0"

// blockSize is the number of member slots in a block: workers take whole
// blocks, and block sums combine in block order, so results do not depend on
// the number of workers.
const blockSize = 2048

// Options are the run settings that are not part of the scenario.
type Options struct {
	Seed         uint64
	Replications int   // replications of the whole run, R ≥ 1
	Reps         []int // the replications to simulate (ascending); nil: all
	Members      int   // synthetic members N ≥ 1
	Workers      int   // goroutines; 0: one per CPU
	// Design is how replication-level inputs are drawn (LatinHypercube by
	// default).
	Design Design
	// More, when set, is called once the replications asked for are
	// done, with the result so far (Replications its count, Groups made),
	// and returns how many replications to add after them (0: stop): a run
	// to a precision. It is called from Run's goroutine, never
	// concurrently; with Reps set it is not called.
	More func(res *Result) int
	// Progress, when set, is called after each replication with the number
	// done and the number to do; never concurrently.
	Progress func(done, total int)
	// Years, when set, is called after each simulated year of each
	// replication with the replication-years done and to do, never
	// concurrently: progress within a long replication.
	Years func(done, total int)

	checkClaims bool // tests: verify every claim's split
	// stepFn, when set (tests), replaces the member-year step.
	stepFn func(w *worker, i int, r *Rules, acc *yearAcc) bool
}

// Run simulates the scenario for the replications of opt and returns their
// results. Results depend only on (scenario, seed, replications, members,
// horizon, Version), never on Workers or the order in which replications
// finish. Run returns ctx's error when it is cancelled.
func Run(ctx context.Context, s *Scenario, opt Options) (*Result, error) {
	if opt.Members < 1 {
		return nil, fmt.Errorf("members must be at least 1, got %d", opt.Members)
	}
	if opt.Replications < 1 {
		return nil, fmt.Errorf("replications must be at least 1, got %d", opt.Replications)
	}
	reps := opt.Reps
	if reps == nil {
		reps = make([]int, opt.Replications)
		for i := range reps {
			reps[i] = i
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	weight := s.Population.Insured / float64(opt.Members)
	years := make([]int, s.Horizon)
	for y := range years {
		years[y] = s.BaseYear + y
	}
	res := &Result{
		Scenario:              s.Name,
		Seed:                  opt.Seed,
		Replications:          opt.Replications,
		Design:                opt.Design,
		Reps:                  reps,
		Members:               opt.Members,
		Population:            s.Population.Insured,
		Weight:                weight,
		Years:                 years,
		Values:                make([][]float64, len(reps)),
		RepGroups:             make([][]GroupSum, len(reps)),
		OpeningAccountBalance: make([]float64, len(reps)),
	}
	e := &engine{s: s, opt: opt, weight: weight, demo: newDemography(s), step: (*worker).step,
		cells: make([]GroupYear, s.Horizon*numCells)}
	if opt.stepFn != nil {
		e.step = opt.stepFn
	}

	var mu sync.Mutex
	done := 0
	yearsDone := 0
	e.yearDone = func() {
		if opt.Years == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		yearsDone++
		opt.Years(yearsDone, len(reps)*s.Horizon)
	}
	finished := func(memberYears float64, slots int) {
		mu.Lock()
		defer mu.Unlock()
		res.PeakSlots = max(res.PeakSlots, slots)
		res.MemberYears += memberYears
		done++
		if opt.Progress != nil {
			opt.Progress(done, len(reps))
		}
	}

	var pool []*replication // the replications' memory, reused by every batch
	for start := 0; ; {
		if err := e.runReps(ctx, res, reps, start, workers, &pool, finished); err != nil {
			return nil, err
		}
		if opt.More == nil || opt.Reps != nil {
			break
		}
		res.Groups = groupsOfCells(e.cells, s.Horizon)
		more := opt.More(res)
		if more <= 0 {
			break
		}
		start = len(reps)
		for k := range more {
			reps = append(reps, start+k)
		}
		res.Reps = reps
		res.Replications = len(reps)
		res.Values = append(res.Values, make([][]float64, more)...)
		res.RepGroups = append(res.RepGroups, make([][]GroupSum, more)...)
		res.OpeningAccountBalance = append(res.OpeningAccountBalance, make([]float64, more)...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Groups = groupsOfCells(e.cells, s.Horizon)
	res.Warnings = Warnings(s, res.Replications, opt.Members)
	return res, nil
}

// runReps simulates reps[start:] into res: whole replications per worker
// when there are enough of them, else the members of each replication in
// blocks over the workers. pool holds the replications' memory from one
// call to the next.
func (e *engine) runReps(ctx context.Context, res *Result, reps []int, start, workers int, pool *[]*replication, finished func(float64, int)) error {
	todo := reps[start:]
	if len(todo) >= workers || workers == 1 {
		for len(*pool) < workers {
			*pool = append(*pool, e.newReplication(1))
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		errs := make([]error, workers)
		for k := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rs := (*pool)[k]
				for {
					i := int(next.Add(1) - 1)
					if i >= len(todo) || ctx.Err() != nil {
						return
					}
					v, g, open, err := rs.run(ctx, todo[i])
					if err != nil {
						errs[k] = err
						return
					}
					res.Values[start+i], res.RepGroups[start+i], res.OpeningAccountBalance[start+i] = v, g, open
					finished(rs.memberYears, rs.pop.len())
				}
			}()
		}
		wg.Wait()
		return errors.Join(errs...)
	}
	rs := e.newReplication(workers)
	for i, rep := range todo {
		v, g, open, err := rs.run(ctx, rep)
		if err != nil {
			return err
		}
		res.Values[start+i], res.RepGroups[start+i], res.OpeningAccountBalance[start+i] = v, g, open
		finished(rs.memberYears, rs.pop.len())
	}
	return nil
}

// ShardReps returns the replications of shard k of n of a run of R
// replications: the k-th of n contiguous, disjoint slices that together
// cover 0…R−1.
func ShardReps(replications, k, n int) []int {
	lo, hi := k*replications/n, (k+1)*replications/n
	reps := make([]int, 0, hi-lo)
	for r := lo; r < hi; r++ {
		reps = append(reps, r)
	}
	return reps
}

// engine holds what every replication of a run shares.
type engine struct {
	step   func(w *worker, i int, r *Rules, acc *yearAcc) bool
	s      *Scenario
	opt    Options
	weight float64
	demo   *demography

	mu       sync.Mutex
	cells    []GroupYear // member burdens of every replication by year and cell
	yearDone func()      // reports a simulated year (Options.Years)
}

// replication runs replications one after another, reusing its memory; its
// workers share the population and take blocks of it.
type replication struct {
	e           *engine
	pop         population
	workers     []*worker
	accs        []yearAcc
	slots       []int // the entrants' slots of the year
	costs       costCache
	strata      *strata // the design's stratified inputs
	memberYears float64
}

// worker is one goroutine's state: its random source, claim buffers and
// group accumulators.
type worker struct {
	s    *Scenario
	seed uint64
	rep  int
	pop  *population
	demo *demography
	g    *Rand

	rk      uint64    // the replication's key (repKey)
	chronic []float64 // certified conditions' annual costs
	// The costs and levels of a member-year's visits, in month order.
	visitCost  []float64
	visitLevel []Level
	visitMonth []uint8
	visitZero  []uint8     // all zero: the months of visits that all fall in one month
	grp        []GroupYear // member burdens of the year by cell
	check      bool
	claimErr   error
}

func (e *engine) newReplication(workers int) *replication {
	rs := &replication{e: e, strata: newStrata(e.opt.Seed, e.opt.Design)}
	for range workers {
		w := &worker{
			s:     e.s,
			seed:  e.opt.Seed,
			pop:   &rs.pop,
			demo:  e.demo,
			g:     NewRand(),
			grp:   make([]GroupYear, numCells),
			check: e.opt.checkClaims,
		}
		w.reserveVisits(64)
		rs.workers = append(rs.workers, w)
	}
	return rs
}

// flushGroups adds the workers' cells of year y to the run's and to the
// replication's group sums of the year, sums (NumGroups of them), and
// clears them.
func (rs *replication) flushGroups(y int, sums []GroupSum) {
	for _, w := range rs.workers {
		addGroupSums(sums, w.grp)
	}
	e := rs.e
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, w := range rs.workers {
		addGroups(e.cells[y*numCells:(y+1)*numCells], w.grp)
		clear(w.grp)
	}
}

// addGroupSums adds the sums of a year's cells to the groups they count in
// (sums, NumGroups of them), as groupsOfCells does for the accumulators.
func addGroupSums(sums []GroupSum, cells []GroupYear) {
	for st := range NumStatus {
		for q := range numQuintiles {
			for b := 1; b < NumAgeBands; b++ {
				c := &cells[(st*numQuintiles+q)*(NumAgeBands-1)+b-1]
				if c.Members == 0 {
					continue
				}
				for _, row := range [3]int{0, 1 + st, 1 + NumStatus + q} {
					for _, band := range [2]int{0, b} {
						g := &sums[row*NumAgeBands+band]
						g.Members += c.Members
						g.CashFen += c.CashFen
						g.BurdenFen += c.BurdenFen
					}
				}
			}
		}
	}
}

// addGroups adds the accumulators of src to those of dst, element by
// element.
func addGroups(dst, src []GroupYear) {
	for i := range src {
		d, s := &dst[i], &src[i]
		d.Members += s.Members
		d.CashFen += s.CashFen
		d.BurdenFen += s.BurdenFen
		for k := range d.CashHist {
			d.CashHist[k] += s.CashHist[k]
			d.BurdenHist[k] += s.BurdenHist[k]
		}
	}
}

// forBlocks calls f(w, b) for every block b of n slots, spread over the
// workers; it returns the first error of ctx.
func (rs *replication) forBlocks(ctx context.Context, n int, f func(w *worker, b int)) error {
	nb := (n + blockSize - 1) / blockSize
	if len(rs.workers) == 1 {
		for b := range nb {
			if b%64 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			f(rs.workers[0], b)
		}
		return ctx.Err()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, w := range rs.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				b := int(next.Add(1) - 1)
				if b >= nb || ctx.Err() != nil {
					return
				}
				f(w, b)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// run simulates replication rep and returns its metric values, its group
// sums (Result.RepGroups) and the represented opening account balance.
func (rs *replication) run(ctx context.Context, rep int) ([]float64, []GroupSum, float64, error) {
	e := rs.e
	s, demo := e.s, e.demo
	rs.strata.rep = rep
	if len(s.Uncertainty) > 0 {
		s = drawParameters(s, e.opt.Seed, rep, rs.workers[0].g, rs.strata)
		demo = newDemography(s)
	}
	n := e.opt.Members
	for _, w := range rs.workers {
		w.rep = rep
		w.rk = repKey(w.seed, rep)
		w.claimErr = nil
		w.s, w.demo = s, demo
	}
	rs.memberYears = 0
	p := &rs.pop
	p.reset()
	slots, entrants := peakSizes(s, n)
	p.reserve(slots)
	if cap(rs.slots) < entrants {
		// Reserved, so that the list does not grow (and hold two copies
		// for a moment) while a large population enters.
		rs.slots = make([]int, 0, entrants)
	}
	for range n {
		p.grow()
	}
	if err := rs.forBlocks(ctx, n, func(w *worker, b int) {
		for i := b * blockSize; i < min(n, (b+1)*blockSize); i++ {
			w.initial(i)
		}
	}); err != nil {
		return nil, nil, 0, err
	}
	var open float64
	for i := range n {
		open += p.balance[i]
	}
	g := rs.workers[0].g
	path := drawEconomy(s, e.opt.Seed, rep, g, rs.strata)
	values := make([]float64, s.Horizon*int(NumMetrics))
	sums := make([]GroupSum, s.Horizon*NumGroups)
	pool := s.Fund.InitialBalance
	adjust := 0.0 // management: employer rate added by contribution adjustment
	ca := &s.Management.ContributionAdjustment
	for y := range s.Horizon {
		r := resolveRules(s, &path, y, &rs.costs)
		if adjust > 0 {
			r.EmployerRate = min(r.EmployerRate+adjust, max(r.EmployerRate, ca.MaxRate))
		}
		if err := rs.enter(ctx, r.T); err != nil {
			return nil, nil, 0, err
		}
		slots := p.len()
		nb := (slots + blockSize - 1) / blockSize
		if cap(rs.accs) < nb {
			rs.accs = make([]yearAcc, nb)
		}
		accs := rs.accs[:nb]
		clear(accs)
		if err := rs.forBlocks(ctx, slots, func(w *worker, b int) {
			acc := &accs[b]
			for i := b * blockSize; i < min(slots, (b+1)*blockSize); i++ {
				if !p.live[i] {
					continue
				}
				if e.step(w, i, &r, acc) {
					p.live[i] = false
				}
				p.entryMonth[i] = 1
			}
		}); err != nil {
			return nil, nil, 0, err
		}
		rs.flushGroups(y, sums[y*NumGroups:(y+1)*NumGroups])
		// Block totals combine in block order, compensated (sum.go), so
		// that totals over billions of member-years do not drift and do
		// not depend on the number of workers.
		var sums yearSum
		for b := range accs {
			sums.add(&accs[b])
		}
		total := sums.value()
		rs.memberYears += total.memberYears
		v := values[y*int(NumMetrics) : (y+1)*int(NumMetrics)]
		pool = fundYear(s, &r, &total, e.weight, pool, v)
		e.yearDone()
		// Management (seed 003): months of payment ending the year below
		// the trigger raise the employer rate the next year.
		if ca.Enabled && v[PoolMonths] < ca.TriggerMonths {
			adjust += ca.Step
		}
	}
	for _, w := range rs.workers {
		if w.claimErr != nil {
			return nil, nil, 0, w.claimErr
		}
	}
	return values, sums, open * e.weight, nil
}

// drawParameters returns a copy of s with the uncertain parameters of its
// uncertainty: section drawn for replication rep from their own stream (two
// draws per entry, whatever its kind, so that entries never shift each
// other), entry i input i of the run's design (st), each clamped to its
// key's range.
func drawParameters(s *Scenario, seed uint64, rep int, g *Rand, st *strata) *Scenario {
	c := s.Clone()
	g.Reset(seed, rep, NoMember, 0, PurposeUncertainty)
	for i, u := range s.Uncertainty {
		p := st.uniform(PurposeUncertainty, i, g.open())
		_ = g.Uint64() // the second draw of the entry
		z := NormalQuantile(p)
		var x float64
		a := u.Args
		switch u.Kind {
		case "uniform":
			x = a[0] + (a[1]-a[0])*p
		case "normal":
			x = a[0] + a[1]*z
		case "triangular":
			lo, mode, hi := a[0], a[1], a[2]
			if f := (mode - lo) / (hi - lo); p < f {
				x = lo + math.Sqrt(p*(hi-lo)*(mode-lo))
			} else {
				x = hi - math.Sqrt((1-p)*(hi-lo)*(hi-mode))
			}
		case "lognormal":
			x = lognormalZ(a[0], a[1], z)
		}
		// The loader checked the key path (CheckKey); the one failure it
		// lets through, a year of an undated parameter, it warns of, and
		// the value stays.
		_ = c.Set(u.Key, c.Clamp(u.Key, x))
	}
	return c
}

// enter adds the entrants of year t (docs/model.md section 3.1): entrant_rate ×
// (active + flexible at the start of t), rounded stochastically from the
// year's own stream, in free slots first (ascending), then new ones. The
// slots are chosen in order, then the entrants drawn in parallel blocks
// (each from its own stream, so the workers do not matter).
func (rs *replication) enter(ctx context.Context, t int) error {
	p := &rs.pop
	w := rs.workers[0]
	s := w.s
	contributors := 0
	for i := range p.len() {
		if p.live[i] && p.status[i] != Retired {
			contributors++
		}
	}
	w.g.Reset(w.seed, w.rep, NoMember, t, PurposeEntrants)
	rate, _, _ := s.Population.EntrantRate.Benefit(t, Active, Primary)
	count := StochasticRound(rate*float64(contributors), w.g.Float64())
	slots := rs.slots[:0]
	slot := 0
	for range count {
		for slot < p.len() && p.live[slot] {
			slot++
		}
		if slot == p.len() {
			p.grow()
		}
		slots = append(slots, slot)
		slot++
	}
	rs.slots = slots
	return rs.forBlocks(ctx, len(slots), func(w *worker, b int) {
		for k := b * blockSize; k < min(len(slots), (b+1)*blockSize); k++ {
			w.entrant(slots[k], t, k)
		}
	})
}

// numQuintiles is the number of base quintiles of member groups.
const numQuintiles = 5

// numCells is the number of cells of member burdens in a year: the finest
// groups, status × base quintile × ten-year age band. The engine
// accumulates cells (one update per member-year) and makes the groups of
// the Result, which overlap, from them at the end (groupsOfCells).
const numCells = NumStatus * numQuintiles * (NumAgeBands - 1)

// addGroup adds a member's cash and total burden of the year to its cell.
func (w *worker) addGroup(st Status, age int, quintile uint8, cash, burden float64) {
	band := 1 + min(max(age, 0)/10, NumAgeBands-2)
	g := &w.grp[(int(st)*numQuintiles+int(quintile))*(NumAgeBands-1)+band-1]
	g.Members++
	g.CashFen += int64(math.Round(cash * 100))
	g.BurdenFen += int64(math.Round(burden * 100))
	g.CashHist[HistBin(cash)]++
	g.BurdenHist[HistBin(burden)]++
}

// groupsOfCells returns the member groups (Result.Groups) of cells: each
// cell counts in the groups of every member, of its status and of its base
// quintile, each overall and in its age band.
func groupsOfCells(cells []GroupYear, horizon int) []GroupYear {
	groups := make([]GroupYear, horizon*NumGroups)
	for y := range horizon {
		for st := range NumStatus {
			for q := range numQuintiles {
				for b := 1; b < NumAgeBands; b++ {
					c := cells[y*numCells+(st*numQuintiles+q)*(NumAgeBands-1)+b-1 : y*numCells+(st*numQuintiles+q)*(NumAgeBands-1)+b]
					if c[0].Members == 0 {
						continue
					}
					for _, row := range [3]int{0, 1 + st, 1 + NumStatus + q} {
						for _, band := range [2]int{0, b} {
							i := y*NumGroups + row*NumAgeBands + band
							addGroups(groups[i:i+1], c)
						}
					}
				}
			}
		}
	}
	return groups
}

// HistEdge returns the upper edge of histogram bin k ≥ 1 (the lower edge
// of bin k+1): HistMin·10^(k/HistPerDecade).
func HistEdge(k int) float64 {
	return HistMin * math.Pow(10, float64(k)/HistPerDecade)
}

// HistBin returns the histogram bin of a burden: 0 for zero or less; k ≥ 1
// for [HistEdge(k−1), HistEdge(k)), with amounts below HistMin in bin 1 and
// the last bin taking the overflow. It reads the bin off the float's
// exponent and top mantissa bits (a bucket narrower than any bin, so the
// bin is the bucket's or the next) and one comparison with an edge.
func HistBin(v float64) int {
	if !(v >= HistMin) {
		if v > 0 {
			return 1
		}
		return 0
	}
	b := math.Float64bits(v)>>(52-histBucketBits) - math.Float64bits(HistMin)>>(52-histBucketBits)
	if b >= uint64(len(histGuess)) {
		return HistBins - 1
	}
	k := int(histGuess[b])
	if v >= histEdges[k] {
		k++
	}
	return min(k, HistBins-1)
}

// histBucketBits is the number of mantissa bits of HistBin's buckets: a
// bucket spans a factor of at most 1 + 2⁻⁶, less than a bin's 10^(1/50).
const histBucketBits = 6

// histEdges[k] is HistEdge(k); histGuess[b] the bin of bucket b's lower
// bound. Computed once, never written after.
var histEdges, histGuess = func() (e [HistBins + 1]float64, g []uint16) {
	for k := range e {
		e[k] = HistEdge(k)
	}
	slow := func(v float64) int {
		k := 1
		for k < HistBins-1 && v >= e[k] {
			k++
		}
		return k
	}
	base := math.Float64bits(HistMin) >> (52 - histBucketBits)
	for b := uint64(0); ; b++ {
		lo := math.Float64frombits((base + b) << (52 - histBucketBits))
		if lo >= e[HistBins-1] {
			break
		}
		g = append(g, uint16(slow(lo)))
	}
	return e, g
}()

// checkClaim verifies, in tests, that a claim equals pool + account + cash
// (a test that is small enough to be inlined: no call unless checking).
func (w *worker) checkClaim(cost, pool, account, cash float64) {
	if w.check {
		w.verifyClaim(cost, pool, account, cash)
	}
}

// verifyClaim records the first claim that is not pool + account + cash.
func (w *worker) verifyClaim(cost, pool, account, cash float64) {
	if w.claimErr == nil && !claimAddsUp(cost, pool, account, cash) {
		w.claimErr = fmt.Errorf("claim %v ≠ pool %v + account %v + cash %v", cost, pool, account, cash)
	}
}

// claimAddsUp reports whether a claim's cost is its pool, account and cash
// parts (to 1e-9 relative), none of them negative.
func claimAddsUp(cost, pool, account, cash float64) bool {
	d := cost - pool - account - cash
	return d <= 1e-9*max(1, cost) && d >= -1e-9*max(1, cost) && pool >= -1e-12 && account >= -1e-12 && cash >= -1e-9
}
