package main

// method is the method section of docs/calibration.md.
const method = `
## Method

Targets are the national rows of 2021–2023 of uebmi-national.csv, mapped as docs/model.md section 5
says (package calibration, Mappings): participants, actives (在职 = active + flexible), retirees,
fund income and expenditure totals, pooled income (2023), pooled balance (2022, 2023), account
balance (2021, 2022), account income (2022), inpatient rate (2021, 2023) and cost per admission
(2023). Tolerance 3%, 5% for the two rounded 2023 pooled figures. The base year starts from the
end-2020 rows (participants 34,455, retirees 9,025, pooled balance 15,396.56, account balance 10,096).

Fixed from sources (not fitted): opening population and balances (uebmi-national.csv 2020);
contribution rates, base floor and ceiling, reform credit rates and the retiree quota rule
(local-rules.csv); the reference wage series (context.csv, blend of non-private and private
wages); medical price inflation 2022 and 2023 (context.csv hospital cost per admission and per
visit: +0.5%, −1.5%, weighted 2/3 admissions, 1/3 visits); relativities of inpatient costs by
level (context.csv); outpatient costs per visit (context.csv); interest 1.5% on pool and accounts
(PBoC one-year benchmark deposit rate, an outside source, marked estimate).

Fitted, in this order, each step holding the earlier ones (scale factors only; each value's YAML
comment says "fitted (calibration step k)"):

1. **Demography**: entrant_rate 2021–2023 (0.060, 0.0558, 0.0549) and the active ages near
   retirement (single ages 58–60 for men following the 1961–63 birth cohorts; few active women
   past 50) to participants, actives and retirees.
2. **Contributions**: base_ratio 1.015 (contribution base relative to the all-caliber wage) to
   fund income 2021–2022; collection_rate 2023 0.99 (0.97 before) to 2023 income.
3. **Inpatient**: admission rates ×1.09 to the 2021 inpatient rate; the 2023 jump of the rate
   (0.177 → 0.2186) as a dated utilization trend of 21% in 2023 (post-COVID rebound; the data row
   says "as printed"); costs per admission ×1.145 over the context.csv relativities to the 2023
   cost per admission of employees (12,175); inpatient ratios +2 points so that pool / in-scope
   cost is near the 2023 catalogue pool share 0.846.
4. **Maternity**: not fitted (no target; births per member remain estimates).
5. **Outpatient and chronic**: visit rates ×0.65 of the bench-v1 profile (visits + admissions
   ≈ 2021 benefit episodes less chronic visits); outpatient in_scope_share 0.62 so that pooled
   general outpatient is of the order of context.csv 2023 outpatient_pooling_reimbursed_to_aug
   (1,240 cumulative since the reform); pharmacy spending ×0.64 to the 2021 account balance; the
   chronic line (costs ×4, certified shares 0.5/0.6, dialysis prevalence ×2) to close pooled
   expenditure — it therefore stands for all special and chronic outpatient diseases *and* the
   outpatient pooling some cities had before the reform; 2022 marked as an epidemic year
   (Omicron lockdowns) with outpatient use −12% and admissions −3%, and family mutual aid from
   October 2022, to the 2022 expenditure and account balance.
6. **Reform phase-in**: reform_year 2022 with reform_start_month 6 (the guideline is of April
   2021, but local plans took effect mostly in 2022; the model has a single national date, at
   which general outpatient pooling starts) and reform_weight {2021: 0, 2022: 0.6, 2023: 0.9,
   2024: 1} to account income 7,633 (2022) and about 6,350 (2023 = income − income_pool).

Long-run step (not identified by 2021–2023): entrant_rate falls to 0.045 (2024), 0.04 (2027),
0.035 (2030); medical inflation 3% and utilization trends 3% (outpatient, inpatient) from 2024,
with the uncertainty entries now dated 2024 so that per-replication draws do not overwrite
the 2022–2023 history.

Unchanged estimates (no data identifies them): employer_rate 0.07, flexible rules, legacy credit
shares, retiree quota 840, outpatient deductible 300 and cap 3000 (two scenarios tests pin them),
chronic ratio/deductible/cap, serious illness, maternity, family uptake, other income 50 per member.
`

// checks are the checks of the calibration beyond the targets.
const checks = `
Checks that are not targets (from the same run, see the text above): pooled general outpatient
2022 ≈ 530 and 2023 ≈ 1,460, i.e. about 1,500 to August 2023 against 1,240 reported (context.csv;
about 20% high); visits + admissions 2021 ≈ 176,000 (10k) against 204,000 benefit episodes
(which also count chronic visits); the chronic line ≈ 2,100–2,300 a year is not checked by any data.
The 2021 pooled/account split is not in the data: the model has account income ≈ 7,990 and pooled
income ≈ 10,900 in 2021.
`

// longRunText discusses the long run.
const longRunText = `
### Reading the long run

Literature: without the reform the employee pool runs a cumulative deficit around 2033 (Lin et
al. 2024, Frontiers in Public Health 12:1446408); older national models put depletion in
2036–2040; with the full reform the pool stays positive to 2050. The expectation for this
project: status-quo depletes within 2030–2040 and the reform at least five years later or not at
all.

The calibrated model is more optimistic than the literature. The reason is the starting point:
the data themselves show a pool that ran surpluses of about 27% of pooled income in 2023 (income
16,600, balance +4,530), so a deficit needs pooled expenditure to outgrow pooled income by several
points a year for a decade. Under the central long-run assumptions (wages +5%, medical prices
+3%, use per member +3%, entrants falling to 3.5% of contributors) the gap is about 1–1.5 points
a year plus ageing, and the retiree share rises only slowly (the 2025 retirement-age reform,
prc-2025, holds it back). The decisive assumption is the cost-growth gap: the runs with medical
inflation 4.5% from 2024 show how much faster depletion comes. Bases (base_ratio) and the
retiree quota are second order. In all runs the reform (national-2021) stays well ahead of the
status quo, as in the literature, because it moves the employer share of the credits into the pool.

What remains: the status quo depletes later than 2030–2040 unless the cost-growth gap is larger
than the central assumptions; the long-run assumptions are estimates, not fitted.
`
