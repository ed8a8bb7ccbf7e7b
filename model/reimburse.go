package model

// Used holds what a member has used of an annual deductible and cap in a
// year: DeductibleUsed accrues on in-scope cost whoever paid it, CapUsed on
// pool payments. Tracking use rather than what remains lets the deductible
// and cap depend on the member's status, which may change mid-year.
type Used struct {
	DeductibleUsed float64
	CapUsed        float64
}

// SettleOutpatient returns the pool's payment for a general outpatient visit
// with in-scope cost inScope (docs/model.md section 3.6; seed 001's outpatient
// mutual aid, seed 002's Qiannan rules): a per-visit deductible perVisit
// first, then what remains of the annual deductible, then ratio × the rest,
// limited to what remains of the annual cap; and u with the deductible and
// the payment accrued. (Values in and out, no pointer, so that the hot loop
// keeps u in registers.)
func SettleOutpatient(inScope, perVisit, deductible, ratio, cap float64, u Used) (float64, Used) {
	// min and max written as branches the processor predicts (a
	// deductible is crossed once a year, a cap rarely): the builtins must
	// also order NaNs and signed zeros, in six instructions each.
	x := inScope - perVisit
	if x < 0 {
		x = 0
	}
	d := deductible - u.DeductibleUsed
	if d < 0 {
		d = 0
	}
	if d > x {
		d = x
	}
	u.DeductibleUsed += d
	pay := ratio * (x - d)
	if room := cap - u.CapUsed; pay > room {
		pay = max(0, room)
	}
	u.CapUsed += pay
	return pay, u
}

// SettleAdmission returns the pool's payment for an admission with in-scope
// cost inScope: ratio × the in-scope cost above the per-admission
// deductible, limited to what remains of the annual cap (capUsed accrues),
// and the serious-illness layer's payment: seriousRatio × the in-scope cost
// the cap left unpaid, limited to what remains of its own cap (seriousUsed
// accrues). A zero seriousRatio switches the layer off.
func SettleAdmission(inScope, deductible, ratio, cap float64, capUsed *float64,
	seriousRatio, seriousCap float64, seriousUsed *float64) (pool, serious float64) {
	x := max(0, inScope-deductible)
	want := ratio * x
	pool = min(max(0, cap-*capUsed), want)
	*capUsed += pool
	if seriousRatio > 0 && ratio > 0 && want > pool {
		uncovered := x - pool/ratio
		serious = min(max(0, seriousCap-*seriousUsed), seriousRatio*uncovered)
		*seriousUsed += serious
	}
	return pool, serious
}

// SettleChronic returns the pool's payment for a chronic or special disease
// claim with in-scope cost inScope under an annual deductible, a ratio and
// an annual cap; u accrues both. With cap_scope shared_with_inpatient the
// caller passes the inpatient cap's use.
func SettleChronic(inScope, deductible, ratio, cap float64, dedUsed, capUsed *float64) float64 {
	d := min(max(0, deductible-*dedUsed), inScope)
	*dedUsed += d
	pay := min(max(0, cap-*capUsed), ratio*(inScope-d))
	*capUsed += pay
	return pay
}

// PayShare splits the member's share of a claim between the account and
// cash: the account pays up to its balance, and pays the self-pay part only
// when paysSelfPay (accounts.pays_self_pay). It returns both parts and the
// balance left.
func PayShare(share, selfPay float64, paysSelfPay bool, balance float64) (account, cash, left float64) {
	account = share
	if !paysSelfPay {
		account = share - selfPay
	}
	// min(max(0, balance), max(0, account)): the builtin min for the
	// balance (an exhausted account makes it a coin toss), a predicted
	// branch for the rare negative.
	account = min(account, balance)
	if account < 0 {
		account = 0
	}
	return account, share - account, balance - account
}
