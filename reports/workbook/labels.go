package workbook

import (
	"fmt"
	"slices"
)

// table is the one translation table of the workbook: every sheet name,
// header, label and sentence, by id, in English and Chinese. Entries with
// fmt verbs are sentence templates filled with figures.
var table = map[string][2]string{
	// Sheet names (at most 31 characters, no : \ / ? * [ ]).
	"sheet.summary":    {"Summary", "摘要"},
	"sheet.fund":       {"Fund", "统筹基金"},
	"sheet.accounts":   {"Accounts", "个人账户"},
	"sheet.members":    {"Members", "参保人员"},
	"sheet.comparison": {"Comparison", "方案比较"},
	"sheet.groupscmp":  {"Groups", "分组比较"},
	"sheet.groups":     {"Member groups", "分组负担"},
	"sheet.cmprules":   {"Rules compared", "政策参数对比"},
	"sheet.breakdown":  {"Breakdown", "差异分解"},
	"sheet.sweep":      {"Sweep", "参数扫描"},
	"sheet.sweepchart": {"Decision chart", "决策图"},
	"sheet.precision":  {"Precision", "模拟精度"},
	"sheet.parameters": {"Parameters", "参数"},
	"sheet.warnings":   {"Warnings", "警示"},
	"sheet.about":      {"About", "关于"},

	// Units.
	"unit.yuan":     {"yuan", "元"},
	"unit.wan":      {"10k yuan", "万元"},
	"unit.yi":       {"100m yuan", "亿元"},
	"unitlong.yuan": {"yuan (元)", "元"},
	"unitlong.wan":  {"10,000 yuan (万元)", "万元"},
	"unitlong.yi":   {"100 million yuan (亿元)", "亿元"},
	"unit.persons":  {"persons", "人"},
	"unit.visits":   {"visits", "人次"},
	"unit.months":   {"months", "月"},
	"unit.ratio":    {"ratio", "比率"},
	"unit.percent":  {"%", "%"},
	"unit.count":    {"count", "次"},
	"unit.yuan_pm":  {"yuan per member", "元/人"},
	"unit.yuan_pa":  {"yuan per admission", "元/次"},
	"unit.year":     {"year", "年份"},

	// Summary sheet.
	"summary.title":         {"Actuarial projection of the pooling fund: %s", "统筹基金精算预测：%s"},
	"summary.scenario":      {"Scenario", "情景"},
	"summary.description":   {"Description", "说明"},
	"summary.period":        {"Projection period", "预测期"},
	"summary.replications":  {"Replications", "模拟次数"},
	"summary.members":       {"Synthetic members", "模拟参保人数"},
	"summary.population":    {"Insured population at start", "期初参保人数"},
	"summary.weight":        {"Weight (persons per member)", "权重（每个模拟成员代表人数）"},
	"summary.amounts":       {"Amounts in", "金额单位"},
	"summary.headline":      {"Solvency headline", "偿付能力要点"},
	"summary.notdepleted":   {"The pooling fund is not depleted by %d in any replication.", "至%d年末，所有模拟中统筹基金累计结存均未耗尽。"},
	"summary.depleted":      {"The pooling fund is depleted by %d in %s of replications.", "至%d年末，%s的模拟中统筹基金累计结存耗尽。"},
	"summary.nodeficit":     {"No replication has a current deficit (当期结余 < 0) in any year to %d.", "至%d年，所有模拟均未出现当期赤字（当期结余为负）。"},
	"summary.deficit":       {"Median first year of current deficit (当期结余 < 0): %d.", "当期首次赤字年份（中位数）：%d年。"},
	"summary.deficitlater":  {"Current deficits occur in some replications; the median first deficit year lies beyond %d.", "部分模拟出现当期赤字，但首次赤字年份中位数在%d年以后。"},
	"summary.monthsline":    {"Months of payment (可支付月数) at the end of %d: median %s, band: %s.", "%d年末可支付月数中位数为%s个月，处于“%s”区间。"},
	"summary.indicators":    {"Solvency indicators in %d", "%d年偿付能力指标"},
	"summary.indicator":     {"Indicator", "指标"},
	"summary.value":         {"Value", "数值"},
	"summary.eventyears":    {"Event years", "事件年份"},
	"summary.event":         {"Event", "事件"},
	"summary.firstdeficit":  {"First year of current deficit", "首次当期赤字年份"},
	"summary.depletionyear": {"Depletion year (累计结存 < 0)", "累计结存耗尽年份"},
	"summary.beyond":        {"beyond %d", "%d年以后"},
	"summary.monthstitle":   {"Months of payment (可支付月数) at the horizon, against the bands", "预测期末可支付月数及其区间"},
	"summary.monthsyear":    {"Months of payment (可支付月数) in %d", "%d年可支付月数"},
	"summary.monthsvalue":   {"Months of payment", "可支付月数（月）"},
	"summary.band":          {"Band", "区间"},
	"summary.bands":         {"Bands (months)", "区间划分（月）"},
	"summary.keyfigures":    {"Key figures in %d", "%d年主要数据"},
	"summary.item":          {"Item", "项目"},
	"summary.unit":          {"Unit", "单位"},
	"summary.weightwarning": {"Warning: each synthetic member stands for %s people (weight > 1). Member-level noise is scaled up, which widens the bands and inflates solvency probabilities; rerun at weight 1 for solvency figures.", "警示：每个模拟成员代表%s人（权重大于1），个体随机波动被放大，区间变宽、偿付风险概率偏高；偿付能力结论应以权重为1的运行为准。"},
	"summary.seewarnings":   {"Warnings of the run: %d (see the Warnings sheet).", "共%d条警示，见“警示”工作表。"},
	"summary.charts":        {"Charts", "图表"},

	// Statistics.
	"stat.mean": {"Mean", "均值"},
	"stat.p05":  {"P5", "P5"},
	"stat.p50":  {"P50", "P50"},
	"stat.p95":  {"P95", "P95"},
	"stat.p90":  {"P90", "P90"},

	// Bands of months of payment (docs/model.md section 5).
	"band.insufficient": {"insufficient", "不足"},
	"band.warning":      {"warning", "预警"},
	"band.reasonable":   {"reasonable", "合理"},
	"band.more":         {"more than reasonable", "较多"},
	"band.excess":       {"excess", "过多"},
	"band.undefined":    {"undefined", "无定义"},

	// Solvency indicators.
	"solv.p_deficit":       {"Probability of a current deficit in the year", "当年出现当期赤字的概率"},
	"solv.p_depleted":      {"Probability of depletion by the year", "累计结存已耗尽的概率"},
	"solv.p_insufficient":  {"Probability of months of payment in the insufficient band", "可支付月数处于不足区间的概率"},
	"solv.p_below_warning": {"Probability of months of payment below the warning threshold", "可支付月数低于预警线的概率"},
	"solv.p_excess":        {"Probability of months of payment in the excess band", "可支付月数处于过多区间的概率"},

	// Per-year tables.
	"table.item":         {"Item", "项目"},
	"table.unit":         {"Unit", "单位"},
	"table.stat":         {"Statistic", "统计量"},
	"fund.title":         {"Pooling fund (统筹基金) by year: amounts in %s", "统筹基金分年度预测（金额单位：%s）"},
	"accounts.title":     {"Personal accounts (个人账户) and fund totals by year: amounts in %s", "个人账户及基金合计分年度预测（金额单位：%s）"},
	"members.title":      {"Members, utilization and burden by year: amounts in %s", "参保人员、医疗服务利用及个人负担分年度预测（金额单位：%s）"},
	"members.groups":     {"Burden per member by group (yuan per member per year)", "分组人均负担（元/人/年）"},
	"members.year":       {"Year", "年份"},
	"members.status":     {"Status", "人员类别"},
	"members.ageband":    {"Age band", "年龄组"},
	"members.cashmean":   {"Cash, mean (yuan)", "现金支付均值（元）"},
	"members.cashp90":    {"Cash, P90 (yuan)", "现金支付P90（元）"},
	"members.burdenmean": {"Burden, mean (yuan)", "个人负担均值（元）"},
	"members.burdenp90":  {"Burden, P90 (yuan)", "个人负担P90（元）"},
	"fund.warningline":   {"Warning threshold", "预警线"},
	"status.all":         {"All members", "全部"},
	"status.active":      {"Active", "在职"},
	"status.flexible":    {"Flexible", "灵活就业"},
	"status.retired":     {"Retired", "退休"},
	"status.base_q1":     {"Base quintile 1 (lowest)", "缴费基数第1五分位（最低）"},
	"status.base_q2":     {"Base quintile 2", "缴费基数第2五分位"},
	"status.base_q3":     {"Base quintile 3", "缴费基数第3五分位"},
	"status.base_q4":     {"Base quintile 4", "缴费基数第4五分位"},
	"status.base_q5":     {"Base quintile 5 (highest)", "缴费基数第5五分位（最高）"},
	"ageband.all":        {"All ages", "全部年龄"},
	"chart.balance":      {"Pool balance (累计结存), %s: P50 with P5–P95 band", "累计结存（%s）：中位数及P5–P95区间"},
	"chart.expenditure":  {"Pool expenditure by category (mean), %s", "统筹基金支出构成（均值，%s）"},
	"chart.months":       {"Months of payment (可支付月数) with the warning line", "可支付月数及预警线"},
	"chart.years":        {"Year", "年份"},
	"chart.monthsaxis":   {"Months", "月"},

	// Metrics.
	"metric.pool_income":              {"Pooled income", "统筹基金收入"},
	"metric.pool_contributions":       {"Contributions kept by the pool", "其中：划入统筹的缴费"},
	"metric.pool_other_income":        {"Subsidies and other income", "其中：财政补助及其他收入"},
	"metric.pool_interest":            {"Interest", "其中：利息收入"},
	"metric.pool_expenditure":         {"Pooled expenditure", "统筹基金支出"},
	"metric.pool_outpatient_general":  {"General outpatient", "其中：普通门诊"},
	"metric.pool_outpatient_chronic":  {"Chronic and special outpatient", "其中：门诊慢特病"},
	"metric.pool_inpatient":           {"Inpatient", "其中：住院"},
	"metric.pool_maternity":           {"Maternity", "其中：生育"},
	"metric.pool_epidemic":            {"Epidemic extra costs", "其中：疫情额外支出"},
	"metric.pool_serious_illness":     {"Serious illness (memo unless pool-financed)", "大病保险（统筹列支时计入支出）"},
	"metric.pool_retiree_credit":      {"Retiree account credits (memo)", "退休人员个人账户划入（备忘）"},
	"metric.pool_surplus":             {"Current surplus (当期结余)", "当期结余"},
	"metric.pool_surplus_rate":        {"Current surplus rate", "当期结余率"},
	"metric.pool_balance":             {"Pool balance (累计结存)", "累计结存"},
	"metric.pool_months":              {"Months of payment (可支付月数)", "可支付月数"},
	"metric.fund_income_total":        {"Fund income, pool + accounts", "基金总收入（统筹+个人账户）"},
	"metric.fund_expenditure_total":   {"Fund expenditure, pool + accounts", "基金总支出（统筹+个人账户）"},
	"metric.account_credit":           {"Account credits", "个人账户划入"},
	"metric.account_interest":         {"Account interest", "个人账户利息"},
	"metric.account_spending":         {"Account spending", "个人账户支出"},
	"metric.account_spending_family":  {"of which family mutual aid", "其中：家庭共济"},
	"metric.pool_outpatient_pharmacy": {"of which at retail pharmacies", "其中：定点零售药店"},
	"metric.account_outflow":          {"Balances leaving with members", "随人员转出的余额"},
	"metric.account_balance":          {"Account balance", "个人账户累计结存"},
	"metric.member_cash":              {"Members' cash out of pocket", "参保人现金支付"},
	"metric.member_burden":            {"Members' burden (cash + account)", "参保人负担（现金+个人账户）"},
	"metric.members_active":           {"Active members", "在职职工"},
	"metric.members_flexible":         {"Flexible workers", "灵活就业人员"},
	"metric.members_retired":          {"Retirees", "退休人员"},
	"metric.dependency_ratio":         {"Dependency ratio (in work / retired)", "在职退休比"},
	"metric.contribution_base_total":  {"Sum of contribution bases", "缴费基数总额"},
	"metric.breakeven_employer_rate":  {"Break-even employer rate", "收支平衡的单位缴费率"},
	"metric.visits_outpatient":        {"Outpatient visits", "门诊人次"},
	"metric.admissions":               {"Admissions", "住院人次"},
	"metric.inpatient_rate":           {"Admission rate", "住院率"},
	"metric.cost_per_admission":       {"Cost per admission", "次均住院费用"},
	"metric.inpatient_cost_total":     {"Inpatient cost, total", "住院总费用"},
	"metric.contributions_collected":  {"Contributions collected", "征缴的医保费"},
	"metric.claims_total":             {"Cost of members' claims", "参保人医疗费用总额"},

	// Sweep sheets.
	"sweepchart.title":               {"Decision chart: the sweep's points against the official bands", "决策图：各测算点与官方区间的对照"},
	"sweepchart.note":                {"Each cell is a point of the sweep, coloured by the fixed band of its figure; the dashed line is the target frontier, the framed cell the current policy, ringed points are undecided at 95%. The Sweep sheet lists every point.", "每个方格为一个测算点，按其指标所处的固定区间着色；虚线为目标边界，加框方格为现行政策，圈出的点在95%置信下未定。全部测算点见“参数扫描”表。"},
	"sweep.title":                    {"Sweep: one row per point, varied values first", "参数扫描：每行一个方案点，先列出变动参数"},
	"sweep.titlewith":                {"Sweep: one row per point, varied values first; verdicts against the target %s", "参数扫描：每行一个方案点，先列出变动参数；判定目标：%s"},
	"summary.bandcell":               {"%s %s", "%s %s"},
	"sweep.point":                    {"Point", "方案点"},
	"sweep.p_depleted_by_horizon":    {"Probability of depletion by the horizon", "期末累计结存耗尽概率"},
	"sweep.first_deficit_year_p50":   {"Median first deficit year", "首次当期赤字年份中位数"},
	"sweep.depletion_year_p50":       {"Median depletion year", "累计结存耗尽年份中位数"},
	"sweep.pool_months_p05":          {"Months of payment at the horizon, P5", "期末可支付月数P5"},
	"sweep.pool_months_p50":          {"Months of payment at the horizon, P50", "期末可支付月数P50"},
	"sweep.metric":                   {"%s, mean at the horizon (%s)", "期末%s均值（%s）"},
	"precision.title":                {"Monte Carlo precision: each estimate of the %d replications with its 95%% confidence interval (%s)", "蒙特卡洛精度：%d次重复模拟的各项估计值及其95%%置信区间（%s）"},
	"precision.iid":                  {"order statistics and Wilson intervals of independent replications", "按独立重复模拟的次序统计量与Wilson区间计算"},
	"precision.blocks":               {"measured between the %d blocks of %d replications of the Latin hypercube design", "按拉丁超立方设计的%d个区组（每组%d次）之间的离散程度计算"},
	"precision.year":                 {"Year", "年份"},
	"precision.metricunit":           {"%s (%s)", "%s（%s）"},
	"precision.metric":               {"Estimate of", "估计对象"},
	"precision.stat":                 {"Statistic", "统计量"},
	"precision.estimate":             {"Estimate", "估计值"},
	"precision.lo":                   {"95% low", "95%下限"},
	"precision.hi":                   {"95% high", "95%上限"},
	"precision.halfwidth":            {"Half-width", "半宽"},
	"precision.share":                {"Probability", "概率"},
	"precision.none":                 {"This summary has no intervals (written by an earlier version).", "该汇总文件没有置信区间（由早期版本生成）。"},
	"precision.unbounded":            {"not bounded", "无界"},
	"sweep.p_depleted_by_horizon_lo": {"Depletion probability, 95% low", "耗尽概率95%下限"},
	"sweep.p_depleted_by_horizon_hi": {"Depletion probability, 95% high", "耗尽概率95%上限"},
	"sweep.pool_months_p05_lo":       {"Months P5, 95% low", "可支付月数P5 95%下限"},
	"sweep.pool_months_p05_hi":       {"Months P5, 95% high", "可支付月数P5 95%上限"},
	"sweep.pool_months_p50_lo":       {"Months P50, 95% low", "可支付月数P50 95%下限"},
	"sweep.pool_months_p50_hi":       {"Months P50, 95% high", "可支付月数P50 95%上限"},
	"sweep.replications":             {"Replications", "重复模拟次数"},
	"sweep.target":                   {"Target", "目标"},
	"sweep.target_figure":            {"Target figure", "目标指标值"},
	"sweep.target_lo":                {"Target figure, 95% low", "目标指标95%下限"},
	"sweep.target_hi":                {"Target figure, 95% high", "目标指标95%上限"},
	"sweep.verdict":                  {"Verdict at 95%", "95%置信度下的判定"},
	"verdict.met":                    {"met", "达到"},
	"verdict.not met":                {"not met", "未达到"},
	"verdict.undecided":              {"undecided", "未定"},
	"sweep.metricstat":               {"%s, %s (%s)", "%s，%s（%s）"},

	// Generic CSV columns (comparison, breakdown).
	"col.scenario":   {"Scenario", "情景"},
	"col.year":       {"Year", "年份"},
	"col.metric":     {"Metric", "指标"},
	"col.unit":       {"Unit", "单位"},
	"col.mean":       {"Mean", "均值"},
	"col.sd":         {"SD", "标准差"},
	"col.se":         {"SE", "标准误"},
	"col.p05":        {"P5", "P5"},
	"col.p25":        {"P25", "P25"},
	"col.p50":        {"P50", "P50"},
	"col.p75":        {"P75", "P75"},
	"col.p95":        {"P95", "P95"},
	"col.mean_lo":    {"Mean, 95% low", "均值95%下限"},
	"col.mean_hi":    {"Mean, 95% high", "均值95%上限"},
	"col.p05_lo":     {"P5, 95% low", "P5 95%下限"},
	"col.p05_hi":     {"P5, 95% high", "P5 95%上限"},
	"col.p25_lo":     {"P25, 95% low", "P25 95%下限"},
	"col.p25_hi":     {"P25, 95% high", "P25 95%上限"},
	"col.p50_lo":     {"P50, 95% low", "P50 95%下限"},
	"col.p50_hi":     {"P50, 95% high", "P50 95%上限"},
	"col.p75_lo":     {"P75, 95% low", "P75 95%下限"},
	"col.p75_hi":     {"P75, 95% high", "P75 95%上限"},
	"col.p95_lo":     {"P95, 95% low", "P95 95%下限"},
	"col.p95_hi":     {"P95, 95% high", "P95 95%上限"},
	"col.value":      {"Value", "数值"},
	"col.base":       {"Base scenario", "基准情景"},
	"col.step":       {"Step", "步骤"},
	"col.group":      {"Provision", "政策项"},
	"group.other":    {"other", "其他"},
	"gmetric.cash":   {"Cash", "现金支付"},
	"gmetric.burden": {"Burden", "个人负担"},
	"col.status":     {"Status", "人员类别"},
	"col.age_band":   {"Age band", "年龄组"},
	"col.stat":       {"Statistic", "统计量"},
	"col.indicator":  {"Indicator", "指标"},
	"col.component":  {"Component", "构成"},
	"csv.title":      {"From %s: differences scenario − base; amounts in %s where the unit is yuan, per member in yuan", "来自%s：方案减基准的差异；总额单位为%s，人均额单位为元"},

	// Comparison workbook.
	"cmp.title":              {"Comparison of policies: %s against the base %s", "方案比较：%s与基准方案%s"},
	"cmp.subtitle":           {"Paired differences scenario − base on common random numbers, %d replications each, %d–%d; amounts in %s", "方案减基准的配对差异（共同随机数），各%d次模拟，%d–%d年；金额单位：%s"},
	"cmp.what":               {"What is compared", "比较内容"},
	"cmp.base":               {"Base: %s", "基准方案：%s"},
	"cmp.scenario":           {"Scenario: %s", "比较方案：%s"},
	"cmp.dash":               {" — ", "——"},
	"cmp.changed":            {"Keys in which %s differs from the base: %d (see the Rules compared sheet): %s.", "%s与基准方案取值不同的参数共%d项（见“政策参数对比”表）：%s。"},
	"cmp.listsep":            {"; ", "；"},
	"cmp.crn":                {"Both are simulated on the same synthetic members with the same random draws, so a difference is the policy, not noise; each difference is measured replication by replication, and its 95% interval is that of the mean paired difference.", "两方案使用相同的模拟参保人和相同的随机数，差异反映政策本身而非随机波动；差异逐次模拟配对计算，95%区间为配对差异均值的置信区间。"},
	"cmp.headline":           {"%s against the base in %d", "%s与基准方案比较（%d年）"},
	"cmp.sentence":           {"%s, %s: %s. Difference: %s %s %s, %s.", "%s%s：%s。差异：%s%s%s，%s。"},
	"cmp.atend":              {"At the end of %d", "%d年末"},
	"cmp.inyear":             {"In %d", "%d年"},
	"cmp.levels":             {"%s %s against %s %s (means)", "%s为%s，%s为%s（均值）"},
	"cmp.monthslevels":       {"%s: median %s (%s) against %s: %s (%s)", "%s中位数为%s（%s），%s为%s（%s）"},
	"cmp.interval":           {"95%% interval %s to %s", "95%%区间为%s至%s"},
	"cmp.straddles":          {"but its 95%% interval, %s to %s, includes no change", "但其95%%区间（%s至%s）包含零，差异不显著"},
	"cmp.nointerval":         {"without an interval (too few replications)", "模拟次数不足，无置信区间"},
	"cmp.name.pool_balance":  {"the pool balance (累计结存)", "统筹基金累计结存"},
	"cmp.name.pool_months":   {"months of payment (可支付月数)", "可支付月数"},
	"cmp.name.member_burden": {"members' burden (cash + account)", "参保人负担（现金+个人账户）"},
	"cmp.pool_balance.more":  {"up by", "增加"},
	"cmp.pool_balance.less":  {"down by", "减少"},
	"cmp.pool_months.more":   {"up by", "增加"},
	"cmp.pool_months.less":   {"down by", "减少"},
	"cmp.member_burden.more": {"up by", "增加"},
	"cmp.member_burden.less": {"down by", "减少"},
	"cmp.diff":               {"Difference (mean)", "差异（均值）"},
	"cmp.lo":                 {"95% low", "95%下限"},
	"cmp.hi":                 {"95% high", "95%上限"},
	"cmp.burdenpm":           {"Burden per member (cash + account)", "人均个人负担（现金+个人账户）"},
	"cmp.monthsband":         {"Months of payment, median, and its band", "可支付月数中位数及所处区间"},
	"cmp.tablenote":          {"Base and scenario columns: means over replications at the horizon (probabilities: shares of replications). Difference: the mean paired difference scenario − base with its 95% interval; a probability's difference has none.", "基准与方案两列为期末各次模拟的均值（概率为模拟占比）；差异为方案减基准的配对差异均值及其95%区间，概率之差无区间。"},
	"cmpyears.title":         {"Differences scenario − base by year (mean paired difference; base %s); amounts in %s", "方案减基准的分年度差异（配对差异均值；基准方案%s；金额单位：%s）"},
	"cmpyears.scenario":      {"%s − %s", "%s − %s"},
	"cmpyears.someyears":     {"Of the %d years, the first, the last and evenly spaced years between are shown, so that the table prints at a readable size; comparison.csv has every year.", "共%d年，本表列出首年、末年及其间等距年份，以便打印清晰；各年数据见comparison.csv。"},
	"cmpyears.note":          {"%d metrics whose differences show as zero in every year are left out; comparison.csv has every metric with its percentiles and intervals.", "另有%d项指标各年差异均为零，未列出；全部指标及其分位数、置信区间见comparison.csv。"},
	"cmpgroups.title":        {"Who gains and who loses: members' burden (cash + account spending on own care) per member in %d, yuan", "受益与负担变化：%d年人均个人负担（现金+个人账户支付），元"},
	"cmpgroups.group":        {"Group", "人群"},
	"cmpgroups.base":         {"Base burden (yuan per member)", "基准方案人均负担（元）"},
	"cmpgroups.change":       {"Change in burden (yuan per member)", "人均负担变化（元）"},
	"cmpgroups.pct":          {"Change (%)", "变化幅度"},
	"cmpgroups.cash":         {"of which cash", "其中：现金"},
	"cmpgroups.account":      {"of which account", "其中：个人账户"},
	"cmpgroups.verdict":      {"The group", "结论"},
	"cmpgroups.gains":        {"gains", "负担减轻"},
	"cmpgroups.loses":        {"loses", "负担加重"},
	"cmpgroups.same":         {"no change", "基本不变"},
	"cmpgroups.scenario":     {"%s against %s", "%s对比%s"},
	"cmpgroups.age":          {"Aged %s", "%s岁"},
	"cmpgroups.note":         {"Burden is what members pay for their own care in cash or from their personal account; a group gains when it falls. Means per member over the replications (groups-comparison.csv); the cash and account parts add up to the change.", "个人负担指参保人就医时以现金或个人账户支付的部分，负担下降即受益。数值为各次模拟的人均均值（groups-comparison.csv），现金与个人账户两部分之和等于总变化。"},
	"breakdown.title":        {"Breakdown of the difference in %d by step: each group of keys applied in turn, its mean increment; amounts in %s", "%d年差异按步骤分解：依次调整各组参数，各步的平均增量（金额单位：%s）"},
	"breakdown.col":          {"%s (%s)", "%s（%s）"},
	"breakdown.total":        {"Total: scenario − base", "合计：方案减基准"},
	"breakdown.note":         {"The steps apply the changed keys one group at a time, in order, on common random numbers; each row is the mean paired difference from the step before, so the increments add up to the total difference (breakdown.csv has every metric and year).", "各步按顺序逐组调整参数（共同随机数），每行为与上一步相比的配对差异均值，各步增量之和等于总差异（全部指标与年份见breakdown.csv）。"},
	"cmprules.title":         {"Rules compared: every key whose value differs from the base, from each run's scenario.yaml", "政策参数对比：与基准方案取值不同的参数（来自各方案的scenario.yaml）"},
	"cmprules.key":           {"Key", "参数"},
	"cmprules.name":          {"Meaning", "含义"},
	"cmprules.base":          {"Base value", "基准方案取值"},
	"cmprules.scenario":      {"Scenario value", "比较方案取值"},

	// Parameters sheet.
	"params.title":  {"Parameters: every resolved scenario key, from scenario.yaml", "参数：情景的全部取值（来自scenario.yaml）"},
	"params.key":    {"Key", "参数"},
	"params.value":  {"Value", "取值"},
	"params.unit":   {"Unit", "单位"},
	"params.source": {"Source", "来源"},

	// Warnings sheet.
	"warnings.title": {"Warnings of the run", "运行警示"},
	"warnings.none":  {"No warnings.", "无警示。"},
	"warnings.no":    {"No.", "序号"},
	"warnings.text":  {"Warning", "警示内容"},

	// About sheet.
	"about.title":        {"About this report", "关于本报告"},
	"about.version":      {"Program version", "程序版本"},
	"about.fingerprint":  {"Fingerprint", "指纹"},
	"about.scenario":     {"Scenario", "情景"},
	"about.seed":         {"Seed", "随机种子"},
	"about.replications": {"Replications", "模拟次数"},
	"about.members":      {"Synthetic members", "模拟参保人数"},
	"about.population":   {"Insured population at start", "期初参保人数"},
	"about.weight":       {"Weight (persons per member)", "权重（每个模拟成员代表人数）"},
	"about.horizon":      {"Horizon (years)", "预测年数"},
	"about.command":      {"Command line", "命令行"},
	"about.start":        {"Started (UTC)", "开始时间（UTC）"},
	"about.end":          {"Finished (UTC)", "结束时间（UTC）"},
	"about.host":         {"Host", "主机"},
	"about.goversion":    {"Go version", "Go版本"},
	"about.goarch":       {"Architecture", "架构"},
	"about.vcs":          {"Source revision", "源代码版本"},
	"about.workers":      {"Workers", "工作线程数"},
	"about.seconds":      {"Simulation time (seconds)", "模拟用时（秒）"},
	"about.note":         {"Numbers are those of summary.json and the CSV files of the run directory; amounts are divided by the unit only.", "本表数字取自运行目录中的summary.json及CSV文件，金额仅按单位换算。"},

	// Parameter units (the unit tags of model.Scenario).
	"punit.yuan":             {"yuan", "元"},
	"punit.yuan/year":        {"yuan/year", "元/年"},
	"punit.yuan/visit":       {"yuan/visit", "元/人次"},
	"punit.yuan/admission":   {"yuan/admission", "元/次"},
	"punit.yuan/member":      {"yuan/member", "元/人"},
	"punit.yuan/member/year": {"yuan/member/year", "元/人/年"},
	"punit.persons":          {"persons", "人"},
	"punit.ratio":            {"ratio", "比率"},
	"punit.ratio/year":       {"ratio/year", "比率/年"},
	"punit.share":            {"share", "占比"},
	"punit.weight":           {"weight", "权重"},
	"punit.factor":           {"factor", "倍数"},
	"punit.year":             {"year", "年份"},
	"punit.years":            {"years", "年"},
	"punit.month":            {"month", "月份"},
	"punit.months":           {"months", "月"},
	"punit.days":             {"days", "天"},
	"punit.× wage":           {"× wage", "×社平工资"},
	"punit.visits/year":      {"visits/year", "人次/年"},
	"punit.admissions/year":  {"admissions/year", "住院次数/年"},
	"punit.births/year":      {"births/year", "生育数/年"},
	"punit.shape":            {"shape", "形状参数"},
	"punit.elasticity":       {"elasticity", "弹性"},
	"punit.1/ratio":          {"1/ratio", "1/比率"},

	// The tidy files' columns and codes: groups.csv's statistics,
	// groups-comparison.csv's group_kind and group, sweep.csv's flags.
	"stat.mean_p05": {"P5 of the replications' means", "各次模拟均值的 P5"},
	"stat.mean_p95": {"P95 of the replications' means", "各次模拟均值的 P95"},

	"col.lo":           {"95% low", "95%下限"},
	"col.hi":           {"95% high", "95%上限"},
	"col.group_kind":   {"Group kind", "人群类型"},
	"col.member_group": {"Group", "人群"},

	"groupkind.all":           {"All members", "全部"},
	"groupkind.status":        {"Status", "人员类别"},
	"groupkind.base_quintile": {"Base quintile", "缴费基数五分位"},
	"mgroup.all":              {"All members", "全部"},
	"mgroup.active":           {"Active", "在职"},
	"mgroup.flexible":         {"Flexible", "灵活就业"},
	"mgroup.retired":          {"Retired", "退休"},
	"mgroup.q1":               {"Quintile 1 (lowest)", "第1五分位（最低）"},
	"mgroup.q2":               {"Quintile 2", "第2五分位"},
	"mgroup.q3":               {"Quintile 3", "第3五分位"},
	"mgroup.q4":               {"Quintile 4", "第4五分位"},
	"mgroup.q5":               {"Quintile 5 (highest)", "第5五分位（最高）"},

	"sweep.first_deficit_year_p50_beyond_horizon": {"Median first deficit year beyond the horizon", "首次赤字年份中位数超出预测期"},
	"sweep.depletion_year_p50_beyond_horizon":     {"Median depletion year beyond the horizon", "累计结存耗尽年份中位数超出预测期"},
}

// Languages lists the languages of the workbook.
var Languages = []string{"en", "zh"}

// Units lists the money units of the workbook.
var Units = []string{"yuan", "wan", "yi"}

// langIndex returns the column of lang in table.
func langIndex(lang string) (int, error) {
	i := slices.Index(Languages, lang)
	if i < 0 {
		return 0, fmt.Errorf("language %q: want en or zh", lang)
	}
	return i, nil
}

// Labels returns the translation table in lang (en or zh): label id →
// text. Entries containing fmt verbs are sentence templates. It returns nil
// for an unknown language.
func Labels(lang string) map[string]string {
	i, err := langIndex(lang)
	if err != nil {
		return nil
	}
	out := make(map[string]string, len(table))
	for id, t := range table {
		out[id] = t[i]
	}
	return out
}

// tr translates ids into one language.
type tr struct{ lang int }

// s returns the label id; a missing id comes back as itself (the tests list
// every string cell against the table, so it cannot go unnoticed).
func (t tr) s(id string) string {
	if e, ok := table[id]; ok {
		return e[t.lang]
	}
	return id
}

// f fills the template id.
func (t tr) f(id string, args ...any) string {
	return fmt.Sprintf(t.s(id), args...)
}
