// Package shtest reads the fenced code blocks tagged `sh test` of a
// Markdown document: the commands the documentation promises work, which
// the docs test runs at small scale and the study command at full scale.
package shtest

import (
	"bufio"
	"os"
	"slices"
	"strings"
)

// Block is a fenced `sh test` block: Line is the line of its opening fence
// (1-based), Text its body, each line ending in a newline.
type Block struct {
	Line int
	Text string
}

// Blocks returns the `sh test` blocks of the Markdown file at path, in
// order. Other fenced blocks, whatever their bodies, are skipped.
func Blocks(path string) ([]Block, error) { return Fenced(path, "sh test") }

// Fenced returns the fenced blocks of the Markdown file at path whose info
// string is info (its words, as "sh test" or "python"), in order.
func Fenced(path, info string) ([]Block, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	want := strings.Fields(info)
	var out []Block
	var cur *Block
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		trim := strings.TrimSpace(line)
		switch {
		case cur == nil && strings.HasPrefix(trim, "```"):
			if slices.Equal(strings.Fields(strings.TrimPrefix(trim, "```")), want) {
				cur = &Block{Line: n}
			} else {
				cur = &Block{Line: -1} // another fenced block: skip its body
			}
		case cur != nil && trim == "```":
			if cur.Line >= 0 {
				out = append(out, *cur)
			}
			cur = nil
		case cur != nil && cur.Line >= 0:
			cur.Text += line + "\n"
		}
	}
	return out, sc.Err()
}
