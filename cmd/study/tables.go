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

var solves = []struct{ dir, en, zh string }{
	{"max-ratio", "highest primary ratio with months ≥ 6 at 95%, every year", "各年月数 P5 ≥ 6 时最高的基层报销比例"},
	{"breakeven", "lowest employer rate with mean surplus ≥ 0 every year", "各年当期结余均值 ≥ 0 的最低单位费率"},
	{"rate-for-6-months", "lowest employer rate with months ≥ 6 at 95%, every year", "各年月数 P5 ≥ 6 的最低单位费率"},
	{"max-ratio-2031", "highest primary ratio with months ≥ 6 at 95% in 2031", "2031 年月数 P5 ≥ 6 时最高的基层报销比例"},
	{"max-ratio-2031-w1", "the same at weight 1, ratio 0.6–0.7, tolerance 0.02", "同上，权重 1，比例 0.6—0.7，容差 0.02"},
}

type summary struct {
	Scenario     string  `json:"scenario"`
	Population   float64 `json:"population"`
	Replications int     `json:"replications"`
	Members      int     `json:"members"`
	Weight       float64 `json:"weight"`
	Years        []int   `json:"years"`
	Metrics      map[string]struct {
		Mean, SD, SE, P05, P25, P50, P75, P95 []float64
	} `json:"metrics"`
	Solvency struct {
		PDeficit      []float64       `json:"p_deficit"`
		PDepleted     []float64       `json:"p_depleted"`
		PInsufficient []float64       `json:"p_insufficient"`
		PBelowWarning []float64       `json:"p_below_warning"`
		PExcess       []float64       `json:"p_excess"`
		FirstDeficit  map[string]*int `json:"first_deficit_year"`
		DepletionYear map[string]*int `json:"depletion_year"`
	} `json:"solvency"`
}

func readSummary(rel string) (*summary, error) {
	b, err := os.ReadFile(filepath.Join(studyDir, rel))
	if err != nil {
		return nil, err
	}
	var s summary
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	return &s, nil
}

func (s *summary) idx(year int) int {
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

func yi(v float64) string  { return fmt.Sprintf("%.2f", v/1e8) }
func mo(v float64) string  { return fmt.Sprintf("%.2f", v) }
func pct(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }
func yuan(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	if s == "-0" {
		s = "0"
	}
	return s
}

// fmtBy formats a metric by its unit.
func fmtBy(unit string, v float64) string {
	switch unit {
	case "yuan":
		return yi(v)
	case "months":
		return mo(v)
	case "ratio":
		return fmt.Sprintf("%.4f", v)
	default:
		return fmt.Sprintf("%.0f", v)
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
	for _, f := range []func() (*table, error){tScale, tSolvency, tStatusQuo, tReform, tBurden, tBreakdown, tSolve, tSweep, tTornado} {
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
	{"max-ratio", "3: highest primary ratio (solve)", "3：最高基层报销比例（求解）"},
	{"breakeven", "3: break-even employer rate (solve)", "3：收支平衡单位费率（求解）"},
	{"rate-for-6-months", "3: employer rate for 6 months (solve)", "3：保持 6 个月的单位费率（求解）"},
	{"max-ratio-2031", "3: highest primary ratio, 2031 target (solve)", "3：最高基层报销比例，2031 年目标（求解）"},
	{"max-ratio-2031-w1", "3: the same at weight 1 (solve)", "3：同上，权重 1（求解）"},
	{"ratio-cap", "3: ratio × cap sweep (16 points)", "3：报销比例 × 限额扫描（16 个点）"},
	{"sensitivity", "4: sensitivity (15 runs)", "4：敏感性分析（15 次完整模拟）"},
}

// tScale lists the scale and wall-clock time of every command, from run.json.
func tScale() (*table, error) {
	ref, err := readSummary(fReformRun)
	if err != nil {
		return nil, err
	}
	t := &table{name: "scale", header: [2][]string{
		{"step", "output", "members", "weight", "replications", "wall time (min)"},
		{"步骤", "输出目录", "样本成员数", "权重", "模拟次数", "运行时间（分钟）"},
	}}
	for _, d := range scaleDirs {
		b, err := os.ReadFile(filepath.Join(studyDir, d.dir, "run.json"))
		if err != nil {
			return nil, err
		}
		var rj struct {
			CommandLine []string  `json:"command_line"`
			Start       time.Time `json:"start"`
			End         time.Time `json:"end"`
		}
		if err := json.Unmarshal(b, &rj); err != nil {
			return nil, fmt.Errorf("%s/run.json: %w", d.dir, err)
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
		t.add([]string{d.en, dir, n, w, r, mins}, []string{d.zh, dir, n, w, r, mins})
	}
	return t, nil
}

func tSolvency() (*table, error) {
	s, err := readSummary(fReformRun)
	if err != nil {
		return nil, err
	}
	t := &table{name: "solvency", header: [2][]string{
		{"year", "pool income (亿, mean)", "pool expenditure (亿, mean)", "surplus (亿) mean [P5, P95]", "pool balance (亿) P50 [P5, P95]", "months P50 [P5, P95]", "months mean (se)", "P(deficit)", "P(months < 6)", "P(months < 3)", "P(depleted by then)"},
		{"年份", "统筹基金收入（亿元，均值）", "统筹基金支出（亿元，均值）", "当期结余（亿元）均值 [P5, P95]", "累计结存（亿元）P50 [P5, P95]", "可支付月数 P50 [P5, P95]", "可支付月数均值 (se)", "P(当期赤字)", "P(月数 < 6)", "P(月数 < 3)", "P(截至当年穿底)"},
	}}
	m := s.Metrics
	for i, y := range s.Years {
		t.same(strconv.Itoa(y), yi(m["pool_income"].Mean[i]), yi(m["pool_expenditure"].Mean[i]),
			fmt.Sprintf("%s [%s, %s]", yi(m["pool_surplus"].Mean[i]), yi(m["pool_surplus"].P05[i]), yi(m["pool_surplus"].P95[i])),
			fmt.Sprintf("%s [%s, %s]", yi(m["pool_balance"].P50[i]), yi(m["pool_balance"].P05[i]), yi(m["pool_balance"].P95[i])),
			fmt.Sprintf("%s [%s, %s]", mo(m["pool_months"].P50[i]), mo(m["pool_months"].P05[i]), mo(m["pool_months"].P95[i])),
			fmt.Sprintf("%s (%s)", mo(m["pool_months"].Mean[i]), mo(m["pool_months"].SE[i])),
			pct(s.Solvency.PDeficit[i]), pct(s.Solvency.PBelowWarning[i]), pct(s.Solvency.PInsufficient[i]), pct(s.Solvency.PDepleted[i]))
	}
	return t, nil
}

func tStatusQuo() (*table, error) {
	s, err := readSummary(fSQRun)
	if err != nil {
		return nil, err
	}
	t := &table{name: "status-quo", header: [2][]string{
		{"year", "surplus (亿) mean [P5, P95]", "pool balance (亿) P50 [P5, P95]", "months P50 [P5, P95]", "P(deficit)", "P(months < 6)", "P(months < 3)", "P(depleted by then)"},
		{"年份", "当期结余（亿元）均值 [P5, P95]", "累计结存（亿元）P50 [P5, P95]", "可支付月数 P50 [P5, P95]", "P(当期赤字)", "P(月数 < 6)", "P(月数 < 3)", "P(截至当年穿底)"},
	}}
	m := s.Metrics
	for i, y := range s.Years {
		t.same(strconv.Itoa(y),
			fmt.Sprintf("%s [%s, %s]", yi(m["pool_surplus"].Mean[i]), yi(m["pool_surplus"].P05[i]), yi(m["pool_surplus"].P95[i])),
			fmt.Sprintf("%s [%s, %s]", yi(m["pool_balance"].P50[i]), yi(m["pool_balance"].P05[i]), yi(m["pool_balance"].P95[i])),
			fmt.Sprintf("%s [%s, %s]", mo(m["pool_months"].P50[i]), mo(m["pool_months"].P05[i]), mo(m["pool_months"].P95[i])),
			pct(s.Solvency.PDeficit[i]), pct(s.Solvency.PBelowWarning[i]), pct(s.Solvency.PInsufficient[i]), pct(s.Solvency.PDepleted[i]))
	}
	return t, nil
}

var reformMetrics = []string{"pool_income", "pool_retiree_credit", "pool_expenditure", "pool_outpatient_general", "pool_surplus", "pool_balance", "pool_months", "account_credit", "account_balance", "member_cash", "member_burden"}

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
		t.header[0] = append(t.header[0], fmt.Sprintf("difference %d: mean [P5, P95] (se)", y))
		t.header[1] = append(t.header[1], fmt.Sprintf("%d 年差额：均值 [P5, P95] (se)", y))
	}
	for _, met := range reformMetrics {
		unit := ""
		var cells []string
		for _, y := range years {
			var row map[string]string
			for _, r := range rows {
				if r["metric"] == met && r["year"] == strconv.Itoa(y) {
					row = r
				}
			}
			if row == nil {
				return nil, fmt.Errorf("%s: no %s in %d", fCompare, met, y)
			}
			unit = row["unit"]
			cells = append(cells, fmt.Sprintf("%s [%s, %s] (%s)", fmtBy(unit, num(row["mean"])), fmtBy(unit, num(row["p05"])), fmtBy(unit, num(row["p95"])), fmtBy(unit, num(row["se"]))))
		}
		i := sq.idx(2031)
		lv := []string{fmtBy(unit, sq.Metrics[met].Mean[i]), fmtBy(unit, rf.Metrics[met].Mean[rf.idx(2031)])}
		t.add(append([]string{metricEN[met], unitLabel(unit, false)}, append(lv, cells...)...),
			append([]string{metricZH[met], unitLabel(unit, true)}, append(lv, cells...)...))
	}
	return t, nil
}

func groupValue(rows []map[string]string, year int, status, band, metric string) (float64, error) {
	for _, r := range rows {
		if r["year"] == strconv.Itoa(year) && r["status"] == status && r["age_band"] == band && r["metric"] == metric && r["stat"] == "mean" {
			return num(r["value"]), nil
		}
	}
	return 0, fmt.Errorf("no %s %s/%s in %d", metric, status, band, year)
}

func tBurden() (*table, error) {
	sq, err := readCSV(fSQGrp)
	if err != nil {
		return nil, err
	}
	rf, err := readCSV(fReformGrp)
	if err != nil {
		return nil, err
	}
	cmp, err := readCSV(fGroupsCmp)
	if err != nil {
		return nil, err
	}
	t := &table{name: "burden", header: [2][]string{
		{"group", "cash 2023, status quo", "cash 2023, reform", "Δ cash 2023", "Δ burden 2023", "Δ cash 2031", "Δ burden 2031"},
		{"人群", "2023 现金自付（现行）", "2023 现金自付（改革）", "2023 现金自付差额", "2023 负担差额", "2031 现金自付差额", "2031 负担差额"},
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
			rows   []map[string]string
			year   int
			metric string
		}{{sq, 2023, "cash"}, {rf, 2023, "cash"}, {cmp, 2023, "cash"}, {cmp, 2023, "burden"}, {cmp, 2031, "cash"}, {cmp, 2031, "burden"}} {
			v, err := groupValue(src.rows, src.year, g.status, g.band, src.metric)
			if err != nil {
				return nil, fmt.Errorf("burden table: %w", err)
			}
			cells = append(cells, yuan(v))
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
		t.header[0] = append(t.header[0], "step: "+s+", mean (se)")
		z := zhStep[s]
		if z == "" {
			z = s
		}
		t.header[1] = append(t.header[1], "步骤："+z+"，均值 (se)")
	}
	for _, met := range breakdownMetrics {
		var cells []string
		unit := ""
		for _, s := range steps {
			cell := "—"
			for _, r := range rows {
				if r["group"] == s && r["metric"] == met && r["year"] == "2031" {
					unit = r["unit"]
					cell = fmt.Sprintf("%s (%s)", fmtBy(unit, num(r["mean"])), fmtBy(unit, num(r["se"])))
				}
			}
			cells = append(cells, cell)
		}
		t.add(append([]string{metricEN[met], unitLabel(unit, false)}, cells...), append([]string{metricZH[met], unitLabel(unit, true)}, cells...))
	}
	return t, nil
}

func tSolve() (*table, error) {
	t := &table{name: "solve", header: [2][]string{
		{"question", "evaluation", "value tried", "target figure there", "met"},
		{"问题", "第几次评估", "试算取值", "目标指标取值", "是否满足"},
	}}
	for _, s := range solves {
		rows, err := readCSV(filepath.Join(s.dir, "solve.csv"))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			var key string
			for k := range r {
				if k != "evaluation" && k != "figure" && k != "holds" {
					key = k
				}
			}
			fig := num(r["figure"])
			f := mo(fig)
			if math.Abs(fig) > 1e5 {
				f = yi(fig) + " 亿"
			}
			v := strconv.FormatFloat(num(r[key]), 'f', -1, 64)
			met, metZH := "no", "否"
			if r["holds"] == "true" {
				met, metZH = "yes", "是"
			}
			t.add([]string{s.en, r["evaluation"], v, f, met}, []string{s.zh, r["evaluation"], v, f, metZH})
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
		t.header[0] = append(t.header[0], "cap "+c+": months P5 / P50; P(depleted); cash 亿")
		t.header[1] = append(t.header[1], "限额 "+c+"：月数 P5 / P50；P(穿底)；现金自付 亿元")
	}
	for _, ra := range ratios {
		cells := []string{ra}
		for _, c := range caps {
			for _, r := range rows {
				if r["outpatient.ratio.primary"] == ra && r["outpatient.cap"] == c {
					cells = append(cells, fmt.Sprintf("%s / %s; %s; %s", mo(num(r["pool_months_p05"])), mo(num(r["pool_months_p50"])), pct(num(r["p_depleted_by_horizon"])), yi(num(r["member_cash"]))))
				}
			}
		}
		t.same(cells...)
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
