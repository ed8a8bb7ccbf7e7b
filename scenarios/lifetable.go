package scenarios

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"simulate/model"
)

// LifeTables returns the names of the mortality tables the program carries
// (files builtin/mortality-NAME.csv).
func LifeTables() []string {
	paths, _ := fs.Glob(builtinFS, "builtin/mortality-*.csv")
	var names []string
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(strings.TrimPrefix(p, "builtin/mortality-"), ".csv"))
	}
	slices.Sort(names)
	return names
}

// LifeTable returns the carried mortality table name: q(x) by single age
// from 0 for men and women, with the file's comment header as its Source.
func LifeTable(name string) (model.LifeTable, error) {
	if !slices.Contains(LifeTables(), name) {
		return model.LifeTable{}, fmt.Errorf("unknown life table %q (known: %s)", name, strings.Join(LifeTables(), ", "))
	}
	file := "builtin/mortality-" + name + ".csv"
	data, err := builtinFS.ReadFile(file)
	if err != nil {
		return model.LifeTable{}, err
	}
	t := model.LifeTable{Name: name}
	var src []string
	var body []string
	for line := range strings.Lines(string(data)) {
		if c, ok := strings.CutPrefix(line, "#"); ok {
			src = append(src, strings.TrimSpace(c))
		} else {
			body = append(body, line)
		}
	}
	t.Source = strings.Join(src, " ")
	rows, err := csv.NewReader(strings.NewReader(strings.Join(body, ""))).ReadAll()
	if err != nil {
		return model.LifeTable{}, fmt.Errorf("%s: %w", file, err)
	}
	if len(rows) < 2 || !slices.Equal(rows[0], []string{"age", "male", "female"}) {
		return model.LifeTable{}, fmt.Errorf("%s: expected the header age,male,female", file)
	}
	for i, row := range rows[1:] {
		age, err := strconv.Atoi(row[0])
		if err != nil || age != i {
			return model.LifeTable{}, fmt.Errorf("%s: row %d: expected age %d", file, i+2, i)
		}
		m, err1 := strconv.ParseFloat(row[1], 64)
		f, err2 := strconv.ParseFloat(row[2], 64)
		if err1 != nil || err2 != nil || m < 0 || m > 1 || f < 0 || f > 1 {
			return model.LifeTable{}, fmt.Errorf("%s: row %d: q(x) must be numbers from 0 to 1", file, i+2)
		}
		t.Male = append(t.Male, m)
		t.Female = append(t.Female, f)
	}
	return t, nil
}
