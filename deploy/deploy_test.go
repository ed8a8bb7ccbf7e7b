package deploy

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type container struct {
	Command      []string `yaml:"command"`
	Args         []string `yaml:"args"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

type manifest struct {
	Kind     string `yaml:"kind"`
	Metadata struct {
		Name string `yaml:"name"`
	} `yaml:"metadata"`
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string      `yaml:"restartPolicy"`
				Containers    []container `yaml:"containers"`
				Volumes       []struct {
					Name                  string `yaml:"name"`
					PersistentVolumeClaim struct {
						ClaimName string `yaml:"claimName"`
					} `yaml:"persistentVolumeClaim"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

func decodeAll(t *testing.T, path string) []manifest {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []manifest
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for {
		var m manifest
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, m)
	}
}

// TestKubernetesIndexedJob decodes the manifests: an Indexed Job whose
// completion index is the shard, N completions matching the shard count, a
// shared volume, and a merge Job naming every shard.
func TestKubernetesIndexedJob(t *testing.T) {
	docs := decodeAll(t, "kubernetes/simulate-job.yaml")
	var job *manifest
	claim := ""
	for i := range docs {
		switch docs[i].Kind {
		case "Job":
			job = &docs[i]
		case "PersistentVolumeClaim":
			claim = docs[i].Metadata.Name
		}
	}
	if job == nil || claim == "" {
		t.Fatalf("want a Job and a PersistentVolumeClaim, got %d documents", len(docs))
	}
	s := job.Spec
	if s.CompletionMode != "Indexed" || s.Completions != 4 {
		t.Errorf("completionMode %q, completions %d; want Indexed, 4", s.CompletionMode, s.Completions)
	}
	if len(s.Template.Spec.Containers) != 1 {
		t.Fatalf("want one container")
	}
	c := s.Template.Spec.Containers[0]
	args := strings.Join(c.Args, " ")
	for _, want := range []string{"run", "--shard env", "--shard-count 4", "$(JOB_COMPLETION_INDEX)"} {
		if !strings.Contains(args, want) {
			t.Errorf("shard args %q lack %q", args, want)
		}
	}
	vol := s.Template.Spec.Volumes
	if len(vol) != 1 || vol[0].PersistentVolumeClaim.ClaimName != claim || len(c.VolumeMounts) != 1 || c.VolumeMounts[0].Name != vol[0].Name {
		t.Errorf("the shards do not mount the shared claim %q", claim)
	}
	mount := c.VolumeMounts[0].MountPath

	merge := decodeAll(t, "kubernetes/simulate-merge.yaml")
	if len(merge) != 1 || merge[0].Kind != "Job" {
		t.Fatalf("want one merge Job")
	}
	mc := merge[0].Spec.Template.Spec.Containers[0]
	if mc.Args[0] != "merge" {
		t.Errorf("merge Job runs %v", mc.Args)
	}
	margs := strings.Join(mc.Args, " ")
	for k := range s.Completions {
		if want := mount + "/run/shards/" + string(rune('0'+k)); !strings.Contains(margs, want) {
			t.Errorf("merge args %q lack shard %s", margs, want)
		}
	}
	if mv := merge[0].Spec.Template.Spec.Volumes; len(mv) != 1 || mv[0].PersistentVolumeClaim.ClaimName != claim {
		t.Errorf("the merge does not mount the shared claim %q", claim)
	}
}

// TestSlurmScripts checks that the Slurm scripts use the scheduler's shard
// index and merge every shard after the array.
func TestSlurmScripts(t *testing.T) {
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	arr, merge, submit := read("slurm/simulate-array.sbatch"), read("slurm/simulate-merge.sbatch"), read("slurm/submit.sh")
	for _, c := range []struct{ text, want string }{
		{arr, "--shard env"}, {arr, "SLURM_ARRAY_TASK_ID"}, {merge, "merge -o"},
		{submit, "--array=0-$((n - 1))"}, {submit, "--dependency=afterany"},
	} {
		if !strings.Contains(c.text, c.want) {
			t.Errorf("a Slurm script lacks %q", c.want)
		}
	}
}
