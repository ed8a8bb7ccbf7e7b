package reports_test

import (
	"os"

	"simulate/model"
	"simulate/reports"
)

// A hand-made result of two replications over three years: in the second
// the pool runs a deficit from 2024 and is exhausted in 2025, so with R = 2
// the median depletion year (the ⌈0.5·2⌉ = 1st smallest) is 2025.
func ExampleWriteText() {
	nm := int(model.NumMetrics)
	res := &model.Result{
		Scenario: "example", Seed: 1, Replications: 2, Reps: []int{0, 1},
		Members: 1000, Population: 520000, Weight: 520, Years: []int{2023, 2024, 2025},
	}
	for i := range 2 {
		row := make([]float64, 3*nm)
		for y := range 3 {
			v := func(m model.Metric, x float64) { row[y*nm+int(m)] = x }
			income := 12e8 - float64(i*y)*2e8
			balance := 9e8 - float64(i*y)*5e8
			v(model.PoolIncome, income)
			v(model.PoolExpenditure, 11e8)
			v(model.PoolBalance, balance)
			v(model.PoolMonths, balance/(11e8/12))
			v(model.AccountBalance, 4e8)
			v(model.MemberCash, 2.5e8)
		}
		res.Values = append(res.Values, row)
	}
	sum := reports.Summarize(res, model.MonthBands{Insufficient: 3, Warning: 6, ReasonableMax: 9, Excess: 15})
	reports.WriteText(os.Stdout, sum, "out")
	// Output:
	// example: 2 replications × 1000 members (weight 520), 2023–2025
	// mean [p05, p95]; money in 亿 yuan (1e8 yuan)
	//                    2023                  2024                  2025
	// pool income        12.00 [12.00, 12.00]  11.00 [10.10, 11.90]  10.00 [8.20, 11.80]
	// pool expenditure   11.00 [11.00, 11.00]  11.00 [11.00, 11.00]  11.00 [11.00, 11.00]
	// pool balance       9.00 [9.00, 9.00]     6.50 [4.25, 8.75]     4.00 [-0.50, 8.50]
	// months of payment  9.8 [9.8, 9.8]        7.1 [4.6, 9.5]        4.4 [-0.5, 9.3]
	// account balance    4.00 [4.00, 4.00]     4.00 [4.00, 4.00]     4.00 [4.00, 4.00]
	// member cash        2.50 [2.50, 2.50]     2.50 [2.50, 2.50]     2.50 [2.50, 2.50]
	// solvency in 2025: deficit 50.0%, depleted 50.0%, insufficient 50.0%, below warning 50.0%, excess 0.0%
	// median first deficit year: 2024; median depletion year: 2025
	// output: out
}
