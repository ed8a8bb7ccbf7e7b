package model

// Statistical tests: the samplers of stream.go and the engine's
// utilization and settlement against closed forms.
//
// Every tolerance is a multiple of a Monte Carlo standard error (STYLE.md):
// a normal-approximation check passes when |estimate − expected| < zTol·se,
// whose two-sided false-failure probability is P(|Z| > 4) = 6.3e-5; a
// variance check compares (n−1)s²/σ² with χ² quantiles at pTail = 1e-4 per
// side (false failure 2e-4), and a goodness-of-fit check Pearson's X² with
// the upper pTail quantile (1e-4). Over the 24 mean, 6 variance and 5
// goodness-of-fit checks below, a fresh seed fails one with probability
// about 24 × 6.3e-5 + 6 × 2e-4 + 5 × 1e-4 ≈ 3e-3; with the fixed seeds here
// the tests are deterministic and pass.

import (
	"fmt"
	"math"
	"testing"
)

const (
	// zTol is the multiple of the standard error allowed for a mean:
	// P(|Z| > 4) = 6.3e-5.
	zTol = 4.0
	// pTail is the probability in each tail outside a χ² check's bounds.
	pTail = 1e-4
)

// normQuantile returns the p-quantile of the standard normal.
func normQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// chi2Quantile returns the p-quantile of χ² with df degrees of freedom by
// the Wilson–Hilferty cube-root approximation (Johnson, Kotz and
// Balakrishnan, Continuous Univariate Distributions vol. 1, 18.5). Its
// upper 1e-4 quantile is slightly conservative at small df (exact tail
// probability 7.5e-5 at df = 4) and within a few percent for df ≥ 10.
func chi2Quantile(p, df float64) float64 {
	v := 2 / (9 * df)
	x := 1 - v + normQuantile(p)*math.Sqrt(v)
	return df * x * x * x
}

// checkMean reports an error unless |got − want| < zTol·se.
func checkMean(t *testing.T, what string, got, want, se float64) {
	t.Helper()
	if d := got - want; math.Abs(d) >= zTol*se || math.IsNaN(got) {
		t.Errorf("%s = %.6g, want %.6g ± %.3g (%.0f·se, se %.3g; off by %.2f se)", what, got, want, zTol*se, zTol, se, d/se)
	} else {
		t.Logf("%s = %.6g, want %.6g (se %.3g, off by %+.2f se)", what, got, want, se, d/se)
	}
}

// checkVariance reports an error unless the sample variance s² of df+1
// near-normal observations lies within the central 1 − 2·pTail of σ²·χ²_df/df.
func checkVariance(t *testing.T, what string, s2, sigma2 float64, df int) {
	t.Helper()
	lo := sigma2 * chi2Quantile(pTail, float64(df)) / float64(df)
	hi := sigma2 * chi2Quantile(1-pTail, float64(df)) / float64(df)
	if !(s2 > lo && s2 < hi) {
		t.Errorf("%s = %.6g, want %.6g within [%.6g, %.6g] (χ²_%d, %g per tail)", what, s2, sigma2, lo, hi, df, pTail)
	} else {
		t.Logf("%s = %.6g, want %.6g within [%.6g, %.6g] (χ²_%d)", what, s2, sigma2, lo, hi, df)
	}
}

// moments returns the mean and the unbiased sample variance of x.
func moments(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(x)-1)
}

// draws returns n draws of f, reseeding g every 1000 draws at the stream of
// (seed, case, chunk) as the engine reseeds per member, so that the test
// also covers the independence of streams.
func draws(g *Rand, seed uint64, kase, n int, f func() float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		if i%1000 == 0 {
			g.Reset(seed, kase, uint64(i/1000), 0, PurposeVisits)
		}
		x[i] = f()
	}
	return x
}

// samplerDraws is the number of draws of each sampler case.
const samplerDraws = 1_000_000

// TestSamplerPoisson checks Rand.Poisson's mean λ, variance λ and
// probability mass function on each of its algorithms: inversion below
// λ = 1; the grid below 40, on a grid point (4) and off it (7.24 is next to
// the one above; 1 is the first); PTRS from 40.
func TestSamplerPoisson(t *testing.T) {
	g := NewRand()
	for c, lambda := range []float64{0.3, 1, 4, 7.24, 9.9, 19.9, 39.9, 40, 75} {
		t.Run(fmt.Sprint(lambda), func(t *testing.T) {
			n := samplerDraws
			x := draws(g, 101, c, n, func() float64 { return float64(g.Poisson(lambda)) })
			mean, s2 := moments(x)
			// Var(X̄) = λ/n.
			checkMean(t, "mean", mean, lambda, math.Sqrt(lambda/float64(n)))
			// Var(s²) ≈ (μ₄ − σ⁴)/n with μ₄ = λ + 3λ²: (λ + 2λ²)/n.
			checkMean(t, "variance", s2, lambda, math.Sqrt((lambda+2*lambda*lambda)/float64(n)))

			// Pearson's χ² against the pmf: single values, with both tails
			// pooled into bins of expected count ≥ 20; X² ~ χ²_{bins−1}.
			counts := map[int]float64{}
			for _, v := range x {
				counts[int(v)]++
			}
			pmf := func(k int) float64 {
				lg, _ := math.Lgamma(float64(k) + 1)
				return math.Exp(float64(k)*math.Log(lambda) - lambda - lg)
			}
			const minExpected = 20
			nf := float64(n)
			lo, below := 0, pmf(0) // lower bin {k ≤ lo}, probability below
			for below*nf < minExpected {
				lo++
				below += pmf(lo)
			}
			hi, above := lo+1, 1-below // upper bin {k ≥ hi}, probability above
			for above-pmf(hi) >= minExpected/nf {
				above -= pmf(hi)
				hi++
			}
			var x2 float64
			bins := 0
			add := func(obs, p float64) {
				e := p * nf
				x2 += (obs - e) * (obs - e) / e
				bins++
			}
			var obsBelow, obsAbove float64
			for k, cnt := range counts {
				switch {
				case k <= lo:
					obsBelow += cnt
				case k >= hi:
					obsAbove += cnt
				}
			}
			add(obsBelow, below)
			for k := lo + 1; k < hi; k++ {
				add(counts[k], pmf(k))
			}
			add(obsAbove, above)
			df := bins - 1
			if q := chi2Quantile(1-pTail, float64(df)); x2 >= q {
				t.Errorf("pmf: Pearson X² = %.4g over %d bins, want < %.4g (χ²_%d, %g)", x2, bins, q, df, pTail)
			} else {
				t.Logf("pmf: Pearson X² = %.4g over %d bins (χ²_%d upper %g quantile %.4g)", x2, bins, df, pTail, q)
			}
		})
	}
}

// TestSamplerGamma checks that Rand.Gamma(k) has mean 1 and variance 1/k,
// below (boosted) and above shape 1.
func TestSamplerGamma(t *testing.T) {
	g := NewRand()
	for c, k := range []float64{0.5, 1.5, 4} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			n := samplerDraws
			x := draws(g, 202, c, n, func() float64 { return g.Gamma(k) })
			mean, s2 := moments(x)
			// Var(X̄) = 1/(kn).
			checkMean(t, "mean", mean, 1, math.Sqrt(1/(k*float64(n))))
			// Gamma with shape k and scale 1/k: μ₄ = 3(k+2)/k³, σ⁴ = 1/k², so
			// Var(s²) ≈ (μ₄ − σ⁴)/n = (2k + 6)/(k³n).
			checkMean(t, "variance", s2, 1/k, math.Sqrt((2*k+6)/(k*k*k*float64(n))))
		})
	}
}

// TestSamplerLognormal checks Rand.Lognormal(mean, cv): the mean of the
// draws, and the cv through their logarithms, which are exactly normal with
// mean μ = ln(mean) − s²/2 and variance s² = ln(1 + cv²).
func TestSamplerLognormal(t *testing.T) {
	g := NewRand()
	for c, tc := range []struct{ mean, cv float64 }{{110, 0.9}, {18000, 1.2}} {
		t.Run(fmt.Sprintf("%v,%v", tc.mean, tc.cv), func(t *testing.T) {
			n := samplerDraws
			x := draws(g, 303, c, n, func() float64 { return g.Lognormal(tc.mean, tc.cv) })
			mean, _ := moments(x)
			// Var(X̄) = (mean·cv)²/n.
			checkMean(t, "mean", mean, tc.mean, tc.mean*tc.cv/math.Sqrt(float64(n)))
			for i, v := range x {
				x[i] = math.Log(v)
			}
			s2 := math.Log1p(tc.cv * tc.cv)
			mu := math.Log(tc.mean) - s2/2
			lmean, ls2 := moments(x)
			// The mean of n normal logs has se s/√n; (n−1)·var/s² ~ χ²_{n−1}
			// exactly.
			checkMean(t, "mean of ln", lmean, mu, math.Sqrt(s2/float64(n)))
			checkVariance(t, "variance of ln", ls2, s2, n-1)
			gotCV := math.Sqrt(math.Expm1(ls2))
			t.Logf("cv implied by the variance of ln = %.5g, want %v", gotCV, tc.cv)
		})
	}
}

// statScenario returns testScenario reduced to one status and one flat
// visit rate: every member active, aged 30–39, visiting at mean rate
// visits a year (negative binomial with the given dispersion), in the base
// year only, with no deaths, exits, entrants, epidemics, utilization trend
// or deviation, and no chronic, inpatient, pharmacy, maternity or family
// benefits; no reform, so the visit factor is 1. The population equals
// members, so the weight is 1.
func statScenario(members int, visits, dispersion float64) *Scenario {
	s := testScenario()
	s.Name = "stat"
	s.Horizon = 1
	p := &s.Population
	p.Insured = float64(members)
	p.RetiredShare, p.FlexibleShare = 0, 0
	thirties := Bands([]int{30}, []float64{1}) // the last band spans 10 years
	p.AgeStructure.Weights[Active] = [2]AgeBands{thirties, thirties}
	p.EntrantRate = Const(0)
	p.ExitRate = Const(0)
	p.MortalityScale = 0
	s.Economy.UtilizationSD = 0
	s.Economy.Epidemic = Epidemic{}
	s.UtilizationTrend = UtilizationTrend{Outpatient: Const(0), Inpatient: Const(0), Chronic: Const(0), Pharmacy: Const(0)}
	s.Accounts.ReformYear = 0
	s.Accounts.Family.Enabled = false
	s.Chronic.Enabled = false
	s.Inpatient.Enabled = false
	s.Pharmacy.Enabled = false
	s.Maternity.Enabled = false
	o := &s.Outpatient
	o.VisitsPerYear = StatusBands{All: Bands([]int{0}, []float64{visits})}
	o.Dispersion = dispersion
	o.InducedDemandElasticity = 0
	return s
}

// TestVisitsNegativeBinomial checks the engine's general outpatient visit
// counts: with a persistent gamma frailty of shape k a member's visits are
// negative binomial with mean m and variance m + m²/k (Poisson, variance m,
// when k = 0). Members are independent, so a replication's visits per
// member has mean m and variance (m + m²/k)/N, which the spread over
// replications tests.
func TestVisitsNegativeBinomial(t *testing.T) {
	const (
		m       = 5.0
		members = 10_000
		reps    = 100
	)
	for _, k := range []float64{1.5, 0} {
		t.Run(fmt.Sprintf("k=%v", k), func(t *testing.T) {
			s := statScenario(members, m, k)
			res := run(t, s, Options{Seed: 11, Replications: reps, Members: members, Workers: 2})
			if got, want := res.MemberYears, float64(members*reps); got != want {
				t.Fatalf("member-years = %v, want %v (nobody dies, leaves or enters)", got, want)
			}
			perRep := make([]float64, reps)
			for i := range perRep {
				perRep[i] = res.Value(i, 0, VisitsOutpatient) / res.Weight / members
			}
			mean, s2 := moments(perRep)
			v := m
			if k > 0 {
				v += m * m / k
			}
			n := float64(members * reps)
			// se of the mean visits per member over all N·R members.
			checkMean(t, "visits per member", mean, m, math.Sqrt(v/n))
			// A replication's mean over N members is near normal (its excess
			// kurtosis is that of one member over N), so (R−1)s²/(v/N) ~ χ²_{R−1}.
			checkVariance(t, "variance of visits per member over replications × N", s2*members, v, reps-1)
			t.Logf("%.3g member-years in %.2fs", res.MemberYears, res.Seconds)
		})
	}
}

// compoundPoisson returns the probabilities f[i] = P(S = i·h), i = 0…n, of
// S = X₁ + … + X_N, N Poisson(lambda), by Panjer's recursion (Klugman, Panjer
// and Willmot, Loss Models, 9.6): f₀ = exp(−λ(1 − p₀)),
// f_i = (λ/i) Σ_{j=1..i} j·p_j·f_{i−j}, p the severity on the same grid.
func compoundPoisson(lambda float64, p []float64) []float64 {
	n := len(p) - 1
	f := make([]float64, n+1)
	f[0] = math.Exp(-lambda * (1 - p[0]))
	jp := make([]float64, n+1)
	for j := range p {
		jp[j] = float64(j) * p[j]
	}
	for i := 1; i <= n; i++ {
		var sum float64
		for j := 1; j <= i; j++ {
			sum += jp[j] * f[i-j]
		}
		f[i] = lambda / float64(i) * sum
	}
	return f
}

// expectedBounded returns E[g(S)] and E[g(S)²] for S compound Poisson(λ)
// of lognormal(mean, cv) severities, computed with the severity discretised
// on a grid of step h: rounded down (lower) when up is false, rounded up
// when true. g is nondecreasing with g(s) = gMax for s ≥ sMax, so only
// S < sMax matters: E[g(S)] = gMax − Σ_{s < sMax} (gMax − g(s))·P(S = s).
// Rounding every severity down (up) lowers (raises) S path by path, so for
// a nondecreasing g the two results bracket the exact E[g(S)].
func expectedBounded(lambda, mean, cv, h float64, up bool, g func(s float64) float64, sMax, gMax float64) (eg, eg2 float64) {
	s2 := math.Log1p(cv * cv)
	mu := math.Log(mean) - s2/2
	cdf := func(x float64) float64 {
		if x <= 0 {
			return 0
		}
		return 0.5 * math.Erfc(-(math.Log(x)-mu)/math.Sqrt(2*s2))
	}
	n := int(math.Ceil(sMax / h))
	p := make([]float64, n+1)
	for j := range p {
		x := float64(j) * h
		if up {
			p[j] = cdf(x) - cdf(x-h) // X rounded up to jh: (jh − h, jh]
		} else {
			p[j] = cdf(x+h) - cdf(x) // X rounded down to jh: [jh, jh + h)
		}
	}
	f := compoundPoisson(lambda, p)
	eg, eg2 = gMax, gMax*gMax
	for i, fi := range f {
		s := float64(i) * h
		if s >= sMax {
			break
		}
		v := g(s)
		eg -= (gMax - v) * fi
		eg2 -= (gMax*gMax - v*v) * fi
	}
	return eg, eg2
}

// TestOutpatientPooledPayment checks the engine's pooled general outpatient
// payment per member-year against E[min(c, r·(S − d)⁺)], S the member's
// annual in-scope cost: compound Poisson(λ) of lognormal visit costs, all at
// one level, with an annual deductible d, a ratio r and an annual cap c. The
// expectation is computed by Panjer's recursion on the lognormal CDF
// discretised both ways, which brackets it; the engine's sampler is not
// used.
func TestOutpatientPooledPayment(t *testing.T) {
	const (
		members = 100_000
		reps    = 10
	)
	for _, tc := range []struct {
		name                   string
		lambda, mean, cv       float64
		deductible, ratio, cap float64
	}{
		{"primary", 6, 110, 0.9, 200, 0.7, 300},
		{"few-costly", 1.5, 380, 1.1, 300, 0.5, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := statScenario(members, tc.lambda, 0)
			o := &s.Outpatient
			o.LevelShare = LevelShares{Levels: [NumLevels]float64{1, 0, 0}}
			o.LevelChoiceSensitivity = 0
			o.CostPerVisit = LevelCost{All: Cost{Mean: tc.mean, CV: tc.cv}}
			o.InScopeShare = 1
			o.OutpatientRules = OutpatientRules{
				Deductible: Const(tc.deductible), Ratio: Const(tc.ratio), Cap: Const(tc.cap), Indexation: "none",
			}
			a := &s.Accounts
			a.ReformYear, a.ReformStartMonth, a.TransitionYears = s.BaseYear, 1, 0

			d, r, c := tc.deductible, tc.ratio, tc.cap
			g := func(x float64) float64 { return math.Min(c, r*math.Max(0, x-d)) }
			sMax := d + c/r
			h := sMax / 20000
			lo, lo2 := expectedBounded(tc.lambda, tc.mean, tc.cv, h, false, g, sMax, c)
			hi, hi2 := expectedBounded(tc.lambda, tc.mean, tc.cv, h, true, g, sMax, c)
			want := (lo + hi) / 2
			disc := (hi - lo) / 2 // |want − E[g(S)]| ≤ disc
			variance := (lo2+hi2)/2 - want*want
			n := float64(members * reps)
			se := math.Sqrt(variance / n)
			t.Logf("E[g(S)] in [%.6f, %.6f] (step %.4g yuan); sd of g(S) %.4g; se %.4g", lo, hi, h, math.Sqrt(variance), se)
			if disc > 0.1*zTol*se {
				t.Fatalf("discretisation error %.3g is not negligible against the tolerance %.3g: refine the grid", disc, zTol*se)
			}

			res := run(t, s, Options{Seed: 23, Replications: reps, Members: members, Workers: 2})
			if got, want := res.MemberYears, n; got != want {
				t.Fatalf("member-years = %v, want %v (nobody dies, leaves or enters)", got, want)
			}
			var pool float64
			perRep := make([]float64, reps)
			for i := range perRep {
				perRep[i] = res.Value(i, 0, PoolOutpatientGeneral) / res.Weight / members
				pool += res.Value(i, 0, PoolOutpatientGeneral)
			}
			got := pool / (res.Weight * res.MemberYears)
			// Members are independent and identically distributed (the
			// economy does not move the base year), so the se of the mean
			// over N·R member-years is sd(g(S))/√(NR). The exact E[g(S)] lies
			// within disc of want, so adding disc to the tolerance keeps the
			// false-failure probability at most P(|Z| > 4) = 6.3e-5 while
			// widening the test by less than 10% (checked above). The
			// midpoint itself is far closer: halving the step moves it by
			// about 3e-6 yuan (second-order convergence).
			checkMean(t, "pool outpatient per member-year", got, want, se+disc/zTol)
			_, s2 := moments(perRep)
			checkVariance(t, "variance of pool outpatient per member over replications × N", s2*members, variance, reps-1)
			t.Logf("%.3g member-years in %.2fs", res.MemberYears, res.Seconds)
		})
	}
}

// TestDecedentCostsKept checks that a member who dies keeps the use of the
// months up to and including the month of death, and none after: with
// certain death (q = 1) in a uniformly drawn month, a member is present
// 1…12 months (mean 6.5), so Poisson visits at 5 a year average 5 × 6.5/12
// per member, with variance E[λ] + Var(λ) = 5·6.5/12 + (5/12)²·143/12.
func TestDecedentCostsKept(t *testing.T) {
	const members = 50_000
	s := statScenario(members, 5, 0)
	s.Population.MortalityScale = 1e6 // q = 1 at every age
	res := run(t, s, Options{Seed: 5, Replications: 1, Members: members, Workers: 2})
	perMember := 5.0 / 12
	want := perMember * 6.5
	se := math.Sqrt((want + perMember*perMember*143.0/12) / members)
	checkMean(t, "visits per decedent", res.Value(0, 0, VisitsOutpatient)/members, want, se)
	// Member-years: months present / 12, mean 6.5/12, sd of months √(143/12).
	checkMean(t, "member-years per decedent", res.MemberYears/members, 6.5/12, math.Sqrt(143.0/12)/12/math.Sqrt(members))
	if n := res.Value(0, 0, MembersActive) + res.Value(0, 0, MembersRetired) + res.Value(0, 0, MembersFlexible); n != 0 {
		t.Errorf("%v members at year end, want 0 (all died)", n)
	}
}

// TestDeathsAndExits checks the demography's two uniforms (the halves of
// one word): with a death probability q at every age and an exit rate e,
// independent, a member present all year leaves with probability
// q + e − q·e, and stays with its complement, so the members at year end
// of N are binomial: mean N(1−q)(1−e), se √(N·p(1−p)).
func TestDeathsAndExits(t *testing.T) {
	const members = 200_000
	for _, tc := range []struct{ q, e float64 }{{0.03, 0}, {0.03, 0.05}, {0.2, 0.4}} {
		s := statScenario(members, 5, 0)
		s.Population.MortalityScale, s.Population.MortalityImprovement = 1, 0
		s.Population.ExitRate = Const(tc.e)
		s.LifeTable.Male, s.LifeTable.Female = make([]float64, 111), make([]float64, 111)
		for age := range 111 {
			s.LifeTable.Male[age], s.LifeTable.Female[age] = tc.q, tc.q
		}
		res := run(t, s, Options{Seed: 11, Replications: 1, Members: members, Workers: 2})
		stay := (1 - tc.q) * (1 - tc.e)
		checkMean(t, fmt.Sprintf("share staying (q %v, exit %v)", tc.q, tc.e),
			res.Value(0, 0, MembersActive)/members, stay, math.Sqrt(stay*(1-stay)/members))
	}
}
