// Package model is the actuarial model of China's Employee Basic Medical
// Insurance and the engine that simulates it: pure computation, with no
// I/O, flags, environment, clock or global random source.
//
// A run simulates a Scenario for R replications of N synthetic members,
// each standing for weight = population / N people. One replication runs
// year by year; in each year t (docs/model.md section 3):
//
//  1. Demography: entrants join in drawn months (reusing free slots); each
//     member may die (life table × mortality_scale × improvement), leave for
//     resident insurance, or retire when reaching the retirement age of the
//     schedule, each in a drawn month; exposure is pro-rated by months.
//  2. Economy: wage growth, pension growth, medical inflation and the
//     utilization trends are the scenario means plus correlated AR(1)
//     deviations, drawn per replication; epidemic years are drawn.
//  3. Contributions: the contribution base is the persistent relative base
//     × base_ratio × the previous year's reference wage, within floor and
//     ceiling; collected = due × collection rate.
//  4. Account credits: legacy and reform credits blended by the reform
//     weight, monthly; retiree credits come from the pool.
//  5. Utilization: negative binomial outpatient visits with level choice and
//     induced demand, lognormal costs; certified chronic conditions;
//     pharmacy; Poisson admissions; maternity; family mutual aid.
//  6. Settlement, month by month: credit, then inpatient, chronic,
//     outpatient, pharmacy and family claims; the pool pays first by its
//     rules (deductibles, ratios with the retiree bonus, caps), then the
//     account, then cash.
//  7. Funds: pooled income and expenditure on the official basis, interest on
//     the mid-year balance (none on a negative pool), closing balances.
//
// Every draw comes from a stream keyed by (seed, replication, member, year,
// purpose) in stream.go, so results are independent of the number of
// workers, and two scenarios run with the same seed see the same members and
// draws (common random numbers). A stream is a SplitMix64 sequence: starting
// one costs two mixes, so a member-year starts one per purpose. The draws
// of a replication as a whole — its uncertain parameters, the economy's
// yearly shocks and epidemic draws — are stratified across the
// replications of a block by the run's Design (design.go: a Latin
// hypercube in blocks of DesignBlock by default).
//
// The member-year step (member.go: step) takes the parts of the year in
// this order, each in a function of its own on the member-year's state
// (memberYear): stepDemography (1), stepContributions (3 and 4), the
// utilization draws drawChronic, drawOutpatient, drawInpatient and
// drawSpending (5, each called only when its mechanism is on), settleRuns
// or, for a year with a chronic claim, settleMonths (6), which end with
// stepYearEnd (the closing balance and its interest, and the member's
// group). The rules of a year (rules.go: resolveRules) tabulate by age
// whatever the step reads by age (ageTable; the retirement months by age,
// category and birth month), so that a member-year makes no search.
//
// The step draws before it settles: the number of visits from one stream,
// then one word per visit whose top bits choose the level and whose low
// bits its lognormal cost, by inversion from a table of cells
// (costcells.go; the 1.2% of words in the tails from a stream of their
// own), into the worker's buffers; the visits' months (two per word) come
// from a stream of their own. A year is settled in runs of months with one
// status and one set of rules, an admission opening a run, each run in one
// loop with no call (settleRuns: settleYear, settleVisits). In a year with
// one status and one set of rules and no admission, the visits the opening
// balance pays in full are settled first without months (payInFull), and
// the months are drawn only if a visit's share exceeds what is left. Years
// with a chronic claim go month by month (settleMonths). The plain
// reference step in reference_test.go draws the same variates with none of
// this (every month drawn, month by month) and must give the same results.
//
// # As a library
//
// A program or a notebook uses the model without the command: package
// scenarios resolves a built-in or a file into a validated Scenario, Set
// and Get change and read it by key path (CheckKey says whether a path
// names a number Set can vary; ParseParamPath reads the keys below a rule
// parameter, as the scenario loader does), and Run simulates it
// (ExampleRun, ExampleScenario_Set); Warnings, and a Result's Warnings,
// say what its reader must know, as values (ExampleWarnings). The rule functions — SettleOutpatient,
// SettleAdmission, SettleChronic, PayShare and the lookups of a rule
// parameter (Param.Benefit) — work alone on plain numbers, each with its
// example.
package model
