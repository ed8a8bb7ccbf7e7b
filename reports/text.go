package reports

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"simulate/model"
)

// yi is 亿 yuan, the unit of money in the human summary.
const yi = 1e8

// textMetrics are the metrics of the human summary, with their labels.
var textMetrics = []struct {
	metric model.Metric
	label  string
}{
	{model.PoolIncome, "pool income"},
	{model.PoolExpenditure, "pool expenditure"},
	{model.PoolBalance, "pool balance"},
	{model.PoolMonths, "months of payment"},
	{model.AccountBalance, "account balance"},
	{model.MemberCash, "member cash"},
}

// WriteText writes a short human summary of sum to w (stdout): the
// scenario and run size, the key metrics at the first, middle and last year
// as mean [p05, p95] with money in 亿 yuan (1e8), the solvency indicators at
// the horizon, the median first deficit and depletion years and the output
// directory dir. Files keep unscaled yuan; only this text scales. The
// warnings are not in it: the command prints them on stderr.
func WriteText(w io.Writer, sum *Summary, dir string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d replications × %d members (weight %s)", sum.Scenario, sum.Replications, sum.Members, textWeight(sum.Weight))
	ny := len(sum.Years)
	if ny > 0 {
		fmt.Fprintf(&b, ", %d–%d", sum.Years[0], sum.Years[ny-1])
	}
	b.WriteString("\n")

	cols := textColumns(ny)
	if len(cols) > 0 && len(sum.Metrics) > 0 {
		b.WriteString("mean [p05, p95]; money in 亿 yuan (1e8 yuan)\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, y := range cols {
			fmt.Fprintf(tw, "\t%d", sum.Years[y])
		}
		fmt.Fprint(tw, "\n")
		for _, tm := range textMetrics {
			m := sum.Metric(model.Metrics[tm.metric].Name)
			if m == nil {
				continue
			}
			scale, digits := 1.0, 1
			if m.Unit == model.Yuan {
				scale, digits = yi, 2
			}
			fmt.Fprint(tw, tm.label)
			for _, y := range cols {
				fmt.Fprintf(tw, "\t%s [%s, %s]", TextNumber(m.Mean[y]/scale, digits), TextNumber(m.P05[y]/scale, digits), TextNumber(m.P95[y]/scale, digits))
			}
			fmt.Fprint(tw, "\n")
		}
		tw.Flush()
	}

	sv := &sum.Solvency
	if ny > 0 {
		last := ny - 1
		fmt.Fprintf(&b, "solvency in %d: deficit %s, depleted %s, insufficient %s, below warning %s, excess %s\n",
			sum.Years[last], textShare(sv.PDeficit[last]), textShare(sv.PDepleted[last]), textShare(sv.PInsufficient[last]),
			textShare(sv.PBelowWarning[last]), textShare(sv.PExcess[last]))
		fmt.Fprintf(&b, "median first deficit year: %s; median depletion year: %s\n",
			textYear(sv.FirstDeficitYear.P50, sum.Years[last]), textYear(sv.DepletionYear.P50, sum.Years[last]))
	}
	fmt.Fprintf(&b, "output: %s\n", dir)
	_, err := io.WriteString(w, b.String())
	return err
}

// textColumns returns the year indices shown: first, middle and last,
// without repeats.
func textColumns(ny int) []int {
	if ny == 0 {
		return nil
	}
	var cols []int
	for _, y := range []int{0, (ny - 1) / 2, ny - 1} {
		if y >= 0 && (len(cols) == 0 || cols[len(cols)-1] != y) {
			cols = append(cols, y)
		}
	}
	return cols
}

// TextNumber prints v for a results table with the given decimals: n/a
// when undefined, never "-0.00".
func TextNumber(v float64, digits int) string {
	if !defined(v) {
		return "n/a"
	}
	s := fmt.Sprintf("%.*f", digits, v)
	if strings.Trim(s, "-0.") == "" { // no "-0.00"
		s = strings.TrimPrefix(s, "-")
	}
	return s
}

// textWeight prints the weight with at most two decimals (5.2, 1, 1234.57).
func textWeight(w float64) string {
	if !defined(w) {
		return "n/a"
	}
	return formatNumber(math.Round(w*100) / 100)
}

func textShare(p float64) string {
	if !defined(p) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", math.Round(p*1000)/10)
}

func textYear(y, horizon int) string {
	if y == 0 {
		return fmt.Sprintf("beyond %d", horizon)
	}
	return fmt.Sprint(y)
}
