package model

import (
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"testing"
)

// ulpsApart returns how many units in the last place of want separate got
// from want (the exact sum).
func ulpsApart(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	ulp := math.Nextafter(math.Abs(w), math.Inf(1)) - math.Abs(w)
	d := new(big.Float).SetPrec(want.Prec()).Sub(new(big.Float).SetFloat64(got), want)
	df, _ := d.Float64()
	return math.Abs(df) / ulp
}

// TestSumExact adds 10⁷ whole-fen amounts (integers / 100 as float64, from
// 1 fen to 10¹¹ yuan: the dynamic range of a member's pharmacy purchase
// beside a block's pool total) and compares a plain running sum and sum with
// the exact sum of the same float64 values (math/big, every addition
// exact) and with the exact fen total (int64). The plain sum drifts by
// thousands of ulps; sum is within 1 ulp of the exact value, and rounds to
// the exact fen total.
func TestSumExact(t *testing.T) {
	n := 10_000_000
	if testing.Short() {
		n = 1_000_000
	}
	r := rand.New(rand.NewPCG(1, 2))
	// 256 bits hold every partial sum exactly: the terms span 2⁻⁷…2³⁷ with
	// 53-bit significands, and the total is below 2⁶⁰.
	exact := new(big.Float).SetPrec(256)
	term := new(big.Float).SetPrec(256)
	var fen int64
	var plain float64
	var k sum
	for i := range n {
		var f int64
		switch {
		case i < 4:
			f = 1e13 + r.Int64N(1e12) // ≈ 10¹¹ yuan first: the classic drift case
		default:
			// Log-uniform from 1 fen to 10⁶ yuan.
			f = int64(math.Exp(r.Float64() * math.Log(1e8)))
		}
		x := float64(f) / 100
		fen += f
		plain += x
		k.Add(x)
		term.SetFloat64(x)
		exact.Add(exact, term)
		if exact.Acc() != big.Exact {
			t.Fatalf("term %d: the big sum rounded; raise its precision", i)
		}
	}
	got := k.Value()
	plainUlps, sumUlps := ulpsApart(plain, exact), ulpsApart(got, exact)
	t.Logf("%d terms: exact %s yuan; plain sum %.17g (%.0f ulp off), compensated %.17g (%.2f ulp off); fen total %d, compensated × 100 rounds to %.0f, plain to %.0f",
		n, exact.Text('f', 6), plain, plainUlps, got, sumUlps, fen, math.Round(got*100), math.Round(plain*100))
	if sumUlps > 1 {
		t.Errorf("compensated sum %.17g is %.2f ulp from the exact %s, want ≤ 1", got, sumUlps, exact.Text('g', 20))
	}
	if plainUlps < 100 {
		t.Errorf("the plain sum is only %.0f ulp off: the test no longer shows drift", plainUlps)
	}
	// The float64 terms differ from their fen amounts by at most half an
	// ulp each, far less than a fen in total.
	if int64(math.Round(got*100)) != fen {
		t.Errorf("compensated sum %.17g yuan does not round to the fen total %d", got, fen)
	}
}

func TestSumSpecialValues(t *testing.T) {
	tests := []struct {
		name  string
		terms []float64
		want  float64
	}{
		{"empty", nil, 0},
		{"cancellation", []float64{1e100, 1, -1e100}, 1},
		{"small after large", []float64{1, 1e-16, 1e-16}, 1 + 2e-16},
		{"infinite", []float64{1, math.Inf(1), 1}, math.Inf(1)},
		{"minus infinite", []float64{1, math.Inf(-1)}, math.Inf(-1)},
		{"NaN", []float64{1, math.NaN()}, math.NaN()},
	}
	for _, tt := range tests {
		var k sum
		for _, x := range tt.terms {
			k.Add(x)
		}
		got := k.Value()
		if got != tt.want && !(math.IsNaN(got) && math.IsNaN(tt.want)) {
			t.Errorf("%s: sum of %v = %v, want %v", tt.name, tt.terms, got, tt.want)
		}
	}
}

// TestYearAccNumbers checks that yearAcc.numbers names every float64 of a
// yearAcc exactly once, so that the compensated block total misses no flow.
func TestYearAccNumbers(t *testing.T) {
	var a yearAcc
	v := reflect.ValueOf(&a).Elem()
	want := map[uintptr]string{} // field addresses
	for i := range v.NumField() {
		f := v.Field(i)
		name := v.Type().Field(i).Name
		switch f.Kind() {
		case reflect.Float64:
			want[f.Addr().Pointer()] = name
		case reflect.Array:
			for j := range f.Len() {
				want[f.Index(j).Addr().Pointer()] = name
			}
		default:
			t.Fatalf("yearAcc.%s is a %s: numbers and the compensated total handle float64 only", name, f.Kind())
		}
	}
	seen := map[uintptr]bool{}
	for _, ptr := range a.numbers() {
		p := reflect.ValueOf(ptr).Pointer()
		if _, ok := want[p]; !ok || seen[p] {
			t.Fatalf("numbers lists a pointer twice or outside yearAcc")
		}
		seen[p] = true
	}
	for p, name := range want {
		if !seen[p] {
			t.Errorf("numbers misses yearAcc.%s", name)
		}
	}
	// A round trip through yearSum keeps every field.
	for i, p := range a.numbers() {
		*p = float64(i + 1)
	}
	var s yearSum
	s.add(&a)
	s.add(&a)
	b := s.value()
	for i, p := range b.numbers() {
		if *p != 2*float64(i+1) {
			t.Errorf("number %d: %v after adding %v twice", i, *p, float64(i+1))
		}
	}
}
