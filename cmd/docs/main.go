// Command docs writes docs/parameters.md, the reference of every scenario
// key, from the field tags of model.Scenario and the scenario defaults
// (scenarios.ParameterReference). Run it from the module root after changing
// a tag or builtin/defaults.yaml:
//
//	go run ./cmd/docs
//
// A test in package scenarios fails while the file is out of date.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"simulate/reports"

	"simulate/scenarios"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "docs:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("docs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "docs/parameters.md", "write the reference to `FILE` (- for standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	ref := scenarios.ParameterReference()
	if *out == "-" {
		_, err := stdout.Write(ref)
		return err
	}
	if err := reports.WriteFileAtomic(*out, func(w io.Writer) error { _, err := w.Write(ref); return err }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return nil
}
