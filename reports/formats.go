package reports

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"simulate/model"
)

// The readers of the CSV files a run writes, in this version's format and
// in the earlier one's, which older output folders (and the saved study
// outputs) hold: every program that reads groups.csv, groups-comparison.csv
// or a solvency file reads it here, so the two formats are told apart in
// one place, by the header.
//
//   - groups.csv, groups-comparison.csv: earlier, one status column
//     (all, active, flexible, retired, base_q1 … base_q5) and stat, value;
//     now group_kind and group apart, and se, lo, hi after value.
//   - solvency.csv: earlier, the event-year percentiles followed the yearly
//     shares as rows with an empty year (first_deficit_year_p05 …), an empty
//     value beyond the horizon; now they are in solvency-events.csv.

// GroupRow is one row of groups.csv or groups-comparison.csv.
type GroupRow struct {
	Base     string // groups-comparison.csv only
	Scenario string
	Year     int
	// Kind is GroupAll, GroupStatus or GroupBaseQuintile; Group the
	// group within it (all; active, flexible, retired; q1 … q5).
	Kind, Group string
	AgeBand     string // all, 0-9 … 80-89, 90+
	Metric      string // cash or burden
	Stat        string // mean, p90, mean_p05, mean_p95
	// Value is the statistic; SE, Lo and Hi the mean's Monte Carlo
	// standard error and interval, NaN where empty (and in the earlier
	// format, which had none).
	Value, SE, Lo, Hi float64
}

// Label returns the group as one label of model.GroupStatuses (all,
// active, base_q1, …), the earlier format's status column.
func (r GroupRow) Label() string { return groupLabel(r.Kind, r.Group) }

// earlierGroupsColumns is the header of groups.csv before group_kind.
var earlierGroupsColumns = []string{"scenario", "year", "status", "age_band", "metric", "stat", "value"}

// ReadGroups reads a groups.csv or a groups-comparison.csv, of this
// version or of the earlier one (told by the header), into rows.
func ReadGroups(path string) ([]GroupRow, error) {
	recs, err := readAllCSV(path)
	if err != nil {
		return nil, err
	}
	header := recs[0]
	cmp := len(header) > 0 && header[0] == "base"
	lead := 0
	if cmp {
		lead = 1
	}
	var earlier bool
	switch h := header[lead:]; {
	case slices.Equal(h, GroupsColumns):
	case slices.Equal(h, earlierGroupsColumns):
		earlier = true
	default:
		want := strings.Join(GroupsColumns, ",")
		if cmp {
			want = "base," + want
		}
		return nil, fmt.Errorf("%s:1: header %s, want %s (or the earlier %s)", path, strings.Join(header, ","), want, strings.Join(earlierGroupsColumns, ","))
	}
	rows := make([]GroupRow, 0, len(recs)-1)
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, line, len(rec), len(header))
		}
		var r GroupRow
		if cmp {
			r.Base = rec[0]
		}
		f := rec[lead:]
		year, err := strconv.Atoi(f[1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: year %q is not a year", path, line, f[1])
		}
		r.Scenario, r.Year = f[0], year
		var nums []string
		if earlier {
			r.Kind, r.Group = GroupOf(f[2])
			r.AgeBand, r.Metric, r.Stat = f[3], f[4], f[5]
			nums = []string{f[6], "", "", ""}
		} else {
			r.Kind, r.Group, r.AgeBand, r.Metric, r.Stat = f[2], f[3], f[4], f[5], f[6]
			nums = f[7:11]
		}
		for k, p := range []*float64{&r.Value, &r.SE, &r.Lo, &r.Hi} {
			if *p, err = parseNumber(nums[k]); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", path, line, err)
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// SolvencyRow is one yearly indicator of solvency.csv.
type SolvencyRow struct {
	Scenario  string
	Year      int
	Indicator string // p_deficit, p_depleted, p_insufficient, p_below_warning, p_excess
	// Value is the share; Lo and Hi its interval, NaN where empty.
	Value, Lo, Hi float64
}

// SolvencyEvent is one event-year percentile of solvency-events.csv (or
// of an earlier solvency.csv).
type SolvencyEvent struct {
	Scenario string
	Event    string // first_deficit_year, depletion_year
	Stat     string // p05, p50, p95
	// Year, Lo and Hi are the percentile and its interval, 0 beyond the
	// horizon; HasCI is false when the file gives no interval (then Lo
	// and Hi are 0).
	Year, Lo, Hi int
	HasCI        bool
}

// ReadSolvency reads the solvency files of the folder dir: solvency.csv
// and solvency-events.csv, or an earlier solvency.csv that holds both (told
// by its rows with an empty year; the folder then has no
// solvency-events.csv).
func ReadSolvency(dir string) ([]SolvencyRow, []SolvencyEvent, error) {
	path := filepath.Join(dir, "solvency.csv")
	recs, err := readAllCSV(path)
	if err != nil {
		return nil, nil, err
	}
	want := []string{"scenario", "year", "indicator", "value", "lo", "hi"}
	if !slices.Equal(recs[0], want) {
		return nil, nil, fmt.Errorf("%s:1: header %s, want %s", path, strings.Join(recs[0], ","), strings.Join(want, ","))
	}
	var rows []SolvencyRow
	var events []SolvencyEvent
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != len(want) {
			return nil, nil, fmt.Errorf("%s:%d: %d fields, want %d", path, line, len(rec), len(want))
		}
		if rec[1] == "" {
			// The earlier format: an event year, first_deficit_year_p50.
			k := strings.LastIndexByte(rec[2], '_')
			if k < 0 {
				return nil, nil, fmt.Errorf("%s:%d: indicator %q without a year", path, line, rec[2])
			}
			ev := SolvencyEvent{Scenario: rec[0], Event: rec[2][:k], Stat: rec[2][k+1:], HasCI: rec[4] != "" || rec[5] != ""}
			for j, p := range []*int{&ev.Year, &ev.Lo, &ev.Hi} {
				if *p, err = parseYear(rec[3+j]); err != nil {
					return nil, nil, fmt.Errorf("%s:%d: %v", path, line, err)
				}
			}
			events = append(events, ev)
			continue
		}
		r := SolvencyRow{Scenario: rec[0], Indicator: rec[2]}
		if r.Year, err = strconv.Atoi(rec[1]); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: year %q is not a year", path, line, rec[1])
		}
		for j, p := range []*float64{&r.Value, &r.Lo, &r.Hi} {
			if *p, err = parseNumber(rec[3+j]); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %v", path, line, err)
			}
		}
		rows = append(rows, r)
	}
	if events != nil {
		return rows, events, nil
	}
	path = filepath.Join(dir, "solvency-events.csv")
	recs, err = readAllCSV(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("%s: no event years in solvency.csv and no solvency-events.csv", dir)
	}
	if err != nil {
		return nil, nil, err
	}
	if !slices.Equal(recs[0], SolvencyEventsColumns) {
		return nil, nil, fmt.Errorf("%s:1: header %s, want %s", path, strings.Join(recs[0], ","), strings.Join(SolvencyEventsColumns, ","))
	}
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != len(SolvencyEventsColumns) {
			return nil, nil, fmt.Errorf("%s:%d: %d fields, want %d", path, line, len(rec), len(SolvencyEventsColumns))
		}
		ev := SolvencyEvent{Scenario: rec[0], Event: rec[1], Stat: rec[2], HasCI: rec[7] != ""}
		for j, p := range []*int{&ev.Year, &ev.Lo, &ev.Hi} {
			if *p, err = parseYear(rec[3+j]); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: %v", path, line, err)
			}
			// An empty year is beyond the horizon exactly when its
			// beyond_horizon column says so.
			if flag := rec[6+j]; flag != "" && (flag == "TRUE") != (*p == 0) {
				return nil, nil, fmt.Errorf("%s:%d: %s %q with %s %s", path, line, SolvencyEventsColumns[3+j], rec[3+j], SolvencyEventsColumns[6+j], flag)
			}
		}
		events = append(events, ev)
	}
	return rows, events, nil
}

// ParseGroupReplications reads a groups-replications.csv (named path in
// messages) from r, of a run whose years are years, and returns, for each
// replication of reps (ascending), its group sums laid out as
// model.Result.RepGroups; a group the file does not list has no members.
func ParseGroupReplications(path string, r io.Reader, years []int, reps []int) ([][]model.GroupSum, error) {
	recs, err := parseAllCSV(path, r)
	if err != nil {
		return nil, err
	}
	if len(reps) == 0 || len(years) == 0 {
		return nil, fmt.Errorf("%s: no replications or years to read", path)
	}
	if !slices.Equal(recs[0], GroupReplicationsColumns) {
		return nil, fmt.Errorf("%s:1: header %s, want %s", path, strings.Join(recs[0], ","), strings.Join(GroupReplicationsColumns, ","))
	}
	yearIndex := map[int]int{}
	for i, y := range years {
		yearIndex[y] = i
	}
	repIndex := map[int]int{}
	for i, r := range reps {
		repIndex[r] = i
	}
	groupIndex := map[[3]string]int{}
	for s, status := range model.GroupStatuses {
		kind, group := GroupOf(status)
		for b := range model.NumAgeBands {
			groupIndex[[3]string{kind, group, model.AgeBandLabel(b)}] = s*model.NumAgeBands + b
		}
	}
	out := make([][]model.GroupSum, len(reps))
	for i := range out {
		out[i] = make([]model.GroupSum, len(years)*model.NumGroups)
	}
	for i, rec := range recs[1:] {
		line := i + 2
		if len(rec) != len(GroupReplicationsColumns) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, line, len(rec), len(GroupReplicationsColumns))
		}
		rep, err1 := strconv.Atoi(rec[1])
		year, err2 := strconv.Atoi(rec[2])
		ri, rok := repIndex[rep]
		y, yok := yearIndex[year]
		g, gok := groupIndex[[3]string{rec[3], rec[4], rec[5]}]
		if err1 != nil || err2 != nil || !rok || !yok || !gok {
			return nil, fmt.Errorf("%s:%d: bad row %v (replications %d…%d, years %d…%d)", path, line, rec, reps[0], reps[len(reps)-1], years[0], years[len(years)-1])
		}
		var v [3]int64
		for k := range v {
			if v[k], err = strconv.ParseInt(rec[6+k], 10, 64); err != nil {
				return nil, fmt.Errorf("%s:%d: %s %q is not an integer", path, line, GroupReplicationsColumns[6+k], rec[6+k])
			}
		}
		if v[0] < 0 {
			return nil, fmt.Errorf("%s:%d: members %d below 0", path, line, v[0])
		}
		out[ri][y*model.NumGroups+g] = model.GroupSum{Members: v[0], CashFen: v[1], BurdenFen: v[2]}
	}
	return out, nil
}

// readAllCSV reads a whole CSV file with at least a header.
func readAllCSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseAllCSV(path, f)
}

// parseAllCSV reads a whole CSV file (named path in messages) with at
// least a header from r.
func parseAllCSV(path string, rd io.Reader) ([][]string, error) {
	r := csv.NewReader(rd)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty file, want a header", path)
	}
	return recs, nil
}

// parseNumber parses a CSV number cell; empty is NaN.
func parseNumber(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !defined(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// parseYear parses a CSV year cell; empty is 0 (beyond the horizon).
func parseYear(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a year", s)
	}
	return y, nil
}
