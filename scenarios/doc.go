// Package scenarios turns scenario files into typed, validated
// model.Scenario values (docs/model.md section 6).
//
// A scenario is YAML. Every scenario sits on the embedded
// builtin/defaults.yaml, which sets every key to a neutral value, and may
// extends: a built-in scenario or another file (a path relative to the
// extending file). Mappings that are sections of the scenario merge key by
// key; values (a rule parameter, an age-banded table, a cost, a {mean, sd}
// distribution, the chronic conditions) and the uncertainty: and sweep:
// sections are replaced whole by the extending file.
//
// Decoding is strict and walks the YAML node tree by reflection over the
// model types, so that an unknown key, a wrong type, an out-of-range value
// or a bad word is reported as FILE:LINE: key.path: message, every problem
// at once. The name and description of a parent are not inherited: a file
// without name: is named after the file.
//
// Canonical writes a resolved scenario back as deterministic YAML, the
// basis of a run's fingerprint and of its scenario.yaml.
package scenarios
