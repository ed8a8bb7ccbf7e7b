package model

import (
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestForbiddenImports keeps model pure computation (STYLE: the pipeline's
// bottom): no I/O, flags, environment, clock, global randomness, YAML,
// Excel, plots or packages of this module.
func TestForbiddenImports(t *testing.T) {
	forbidden := []string{"os", "io", "io/fs", "bufio", "flag", "time", "log", "net", "math/rand",
		"github.com/spf13/pflag", "go.yaml.in/yaml/v3", "github.com/xuri/excelize/v2", "gonum.org/v1/plot", "simulate/"}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			for _, bad := range forbidden {
				if path == bad || (strings.HasSuffix(bad, "/") && strings.HasPrefix(path, bad)) {
					t.Errorf("%s imports %s: model must not", name, path)
				}
			}
		}
	}
}
