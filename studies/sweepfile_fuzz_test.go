package studies

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"simulate/model"
	"simulate/reports"
)

// FuzzSweepFile checks that a sweep.json, hand-edited or corrupt, is refused
// or holds what merge relies on: one fingerprint per point, one value per
// key in every point, a shard whose slice of points lies among the points,
// counts within their bounds and the spec's own hash; and that, written
// again, it is accepted again.
func FuzzSweepFile(f *testing.F) {
	spec := sweepID{Schema: "simulate/sweep/v1", Base: "national-2021", BaseFingerprint: strings.Repeat("1b", 32),
		Keys: []string{"outpatient.ratio.primary", "outpatient.cap"}, Points: [][]float64{{0.5, 1000}, {0.6, 1000}, {0.7, 2000}},
		Metrics: []string{"pool_balance"}, Seed: 5, Replications: 8, Members: 3000, Horizon: 4, Version: model.Version}
	fps := []string{strings.Repeat("0a", 32), strings.Repeat("0b", 32), strings.Repeat("0c", 32)}
	add := func(sf sweepFile) []byte {
		b, err := json.Marshal(sf)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		return b
	}
	whole := sweepFile{Spec: spec, Hash: spec.hash(), SpecHash: spec.hash(), Fingerprints: fps}
	valid := add(whole)
	if _, err := parseSweepFile(valid); err != nil {
		f.Fatalf("the valid seed is refused: %v", err)
	}
	shard := whole
	shard.Shard = &reports.Shard{Index: 2, Count: 3}
	shard.Hash = fmt.Sprintf("%s|shard %d/%d", shard.SpecHash, 2, 3)
	if _, err := parseSweepFile(add(shard)); err != nil {
		f.Fatalf("the valid shard seed is refused: %v", err)
	}
	shard.Shard = &reports.Shard{Index: 3, Count: 3} // index out of range
	add(shard)
	shard.Shard = &reports.Shard{Index: 0, Count: 4} // more shards than points
	add(shard)
	shard.Shard = &reports.Shard{Index: -1, Count: 0}
	add(shard)
	short := whole
	short.Fingerprints = fps[:2] // fingerprints shorter than points
	add(short)
	ragged := whole
	ragged.Spec.Points = [][]float64{{0.5, 1000}, {0.6}, {0.7, 2000}}
	ragged.SpecHash = ragged.Spec.hash()
	add(ragged)
	edited := whole
	edited.Spec.Replications = 9 // the hash no longer matches
	add(edited)
	f.Add(bytes.Replace(valid, []byte(`"replications":8`), []byte(`"replications":-8`), 1))
	f.Add(bytes.Replace(valid, []byte(`"seed":5`), []byte(`"seed":1e400`), 1))
	f.Add(bytes.Replace(valid, []byte(`"hash"`), []byte(`"unknown"`), 1))
	f.Add(append(bytes.Clone(valid), " trailing"...))
	f.Add([]byte(`{"spec":null,"shard":{"index":0,"count":1},"fingerprints":null}`))
	f.Add([]byte("null"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		sf, err := parseSweepFile(data)
		if err != nil {
			return
		}
		sp := sf.Spec
		if len(sp.Points) < 1 || len(sp.Points) > maxSweepPoints {
			t.Fatalf("%d points accepted", len(sp.Points))
		}
		if len(sf.Fingerprints) != len(sp.Points) {
			t.Fatalf("%d fingerprints for %d points accepted", len(sf.Fingerprints), len(sp.Points))
		}
		for i, p := range sp.Points {
			if len(p) != len(sp.Keys) {
				t.Fatalf("point %d has %d values for %d keys", i, len(p), len(sp.Keys))
			}
		}
		if sp.Replications < 1 || sp.Replications > reports.MaxReplications || sp.Members < 1 || sp.Members > reports.MaxMembers || sp.Horizon < 1 || sp.Horizon > 100 {
			t.Fatalf("replications %d, members %d, horizon %d accepted", sp.Replications, sp.Members, sp.Horizon)
		}
		if s := sf.Shard; s != nil {
			if s.Index < 0 || s.Index >= s.Count || s.Count > len(sp.Points) {
				t.Fatalf("shard %d/%d of %d points accepted", s.Index, s.Count, len(sp.Points))
			}
			// merge looks up the fingerprint of every point of the shard.
			for _, p := range model.ShardReps(len(sp.Points), s.Index, s.Count) {
				if p < 0 || p >= len(sf.Fingerprints) {
					t.Fatalf("shard %d/%d holds point %d of %d", s.Index, s.Count, p, len(sp.Points))
				}
			}
		}
		if sf.SpecHash != sp.hash() {
			t.Fatalf("spec_hash %q accepted, the spec's is %q", sf.SpecHash, sp.hash())
		}
		out, err := json.Marshal(sf)
		if err != nil {
			t.Fatalf("an accepted sweep.json cannot be written again: %v", err)
		}
		if _, err := parseSweepFile(out); err != nil {
			t.Fatalf("a sweep.json written from an accepted one is refused: %v\n%s", err, out)
		}
	})
}
