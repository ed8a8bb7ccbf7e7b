package reports

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"

	"simulate/model"
)

// groupAcc is one member-group accumulator as stored in a shard's
// groups-acc.json: exact integer sums and sparse histograms (bin → count).
type groupAcc struct {
	Index      int            `json:"i"`
	Members    int64          `json:"n"`
	CashFen    int64          `json:"cash_fen"`
	BurdenFen  int64          `json:"burden_fen"`
	CashHist   map[int]uint32 `json:"cash_hist"`
	BurdenHist map[int]uint32 `json:"burden_hist"`
}

// WriteGroupsAcc writes the member-group accumulators of a shard to path, so
// that merge can add them exactly (integer sums and counts).
func WriteGroupsAcc(path string, groups []model.GroupYear) error {
	return WriteFileAtomic(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		for i := range groups {
			g := &groups[i]
			if g.Members == 0 {
				continue
			}
			a := groupAcc{Index: i, Members: g.Members, CashFen: g.CashFen, BurdenFen: g.BurdenFen,
				CashHist: map[int]uint32{}, BurdenHist: map[int]uint32{}}
			for k := range g.CashHist {
				if g.CashHist[k] != 0 {
					a.CashHist[k] = g.CashHist[k]
				}
				if g.BurdenHist[k] != 0 {
					a.BurdenHist[k] = g.BurdenHist[k]
				}
			}
			if err := enc.Encode(a); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddGroupsAcc reads the accumulators written by WriteGroupsAcc from path
// and adds them to groups.
func AddGroupsAcc(path string, groups []model.GroupYear) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	for {
		var a groupAcc
		err := dec.Decode(&a)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if a.Index < 0 || a.Index >= len(groups) {
			return fmt.Errorf("%s: group %d out of range 0…%d", path, a.Index, len(groups)-1)
		}
		g := &groups[a.Index]
		g.Members += a.Members
		g.CashFen += a.CashFen
		g.BurdenFen += a.BurdenFen
		for k, c := range a.CashHist {
			if k < 0 || k >= model.HistBins {
				return fmt.Errorf("%s: histogram bin %d out of range", path, k)
			}
			g.CashHist[k] += c
		}
		for k, c := range a.BurdenHist {
			if k < 0 || k >= model.HistBins {
				return fmt.Errorf("%s: histogram bin %d out of range", path, k)
			}
			g.BurdenHist[k] += c
		}
	}
}

// ReadReplications reads a replications.csv for the given years and returns
// the replication indices it holds, ascending, and their values laid out as
// model.Result.Values (an empty cell is NaN). Every metric of every year must
// be present for every replication.
func ReadReplications(path string, years []int) ([]int, [][]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(header) != 5 || header[1] != "replication" || header[2] != "year" || header[3] != "metric" || header[4] != "value" {
		return nil, nil, fmt.Errorf("%s: header %v, want scenario,replication,year,metric,value", path, header)
	}
	yearIndex := map[int]int{}
	for i, y := range years {
		yearIndex[y] = i
	}
	width := len(years) * int(model.NumMetrics)
	rows := map[int][]float64{}
	seen := map[int]int{}
	line := 1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		rep, err1 := strconv.Atoi(rec[1])
		year, err2 := strconv.Atoi(rec[2])
		m, ok := model.MetricByName(rec[3])
		y, yok := yearIndex[year]
		if err1 != nil || err2 != nil || !ok || !yok || rep < 0 {
			return nil, nil, fmt.Errorf("%s:%d: bad row %v", path, line, rec)
		}
		v := math.NaN()
		if rec[4] != "" {
			if v, err = strconv.ParseFloat(rec[4], 64); err != nil {
				return nil, nil, fmt.Errorf("%s:%d: bad value %q", path, line, rec[4])
			}
		}
		row, ok := rows[rep]
		if !ok {
			row = make([]float64, width)
			rows[rep] = row
		}
		row[y*int(model.NumMetrics)+int(m)] = v
		seen[rep]++
	}
	reps := make([]int, 0, len(rows))
	for rep := range rows {
		if seen[rep] != width {
			return nil, nil, fmt.Errorf("%s: replication %d has %d values, want %d", path, rep, seen[rep], width)
		}
		reps = append(reps, rep)
	}
	sort.Ints(reps)
	values := make([][]float64, len(reps))
	for i, rep := range reps {
		values[i] = rows[rep]
	}
	return reps, values, nil
}
