package model

import "math"

// sum is a compensated sum of float64 values (Neumaier's variant of Kahan
// summation: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur
// Summation endlicher Summen", ZAMM 54, 1974): s is the running sum and c
// the rounding errors that s has lost so far, carried separately and added
// back at the end. For n values its error is at most about
// 2u·|Σx| + n·u²·Σ|x| (u = 2⁻⁵³), against (n−1)·u·Σ|x| for a plain
// running sum: totals over billions of member-years stay within an ulp or
// two of the exact sum when the terms share a sign, whatever their dynamic
// range. The zero value is the empty sum. The result depends on the order
// of the terms, as a plain sum's does: callers add in a fixed order (block
// order in the engine) so that it never depends on scheduling.
type sum struct{ s, c float64 }

// Add adds x to the sum.
func (k *sum) Add(x float64) {
	t := k.s + x
	if math.Abs(k.s) >= math.Abs(x) {
		k.c += (k.s - t) + x // the low bits of x were lost
	} else {
		k.c += (x - t) + k.s // the low bits of s were lost
	}
	k.s = t
}

// Value returns the sum. An infinite running sum is returned as it is (its
// compensation is then meaningless, NaN); a NaN term gives NaN.
func (k *sum) Value() float64 {
	if math.IsInf(k.s, 0) {
		return k.s
	}
	return k.s + k.c
}

// accNumbers is the number of float64 values in a yearAcc.
const accNumbers = 25 + NumStatus

// numbers returns pointers to every number of a, in declaration order.
// TestYearAccNumbers checks that it names every field of yearAcc once.
func (a *yearAcc) numbers() [accNumbers]*float64 {
	return [accNumbers]*float64{
		&a.collected, &a.credit[Active], &a.credit[Flexible], &a.credit[Retired],
		&a.poolOutGeneral, &a.poolPharmacy, &a.poolChronic, &a.poolInpatient, &a.poolMaternity, &a.poolEpidemic,
		&a.serious, &a.otherIncome, &a.accInterest, &a.accOwn, &a.accFamily, &a.accOutflow,
		&a.accBalance, &a.cash, &a.claims, &a.bases, &a.employerBases, &a.inpatientCost,
		&a.visits, &a.admissions, &a.memberYears,
		&a.end[Active], &a.end[Flexible], &a.end[Retired],
	}
}

// yearSum is the compensated sum, number by number, of the block
// accumulators of one year: the engine adds them in block order, so the
// total is the same for any number of workers.
type yearSum [accNumbers]sum

// add adds block accumulator b.
func (t *yearSum) add(b *yearAcc) {
	for i, x := range b.numbers() {
		t[i].Add(*x)
	}
}

// value returns the total as a yearAcc.
func (t *yearSum) value() yearAcc {
	var a yearAcc
	for i, x := range a.numbers() {
		*x = t[i].Value()
	}
	return a
}
