// Command simulate projects the pooling fund and personal accounts of
// China's Employee Basic Medical Insurance under a scenario's rules, by
// Monte Carlo simulation of a synthetic insured population.
//
// Usage:
//
//	simulate run [-s NAME|FILE] [-o DIR] [-r R] [-n N] [--seed S] [flags]
//	simulate sweep -s BASE --vary KEY=SPEC [--vary ...] [--zip] [--samples N] -o DIR
//	simulate compare -s BASE -s SCENARIO [...] [--breakdown FILE] -o DIR
//	simulate solve -s BASE --free KEY=LOW:HIGH --target EXPR [--minimize] -o DIR
//	simulate sensitivity -s BASE [--keys k1,k2] [--step 0.1] -o DIR
//	simulate calibrate -s CITY.yaml --targets FILE.csv -o DIR
//	simulate merge DIR... -o OUT
//	simulate list | show NAME|FILE | validate FILE... | init NAME --from BUILTIN
//	simulate report DIR | chart DIR | bench [--floor PATH] | version | help [COMMAND|TOPIC]
//
// Every simulating command takes the run flags: -s/--scenario (default
// national-2021), -o/--out (./out), -r/--replications (100), -n/--members
// (100000), --seed (1), --horizon, --workers (all cores),
// --keep-replications, --quiet, --lang en|zh, --unit yuan|wan|yi (default
// yi), --no-report, --no-charts, --dry-run, --max-memory, --shard K/N|env.
//
// Exit codes: 0 success, 1 run-time failure, 2 bad flag or invalid
// scenario, 130/143 after SIGINT/SIGTERM. Every command prints its results
// table on stdout and its progress, notes, warnings (each once, naming the
// runs it came from) and errors on stderr; --quiet drops the progress, the
// notes and the table. The results in full go to files in the output folder,
// which a command holds locked, writes into a stage and moves in at once;
// its manifest.json lists every file it wrote, and no other file there is
// ever deleted or replaced (docs/outputs.md). "simulate help COMMAND" prints each
// command's purpose, flags, examples and exit codes; README.md and docs/
// are the manual at length, and a test runs their documented commands.
package main
