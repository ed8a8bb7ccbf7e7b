package main

// method is the method section of docs/calibration.md.
const method = `
## Method

Targets are the national rows of uebmi-national.csv, mapped as docs/model.md section 5 says
(package calibration, Mappings), one line per published figure: participants, actives (在职 =
active + flexible) and retirees 2021–2023; fund income and expenditure 2021–2023; pooled income
(2022 D, 2023), pooled expenditure (统筹基金支出 incl. maternity, retiree credits netted off income;
2022 and 2023 D), pooled balance (2022, 2023); account income (2022 V-sec, 2023 D), account
spending (2022 and 2023 D) and balance (2021–2023, 2023 D); maternity (2023 D); general
outpatient pooling (the "more than 124 bn to August 2023", 2023); inpatient rate (2021, 2023) and
cost per admission (2023); and family mutual aid, whose only figure is 2024 (fitted to it and shown
apart). The D rows come from the 2024 bulletin's levels and growth rates and from the fund totals
less the account lines (the note of each row gives its formula). Tolerance 3% for every line;
5% for the two rounded 2023 pooled figures ("about 1.66 trillion", "about 2.6 trillion") and for
general outpatient pooling (a rounded lower bound over a span the source does not date). The
base year starts from the end-2020 rows (participants 34,455, retirees 9,025, pooled balance
15,396.56, account balance 10,096).

Interpretations. *Official account expenditure* closes the account balance (income −
expenditure; the 2023 D rows use that identity), so it is compared with account spending plus the
balances that leave with members (account_outflow, about 185 a year), and so is the fund total.
*General outpatient pooling*: the source (NHSA, September 2023) does not say where its period
starts; it is read as cumulative since the reform, i.e. pool_outpatient_general of 2022 plus 8/12
of 2023 (Mapping fields From and LastFraction). Read as January–August 2023 alone it would imply
about 1,860 for the year, some 60% above the model. *Maternity 2023*: two figures conflict, 1,177
(V-sec, NHSA at a briefing) and 1,069 (D: 2024's 1,432 at +33.9%); the Jan–Aug 2023 benefits
709.45 annualise to 1,064, so the target is 1,069, of the benefit scope of the 2024 and 2025
figures; 1,177 is kept in the data as maternity_fund_expenditure. *Flexible workers*: the data
have only 2019 (13.4% of participants) and 2024 (17.4%, flexible and other); the 2024 row is
therefore used for the flexible trend, and the growth check's 2024 flexible share is not
independent.

Fixed from sources (not fitted): opening population and balances (uebmi-national.csv 2020);
contribution rates, base floor and ceiling, reform credit rates and the retiree quota rule
(local-rules.csv); the reference wage series (context.csv, blend 0.63 non-private + 0.37 private;
2024: 124,110 and 69,476, +2.6%); medical price inflation 2022 and 2023 (context.csv hospital cost
per admission and per visit: +0.5%, −1.5%, weighted 2/3 admissions, 1/3 visits); relativities of
inpatient costs by level (context.csv); outpatient costs per visit (context.csv); interest 1.5%
on pool and accounts (PBoC one-year benchmark deposit rate, an outside source, marked estimate).

Fitted, in this order, each step holding the earlier ones (each value's YAML comment says
"fitted (calibration step k)" and names its rows; old → new against engine 0.7.0's first fit):

1. **Demography**: entrant_rate 2021–2023 (0.060, 0.0558, 0.0549, unchanged) and the active ages
   near retirement (single ages 58–60 for men following the 1961–63 birth cohorts; few active
   women past 50) to participants, actives and retirees; the flexible share now follows the
   2019–2024 line (+0.8 points a year): flexible_share at the start of 2021 0.134 → 0.142 and
   entrant_flexible_share (now dated) 0.15 → 0.43, so that the share is 15.0%, 15.8%, 16.6% at
   the ends of 2021–2023. Men aged 56–57 in 2021 (the 1964–65 cohorts, retiring in 2024–2025) get
   single-age weights like 1963's instead of the flat 50–57 band, an estimate from the cohort
   sizes, not fitted (2021–2023 do not identify them).
2. **Contributions**: base_ratio (now dated; the declared base per contributor relative to the
   previous year's reference wage, including coverage of bases and collection) fitted year by
   year to fund income 2021–2023: 1.015 → 1.033, 1.034, 1.079, with collection_rate a constant
   0.97 (was 0.97, 0.99 from 2023: the 2023 collection step is now inside base_ratio). Bases grew
   faster than the lagged wage in 2023 (income +10.3% with actives +1.9% and W(2022) +5.0%).
3. **Inpatient** (unchanged): admission rates ×1.09 to the 2021 inpatient rate; the 2023 jump
   (0.177 → 0.2186) as a dated utilization trend of 21% in 2023 (post-COVID rebound; the data row
   says "as printed"); costs per admission ×1.145 over the context.csv relativities to the 2023
   cost per admission of employees (12,175); inpatient ratios +2 points so that pool / in-scope
   cost is near the 2023 catalogue pool share 0.846.
4. **Maternity**: births_per_member ×1.77 (0.009, 0.008, 0.007 → 0.0159, 0.0141, 0.0124) to the
   2023 maternity figure 1,069; the line was about half of it.
5. **Outpatient, pharmacy and chronic**: visit rates ×0.65 of the bench-v1 profile (unchanged);
   the share of pharmacy purchases settled under the outpatient rules (pharmacy.pooled_share,
   designated retail pharmacies brought into outpatient pooling by the NHSA notice of February
   2023) 0 → 0.112 from 2023 to the 69 paid at pharmacies in January–August 2023 (held after:
   no later figure); outpatient in_scope_share 0.62 → 0.61 to general outpatient pooling 1,240
   (2022 + 8/12 of 2023, pharmacies included); the pharmacy utilization trend of 2023 0 → +31%
   (the post-epidemic rebound of retail purchases) to 2023 account spending 6,103 (D) and balance
   13,961.57 (D) — a large step, the lever the account line has; the epidemic year 2022 (outpatient −12%, admissions −3%) and
   family mutual aid from October 2022 unchanged. **The chronic line is the residual**: its costs
   are scaled ×3.2 (×4 before) so that pooled expenditure is 9,569 (2022 D) and 11,650 (2023 D)
   once every line with a figure is fitted; it stands for all special and chronic outpatient
   diseases and the outpatient pooling some cities had before the reform, and no figure checks
   it (table "Lines without a published figure"). It absorbs what the pooled total leaves, not
   another line's error: maternity and general outpatient pooling are fitted to their own rows
   first.
6. **Reform phase-in**: reform_year 2022 with reform_start_month 6 (local plans took effect
   mostly in 2022) and reform_weight {2021: 0, 2022: 0.6 → 0.62, 2023: 0.9 → 0.95, 2024: 1} to
   account income 7,633 (2022, V-sec) and 6,352 (2023, D).
7. **Family mutual aid**: uptake 0.1 → 0.33 (dated, the same before and after the 2024 widening)
   to the 2024 total 511.54 (which includes resident premiums, about 17% in Jan–Nov). The monthly
   rate of Jan–Nov 2024 (444.53 / 11 = 40.4) and of the first half of 2025 (261.77 / 6 = 43.6) are
   alike, so the widening moved it little and the uptake is held before and after 2024; family
   spending in 2022–2023 has no figure.

Long-run step (2024 on; set from sources and the in-sample fits, not tuned to the growth check,
each with its ` + "`uncertainty:`" + ` range where it matters):

- **Wages**: reference wage 2024 103,900 (context.csv 2024 rows, +2.6%); wage_growth from 2025
  0.05 → 0.044, the mean growth of the blend 2021–2024 (2022 +5.0%, 2023 +5.5%, 2024 +2.6%), sd 1.5
  points a year.
- **Base growth gap**: base_ratio held at its 2023 value (bases grow with wages), with
  ` + "`contributions.base_ratio.2024: {triangular: [1.033, 1.079, 1.079]}`" + `: from the 2021–2022
  fitted level (if the 2023 rise was a one-off of collection) to the 2023 one. The data of
  2021–2023 show no gap; the range allows the 2023 step to be undone.
- **Entrants**: entrant_rate 2024 0.045 → 0.0525 (the fitted fall of about 0.25 points a year
  continued), 2027 0.04 → 0.045, 2030 0.035 → 0.04 (shrinking cohorts, estimate);
  ` + "`population.entrant_rate.2024: {uniform: [0.045, 0.056]}`" + `.
- **Flexible share**: entrant_flexible_share held at 0.43 (the 2019–2024 rise of 0.8 points a
  year continues, an estimate); ` + "`population.entrant_flexible_share.2024: {uniform: [0.3, 0.55]}`" + `,
  about 0.3 to 1.1 points a year.
- **Medical inflation**: 3% from 2024 (unchanged), ` + "`{triangular: [0.01, 0.03, 0.05]}`" + `. The
  in-sample prices fell about 0.5% a year (context.csv 2021–2023: cost per admission −3.2%, per
  visit +9.8% over two years), held down by volume-based procurement and case-based payment; the
  long-run mean assumes prices above the CPI again. An estimate: the data do not identify it.
- **Utilisation**: outpatient and inpatient trends 3% from 2024 (unchanged; inpatient
  ` + "`{normal: [0.03, 0.005]}`" + `), chronic 3%, pharmacy 0 after the 2023 step. The 2023 inpatient jump
  (+21%) is a rebound, not a trend. An estimate.
- Births per member, family uptake and the chronic scale are held at their last fitted values.

Unchanged estimates (no data identifies them): employer_rate 0.07, flexible rules, legacy credit
shares, retiree quota 840, outpatient deductible 300 and cap 3000 (two scenarios tests pin them),
chronic ratio/deductible/cap, serious illness, delivery cost and allowance days, family
spend_per_dependent and premium_uptake, other income 50 per member.
`

// checks are the checks of the calibration beyond the targets.
const checks = `
Other checks (not targets, same run): visits + admissions 2021 ≈ 177,000 (10k) against 204,000
benefit episodes (which also count chronic visits); the 2021 pooled/account split is not in the
data: the model has account income ≈ 8,070 and pooled income ≈ 10,930 in 2021. The in-sample
lines furthest from their figures: account spending 2023 (−2.7%; the pharmacy step is left at
+31%, already large for a rebound, rather than pushed to the D figure), pooled expenditure 2022
(−2.3%) and fund expenditure 2021 (+2.2%; 2021 has no pooled or account split to fit, and the
maternity fit to 2023 carries the 2021 births).
`

// growthText reads the growth check.
const growthText = `
Reading the growth check. Pooled income grows about 11.7% from 2023 to 2025 against 10.2%
officially (the old engine: +17.8%); the level is 2.4% high in 2024 and 1.3% high in 2025. Fund
income is 2.1% high in 2024: the official fund grew only 3.5% in 2024 with actives +1.4%, i.e.
contributions per contributor +2% while the lagged wage rose 5.5% — either the 2023 step of the
bases was a one-off (the low end of the base_ratio range) or bases stopped following wages; the
2019–2023 data cannot tell, and the model keeps bases with wages. The 2025 slowdown of the wage
(+2.6% in 2024, used by 2025's bases) is in the model.

Pooled expenditure: official +13.5% in 2024 then +2.9% in 2025; the model grows steadily (+9%,
+8%), so it is 4.3% low in 2024 and about right in 2025 (+16.7% official against +18.3% over the
two years). The 2024 jump is not in the model's trends (3% prices, 3% use); the 2025 cost per
admission of employees (11,152.69, V-sec) is 8% below 2023's, so prices kept falling while use
grew (admissions +3.8% and outpatient benefit visits +30% in 2025; uebmi-national.csv 2025
rows, express report). Pooled current
surplus 2024: model 17,763 − 12,658 ≈ 5,100 against 4,119.75 (+24%), the sum of the two misses.

Demography: participants and actives are within 0.5% in 2024; retirees grow +3.4% in 2024
against +4.6% (1.7% low): the cohorts retiring in 2024 are an estimate. The flexible share is on
its 2019–2024 line by construction (not independent).

Maternity misses most: official +33.9% in 2024 and −5% in 2025, the model about +5% a year
(births per member held at 2023's, costs with wages and prices): −21% in 2024, −14% in 2025.
Nothing in the data the model uses explains the 2024 jump (a wider scope of benefits or more
births would; neither is in the data files), so it is not carried. Family mutual aid is the 2024 target; the first half of 2025 (261.77) is at the
model's 2025 rate (514 a year).
`

// longRunText discusses the long run.
const longRunText = `
### Reading the long run

Literature: without the reform the employee pool runs a cumulative deficit around 2033 (Lin et
al. 2024, Frontiers in Public Health 12:1446408); older national models put depletion in
2036–2040; with the full reform the pool stays positive to 2050. The expectation for this
project: status-quo depletes within 2030–2040 and the reform at least five years later or not at
all.

With the 2019–2023 refit the status quo now runs its first deficit around 2030 and depletes near
2038 (p50), within the literature's range, and the reform (national-2021) about six years later
for the first deficit, with depletion beyond 2040 in most replications. Against the previous fit
(first deficits 2035 and 2040) the changes are the lower long-run wage growth (4.4% instead of
5%, from the 2021–2024 wages), the rising flexible share (flexible workers pay on the floor) and
the larger maternity line; the pool's 2023 starting point is the same (income 16,600, balance
+4,530 in the year). The decisive assumption is still the cost-growth gap: the runs with medical
inflation 4.5% from 2024 deplete two to three years earlier. In all runs the reform stays well
ahead of the status quo, as in the literature, because it moves the employer share of the credits
into the pool.

What remains: the long-run assumptions are estimates with ranges, not fitted; the growth check
shows the model's 2024 pooled surplus about a quarter too high.
`
