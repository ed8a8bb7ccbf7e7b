package studies

import (
	"fmt"
	"strings"
	"testing"
)

// TestParseShard: --shard K/N, env from Slurm or a Kubernetes Job, and
// the refusals naming the flag.
func TestParseShard(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	tests := []struct {
		spec    string
		count   int
		env     map[string]string
		want    string
		wantErr string
	}{
		{"", 0, nil, "<nil>", ""},
		{"1/4", 0, nil, "&{1 4}", ""},
		{"4/4", 0, nil, "", "K must be from 0 to N−1"},
		{"a/4", 0, nil, "", "--shard must be K/N"},
		{"env", 0, map[string]string{"SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"}, "&{2 4}", ""},
		{"env", 3, map[string]string{"JOB_COMPLETION_INDEX": "1"}, "&{1 3}", ""},
		{"env", 0, map[string]string{"JOB_COMPLETION_INDEX": "1"}, "", "needs --shard-count"},
		{"env", 0, nil, "", "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX"},
		{"", 4, nil, "", "--shard-count needs --shard env"},
	}
	for _, tt := range tests {
		got, err := ParseShard(tt.spec, tt.count, env(tt.env))
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseShard(%q, %d) error %v, want %q", tt.spec, tt.count, err, tt.wantErr)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != tt.want {
			t.Errorf("ParseShard(%q, %d) = %v, %v; want %s", tt.spec, tt.count, got, err, tt.want)
		}
	}
}
