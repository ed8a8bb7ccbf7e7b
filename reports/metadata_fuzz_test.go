package reports

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"simulate/model"
)

// The fuzz targets of this file feed the readers of an output folder's
// metadata (manifest.json, run.json, groups-acc.json, replications.csv,
// summary.json) with any bytes, as a hand-edited or corrupt file would be:
// each must return an error or a value within the bounds it documents, and
// never panic. Run them longer with scripts/fuzz.

// fuzzSHA is a well-formed SHA-256 in hex.
const fuzzSHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// fuzzLines joins JSON-encoded records into manifest lines.
func fuzzLines(t testing.TB, recs ...record) []byte {
	var b []byte
	for _, r := range recs {
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b = append(append(b, line...), '\n')
	}
	return b
}

// FuzzManifest checks that parseManifest returns an error or records that
// are safe to act on: a header of this program's schema first, then
// transactions that each pass check, whose every path is a clean local path
// that is none of the folder's own files; and that the complete lines it
// reports are a prefix of the data ending in a newline, which parses to the
// same records.
func FuzzManifest(f *testing.F) {
	header := record{Schema: ManifestSchema, Kind: "run", ID: strings.Repeat("ab", 32)}
	put := record{Stage: stagePrefix + "123", Put: []Entry{{Path: "summary.json", Size: 10, SHA256: fuzzSHA}, {Path: "charts/a.svg", Size: 0, SHA256: fuzzSHA}},
		Del: []string{"old.csv"}, Time: "2024-01-01T00:00:00Z"}
	valid := fuzzLines(f, header, put)
	if _, _, err := parseManifest("manifest.json", valid); err != nil {
		f.Fatalf("the valid seed is refused: %v", err)
	}
	f.Add(valid)
	escape := put
	escape.Put = []Entry{{Path: "../etc/passwd", Size: 1, SHA256: fuzzSHA}}
	f.Add(fuzzLines(f, header, escape))
	abs := put
	abs.Put = nil
	abs.Del = []string{"/etc/passwd"}
	f.Add(fuzzLines(f, header, abs))
	f.Add(valid[:len(valid)-5])              // the last line cut short without its newline
	f.Add(fuzzLines(f, header, put, header)) // a second header
	bad := put
	bad.Put = []Entry{{Path: "a.csv", Size: 1, SHA256: strings.Repeat("g", 64)}}
	f.Add(fuzzLines(f, header, bad)) // bad sha256
	f.Add([]byte{})
	own := put
	own.Put = []Entry{{Path: ManifestName, Size: 1, SHA256: fuzzSHA}}
	f.Add(fuzzLines(f, header, own))
	f.Add(bytes.ReplaceAll(valid, []byte("\n"), []byte("\r\n")))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, complete, err := parseManifest("manifest.json", data)
		if err != nil {
			if recs != nil || complete != 0 {
				t.Fatalf("parseManifest failed (%v) but returned %d records, %d bytes", err, len(recs), complete)
			}
			return
		}
		if len(recs) == 0 {
			t.Fatal("parseManifest accepted a manifest without a header")
		}
		if complete <= 0 || complete > len(data) || data[complete-1] != '\n' {
			t.Fatalf("complete = %d of %d bytes: want a prefix ending in a newline", complete, len(data))
		}
		if h := recs[0]; h.Schema != ManifestSchema || len(h.Kind) > 64 || len(h.ID) > 4096 {
			t.Fatalf("header %+v accepted", h)
		}
		checkPath := func(p string) {
			if !validRel(p) || !filepath.IsLocal(filepath.FromSlash(p)) {
				t.Fatalf("path %q accepted: not a local path of the folder", p)
			}
		}
		for i, r := range recs[1:] {
			if err := r.check(false); err != nil {
				t.Fatalf("record %d accepted but fails check: %v", i+2, err)
			}
			if r.Schema != "" || !strings.HasPrefix(r.Stage, stagePrefix) || strings.ContainsAny(r.Stage, `/\`) {
				t.Fatalf("record %d: schema %q, stage %q accepted", i+2, r.Schema, r.Stage)
			}
			for _, e := range r.Put {
				checkPath(e.Path)
				if e.Size < 0 || len(e.SHA256) != 64 {
					t.Fatalf("entry %+v accepted", e)
				}
			}
			for _, d := range r.Del {
				checkPath(d)
			}
		}
		recs2, complete2, err := parseManifest("manifest.json", data[:complete])
		if err != nil || complete2 != complete || len(recs2) != len(recs) {
			t.Fatalf("the complete lines parse to %d records, %d bytes, %v; want %d records, %d bytes", len(recs2), complete2, err, len(recs), complete)
		}
	})
}

// FuzzRunMeta checks that ParseRunMeta returns an error or a run.json whose
// values lie within the bounds it documents, and which, written again,
// parses to the same run.json.
func FuzzRunMeta(f *testing.F) {
	meta := RunMeta{CommandLine: []string{"simulate", "run", "-n", "100"}, Output: "out", Workers: 4,
		Start: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), End: time.Date(2024, 5, 1, 10, 1, 0, 0, time.UTC),
		Version: "1.0.0", Seed: 42, Replications: 100, Members: 1000, Horizon: 10, Scenario: "status-quo",
		Fingerprint: strings.Repeat("0a", 32)}
	p := filepath.Join(f.TempDir(), "run.json")
	if err := WriteRunMeta(p, meta); err != nil {
		f.Fatal(err)
	}
	valid, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := ParseRunMeta(valid); err != nil {
		f.Fatalf("the valid seed is refused: %v", err)
	}
	f.Add(valid)
	sharded := meta
	sharded.Shard = &Shard{Index: 1, Count: 4}
	b, _ := json.Marshal(sharded)
	f.Add(b)
	sharded.Shard = &Shard{Index: 7, Count: 2}
	b, _ = json.Marshal(sharded)
	f.Add(b)
	f.Add(bytes.Replace(valid, []byte(`"replications": 100`), []byte(`"replications": -3`), 1))
	f.Add(bytes.Replace(valid, []byte(`"members": 1000`), []byte(`"members": -1`), 1))
	f.Add(bytes.Replace(valid, []byte(`"horizon": 10`), []byte(`"horizon": 99999999999999999999`), 1))
	f.Add(bytes.Replace(valid, []byte(`"seed": 42`), []byte(`"seed": 1e400`), 1))
	f.Add(bytes.Replace(valid, []byte(RunSchema), []byte("simulate/run/v0"), 1))
	f.Add(append(bytes.Clone(valid), "{} trailing"...))
	f.Add([]byte(`{"schema":"simulate/run/v1","replications":1,"members":1,"horizon":1,"shard":{"index":0,"count":1},"fingerprint":""}`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseRunMeta(data)
		if err != nil {
			return
		}
		if m.Schema != RunSchema {
			t.Fatalf("schema %q accepted", m.Schema)
		}
		if m.Replications < 1 || m.Replications > MaxReplications {
			t.Fatalf("replications %d accepted", m.Replications)
		}
		if m.Members < 1 || m.Members > MaxMembers {
			t.Fatalf("members %d accepted", m.Members)
		}
		if m.Horizon < 1 || m.Horizon > 100 {
			t.Fatalf("horizon %d accepted", m.Horizon)
		}
		if m.Workers < 0 {
			t.Fatalf("workers %d accepted", m.Workers)
		}
		if s := m.Shard; s != nil && (s.Index < 0 || s.Index >= s.Count || s.Count > m.Replications) {
			t.Fatalf("shard %d/%d of %d replications accepted", s.Index, s.Count, m.Replications)
		}
		if m.Fingerprint != "" && !isHex64(m.Fingerprint) {
			t.Fatalf("fingerprint %q accepted", m.Fingerprint)
		}
		if len(m.Fingerprint) == 64 && strings.ToLower(m.Fingerprint) != m.Fingerprint {
			t.Fatalf("fingerprint %q accepted: not lowercase", m.Fingerprint)
		}
		// What was accepted is written again (a merge's run.json) and reads
		// back the same.
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("an accepted run.json cannot be written again: %v", err)
		}
		m2, err := ParseRunMeta(out)
		if err != nil {
			t.Fatalf("a run.json written from an accepted one is refused: %v\n%s", err, out)
		}
		if out2, _ := json.Marshal(m2); !bytes.Equal(out, out2) {
			t.Fatalf("run.json changes when read again:\n%s\nthen\n%s", out, out2)
		}
	})
}

// fuzzFile writes data to the file name in dir, replacing it, and returns
// its path. A fuzz target passes the temporary directory of its process
// (f.TempDir): the executions of one process run one after the other.
func fuzzFile(t testing.TB, dir, name string, data []byte) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// FuzzGroupsAcc checks that AddGroupsAcc returns an error or adds groups
// that WriteGroupsAcc writes and AddGroupsAcc reads back unchanged.
func FuzzGroupsAcc(f *testing.F) {
	n := 3 * model.NumGroups
	groups := make([]model.GroupYear, n)
	groups[0] = model.GroupYear{Members: 5, CashFen: 1200, BurdenFen: 300}
	groups[0].CashHist[3], groups[0].BurdenHist[model.HistBins-1] = 2, 3
	groups[n-1] = model.GroupYear{Members: 1, CashFen: -7}
	groups[n-1].CashHist[0] = 1
	dir := f.TempDir()
	p := filepath.Join(dir, "groups-acc.json")
	if err := WriteGroupsAcc(p, groups); err != nil {
		f.Fatal(err)
	}
	valid, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	if err := AddGroupsAcc(p, make([]model.GroupYear, n)); err != nil {
		f.Fatalf("the valid seed is refused: %v", err)
	}
	f.Add(valid)
	line, _, _ := bytes.Cut(valid, []byte("\n"))
	f.Add(line)
	f.Add([]byte(`{"i":99999,"n":1,"cash_fen":0,"burden_fen":0,"cash_hist":{},"burden_hist":{}}`))
	f.Add([]byte(`{"i":-1,"n":1}`))
	f.Add([]byte(`{"i":0,"n":1,"cash_hist":{"-1":1},"burden_hist":{}}`))
	f.Add([]byte(`{"i":0,"n":1,"cash_hist":{},"burden_hist":{"99999999999999999999":1}}`))
	f.Add([]byte(`{"i":0,"n":1,"cash_hist":{"1000000":4294967295}}`))
	f.Add([]byte(`{"i":0,"n":9223372036854775807}{"i":0,"n":9223372036854775807}`))
	f.Add([]byte(`{"i":0,"n":1,"cash_hist":{"x":1}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		got := make([]model.GroupYear, n)
		if err := AddGroupsAcc(fuzzFile(t, dir, "groups-acc.json", data), got); err != nil {
			return
		}
		p := filepath.Join(dir, "again.json")
		if err := WriteGroupsAcc(p, got); err != nil {
			t.Fatalf("accepted accumulators cannot be written again: %v", err)
		}
		again := make([]model.GroupYear, n)
		if err := AddGroupsAcc(p, again); err != nil {
			t.Fatalf("accumulators written from accepted ones are refused: %v", err)
		}
		for i := range got {
			want := got[i]
			if want.Members == 0 { // WriteGroupsAcc skips a group without members
				want = model.GroupYear{}
			}
			if again[i] != want {
				t.Fatalf("group %d reads back with members %d, cash %d, burden %d; want %d, %d, %d (or its histograms differ)", i, again[i].Members, again[i].CashFen, again[i].BurdenFen, want.Members, want.CashFen, want.BurdenFen)
			}
		}
	})
}

// FuzzReplications checks that ReadReplications returns an error or, for
// every replication it holds, ascending and not negative, one value of every
// metric of every year.
func FuzzReplications(f *testing.F) {
	dir := f.TempDir()
	years := []int{2022, 2023}
	res := newResult(years, 3)
	res.Reps = []int{0, 5, 17}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := writeReplications(cw, res); err != nil {
		f.Fatal(err)
	}
	cw.Flush()
	valid := buf.Bytes()
	if reps, _, err := ReadReplications(fuzzFile(f, dir, "replications.csv", valid), years); err != nil || len(reps) != 3 {
		f.Fatalf("the valid seed gives replications %v, %v", reps, err)
	}
	f.Add(valid)
	header, rest, _ := bytes.Cut(valid, []byte("\n"))
	row, _, _ := bytes.Cut(rest, []byte("\n"))
	f.Add(bytes.Replace(valid, []byte(",5,"), []byte(",-5,"), -1))
	f.Add(bytes.Replace(valid, []byte(",17,"), []byte(",99999999999999999999,"), -1))
	f.Add(bytes.Replace(valid, []byte(",17,"), []byte(",9223372036854775807,"), -1))
	f.Add(append(append(bytes.Clone(header), '\n'), bytes.Replace(row, []byte(","), nil, 1)...)) // a missing column
	f.Add([]byte("scenario,replication,year,metric\n"))
	f.Add(append(bytes.Clone(valid), row...)) // a value twice
	f.Add(append(append(bytes.Clone(header), '\n'), row...))
	f.Add([]byte("scenario,replication,year,metric,value\ns,0,2022,pool_balance,\"1\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		reps, values, err := ReadReplications(fuzzFile(t, dir, "replications.csv", data), years)
		if err != nil {
			return
		}
		if len(reps) != len(values) {
			t.Fatalf("%d replications, %d rows of values", len(reps), len(values))
		}
		for i, rep := range reps {
			if rep < 0 || i > 0 && rep <= reps[i-1] {
				t.Fatalf("replications %v: not ascending from 0", reps)
			}
			if len(values[i]) != len(years)*int(model.NumMetrics) {
				t.Fatalf("replication %d has %d values, want %d years × %d metrics", rep, len(values[i]), len(years), model.NumMetrics)
			}
		}
	})
}

// FuzzSummary checks that ReadSummary returns an error or a summary with
// one value per year in every per-year array, which WriteJSON writes and
// ReadSummary reads back to the same bytes.
func FuzzSummary(f *testing.F) {
	dir := f.TempDir()
	res := solvencyResult()
	sum := Summarize(res, testBands)
	sum.Version, sum.Fingerprint = "test-1", strings.Repeat("0a", 32)
	var buf bytes.Buffer
	if err := sum.WriteJSON(&buf); err != nil {
		f.Fatal(err)
	}
	valid := buf.Bytes()
	if _, err := ReadSummary(fuzzFile(f, dir, "summary.json", valid)); err != nil {
		f.Fatalf("the valid seed is refused: %v", err)
	}
	f.Add(valid)
	f.Add(bytes.Replace(valid, []byte(SummarySchema), []byte("simulate/summary/v0"), 1))
	f.Add(bytes.Replace(valid, []byte("2022, "), nil, 1)) // a year fewer than the arrays' values
	f.Add([]byte(`{"schema":"` + SummarySchema + `","years":[2022],"metrics":{"a":{"mean":[null]},"a":{}},"solvency":{"p_deficit":[1],"p_depleted":[1],"p_insufficient":[1],"p_below_warning":[1],"p_excess":[1]}}`))
	f.Add([]byte(`{"schema":"` + SummarySchema + `","metrics":[],"population":1e999}`))
	f.Add([]byte(`{"schema":"` + SummarySchema + `","metrics":{"x":1}}`))
	f.Add([]byte(`null`))
	f.Add([]byte{})
	f.Add([]byte(`{"sChemA":"simulate/summary/v1","0000000":[]}`)) // a v1 summary, read since v2
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadSummary(fuzzFile(t, dir, "summary.json", data))
		if err != nil {
			return
		}
		if s.Schema != SummarySchema && s.Schema != summaryV1 {
			t.Fatalf("schema %q accepted", s.Schema)
		}
		var w1 bytes.Buffer
		if err := s.WriteJSON(&w1); err != nil {
			t.Fatalf("an accepted summary cannot be written: %v", err)
		}
		s2, err := ReadSummary(fuzzFile(t, dir, "again.json", w1.Bytes()))
		if err != nil {
			t.Fatalf("a summary written from an accepted one is refused: %v\n%s", err, w1.Bytes())
		}
		var w2 bytes.Buffer
		if err := s2.WriteJSON(&w2); err != nil || !bytes.Equal(w1.Bytes(), w2.Bytes()) {
			t.Fatalf("summary.json changes when read again (%v):\n%s\nthen\n%s", err, w1.Bytes(), w2.Bytes())
		}
	})
}

// FuzzGroupReplications checks that ParseGroupReplications returns an error
// or one row of group sums per replication asked for, members never
// negative, and that ReadGroups never panics.
func FuzzGroupReplications(f *testing.F) {
	years := []int{2022}
	res := bandResult("s", [4]int64{100, 200, 100, 100}, [4]int64{10000, 30000, 20000, 10000})
	res.Reps = []int{0, 5, 17, 18}
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	if err := writeGroupReplications(cw, res); err != nil {
		f.Fatal(err)
	}
	cw.Flush()
	valid := buf.Bytes()
	if rows, err := ParseGroupReplications("g.csv", bytes.NewReader(valid), years, res.Reps); err != nil || len(rows) != 4 {
		f.Fatalf("the valid seed gives %d rows, %v", len(rows), err)
	}
	f.Add(valid)
	f.Add(bytes.Replace(valid, []byte(",100,"), []byte(",-100,"), 1))
	f.Add(bytes.Replace(valid, []byte(",all,all,all,"), []byte(",all,q9,all,"), 1))
	f.Add(bytes.Replace(valid, []byte(",17,"), []byte(",99999999999999999999,"), 1))
	f.Add([]byte("scenario,replication,year,group_kind,group,age_band,members,cash_fen\n"))
	f.Add([]byte("base,scenario,year,group_kind,group,age_band,metric,stat,value,se,lo,hi\nb,s,2022,all,all,all,cash,mean,1,,,\n"))
	f.Add([]byte("scenario,year,status,age_band,metric,stat,value\ns,x,all,all,cash,mean,1\n"))
	f.Add([]byte{})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if rows, err := ParseGroupReplications("g.csv", bytes.NewReader(data), years, res.Reps); err == nil {
			if len(rows) != len(res.Reps) {
				t.Fatalf("%d rows for %d replications", len(rows), len(res.Reps))
			}
			for _, row := range rows {
				if len(row) != model.NumGroups {
					t.Fatalf("a row of %d groups, want %d", len(row), model.NumGroups)
				}
				for _, g := range row {
					if g.Members < 0 {
						t.Fatalf("members %d below 0", g.Members)
					}
				}
			}
		}
		// ReadGroups, on the same bytes, returns an error or rows: never a
		// panic.
		_, _ = ReadGroups(fuzzFile(t, dir, "groups.csv", data))
	})
}
