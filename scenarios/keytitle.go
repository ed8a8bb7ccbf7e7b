package scenarios

import (
	"reflect"
	"strconv"
	"strings"
)

// keyNames are the short names of the scenario keys a planner sweeps,
// solves or breaks down, in English and Chinese (the bureau's words), for
// axis titles and table columns. A key without a name here is titled by
// its doc in the parameter reference (docs/parameters.md).
var keyNames = map[string][2]string{
	"outpatient.deductible":                  {"General outpatient deductible", "普通门诊起付线"},
	"outpatient.per_visit_deductible":        {"General outpatient deductible per visit", "普通门诊每次起付标准"},
	"outpatient.cap":                         {"General outpatient cap", "普通门诊最高支付限额"},
	"outpatient.ratio":                       {"General outpatient ratio", "普通门诊报销比例"},
	"outpatient.retiree_bonus":               {"General outpatient retiree bonus", "普通门诊退休人员提高比例"},
	"outpatient.in_scope_share":              {"General outpatient in-scope share", "普通门诊政策范围内费用占比"},
	"outpatient.induced_demand_elasticity":   {"Induced-demand elasticity of visits", "门诊诱导需求弹性"},
	"outpatient.level_choice_sensitivity":    {"Sensitivity of the choice of level", "就诊机构级别选择敏感度"},
	"chronic.deductible":                     {"Chronic outpatient deductible", "门诊慢特病起付线"},
	"chronic.cap":                            {"Chronic outpatient cap", "门诊慢特病最高支付限额"},
	"chronic.ratio":                          {"Chronic outpatient ratio", "门诊慢特病报销比例"},
	"chronic.retiree_bonus":                  {"Chronic outpatient retiree bonus", "门诊慢特病退休人员提高比例"},
	"inpatient.deductible":                   {"Inpatient deductible", "住院起付线"},
	"inpatient.cap":                          {"Inpatient cap", "住院最高支付限额"},
	"inpatient.ratio":                        {"Inpatient ratio", "住院报销比例"},
	"inpatient.retiree_bonus":                {"Inpatient retiree bonus", "住院退休人员提高比例"},
	"inpatient.subsequent_deductible_factor": {"Deductible factor of later admissions", "再次住院起付线系数"},
	"accounts.reform_year":                   {"Reform year", "改革实施年份"},
	"accounts.reform_start_month":            {"Reform start month", "改革实施月份"},
	"accounts.transition_years":              {"Transition years", "过渡期年数"},
	"accounts.active_credit_rate":            {"Active members' account credit rate", "在职职工个人账户划入比例"},
	"accounts.flexible_credit_rate":          {"Flexible workers' account credit rate", "灵活就业人员个人账户划入比例"},
	"accounts.retiree_quota":                 {"Retirees' account quota", "退休人员个人账户定额划入"},
	"accounts.interest_rate":                 {"Account interest rate", "个人账户利率"},
	"contributions.employer_rate":            {"Employer contribution rate", "单位缴费率"},
	"contributions.employee_rate":            {"Employee contribution rate", "个人缴费率"},
	"contributions.flexible_rate":            {"Flexible workers' contribution rate", "灵活就业人员缴费率"},
	"contributions.retiree_rate":             {"Retirees' contribution rate", "退休人员缴费率"},
	"contributions.base_floor":               {"Contribution base floor", "缴费基数下限"},
	"contributions.base_ceiling":             {"Contribution base ceiling", "缴费基数上限"},
	"contributions.base_ratio":               {"Contribution base to wage", "缴费基数与工资之比"},
	"contributions.collection_rate":          {"Collection rate", "征缴率"},
	"fund.initial_balance":                   {"Opening pool balance", "统筹基金期初累计结存"},
	"fund.other_income":                      {"Subsidies and other income", "财政补助及其他收入"},
	"economy.interest_rate":                  {"Pool interest rate", "统筹基金利率"},
	"economy.wage_growth":                    {"Wage growth", "工资增长率"},
	"economy.pension_growth":                 {"Pension growth", "养老金增长率"},
	"economy.medical_inflation":              {"Medical price inflation", "医疗价格上涨率"},
	"utilization_trend.outpatient":           {"Outpatient utilization trend", "门诊利用增长趋势"},
	"utilization_trend.inpatient":            {"Inpatient utilization trend", "住院利用增长趋势"},
	"utilization_trend.chronic":              {"Chronic care utilization trend", "慢特病利用增长趋势"},
	"utilization_trend.pharmacy":             {"Pharmacy spending trend", "药店购药增长趋势"},
	"population.entrant_rate":                {"Entrant rate", "新增参保率"},
	"population.exit_rate":                   {"Exit rate", "退保率"},
	"population.mortality_scale":             {"Mortality scale", "死亡率系数"},
}

// qualifierNames translate the segments of a key path below a rule
// parameter: statuses and levels (a year is written "from YEAR").
var qualifierNames = map[string][2]string{
	"active":    {"active", "在职"},
	"flexible":  {"flexible", "灵活就业"},
	"retired":   {"retired", "退休"},
	"primary":   {"primary care", "一级医疗机构"},
	"secondary": {"secondary", "二级医疗机构"},
	"tertiary":  {"tertiary", "三级医疗机构"},
}

// unitNames translate the unit tags of the parameter reference.
var unitNames = map[string][2]string{
	"yuan":             {"yuan", "元"},
	"yuan/year":        {"yuan a year", "元/年"},
	"yuan/visit":       {"yuan a visit", "元/人次"},
	"yuan/admission":   {"yuan an admission", "元/次"},
	"yuan/member":      {"yuan a member", "元/人"},
	"yuan/member/year": {"yuan a member a year", "元/人/年"},
	"ratio":            {"ratio", "比例"},
	"ratio/year":       {"a year", "每年"},
	"share":            {"share", "占比"},
	"factor":           {"factor", "倍数"},
	"year":             {"year", "年份"},
	"years":            {"years", "年"},
	"month":            {"month", "月份"},
	"× wage":           {"× wage", "×社平工资"},
	"elasticity":       {"elasticity", "弹性"},
	"1/ratio":          {"1/ratio", "1/比例"},
}

// KeyTitle returns the title of the scenario key path for an axis or a
// column in lang (en or zh): the key's short name, its qualifiers (year,
// status, level) and its unit from the parameter reference, for example
// "General outpatient ratio, primary care (ratio)" or
// "普通门诊报销比例（一级医疗机构）（比例）". A key without a short name is
// titled by its doc in the reference, in English. ok is false when the path
// names no key of the reference.
func KeyTitle(path, lang string) (title string, ok bool) {
	zh := lang == "zh"
	pick := func(p [2]string) string {
		if zh {
			return p[1]
		}
		return p[0]
	}
	segs := strings.Split(path, ".")
	unit, doc, n := keyReference(segs)
	if n == 0 {
		return "", false
	}
	base := strings.Join(segs[:n], ".")
	name := doc
	if p, ok := keyNames[base]; ok {
		name = pick(p)
	} else if name == "" {
		name = base
	} else {
		name = strings.ToUpper(name[:1]) + name[1:]
	}
	var quals []string
	for _, s := range segs[n:] {
		switch q, ok := qualifierNames[s]; {
		case ok:
			quals = append(quals, pick(q))
		case isYear(s) && zh:
			quals = append(quals, s+"年起")
		case isYear(s):
			quals = append(quals, "from "+s)
		default:
			quals = append(quals, s)
		}
	}
	var b strings.Builder
	b.WriteString(name)
	if len(quals) > 0 {
		if zh {
			b.WriteString("（" + strings.Join(quals, "，") + "）")
		} else {
			b.WriteString(", " + strings.Join(quals, ", "))
		}
	}
	if unit != "" {
		if u, ok := unitNames[unit]; ok {
			unit = pick(u)
		}
		if zh {
			b.WriteString("（" + unit + "）")
		} else {
			b.WriteString(" (" + unit + ")")
		}
	}
	return b.String(), true
}

// isYear reports whether a key path segment is a year of a dated value.
func isYear(s string) bool {
	y, err := strconv.Atoi(s)
	return err == nil && y >= 1000 && y <= 9999
}

// keyReference follows the segments of a key path through the sections of
// model.Scenario to the key they name and returns its unit and doc tags and
// the number of segments the key takes (0: no key); the segments after it
// qualify a value (year, status, level).
func keyReference(segs []string) (unit, doc string, n int) {
	t := scenarioType
	for i, s := range segs {
		f, ok := lookupField(t, s)
		if !ok {
			return "", "", 0
		}
		if !isSection(f.Field.Type) || f.Field.Type == conditionsType {
			return f.Unit, f.Doc, i + 1
		}
		t = f.Field.Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	return "", "", 0
}
