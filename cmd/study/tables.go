package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"simulate/reports"
	"strconv"
	"strings"
	"time"
)

// The tables of the study documents, generated from the saved outputs under
// docs/study/. Every number in a table is one value of one file, formatted:
// amounts in 亿 yuan (1e8) with 2 decimals, months with 2 decimals,
// probabilities in percent, per-member yuan with 0 decimals.

// Files the tables read (relative to docs/study/).
const (
	fReformRun = "reform/runs/1-qiannan-2022/summary.json"
	fSQRun     = "reform/runs/0-qiannan-status-quo/summary.json"
	fReformGrp = "reform/runs/1-qiannan-2022/groups.csv"
	fSQGrp     = "reform/runs/0-qiannan-status-quo/groups.csv"
	fCompare   = "reform/comparison.csv"
	fGroupsCmp = "reform/groups-comparison.csv"
	fBreakdown = "breakdown/breakdown.csv"
	fSweep     = "ratio-cap/sweep.csv"
	fTornado   = "sensitivity/tornado.csv"
)

// solves are the searches of question 3, in the order of the documents.
var solves = []struct{ dir, en, zh string }{
	{"max-ratio", "highest primary ratio with months P5 ≥ 6, every year", "各年月数 P5 ≥ 6 时最高的基层报销比例"},
	{"max-ratio-2031-precise", "highest primary ratio with months P5 ≥ 6 in 2031", "2031 年月数 P5 ≥ 6 时最高的基层报销比例"},
	{"max-ratio-2031-insufficient", "highest primary ratio with P(months < 3 in 2031) ≤ 10%", "2031 年 P(月数 < 3) ≤ 10% 时最高的基层报销比例"},
	{"breakeven", "lowest employer rate with mean surplus ≥ 0 every year", "各年当期结余均值 ≥ 0 的最低单位费率"},
	{"rate-for-6-months", "lowest employer rate with months P5 ≥ 6, every year", "各年月数 P5 ≥ 6 的最低单位费率"},
}

// readSummary reads a saved summary.json with the program's own reader.
func readSummary(rel string) (*reports.Summary, error) {
	return reports.ReadSummary(filepath.Join(studyDir, rel))
}

// metric returns the named metric of s or an error naming the file.
func metric(s *reports.Summary, rel, name string) (*reports.MetricSummary, error) {
	m := s.Metric(name)
	if m == nil {
		return nil, fmt.Errorf("%s: no metric %s", rel, name)
	}
	return m, nil
}

func yearIndex(s *reports.Summary, year int) int {
	for i, y := range s.Years {
		if y == year {
			return i
		}
	}
	return -1
}

// readCSV returns the rows of a CSV file as maps from header to value.
func readCSV(rel string) ([]map[string]string, error) {
	f, err := os.Open(filepath.Join(studyDir, rel))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", rel)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(r) {
				m[h] = r[i]
			}
		}
		out = append(out, m)
	}
	return out, nil
}

func num(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// Formats: amounts in 亿 yuan (1e8) with 2 decimals, months with 2
// decimals, probabilities in percent with 1 decimal, per-member yuan with 0
// decimals; an undefined value (NaN: too few replications to bound it) is
// "—". A figure's 95% Monte Carlo interval follows it in brackets,
// "2.78 [1.04, 4.23]"; a P5–P95 band of the replications is "lo … hi".

func defined(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func yi(v float64) string {
	if !defined(v) {
		return "—"
	}
	return fmt.Sprintf("%.2f", v/1e8)
}

func mo(v float64) string {
	if !defined(v) {
		return "—"
	}
	return fmt.Sprintf("%.2f", v)
}

func pctNum(v float64) string {
	if !defined(v) {
		return "—"
	}
	return fmt.Sprintf("%.1f", 100*v)
}

func yuan(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	if s == "-0" {
		s = "0"
	}
	return s
}

// ci formats a figure with its interval.
func ci(f func(float64) string, v, lo, hi float64) string {
	return fmt.Sprintf("%s [%s, %s]", f(v), f(lo), f(hi))
}

// band formats the P5–P95 band of the replications.
func band(f func(float64) string, lo, hi float64) string {
	return f(lo) + " … " + f(hi)
}

// share formats a probability with its interval, "6.0% [3.2, 10.8]".
func share(v, lo, hi float64) string {
	return fmt.Sprintf("%s%% [%s, %s]", pctNum(v), pctNum(lo), pctNum(hi))
}

// fmtBy formats a metric by its unit.
func fmtBy(unit string) func(float64) string {
	switch unit {
	case "yuan":
		return yi
	case "months":
		return mo
	case "ratio":
		return func(v float64) string { return fmt.Sprintf("%.4f", v) }
	default:
		return func(v float64) string { return fmt.Sprintf("%.0f", v) }
	}
}

type table struct {
	name   string
	header [2][]string // en, zh
	rows   [][2][]string
}

func (t *table) add(en, zh []string)  { t.rows = append(t.rows, [2][]string{en, zh}) }
func (t *table) same(cells ...string) { t.add(cells, cells) }

func (t *table) markdown(lang int) string {
	var b strings.Builder
	h := t.header[lang]
	b.WriteString("| " + strings.Join(h, " | ") + " |\n|")
	for i := range h {
		if i == 0 {
			b.WriteString(" --- |")
		} else {
			b.WriteString(" ---: |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.rows {
		b.WriteString("| " + strings.Join(r[lang], " | ") + " |\n")
	}
	return b.String()
}

var metricZH = map[string]string{
	"pool_income": "统筹基金收入", "pool_expenditure": "统筹基金支出", "pool_outpatient_general": "其中：普通门诊统筹",
	"pool_retiree_credit": "退休人员个人账户划入（统筹列支）", "pool_surplus": "统筹基金当期结余", "pool_balance": "统筹基金累计结存",
	"pool_months": "可支付月数", "account_credit": "个人账户划入", "account_balance": "个人账户累计结存",
	"member_cash": "参保人现金自付", "member_burden": "参保人负担（现金 + 个人账户）",
}
var metricEN = map[string]string{
	"pool_income": "pool income", "pool_expenditure": "pool expenditure", "pool_outpatient_general": "of which general outpatient",
	"pool_retiree_credit": "retiree account credits (from the pool)", "pool_surplus": "pool surplus", "pool_balance": "pool balance",
	"pool_months": "months of payment", "account_credit": "account credits", "account_balance": "account balance",
	"member_cash": "members' cash out of pocket", "member_burden": "members' burden (cash + account)",
}

func unitLabel(unit string, zh bool) string {
	switch {
	case unit == "yuan" && zh:
		return "亿元"
	case unit == "yuan":
		return "亿 yuan"
	case unit == "months" && zh:
		return "月"
	case unit == "months":
		return "months"
	}
	return unit
}

// tables builds every table of the study.
func tables() ([]*table, error) {
	var out []*table
	for _, f := range []func() (*table, error){tScale, tSolvency, tStatusQuo, tReform, tBurden, tBreakdown, tAnswers, tSolve, tSweep, tTornado} {
		t, err := f()
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

var scaleDirs = []struct{ dir, en, zh string }{
	{"reform", "1–2: reform vs status quo (2 runs)", "1—2：改革与维持现行对比（2 次完整模拟）"},
	{"breakdown", "2: breakdown by provision (3 runs)", "2：按规定分解（3 次完整模拟）"},
	{"max-ratio", "3: highest primary ratio, every year (solve)", "3：最高基层报销比例，各年（求解）"},
	{"max-ratio-2031-precise", "3: highest primary ratio, 2031 (solve)", "3：最高基层报销比例，2031 年（求解）"},
	{"max-ratio-2031-insufficient", "3: highest primary ratio, P(< 3 months) in 2031 (solve)", "3：最高基层报销比例，2031 年 P(月数 < 3)（求解）"},
	{"breakeven", "3: break-even employer rate (solve)", "3：收支平衡单位费率（求解）"},
	{"rate-for-6-months", "3: employer rate for 6 months (solve)", "3：保持 6 个月的单位费率（求解）"},
	{"ratio-cap", "3: ratio × cap sweep (9 points)", "3：报销比例 × 限额扫描（9 个点）"},
	{"sensitivity", "4: sensitivity (15 runs)", "4：敏感性分析（15 次完整模拟）"},
}

// runInfo is what the scale table takes from a saved run.json.
type runInfo struct {
	CommandLine []string  `json:"command_line"`
	Version     string    `json:"version"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
}

func readRunInfo(dir string) (*runInfo, error) {
	b, err := os.ReadFile(filepath.Join(studyDir, dir, "run.json"))
	if err != nil {
		return nil, err
	}
	var rj runInfo
	if err := json.Unmarshal(b, &rj); err != nil {
		return nil, fmt.Errorf("%s/run.json: %w", dir, err)
	}
	return &rj, nil
}

// tScale lists the scale, engine and wall-clock time of every command, from
// run.json.
func tScale() (*table, error) {
	ref, err := readSummary(fReformRun)
	if err != nil {
		return nil, err
	}
	t := &table{name: "scale", header: [2][]string{
		{"step", "output", "members", "weight", "replications", "engine", "wall time (min)"},
		{"步骤", "输出目录", "样本成员数", "权重", "模拟次数", "引擎版本", "运行时间（分钟）"},
	}}
	for _, d := range scaleDirs {
		rj, err := readRunInfo(d.dir)
		if err != nil {
			return nil, err
		}
		var n, r string
		for i := 0; i+1 < len(rj.CommandLine); i++ {
			switch rj.CommandLine[i] {
			case "-n", "--members":
				n = rj.CommandLine[i+1]
			case "-r", "--replications":
				r = rj.CommandLine[i+1]
			}
		}
		w := "?"
		if nv := num(n); nv > 0 {
			w = strconv.FormatFloat(ref.Population/nv, 'g', 4, 64)
		}
		mins := fmt.Sprintf("%.1f", rj.End.Sub(rj.Start).Minutes())
		dir := "`" + d.dir + "/`"
		t.add([]string{d.en, dir, n, w, r, rj.Version, mins}, []string{d.zh, dir, n, w, r, rj.Version, mins})
	}
	return t, nil
}

// levels holds the metrics the solvency tables read from one summary.
type levels struct {
	s                                      *reports.Summary
	income, expenditure, surplus, bal, mon *reports.MetricSummary
}

func readLevels(rel string) (*levels, error) {
	s, err := readSummary(rel)
	if err != nil {
		return nil, err
	}
	l := &levels{s: s}
	for _, m := range []struct {
		name string
		p    **reports.MetricSummary
	}{{"pool_income", &l.income}, {"pool_expenditure", &l.expenditure}, {"pool_surplus", &l.surplus}, {"pool_balance", &l.bal}, {"pool_months", &l.mon}} {
		if *m.p, err = metric(s, rel, m.name); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// solvencyCells are the columns both solvency tables share for year index i:
// the mean surplus, the median balance and months with their intervals and
// bands, the P5 of months with its interval, and the four probabilities.
func (l *levels) solvencyCells(i int) []string {
	s, sv := l.s, &l.s.Solvency
	lo, hi := s.MeanInterval(l.surplus, i)
	return []string{
		ci(yi, l.surplus.Mean[i], lo, hi) + "; " + band(yi, l.surplus.P05[i], l.surplus.P95[i]),
		ci(yi, l.bal.P50[i], l.bal.P50CI.Lo[i], l.bal.P50CI.Hi[i]) + "; " + band(yi, l.bal.P05[i], l.bal.P95[i]),
		ci(mo, l.mon.P50[i], l.mon.P50CI.Lo[i], l.mon.P50CI.Hi[i]),
		ci(mo, l.mon.P05[i], l.mon.P05CI.Lo[i], l.mon.P05CI.Hi[i]),
		share(sv.PDeficit[i], sv.PDeficitCI.Lo[i], sv.PDeficitCI.Hi[i]),
		share(sv.PBelowWarning[i], sv.PBelowWarningCI.Lo[i], sv.PBelowWarningCI.Hi[i]),
		share(sv.PInsufficient[i], sv.PInsufficientCI.Lo[i], sv.PInsufficientCI.Hi[i]),
		share(sv.PDepleted[i], sv.PDepletedCI.Lo[i], sv.PDepletedCI.Hi[i]),
	}
}

var solvencyHeader = [2][]string{
	{"surplus (亿): mean [95% CI]; P5 … P95", "pool balance (亿): P50 [95% CI]; P5 … P95", "months: P50 [95% CI]", "months: P5 [95% CI]", "P(deficit)", "P(months < 6)", "P(months < 3)", "P(depleted by then)"},
	{"当期结余（亿元）：均值 [95% 区间]；P5 … P95", "累计结存（亿元）：P50 [95% 区间]；P5 … P95", "可支付月数：P50 [95% 区间]", "可支付月数：P5 [95% 区间]", "P(当期赤字)", "P(月数 < 6)", "P(月数 < 3)", "P(截至当年穿底)"},
}

func tSolvency() (*table, error) {
	l, err := readLevels(fReformRun)
	if err != nil {
		return nil, err
	}
	t := &table{name: "solvency", header: [2][]string{
		append([]string{"year", "pool income (亿, mean)", "pool expenditure (亿, mean)"}, solvencyHeader[0]...),
		append([]string{"年份", "统筹基金收入（亿元，均值）", "统筹基金支出（亿元，均值）"}, solvencyHeader[1]...),
	}}
	for i, y := range l.s.Years {
		t.same(append([]string{strconv.Itoa(y), yi(l.income.Mean[i]), yi(l.expenditure.Mean[i])}, l.solvencyCells(i)...)...)
	}
	return t, nil
}

func tStatusQuo() (*table, error) {
	l, err := readLevels(fSQRun)
	if err != nil {
		return nil, err
	}
	t := &table{name: "status-quo", header: [2][]string{
		append([]string{"year"}, solvencyHeader[0]...),
		append([]string{"年份"}, solvencyHeader[1]...),
	}}
	for i, y := range l.s.Years {
		t.same(append([]string{strconv.Itoa(y)}, l.solvencyCells(i)...)...)
	}
	return t, nil
}

var reformMetrics = []string{"pool_income", "pool_retiree_credit", "pool_expenditure", "pool_outpatient_general", "pool_surplus", "pool_balance", "pool_months", "account_credit", "account_balance", "member_cash", "member_burden"}

// findRow returns the row of rows with the given values, or nil.
func findRow(rows []map[string]string, kv ...string) map[string]string {
next:
	for _, r := range rows {
		for i := 0; i+1 < len(kv); i += 2 {
			if r[kv[i]] != kv[i+1] {
				continue next
			}
		}
		return r
	}
	return nil
}

func tReform() (*table, error) {
	sq, err := readSummary(fSQRun)
	if err != nil {
		return nil, err
	}
	rf, err := readSummary(fReformRun)
	if err != nil {
		return nil, err
	}
	rows, err := readCSV(fCompare)
	if err != nil {
		return nil, err
	}
	years := []int{2023, 2027, 2031}
	t := &table{name: "reform", header: [2][]string{
		{"metric", "unit", "status quo 2031 (mean)", "reform 2031 (mean)"},
		{"指标", "单位", "维持现行 2031（均值）", "改革 2031（均值）"},
	}}
	for _, y := range years {
		t.header[0] = append(t.header[0], fmt.Sprintf("difference %d: mean [95%% CI]", y))
		t.header[1] = append(t.header[1], fmt.Sprintf("%d 年差额：均值 [95%% 区间]", y))
	}
	t.header[0] = append(t.header[0], "difference 2031: P5 … P95")
	t.header[1] = append(t.header[1], "2031 年差额：P5 … P95")
	for _, met := range reformMetrics {
		unit := ""
		var cells []string
		var last map[string]string
		for _, y := range years {
			row := findRow(rows, "metric", met, "year", strconv.Itoa(y))
			if row == nil {
				return nil, fmt.Errorf("%s: no %s in %d", fCompare, met, y)
			}
			unit = row["unit"]
			f := fmtBy(unit)
			cells = append(cells, ci(f, num(row["mean"]), num(row["mean_lo"]), num(row["mean_hi"])))
			last = row
		}
		f := fmtBy(unit)
		cells = append(cells, band(f, num(last["p05"]), num(last["p95"])))
		msq, err := metric(sq, fSQRun, met)
		if err != nil {
			return nil, err
		}
		mrf, err := metric(rf, fReformRun, met)
		if err != nil {
			return nil, err
		}
		lv := []string{f(msq.Mean[yearIndex(sq, 2031)]), f(mrf.Mean[yearIndex(rf, 2031)])}
		t.add(append([]string{metricEN[met], unitLabel(unit, false)}, append(lv, cells...)...),
			append([]string{metricZH[met], unitLabel(unit, true)}, append(lv, cells...)...))
	}
	return t, nil
}

// readGroups reads a saved groups.csv or groups-comparison.csv, of this
// version or the earlier one, with the program's own reader.
func readGroups(rel string) ([]reports.GroupRow, error) {
	return reports.ReadGroups(filepath.Join(studyDir, rel))
}

// groupMean returns the mean row of metric in year for the group of
// model.GroupStatuses label status and age band band: its value and its
// 95% interval (NaN where the file has none).
func groupMean(rows []reports.GroupRow, year int, status, band, metric string) (reports.GroupRow, error) {
	for _, r := range rows {
		if r.Year == year && r.Label() == status && r.AgeBand == band && r.Metric == metric && r.Stat == "mean" {
			return r, nil
		}
	}
	return reports.GroupRow{}, fmt.Errorf("no %s %s/%s in %d", metric, status, band, year)
}

func tBurden() (*table, error) {
	sq, err := readGroups(fSQGrp)
	if err != nil {
		return nil, err
	}
	rf, err := readGroups(fReformGrp)
	if err != nil {
		return nil, err
	}
	cmp, err := readGroups(fGroupsCmp)
	if err != nil {
		return nil, err
	}
	t := &table{name: "burden", header: [2][]string{
		{"group", "cash 2023, status quo", "cash 2023, reform", "Δ cash 2023 [95% CI]", "Δ burden 2023 [95% CI]", "Δ cash 2031 [95% CI]", "Δ burden 2031 [95% CI]"},
		{"人群", "2023 现金自付（现行）", "2023 现金自付（改革）", "2023 现金自付差额 [95% 置信区间]", "2023 负担差额 [95% 置信区间]", "2031 现金自付差额 [95% 置信区间]", "2031 负担差额 [95% 置信区间]"},
	}}
	type grp struct{ status, band, en, zh string }
	groups := []grp{{"all", "all", "all members", "全体参保人"}}
	for _, b := range []string{"20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89"} {
		groups = append(groups, grp{"all", b, "age " + b, b + " 岁"})
	}
	groups = append(groups, grp{"active", "all", "active employees", "在职职工"}, grp{"flexible", "all", "flexible workers", "灵活就业人员"}, grp{"retired", "all", "retirees", "退休人员"})
	for q := 1; q <= 5; q++ {
		groups = append(groups, grp{fmt.Sprintf("base_q%d", q), "all", fmt.Sprintf("base quintile %d", q), fmt.Sprintf("缴费基数第 %d 五分位", q)})
	}
	for _, g := range groups {
		var cells []string
		for _, src := range []struct {
			rows   []reports.GroupRow
			year   int
			metric string
			paired bool // a difference, given with its interval
		}{{sq, 2023, "cash", false}, {rf, 2023, "cash", false}, {cmp, 2023, "cash", true}, {cmp, 2023, "burden", true}, {cmp, 2031, "cash", true}, {cmp, 2031, "burden", true}} {
			r, err := groupMean(src.rows, src.year, g.status, g.band, src.metric)
			if err != nil {
				return nil, fmt.Errorf("burden table: %w", err)
			}
			if src.paired {
				cells = append(cells, ci(yuan, r.Value, r.Lo, r.Hi))
			} else {
				cells = append(cells, yuan(r.Value))
			}
		}
		t.add(append([]string{g.en}, cells...), append([]string{g.zh}, cells...))
	}
	return t, nil
}

var breakdownMetrics = []string{"pool_income", "pool_expenditure", "pool_balance", "pool_months", "account_balance", "member_cash", "member_burden"}

func tBreakdown() (*table, error) {
	rows, err := readCSV(fBreakdown)
	if err != nil {
		return nil, err
	}
	var steps []string
	seen := map[string]bool{}
	for _, r := range rows {
		if !seen[r["group"]] {
			seen[r["group"]] = true
			steps = append(steps, r["group"])
		}
	}
	zhStep := map[string]string{"credits": "个人账户划入改革", "outpatient pooling": "普通门诊统筹", "other": "其他"}
	t := &table{name: "breakdown", header: [2][]string{{"metric (2031)", "unit"}, {"指标（2031 年）", "单位"}}}
	for _, s := range steps {
		t.header[0] = append(t.header[0], "step: "+s+", mean [95% CI]")
		z := zhStep[s]
		if z == "" {
			z = s
		}
		t.header[1] = append(t.header[1], "步骤："+z+"，均值 [95% 区间]")
	}
	for _, met := range breakdownMetrics {
		var cells []string
		unit := ""
		for _, s := range steps {
			cell := "—"
			if r := findRow(rows, "group", s, "metric", met, "year", "2031"); r != nil {
				unit = r["unit"]
				cell = ci(fmtBy(unit), num(r["mean"]), num(r["mean_lo"]), num(r["mean_hi"]))
			}
			cells = append(cells, cell)
		}
		t.add(append([]string{metricEN[met], unitLabel(unit, false)}, cells...), append([]string{metricZH[met], unitLabel(unit, true)}, cells...))
	}
	return t, nil
}

// solveAnswer is what the answers table takes from a saved solve.json.
type solveAnswer struct {
	Target      string   `json:"target"`
	Low         float64  `json:"low"`
	High        float64  `json:"high"`
	Evaluations int      `json:"evaluations"`
	Reachable   bool     `json:"reachable"`
	SurelyMet   bool     `json:"surely_met"`
	Value       *float64 `json:"value"`
	ValueLo     *float64 `json:"value_lo"`
	ValueHi     *float64 `json:"value_hi"`
}

// keyValue formats a value of a searched key: ratios and rates as given.
func keyValue(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// tAnswers states each search's answer with its interval: the value, from
// where the target is met for sure to where it is still not ruled out.
func tAnswers() (*table, error) {
	t := &table{name: "answers", header: [2][]string{
		{"question", "target", "range searched", "answer", "95% interval of the answer", "evaluations × replications"},
		{"问题", "目标", "搜索区间", "答案", "答案的 95% 区间", "评估次数 × 模拟次数"},
	}}
	for _, s := range solves {
		b, err := os.ReadFile(filepath.Join(studyDir, s.dir, "solve.json"))
		if err != nil {
			return nil, err
		}
		var a solveAnswer
		if err := json.Unmarshal(b, &a); err != nil {
			return nil, fmt.Errorf("%s/solve.json: %w", s.dir, err)
		}
		rows, err := readCSV(filepath.Join(s.dir, "solve.csv"))
		if err != nil {
			return nil, err
		}
		reps := "?"
		if len(rows) > 0 {
			reps = rows[0]["replications"]
		}
		ans, ansZH := keyValue(a.Value), keyValue(a.Value)
		if a.Value == nil {
			ans, ansZH = "none in the range", "区间内无解"
		}
		var iv, ivZH string
		switch {
		case !a.Reachable:
			iv, ivZH = "none: unreachable at 95%", "无：在 95% 置信水平下不可达"
		default:
			// value_lo ≤ value_hi; the end toward which the target is
			// surely met is null when no value is.
			iv = fmt.Sprintf("[%s, %s]", keyValue(a.ValueLo), keyValue(a.ValueHi))
			ivZH = iv
			if !a.SurelyMet {
				iv += " (no value surely meets it)"
				ivZH += "（无取值确定满足）"
			}
		}
		rng := fmt.Sprintf("%s–%s", keyValue(&a.Low), keyValue(&a.High))
		tgt := "`" + a.Target + "`"
		n := fmt.Sprintf("%d × %s", a.Evaluations, reps)
		t.add([]string{s.en, tgt, rng, ans, iv, n}, []string{s.zh, tgt, rng, ansZH, ivZH, n})
	}
	return t, nil
}

func tSolve() (*table, error) {
	t := &table{name: "solve", header: [2][]string{
		{"question", "evaluation", "value tried", "target figure there [95% CI]", "verdict"},
		{"问题", "第几次评估", "试算取值", "目标指标取值 [95% 区间]", "判定"},
	}}
	verdictZH := map[string]string{"met": "满足", "not met": "不满足", "undecided": "未定"}
	for _, s := range solves {
		rows, err := readCSV(filepath.Join(s.dir, "solve.csv"))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			var key string
			for k := range r {
				if strings.Contains(k, ".") {
					key = k
				}
			}
			fig := num(r["figure"])
			var f func(float64) string
			switch {
			case math.Abs(fig) > 1e5:
				f = func(v float64) string { return yi(v) + " 亿" }
			case strings.HasPrefix(s.dir, "max-ratio-2031-insufficient"):
				f = func(v float64) string { return pctNum(v) + "%" }
			default:
				f = mo
			}
			v := strconv.FormatFloat(num(r[key]), 'f', -1, 64)
			cell := ci(f, fig, num(r["figure_lo"]), num(r["figure_hi"]))
			t.add([]string{s.en, r["evaluation"], v, cell, r["verdict"]}, []string{s.zh, r["evaluation"], v, cell, verdictZH[r["verdict"]]})
		}
	}
	return t, nil
}

func tSweep() (*table, error) {
	rows, err := readCSV(fSweep)
	if err != nil {
		return nil, err
	}
	var ratios, caps []string
	seenR, seenC := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if !seenR[r["outpatient.ratio.primary"]] {
			seenR[r["outpatient.ratio.primary"]] = true
			ratios = append(ratios, r["outpatient.ratio.primary"])
		}
		if !seenC[r["outpatient.cap"]] {
			seenC[r["outpatient.cap"]] = true
			caps = append(caps, r["outpatient.cap"])
		}
	}
	t := &table{name: "sweep", header: [2][]string{{"primary ratio"}, {"基层报销比例"}}}
	for _, c := range caps {
		t.header[0] = append(t.header[0], "cap "+c+": months P5 [95% CI] / P50; P(depleted) [95% CI], verdict; cash 亿")
		t.header[1] = append(t.header[1], "限额 "+c+"：月数 P5 [95% 区间] / P50；P(穿底) [95% 区间]，判定；现金自付 亿元")
	}
	verdictZH := map[string]string{"met": "满足", "not met": "不满足", "undecided": "未定"}
	for _, ra := range ratios {
		en, zh := []string{ra}, []string{ra}
		for _, c := range caps {
			r := findRow(rows, "outpatient.ratio.primary", ra, "outpatient.cap", c)
			if r == nil {
				return nil, fmt.Errorf("%s: no point at ratio %s, cap %s", fSweep, ra, c)
			}
			cell := fmt.Sprintf("%s / %s; %s", ci(mo, num(r["pool_months_p05"]), num(r["pool_months_p05_lo"]), num(r["pool_months_p05_hi"])), mo(num(r["pool_months_p50"])),
				share(num(r["p_depleted_by_horizon"]), num(r["p_depleted_by_horizon_lo"]), num(r["p_depleted_by_horizon_hi"])))
			en = append(en, fmt.Sprintf("%s, %s; %s", cell, r["verdict"], yi(num(r["member_cash"]))))
			zh = append(zh, fmt.Sprintf("%s，%s；%s", cell, verdictZH[r["verdict"]], yi(num(r["member_cash"]))))
		}
		t.add(en, zh)
	}
	return t, nil
}

func tTornado() (*table, error) {
	rows, err := readCSV(fTornado)
	if err != nil {
		return nil, err
	}
	t := &table{name: "tornado", header: [2][]string{
		{"key", "base", "low", "high", "effect of low (亿) (se)", "effect of high (亿) (se)"},
		{"参数", "基准值", "下调值", "上调值", "下调影响（亿元）(se)", "上调影响（亿元）(se)"},
	}}
	for _, r := range rows {
		g := func(k string) string { return strconv.FormatFloat(num(r[k]), 'g', 4, 64) }
		t.same("`"+r["key"]+"`", g("base_value"), g("low_value"), g("high_value"),
			fmt.Sprintf("%s (%s)", yi(num(r["low_effect"])), yi(num(r["low_se"]))),
			fmt.Sprintf("%s (%s)", yi(num(r["high_effect"])), yi(num(r["high_se"]))))
	}
	return t, nil
}

var tableRe = regexp.MustCompile(`(?s)(<!-- table:([a-z-]+) -->\n).*?(<!-- /table -->)`)

// render returns doc with every marked table replaced by its generated text.
func render(doc string, lang int, ts []*table) (string, error) {
	byName := map[string]*table{}
	for _, t := range ts {
		byName[t.name] = t
	}
	var missing []string
	out := tableRe.ReplaceAllStringFunc(doc, func(m string) string {
		sub := tableRe.FindStringSubmatch(m)
		t := byName[sub[2]]
		if t == nil {
			missing = append(missing, sub[2])
			return m
		}
		return sub[1] + t.markdown(lang) + sub[3]
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("unknown tables %v", missing)
	}
	return out, nil
}

func writeTables(stdout io.Writer) error {
	ts, err := tables()
	if err != nil {
		return err
	}
	for lang, path := range []string{docEN, docZH} {
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out, err := render(string(b), lang, ts)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if out != string(b) {
			if err := reports.WriteFileAtomic(path, func(w io.Writer) error { _, err := io.WriteString(w, out); return err }); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "wrote the tables of %s\n", path)
		}
	}
	return nil
}
