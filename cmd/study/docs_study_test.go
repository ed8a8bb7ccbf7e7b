package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"simulate/internal/shtest"
)

// The study's documents quote the tool's real output: every table between
// <!-- table:NAME --> and <!-- /table --> must be exactly what tables.go
// generates from the files saved under docs/study/ (go run ./cmd/study -tables
// rewrites them). Fast: no simulation.

func TestStudyTablesMatchSavedOutputs(t *testing.T) {
	t.Chdir("../..")
	ts, err := tables()
	if err != nil {
		t.Fatalf("reading the saved outputs under %s: %v", studyDir, err)
	}
	for lang, path := range []string{docEN, docZH} {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(b)
		for _, tb := range ts {
			if !strings.Contains(doc, "<!-- table:"+tb.name+" -->") {
				t.Errorf("%s: table %q is missing", path, tb.name)
			}
		}
		want, err := render(doc, lang, ts)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if want != doc {
			dl, wl := strings.Split(doc, "\n"), strings.Split(want, "\n")
			for i := 0; i < len(dl) && i < len(wl); i++ {
				if dl[i] != wl[i] {
					t.Errorf("%s:%d differs from the saved outputs:\n have %s\n want %s", path, i+1, dl[i], wl[i])
					break
				}
			}
			t.Errorf("%s: tables are stale; run go run ./cmd/study -tables", path)
		}
	}
}

func TestStudyCommands(t *testing.T) {
	t.Chdir("../..")
	en, err := shtest.Blocks(docEN)
	if err != nil {
		t.Fatal(err)
	}
	zh, err := shtest.Blocks(docZH)
	if err != nil {
		t.Fatal(err)
	}
	if len(en) == 0 {
		t.Fatalf("%s has no `sh test` blocks", docEN)
	}
	if len(en) != len(zh) {
		t.Fatalf("%s has %d `sh test` blocks, %s %d: the two documents must run the same commands", docEN, len(en), docZH, len(zh))
	}
	outRe := regexp.MustCompile(`(?:-o|--out)\s+(\S+)`)
	for i := range en {
		if en[i].Text != zh[i].Text {
			t.Errorf("block %d differs: %s:%d vs %s:%d", i+1, docEN, en[i].Line, docZH, zh[i].Line)
		}
		for _, m := range outRe.FindAllStringSubmatch(en[i].Text, -1) {
			if !strings.HasPrefix(m[1], "docs/study/") && !strings.HasPrefix(m[1], "/tmp/") {
				t.Errorf("%s:%d writes to %s, outside docs/study/ and /tmp/", docEN, en[i].Line, m[1])
			}
		}
	}
}

func TestStudyChartsAndFiles(t *testing.T) {
	t.Chdir("../..")
	imgRe := regexp.MustCompile(`!\[[^\]]+\]\((study/[^)]+\.png)\)`)
	for _, c := range []struct {
		path, prefix string
	}{{docEN, "study/"}, {docZH, "study/zh/"}} {
		b, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		imgs := imgRe.FindAllStringSubmatch(string(b), -1)
		if len(imgs) < 3 {
			t.Errorf("%s embeds %d charts, want at least 3", c.path, len(imgs))
		}
		for _, m := range imgs {
			if !strings.HasPrefix(m[1], c.prefix) {
				t.Errorf("%s: chart %s is not under %s", c.path, m[1], c.prefix)
			}
			if _, err := os.Stat(filepath.Join("docs", m[1])); err != nil {
				t.Errorf("%s: chart %s: %v", c.path, m[1], err)
			}
		}
	}
	var total int64
	err := filepath.WalkDir(studyDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		switch ext := filepath.Ext(path); ext {
		case ".pdf", ".svg", ".xlsx":
			t.Errorf("%s should not be kept (go run ./cmd/study -prune)", path)
		}
		if d.Name() == "replications.csv" || d.Name() == "groups-replications.csv" || d.Name() == "years.csv" {
			t.Errorf("%s should not be kept (go run ./cmd/study -prune)", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 8<<20 {
		t.Errorf("%s holds %d bytes, keep it under 8 MiB", studyDir, total)
	}
}
