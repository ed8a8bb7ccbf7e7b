"""Read every file of simulate's output folders with pandas.

    python3 docs/snippets/read.py DIR...

Each DIR is a run (summary.json), a sweep (sweep.csv) or a comparison
(comparison.csv) folder. The script reads each of its data files, checks
that the files agree with each other, and prints a few figures from each.
See docs/analysis.md and, for every column, docs/outputs.md.
"""

import glob
import json
import os
import sys

import pandas as pd


def fmt(x, digits=0):
    """A number, or "unbounded" for an empty interval end."""
    return "unbounded" if pd.isna(x) else f"{x:.{digits}f}"


def read_run(d):
    """Read a run folder: every CSV file, summary.json and run.json."""
    summary = json.load(open(os.path.join(d, "summary.json")))
    meta = json.load(open(os.path.join(d, "run.json")))
    years = pd.read_csv(os.path.join(d, "years.csv"))
    solvency = pd.read_csv(os.path.join(d, "solvency.csv"))
    events = pd.read_csv(os.path.join(d, "solvency-events.csv"))
    # "all" is a label here, not a missing value: read it as text.
    groups = pd.read_csv(os.path.join(d, "groups.csv"), keep_default_na=False, na_values=[""])
    horizon = years["year"].max()
    print(f"run {d}: {summary['scenario']}, {summary['replications']} replications "
          f"of {summary['members']} members, version {meta['version']}, "
          f"{len(summary['warnings'])} warnings")

    # years.csv: one row per metric and year; percentiles in order, then
    # their 95% intervals.
    months = years[(years.metric == "pool_months") & (years.year == horizon)].iloc[0]
    print(f"  months of payment {horizon}: P5 {fmt(months.p05, 2)} "
          f"[{fmt(months.p05_lo, 2)}, {fmt(months.p05_hi, 2)}], P50 {fmt(months.p50, 2)}")
    assert list(years.columns[7:12]) == ["p05", "p25", "p50", "p75", "p95"]
    assert abs(months["mean"] - summary["metrics"]["pool_months"]["mean"][-1]) <= 1e-9 * abs(months["mean"])

    # solvency.csv: yearly shares with their intervals.
    dep = solvency[(solvency.indicator == "p_depleted") & (solvency.year == horizon)].iloc[0]
    print(f"  P(pool depleted by {horizon}) = {dep.value:.0%} [{dep.lo:.0%}, {dep.hi:.0%}]")

    # solvency-events.csv: event-year percentiles; beyond_horizon says
    # when a year (empty) lies after the last simulated year.
    for _, e in events[events.stat == "p50"].iterrows():
        when = f"after {horizon}" if e.beyond_horizon else str(int(e.year))
        print(f"  {e.event} P50: {when}")
    assert events.beyond_horizon.dtype == bool
    assert (events.year.isna() == events.beyond_horizon).all()

    # groups.csv: group_kind and group apart; the mean's se and interval.
    g = groups[(groups.year == horizon) & (groups.group_kind == "status") & (groups.age_band == "all")
               & (groups.metric == "burden") & (groups.stat == "mean")]
    for _, r in g.iterrows():
        print(f"  burden per {r.group} member {horizon}: {r.value:.0f} yuan [{r.lo:.0f}, {r.hi:.0f}]")

    reps_path = os.path.join(d, "replications.csv")
    if os.path.exists(reps_path):
        reps = pd.read_csv(reps_path)
        bal = reps[(reps.metric == "pool_balance") & (reps.year == horizon)]["value"]
        print(f"  replications.csv: {reps.replication.nunique()} replications, "
              f"pool balance {horizon} from {bal.min():.4g} to {bal.max():.4g} yuan")
        assert reps.replication.nunique() == summary["replications"]
    greps_path = os.path.join(d, "groups-replications.csv")
    if os.path.exists(greps_path):
        gr = pd.read_csv(greps_path, keep_default_na=False, na_values=[""])
        one = gr[(gr.year == horizon) & (gr.group_kind == "all") & (gr.age_band == "all")]
        pooled = one.cash_fen.sum() / one.members.sum() / 100
        mean = groups[(groups.year == horizon) & (groups.group_kind == "all") & (groups.age_band == "all")
                      & (groups.metric == "cash") & (groups.stat == "mean")]["value"].iloc[0]
        print(f"  groups-replications.csv: cash per member {horizon} by replication "
              f"{(one.cash_fen / one.members / 100).min():.0f} to {(one.cash_fen / one.members / 100).max():.0f} yuan, "
              f"pooled {pooled:.2f} (groups.csv {mean:.2f})")
        assert abs(pooled - mean) <= 1e-9 * abs(mean)


def read_sweep(d):
    """Read a sweep folder: sweep.csv and every point's files."""
    sweep = pd.read_csv(os.path.join(d, "sweep.csv"))
    print(f"sweep {d}: {len(sweep)} points; verdicts {sweep.verdict.value_counts().to_dict()}")
    best = sweep.sort_values("p_depleted_by_horizon").iloc[0]
    when = "after the horizon" if best.depletion_year_p50_beyond_horizon else str(int(best.depletion_year_p50))
    print(f"  lowest P(depleted by the horizon): point {best.point}, {best.p_depleted_by_horizon:.0%} "
          f"[{best.p_depleted_by_horizon_lo:.0%}, {best.p_depleted_by_horizon_hi:.0%}], median depletion {when}")
    assert sweep.depletion_year_p50_beyond_horizon.dtype == bool
    for p in sorted(glob.glob(os.path.join(d, "points", "*"))):
        summary = json.load(open(os.path.join(p, "summary.json")))
        years = pd.read_csv(os.path.join(p, "years.csv"))
        solvency = pd.read_csv(os.path.join(p, "solvency.csv"))
        events = pd.read_csv(os.path.join(p, "solvency-events.csv"))
        assert len(years) == len(summary["years"]) * len(summary["metrics"])
        assert len(solvency) == 5 * len(summary["years"]) and len(events) == 6
    print(f"  read the files of {len(glob.glob(os.path.join(d, 'points', '*')))} points")


def read_comparison(d):
    """Read a comparison folder: its CSV files and every run in runs/."""
    cmp = pd.read_csv(os.path.join(d, "comparison.csv"))
    gcmp = pd.read_csv(os.path.join(d, "groups-comparison.csv"), keep_default_na=False, na_values=[""])
    horizon = cmp.year.max()
    for _, r in cmp[(cmp.metric == "pool_balance") & (cmp.year == horizon)].iterrows():
        print(f"comparison {d}: {r.scenario} − {r.base}, pool balance {horizon}: "
              f"{r['mean']:.4g} yuan [{r.mean_lo:.4g}, {r.mean_hi:.4g}]")
    g = gcmp[(gcmp.year == horizon) & (gcmp.age_band == "all") & (gcmp.metric == "cash") & (gcmp.stat == "mean")]
    for _, r in g.iterrows():
        print(f"  cash per member, {r.group_kind} {r.group}: {r.value:+.0f} yuan [{r.lo:+.0f}, {r.hi:+.0f}]")
    bpath = os.path.join(d, "breakdown.csv")
    if os.path.exists(bpath):
        b = pd.read_csv(bpath)
        print(f"  breakdown.csv: steps {list(b.group.unique())}")
    for run in sorted(glob.glob(os.path.join(d, "runs", "*"))):
        read_run(run)


def main(dirs):
    if not dirs:
        sys.exit("usage: python3 docs/snippets/read.py DIR...")
    for d in dirs:
        if os.path.exists(os.path.join(d, "sweep.csv")):
            read_sweep(d)
        elif os.path.exists(os.path.join(d, "comparison.csv")):
            read_comparison(d)
        elif os.path.exists(os.path.join(d, "summary.json")):
            read_run(d)
        else:
            sys.exit(f"{d}: not a run, sweep or comparison folder")


if __name__ == "__main__":
    main(sys.argv[1:])
