package scenarios

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"simulate/model"
)

// Sweep is a scenario file's sweep: section (docs/model.md section 7): the
// axes a sweep of the scenario varies and how, as the sweep command's
// flags give them when it has none.
type Sweep struct {
	// Vary are the axes in the file's order, each KEY=SPEC as --vary
	// takes it (SPEC a list, a range LOW:HIGH:STEP or an interval).
	Vary []string
	// Zip pairs the axes instead of crossing them.
	Zip bool
	// Samples, when not 0, draws that many points by Latin hypercube.
	Samples int
	// Metrics are more metrics for sweep.csv.
	Metrics []string
}

// sweepKeys are the keys of a sweep: section.
var sweepKeys = []string{"vary", "zip", "samples", "metrics"}

// sweep decodes a sweep: section, each problem at its FILE:LINE; the
// specs themselves are the sweep's to parse (they may need the base
// scenario, as a Latin hypercube's interval does).
func (d *decoder) sweep(n *yaml.Node) *Sweep {
	n = deref(n)
	if isNull(n) {
		return nil
	}
	sw := &Sweep{}
	d.fields(n, "sweep", "a mapping {vary: {KEY: SPEC}, zip, samples, metrics}", sweepKeys, nil, func(key string, v *yaml.Node, kp string) bool {
		switch key {
		case "vary":
			if v.Kind != yaml.MappingNode {
				d.errf(v, kp, "expected a mapping of KEY: SPEC, got %s", describe(v))
				return false
			}
			ok := true
			for _, e := range d.pairs(v, kp) {
				if e.v.Kind != yaml.ScalarNode || isNull(e.v) {
					d.errf(e.v, join(kp, e.key), "expected a SPEC such as 0.5:0.8:0.1 or 1000,2000, got %s", describe(e.v))
					ok = false
					continue
				}
				d.where[join(kp, e.key)] = d.at(e.k)
				sw.Vary = append(sw.Vary, e.key+"="+e.v.Value)
			}
			return ok
		case "zip":
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
				d.errf(v, kp, "expected true or false, got %s", describe(v))
				return false
			}
			return v.Decode(&sw.Zip) == nil
		case "samples":
			i, ok := d.integer(v, kp)
			if ok && i < 0 {
				d.errf(v, kp, "%d is below 0", i)
				return false
			}
			sw.Samples = i
			return ok
		case "metrics":
			if v.Kind != yaml.SequenceNode {
				d.errf(v, kp, "expected a list of metric names, got %s", describe(v))
				return false
			}
			ok := true
			for _, m := range v.Content {
				if m = deref(m); m.Kind != yaml.ScalarNode || m.ShortTag() != "!!str" {
					d.errf(m, kp, "expected a metric name, got %s", describe(m))
					ok = false
					continue
				}
				if _, known := model.MetricByName(m.Value); !known {
					d.errf(m, kp, "unknown metric %q (see docs/outputs.md)", m.Value)
					ok = false
					continue
				}
				sw.Metrics = append(sw.Metrics, m.Value)
			}
			return ok
		}
		return true
	})
	return sw
}

// checkSweep checks that every key the sweep: section varies is a number
// of the decoded scenario s, at the key's FILE:LINE.
func (d *decoder) checkSweep(sw *Sweep, s *model.Scenario) {
	for _, kv := range sw.Vary {
		key, _, _ := strings.Cut(kv, "=")
		if _, err := CheckKey(s, key); err != nil {
			path := join("sweep.vary", key)
			d.probs.add(d.where[path], path, "%v", err)
			d.bad[path] = true
		}
	}
}
