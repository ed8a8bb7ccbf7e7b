# Read every file of simulate's output folders with R.
#
#     Rscript docs/snippets/read.R DIR...
#
# Each DIR is a run (summary.json), a sweep (sweep.csv) or a comparison
# (comparison.csv) folder. The script reads each of its data files, checks
# that the files agree with each other, and prints a few figures from each.
# Base R and jsonlite (Debian: r-base-core, r-cran-jsonlite). See
# docs/analysis.md and, for every column, docs/outputs.md.

library(jsonlite)

# "all" is a label here, and an empty cell is NA; text stays text.
read <- function(...) read.csv(file.path(...), na.strings = "", stringsAsFactors = FALSE)

fmt <- function(x, digits = 0) ifelse(is.na(x), "unbounded", formatC(x, format = "f", digits = digits))

read_run <- function(d) {
  summary <- fromJSON(file.path(d, "summary.json"))
  meta <- fromJSON(file.path(d, "run.json"))
  years <- read(d, "years.csv")
  solvency <- read(d, "solvency.csv")
  events <- read(d, "solvency-events.csv")
  groups <- read(d, "groups.csv")
  horizon <- max(years$year)
  cat(sprintf("run %s: %s, %d replications of %d members, version %s, %d warnings\n",
              d, summary$scenario, summary$replications, summary$members, meta$version, length(summary$warnings)))

  # years.csv: percentiles in order, then their 95% intervals.
  stopifnot(identical(names(years)[8:12], c("p05", "p25", "p50", "p75", "p95")))
  m <- subset(years, metric == "pool_months" & year == horizon)
  cat(sprintf("  months of payment %d: P5 %s [%s, %s], P50 %s\n", horizon,
              fmt(m$p05, 2), fmt(m$p05_lo, 2), fmt(m$p05_hi, 2), fmt(m$p50, 2)))
  stopifnot(abs(m$mean - tail(summary$metrics$pool_months$mean, 1)) <= 1e-9 * abs(m$mean))

  # solvency.csv: yearly shares with their intervals.
  dep <- subset(solvency, indicator == "p_depleted" & year == horizon)
  cat(sprintf("  P(pool depleted by %d) = %.0f%% [%.0f%%, %.0f%%]\n", horizon, 100 * dep$value, 100 * dep$lo, 100 * dep$hi))

  # solvency-events.csv: beyond_horizon is TRUE when the year (NA) lies
  # after the last simulated year.
  stopifnot(is.logical(events$beyond_horizon), all(is.na(events$year) == events$beyond_horizon))
  for (i in which(events$stat == "p50")) {
    e <- events[i, ]
    when <- if (e$beyond_horizon) sprintf("after %d", horizon) else as.character(e$year)
    cat(sprintf("  %s P50: %s\n", e$event, when))
  }

  # groups.csv: group_kind and group apart; the mean's se and interval.
  g <- subset(groups, year == horizon & group_kind == "status" & age_band == "all" & metric == "burden" & stat == "mean")
  for (i in seq_len(nrow(g))) {
    cat(sprintf("  burden per %s member %d: %.0f yuan [%.0f, %.0f]\n", g$group[i], horizon, g$value[i], g$lo[i], g$hi[i]))
  }

  if (file.exists(file.path(d, "replications.csv"))) {
    reps <- read(d, "replications.csv")
    bal <- subset(reps, metric == "pool_balance" & year == horizon)$value
    cat(sprintf("  replications.csv: %d replications, pool balance %d from %.4g to %.4g yuan\n",
                length(unique(reps$replication)), horizon, min(bal), max(bal)))
    stopifnot(length(unique(reps$replication)) == summary$replications)
  }
  if (file.exists(file.path(d, "groups-replications.csv"))) {
    gr <- read(d, "groups-replications.csv")
    one <- subset(gr, year == horizon & group_kind == "all" & age_band == "all")
    pooled <- sum(one$cash_fen) / sum(one$members) / 100
    mean <- subset(groups, year == horizon & group_kind == "all" & age_band == "all" & metric == "cash" & stat == "mean")$value
    per <- one$cash_fen / one$members / 100
    cat(sprintf("  groups-replications.csv: cash per member %d by replication %.0f to %.0f yuan, pooled %.2f (groups.csv %.2f)\n",
                horizon, min(per), max(per), pooled, mean))
    stopifnot(abs(pooled - mean) <= 1e-9 * abs(mean))
  }
}

read_sweep <- function(d) {
  sweep <- read(d, "sweep.csv")
  counts <- table(sweep$verdict)
  cat(sprintf("sweep %s: %d points; verdicts %s\n", d, nrow(sweep), paste(names(counts), counts, sep = ": ", collapse = ", ")))
  best <- sweep[which.min(sweep$p_depleted_by_horizon), ]
  when <- if (best$depletion_year_p50_beyond_horizon) "after the horizon" else as.character(best$depletion_year_p50)
  cat(sprintf("  lowest P(depleted by the horizon): point %d, %.0f%% [%.0f%%, %.0f%%], median depletion %s\n", best$point,
              100 * best$p_depleted_by_horizon, 100 * best$p_depleted_by_horizon_lo, 100 * best$p_depleted_by_horizon_hi, when))
  stopifnot(is.logical(sweep$depletion_year_p50_beyond_horizon))
  points <- sort(list.dirs(file.path(d, "points"), recursive = FALSE))
  for (p in points) {
    summary <- fromJSON(file.path(p, "summary.json"))
    years <- read(p, "years.csv")
    solvency <- read(p, "solvency.csv")
    events <- read(p, "solvency-events.csv")
    stopifnot(nrow(years) == length(summary$years) * length(summary$metrics),
              nrow(solvency) == 5 * length(summary$years), nrow(events) == 6)
  }
  cat(sprintf("  read the files of %d points\n", length(points)))
}

read_comparison <- function(d) {
  cmp <- read(d, "comparison.csv")
  gcmp <- read(d, "groups-comparison.csv")
  horizon <- max(cmp$year)
  r <- subset(cmp, metric == "pool_balance" & year == horizon)
  for (i in seq_len(nrow(r))) {
    cat(sprintf("comparison %s: %s - %s, pool balance %d: %.4g yuan [%.4g, %.4g]\n",
                d, r$scenario[i], r$base[i], horizon, r$mean[i], r$mean_lo[i], r$mean_hi[i]))
  }
  g <- subset(gcmp, year == horizon & age_band == "all" & metric == "cash" & stat == "mean")
  for (i in seq_len(nrow(g))) {
    cat(sprintf("  cash per member, %s %s: %+.0f yuan [%+.0f, %+.0f]\n", g$group_kind[i], g$group[i], g$value[i], g$lo[i], g$hi[i]))
  }
  if (file.exists(file.path(d, "breakdown.csv"))) {
    b <- read(d, "breakdown.csv")
    cat(sprintf("  breakdown.csv: steps %s\n", paste(unique(b$group), collapse = ", ")))
  }
  for (run in sort(list.dirs(file.path(d, "runs"), recursive = FALSE))) read_run(run)
}

dirs <- commandArgs(trailingOnly = TRUE)
if (length(dirs) == 0) stop("usage: Rscript docs/snippets/read.R DIR...")
for (d in dirs) {
  if (file.exists(file.path(d, "sweep.csv"))) {
    read_sweep(d)
  } else if (file.exists(file.path(d, "comparison.csv"))) {
    read_comparison(d)
  } else if (file.exists(file.path(d, "summary.json"))) {
    read_run(d)
  } else {
    stop(sprintf("%s: not a run, sweep or comparison folder", d))
  }
}
