package charts

import (
	"os"
	"os/exec"
	"testing"
)

// TestLook renders every kind into /tmp/look for viewing (temporary).
func TestLook(t *testing.T) {
	if os.Getenv("LOOK") == "" {
		t.Skip()
	}
	for _, lang := range []string{"en", "zh"} {
		base := "/tmp/look/" + lang
		os.RemoveAll(base)
		run := writeRunDir(t)
		exec.Command("cp", "-r", run, base+"-run").Run()
		for name, fn := range map[string]func(*testing.T, string){"cmp": writeComparison, "sw2": writeSweep2, "sw1": writeSweep1, "tor": writeTornado} {
			d := base + "-" + name
			os.RemoveAll(d)
			os.MkdirAll(d, 0o755)
			fn(t, d)
		}
		for _, name := range []string{"run", "cmp", "sw2", "sw1", "tor"} {
			w, err := DrawDir(base+"-"+name, Options{Lang: lang})
			t.Log(lang, name, w, err)
		}
	}
}
