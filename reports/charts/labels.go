package charts

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// zh holds the Chinese labels, by their English text. A label missing here
// is drawn in English.
var zh = map[string]string{
	// Titles.
	"Pool balance":      "统筹基金累计结存",
	"Months of payment": "统筹基金可支付月数",
	"Pooled expenditure by category and pooled income":          "统筹基金分项支出与统筹基金收入",
	"Individual accounts":                                       "个人账户",
	"Account balance":                                           "个人账户累计结存",
	"Account credits and spending":                              "个人账户划入与支出",
	"Reform impact on the pool balance":                         "改革对统筹基金累计结存的影响",
	"Reform impact on members' burden per member":               "改革对参保人人均负担的影响",
	"Depletion probability by the horizon":                      "预测期末累计结存耗尽概率",
	"Months of payment at the horizon, P5":                      "预测期末可支付月数P5",
	"Probability of months of payment below the warning line":   "预测期末可支付月数低于预警线的概率",
	"Probability of months of payment in the insufficient band": "预测期末可支付月数处于不足区间的概率",
	"Current policy":                                            "现行政策",
	"Frontier: ":                                                "目标边界：",
	"No frontier: the grid does not cross":                      "无目标边界：网格未跨越",
	"P5: 95% of replications above":                             "P5：95%的模拟高于此值",
	"Months of payment at the horizon":                          "预测期末可支付月数",
	"Sensitivity of the pool balance at the horizon":            "预测期末统筹基金累计结存的敏感性",
	// Axes.
	"Year":                       "年份",
	"Months":                     "月",
	"Probability":                "概率",
	"Difference":                 "差额",
	"Effect on the pool balance": "对累计结存的影响",
	"Cash per member":            "人均现金支出",
	"yuan per member":            "元/人",
	// Legend entries.
	"Undecided":                          "未定",
	"Ringed: undecided at 95% against":   "圈出：95%置信下未定，目标为",
	"Undecided against ":                 "未定（相对目标 ",
	" (95% interval straddles it)":       "：95%置信区间跨越目标值）",
	"Every point decided against ":       "全部测算点相对目标均已判定：",
	"Every point decided at 95% against": "全部测算点在95%置信下均已判定，目标为",
	"Median":                             "中位数",
	"Mean":                               "均值",
	"P5–P95":                             "P5–P95",
	"P25–P75":                            "P25–P75",
	"Zero":                               "零线",
	"Insufficient":                       "不足",
	"Warning":                            "预警",
	"Warning line":                       "预警线",
	"Reasonable":                         "合理",
	"More than reasonable":               "较多",
	"Excess":                             "过多",
	"General outpatient":                 "普通门诊",
	"Chronic outpatient":                 "门诊慢特病",
	"Inpatient":                          "住院",
	"Maternity":                          "生育",
	"Pooled income":                      "统筹基金收入",
	"Pooled expenditure (total)":         "统筹基金支出（合计）",
	"Credits":                            "划入",
	"Spending":                           "支出",
	"Low value":                          "低值",
	"High value":                         "高值",
	"Mean difference":                    "平均差额",
	"Burden: cash + account":             "个人负担：现金+个人账户",
	"Cash alone":                         "其中现金支付部分",
	"Below zero: the group gains":        "低于零：该群体负担减轻",
	// Groups.
	"By age band":      "按年龄段",
	"By status":        "按参保身份",
	"By base quintile": "按缴费基数五分位",
	"active":           "在职",
	"flexible":         "灵活就业",
	"retired":          "退休",
	"all":              "全部",
	// Axis labels and notes.
	"months":                               "月",
	"Pooled income and expenditure":        "统筹基金收支",
	"Difference in pool balance":           "累计结存差额",
	"Credits and spending":                 "划入与支出",
	"Means over replications":              "各次模拟的均值",
	"Balance: median and bands;":           "结存：中位数及分位区间；",
	"credits, spending: mean, P5–P95":      "划入、支出：均值及P5–P95",
	"Scenario − base, same random numbers": "改革情景 − 基准情景，共同随机数",
	"Mean, P25–P75 and P5–P95":             "均值、P25–P75及P5–P95",
	"Year %d, scenario − base":             "%d年，改革情景 − 基准情景",
	"Whiskers: P5–P95":                     "误差线：P5–P95",
	"Grey: no point":                       "灰色：无计算点",
	"Points not on a grid: one dot each":   "计算点不成网格：每点一个圆点",
	"Sweep of ":                            "参数扫描：",
	"Depletion probability":                "耗尽概率",
	"Dashed grey line: 5%":                 "灰色虚线：5%",
	"Bar ends: the key's value":            "条端数字：参数取值",
	"Effect: change from the base":         "影响：相对基准的变化",
	"vs":                                   "对比",
}

// labels translates chart text into the language of the charts.
type labels struct {
	lang string // "en" or "zh"
}

// t returns s in the language of the charts.
func (l labels) t(s string) string {
	if l.lang == "zh" {
		if z, ok := zh[s]; ok {
			return z
		}
	}
	return s
}

// withUnit returns "label (unit)" (全角 brackets in Chinese).
func (l labels) withUnit(label, unit string) string {
	if l.lang == "zh" {
		return l.t(label) + "（" + unit + "）"
	}
	return l.t(label) + " (" + unit + ")"
}

// moneyUnit is a unit for amounts of money in charts.
type moneyUnit struct {
	scale  float64 // yuan per unit
	en, zh string
}

var moneyUnits = map[string]moneyUnit{
	"yuan": {1, "yuan", "元"},
	"wan":  {1e4, "10,000 yuan", "万元"},
	"yi":   {1e8, "100 million yuan", "亿元"},
}

// name returns the unit's name in the language l.
func (u moneyUnit) name(l labels) string {
	if l.lang == "zh" {
		return u.zh
	}
	return u.en
}

// formatTick formats a tick value v on an axis whose ticks are step apart:
// thousands separated, with as many decimals as the step needs (a step of
// 2.5 shows 7.5, never a rounded 8).
func formatTick(v, step float64) string {
	dec := 0
	for ; dec < 6 && step > 0; dec++ {
		s := step * math.Pow(10, float64(dec))
		if math.Abs(s-math.Round(s)) <= 1e-6*s {
			break
		}
	}
	if math.Abs(v) < step*1e-9 {
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	return groupThousands(s)
}

// groupThousands inserts commas into the integer part of the decimal s.
func groupThousands(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	if len(intPart) <= 3 {
		return sign + intPart + frac
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + frac
}

// formatCount formats an integer-valued amount with thousands separators.
func formatCount(v float64) string {
	if math.IsNaN(v) {
		return "?"
	}
	return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
}

// formatValue formats a parameter value (a sweep or tornado key) briefly.
func formatValue(v float64) string {
	if math.IsNaN(v) {
		return "?"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// caption is the line at the bottom of every chart.
func (l labels) caption(scenario string, seed uint64, reps int, weight float64) string {
	if l.lang == "zh" {
		return fmt.Sprintf("情景 %s · 随机种子 %d · %d 次模拟 · 权重 %s 人/样本成员", scenario, seed, reps, formatCount(weight))
	}
	return fmt.Sprintf("Scenario %s · seed %d · %d replications · weight %s persons per member", scenario, seed, reps, formatCount(weight))
}
