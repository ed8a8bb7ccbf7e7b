package model

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestLayers keeps the pipeline of STYLE.md: model at the bottom is pure
// computation (no I/O, flags, environment, clock, global randomness, YAML,
// Excel or plots); scenarios and reports build on model only; the workbook
// and charts on model and reports; calibration on model and scenarios;
// the studies (run, sweep, solve, sensitivity, compare, merge, calibrate)
// on model, scenarios, calibration and reports, workbook and charts
// included (none of those imports studies); cmd/simulate on all
// of them: nothing imports upward. The leaf packages
// of internal/ (numform: the plain-decimal rule; inputfile: reading an
// input file; suggest: the nearest word) import nothing of the module, and
// every layer above model may use them; flagvalue (the command's number
// flags) builds on numform. It parses the imports of every non-test file of each
// package.
func TestLayers(t *testing.T) {
	module := map[string][]string{ // package directory → the module packages it may import
		".":                     nil,
		"../scenarios":          {"simulate/model"},
		"../reports":            {"simulate/model"},
		"../calibration":        {"simulate/model", "simulate/scenarios"},
		"../studies":            {"simulate/model", "simulate/scenarios", "simulate/reports", "simulate/reports/charts", "simulate/reports/workbook", "simulate/calibration"},
		"../reports/charts":     {"simulate/model", "simulate/reports"},
		"../reports/workbook":   {"simulate/model", "simulate/reports"},
		"../internal/numform":   nil,
		"../internal/inputfile": nil,
		"../internal/suggest":   nil,
		"../internal/flagvalue": {"simulate/internal/numform"},
	}
	leaves := []string{"simulate/internal/numform", "simulate/internal/inputfile", "simulate/internal/suggest"}
	pure := []string{"os", "io", "io/fs", "bufio", "flag", "time", "log", "net", "math/rand",
		"github.com/spf13/pflag", "go.yaml.in/yaml/v3", "github.com/xuri/excelize/v2", "gonum.org/v1/plot"}
	fset := token.NewFileSet()
	for dir, allowed := range module {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				leaf := slices.Contains(leaves, path) && dir != "." && !strings.HasPrefix(dir, "../internal/")
				if strings.HasPrefix(path, "simulate/") && !slices.Contains(allowed, path) && !leaf {
					t.Errorf("%s imports %s; it may import only %v from this module", filepath.Join(dir, name), path, allowed)
				}
				if dir == "." && (slices.Contains(pure, path) || strings.HasPrefix(path, "gonum.org/v1/plot")) {
					t.Errorf("model/%s imports %s: model is pure computation", name, path)
				}
			}
		}
	}
}
