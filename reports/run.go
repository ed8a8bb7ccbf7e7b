package reports

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"simulate/model"
)

// RunSchema names the format of run.json.
const RunSchema = "simulate/run/v1"

// RunMeta is the metadata of a run, written to run.json: everything about
// how and where the run happened, which summary.json must not depend on.
// WriteRun fills Schema, Host, GoVersion, GOARCH and the VCS fields when
// they are empty.
type RunMeta struct {
	Schema      string    `json:"schema"`
	CommandLine []string  `json:"command_line"`
	Output      string    `json:"output"`  // the output directory as given
	Workers     int       `json:"workers"` // worker goroutines
	Shard       *Shard    `json:"shard"`   // nil: not sharded
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Host        string    `json:"host"`
	GoVersion   string    `json:"go_version"`
	GOARCH      string    `json:"goarch"`
	// VCSRevision and VCSModified come from the build information; empty
	// when the binary was built without VCS stamping.
	VCSRevision  string `json:"vcs_revision"`
	VCSModified  bool   `json:"vcs_modified"`
	Version      string `json:"version"` // program version
	Seed         uint64 `json:"seed"`
	Replications int    `json:"replications"` // of the whole run, all shards together
	Members      int    `json:"members"`
	Horizon      int    `json:"horizon"`
	Scenario     string `json:"scenario"`
	Fingerprint  string `json:"fingerprint"`
	// Design is how the replications' inputs were drawn (model.Design's
	// name); empty in a run.json of an earlier version.
	Design string `json:"design,omitempty"`
}

// Shard identifies the slice of a sharded run: Index from 0 to Count − 1.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// fillBuild fills the fields that describe the binary and the host.
func (m *RunMeta) fillBuild() {
	if m.Schema == "" {
		m.Schema = RunSchema
	}
	if m.GoVersion == "" {
		m.GoVersion = runtime.Version()
	}
	if m.GOARCH == "" {
		m.GOARCH = runtime.GOARCH
	}
	if m.Host == "" {
		m.Host, _ = os.Hostname()
	}
	if m.VCSRevision == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					m.VCSRevision = s.Value
				case "vcs.modified":
					m.VCSModified = s.Value == "true"
				}
			}
		}
	}
	if m.CommandLine == nil {
		m.CommandLine = []string{}
	}
}

// Fingerprint returns the hex SHA-256 identifying a run's results: of the
// canonical resolved scenario, the seed, the replications, the members, the
// horizon, the design and the program version. Each field is encoded unambiguously (byte
// strings with a length prefix, integers as 8 bytes big-endian, after a
// format tag), so no two different inputs share an encoding.
func Fingerprint(canonicalScenario []byte, seed uint64, replications, members, horizon int, design model.Design, version string) string {
	h := sha256.New()
	var n [8]byte
	putBytes := func(b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	putUint := func(v uint64) {
		binary.BigEndian.PutUint64(n[:], v)
		h.Write(n[:])
	}
	putBytes([]byte("simulate/fingerprint/v1"))
	putBytes(canonicalScenario)
	putUint(seed)
	putUint(uint64(int64(replications)))
	putUint(uint64(int64(members)))
	putUint(uint64(int64(horizon)))
	putBytes([]byte(design.String()))
	putBytes([]byte(version))
	return hex.EncodeToString(h.Sum(nil))
}

// WriteRun writes the files of a run into dir, creating it if needed:
// scenario.yaml (scenarioYAML as given), summary.json (sum), years.csv,
// solvency.csv, solvency-events.csv, groups.csv, replications.csv and
// groups-replications.csv (when res holds the replications' group sums)
// when keepReplications, and
// last run.json (meta), so a directory with a run.json holds a complete
// run. Every file is written atomically. sum is normally Summarize(res, …)
// with Version and Fingerprint set. dir is normally a new stage of a Folder
// (Folder.Stage), so no file of an earlier run is there to clear.
func WriteRun(dir string, res *model.Result, sum *Summary, meta RunMeta, scenarioYAML []byte, keepReplications bool) error {
	if res == nil || sum == nil {
		return fmt.Errorf("write run %s: missing result or summary", dir)
	}
	if err := checkResult(res, keepReplications); err != nil {
		return fmt.Errorf("write run %s: %w", dir, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write run: %w", err)
	}
	meta.fillBuild()
	steps := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"scenario.yaml", func(w io.Writer) error { _, err := w.Write(scenarioYAML); return err }},
		{"summary.json", sum.WriteJSON},
		{"years.csv", csvWriter(func(cw *csv.Writer) error { return writeYears(cw, sum) })},
		{"solvency.csv", csvWriter(func(cw *csv.Writer) error { return writeSolvency(cw, sum) })},
		{"solvency-events.csv", csvWriter(func(cw *csv.Writer) error { return writeSolvencyEvents(cw, sum) })},
		{"groups.csv", csvWriter(func(cw *csv.Writer) error { return writeGroups(cw, res) })},
	}
	if keepReplications {
		steps = append(steps, struct {
			name  string
			write func(io.Writer) error
		}{"replications.csv", csvWriter(func(cw *csv.Writer) error { return writeReplications(cw, res) })})
		if len(res.RepGroups) > 0 {
			steps = append(steps, struct {
				name  string
				write func(io.Writer) error
			}{"groups-replications.csv", csvWriter(func(cw *csv.Writer) error { return writeGroupReplications(cw, res) })})
		}
	}
	// Every file is complete before any replaces an earlier run's: a full
	// disk leaves the earlier run whole, and run.json, renamed last, marks
	// a complete run.
	files := make([]File, 0, len(steps)+1)
	for _, s := range steps {
		files = append(files, File{Path: filepath.Join(dir, s.name), Write: s.write})
	}
	files = append(files, File{Path: filepath.Join(dir, "run.json"), Write: meta.writeJSON})
	return WriteFilesAtomic(files)
}

// WriteRunMeta writes a run.json (the metadata of a run or of a study:
// sweep, comparison, solve, sensitivity) to path, filling in the build and
// host fields.
func WriteRunMeta(path string, meta RunMeta) error {
	return WriteFileAtomic(path, meta.writeJSON)
}

// writeJSON writes m as indented JSON, with the build and host fields
// filled in.
func (m RunMeta) writeJSON(w io.Writer) error {
	m.fillBuild()
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// checkResult reports the inconsistencies of res that would make a file
// wrong.
func checkResult(res *model.Result, keepReplications bool) error {
	var errs []error
	ny := len(res.Years)
	want := ny * int(model.NumMetrics)
	for i, row := range res.Values {
		if len(row) != want {
			errs = append(errs, fmt.Errorf("replication %d has %d values, want %d years × %d metrics", i, len(row), ny, model.NumMetrics))
			break
		}
	}
	if len(res.Groups) != 0 && len(res.Groups) != ny*model.NumGroups {
		errs = append(errs, fmt.Errorf("result has %d group accumulators, want %d years × %d groups", len(res.Groups), ny, model.NumGroups))
	}
	if len(res.RepGroups) != 0 {
		if len(res.RepGroups) != len(res.Values) {
			errs = append(errs, fmt.Errorf("result has group sums of %d replications, want %d", len(res.RepGroups), len(res.Values)))
		} else {
			for i, row := range res.RepGroups {
				if len(row) != ny*model.NumGroups {
					errs = append(errs, fmt.Errorf("replication %d has %d group sums, want %d years × %d groups", i, len(row), ny, model.NumGroups))
					break
				}
			}
		}
	}
	if keepReplications && len(res.Reps) != len(res.Values) {
		errs = append(errs, fmt.Errorf("result lists %d replication indices for %d replications", len(res.Reps), len(res.Values)))
	}
	return errors.Join(errs...)
}

// csvWriter adapts a function writing CSV records to WriteFileAtomic.
func csvWriter(fn func(cw *csv.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := fn(cw); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	}
}

// writeYears writes years.csv: one row per metric (table order) and year,
// the percentiles in order (p05 … p95), then their intervals in the same
// order.
func writeYears(cw *csv.Writer, s *Summary) error {
	header := []string{"scenario", "year", "metric", "unit", "mean", "sd", "se"}
	header = append(header, percentileNames[:]...)
	for _, name := range percentileNames {
		header = append(header, name+"_lo", name+"_hi")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for i := range s.Metrics {
		m := &s.Metrics[i]
		cis := m.intervals()
		for y, year := range s.Years {
			rec[0], rec[1], rec[2], rec[3] = s.Scenario, strconv.Itoa(year), m.Name, string(m.Unit)
			rec[4], rec[5], rec[6] = cell(m.Mean[y]), cell(m.SD[y]), cell(m.SE[y])
			rec[7], rec[8], rec[9], rec[10], rec[11] = cell(m.P05[y]), cell(m.P25[y]), cell(m.P50[y]), cell(m.P75[y]), cell(m.P95[y])
			for k, ci := range cis {
				rec[12+2*k], rec[13+2*k] = ci.cell(y)
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeSolvency writes solvency.csv: the per-year indicators with their
// intervals, indicator by indicator (shareIntervals' order), year by year.
func writeSolvency(cw *csv.Writer, s *Summary) error {
	if err := cw.Write([]string{"scenario", "year", "indicator", "value", "lo", "hi"}); err != nil {
		return err
	}
	sv := &s.Solvency
	for _, ind := range sv.shareIntervals() {
		for y, year := range s.Years {
			lo, hi := ind.ci.cell(y)
			if err := cw.Write([]string{s.Scenario, strconv.Itoa(year), ind.name, cell(ind.share[y]), lo, hi}); err != nil {
				return err
			}
		}
	}
	return nil
}

// SolvencyEventsColumns is the header of solvency-events.csv.
var SolvencyEventsColumns = []string{"scenario", "event", "stat", "year", "lo", "hi", "beyond_horizon", "lo_beyond_horizon", "hi_beyond_horizon"}

// writeSolvencyEvents writes solvency-events.csv: the P5, P50 and P95 of
// the first deficit year and of the depletion year with their intervals;
// a year beyond the horizon is empty, with its beyond_horizon column TRUE
// (the interval's columns are empty in a summary without intervals).
func writeSolvencyEvents(cw *csv.Writer, s *Summary) error {
	if err := cw.Write(SolvencyEventsColumns); err != nil {
		return err
	}
	sv := &s.Solvency
	beyond := func(y int) string { return boolCell(y == 0) }
	for _, ev := range []struct {
		name string
		v    YearPercentiles
		ci   *YearIntervals
	}{{"first_deficit_year", sv.FirstDeficitYear, sv.FirstDeficitYearCI}, {"depletion_year", sv.DepletionYear, sv.DepletionYearCI}} {
		for k, p := range []struct {
			stat string
			year int
		}{{"p05", ev.v.P05}, {"p50", ev.v.P50}, {"p95", ev.v.P95}} {
			lo, hi, loBeyond, hiBeyond := "", "", "", ""
			if ev.ci != nil {
				lo, hi = yearCell(ev.ci.Lo[k]), yearCell(ev.ci.Hi[k])
				loBeyond, hiBeyond = beyond(ev.ci.Lo[k]), beyond(ev.ci.Hi[k])
			}
			if err := cw.Write([]string{s.Scenario, ev.name, p.stat, yearCell(p.year), lo, hi, beyond(p.year), loBeyond, hiBeyond}); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeReplications writes replications.csv: every value of every
// replication held, by replication, year and metric (table order).
func writeReplications(cw *csv.Writer, res *model.Result) error {
	if err := cw.Write([]string{"scenario", "replication", "year", "metric", "value"}); err != nil {
		return err
	}
	years := make([]string, len(res.Years))
	for y, year := range res.Years {
		years[y] = strconv.Itoa(year)
	}
	rec := make([]string, 5)
	for i := range res.Values {
		rec[0], rec[1] = res.Scenario, strconv.Itoa(res.Reps[i])
		for y := range res.Years {
			rec[2] = years[y]
			for m := range model.NumMetrics {
				rec[3], rec[4] = model.Metrics[m].Name, cell(res.Value(i, y, m))
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// MaxReplications and MaxMembers bound the counts a run.json may state
// (those the command line accepts).
const (
	MaxReplications = 1_000_000_000
	MaxMembers      = 10_000_000_000
)

// ParseRunMeta decodes a run.json and checks it before any of its values is
// used: its schema, counts within their bounds, a horizon of 1 to 100
// years, a shard index within its count and a fingerprint of 64 hex
// digits. Unknown fields are refused.
func ParseRunMeta(data []byte) (RunMeta, error) {
	var m RunMeta
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return RunMeta{}, fmt.Errorf("run.json: %v", err)
	}
	if dec.More() {
		return RunMeta{}, errors.New("run.json: more than one JSON value")
	}
	var errs []error
	if m.Schema != RunSchema {
		errs = append(errs, fmt.Errorf("schema %q, want %q", m.Schema, RunSchema))
	}
	if m.Replications < 1 || m.Replications > MaxReplications {
		errs = append(errs, fmt.Errorf("replications %d outside 1…%d", m.Replications, MaxReplications))
	}
	if m.Members < 1 || m.Members > MaxMembers {
		errs = append(errs, fmt.Errorf("members %d outside 1…%d", m.Members, MaxMembers))
	}
	if m.Horizon < 1 || m.Horizon > 100 {
		errs = append(errs, fmt.Errorf("horizon %d outside 1…100", m.Horizon))
	}
	if m.Workers < 0 {
		errs = append(errs, fmt.Errorf("workers %d below 0", m.Workers))
	}
	if s := m.Shard; s != nil && (s.Count < 1 || s.Count > m.Replications || s.Index < 0 || s.Index >= s.Count) {
		errs = append(errs, fmt.Errorf("shard %d/%d: the index must be from 0 to the count − 1, and the count from 1 to the replications", s.Index, s.Count))
	}
	if !isHex64(m.Fingerprint) && m.Fingerprint != "" {
		errs = append(errs, fmt.Errorf("fingerprint %q is not 64 hex digits", m.Fingerprint))
	}
	if _, err := model.ParseDesign(m.Design); m.Design != "" && err != nil {
		errs = append(errs, err)
	}
	if len(m.Scenario) > 1024 || len(m.Version) > 64 {
		errs = append(errs, errors.New("scenario or version too long"))
	}
	if err := errors.Join(errs...); err != nil {
		return RunMeta{}, fmt.Errorf("run.json: %w", err)
	}
	return m, nil
}

// isHex64 reports whether s is 64 lowercase hex digits (a SHA-256).
func isHex64(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
