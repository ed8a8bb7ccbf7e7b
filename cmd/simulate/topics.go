package main

// Help topics beyond the commands: simulate help TOPIC.

const scenariosTopic = `simulate help scenarios: scenario files

A scenario is a YAML file of parameters (the full reference: docs/parameters.md;
"simulate show NAME" prints every resolved value with its source). A file may
extend a built-in or another file and change only what differs:

  name: my-city
  extends: qiannan-2022            # a built-in name, or a file relative to this one
  population: {insured: 800000}
  outpatient:
    deductible: {active: 200, retired: 100}      # by status
    ratio: {primary: 0.75, secondary: 0.6, tertiary: 0.5}   # by level
    cap: {2024: 2000, 2026: 2500}               # dated: in force from its year on

A rule parameter may vary by year, status and level, nested in that order.
Mappings merge key by key with the parent; a value (a rule parameter, an
age-banded table, a cost) is replaced whole. A flag (--horizon) overrides the
file. "simulate validate FILE" reports every problem at once, each as
FILE:LINE: key.path: message; "simulate init NAME --from BUILTIN" writes a
commented copy to edit.
`

const targetsTopic = `simulate help targets: solve targets

A target is METRIC[.STAT][@WHEN] OP VALUE:
  METRIC  any metric of summary.json (pool_months, pool_balance, …) or a
          solvency indicator (p_deficit, p_depleted, p_insufficient,
          p_below_warning, p_excess)
  STAT    mean (default), p05, p25, p50, p75, p95
  WHEN    @horizon (default), @YEAR, or @all (every year: the least favourable)
  OP      >=, >, <=, <

Examples:
  pool_months.p05@all >= 6     at 95% confidence, months of payment never below 6
  p_depleted@2032 <= 0.05      at most a 5% chance the pool is depleted by 2032
  pool_surplus.mean@all >= 0   the pool balances every year on average

Every figure has a 95% Monte Carlo interval (docs/outputs.md). Against it a
target is met (the whole interval meets it), not met (none of it does) or
undecided (the interval straddles the value): solve reports the value with
its interval, sweep.csv a verdict per point.

Precision targets (--precision, on run, sweep, solve and compare) are
METRIC[.STAT][@YEAR]=±X: add replications until the 95% interval of that
figure has half-width at most X, e.g.
  pool_months.p05@2031=±0.5    the 2031 P5 of months of payment to ±0.5 month
  p_below_warning@2031=±2%     the 2031 share below 6 months to ±2 points
`

const exitCodesTopic = `simulate help exit-codes

  0    success
  1    run-time failure (a file could not be written, a disk is full, …)
  2    bad flag, bad argument or invalid scenario: nothing was simulated
  130  stopped by SIGINT (Ctrl-C); finished outputs and sweep points are kept
  143  stopped by SIGTERM; the same

Whatever the code, errors and warnings are on stderr, never hidden by --quiet.
`
