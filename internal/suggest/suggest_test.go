package suggest

import "testing"

func TestNearest(t *testing.T) {
	commands := []string{"compare", "run", "solve", "sweep"}
	tests := []struct{ name, want string }{
		{"swep", "sweep"},
		{"sovle", "solve"}, // a swap of neighbours is one edit
		{"rn", "run"},
		{"comparison", ""}, // more than two edits from any
		{"run", "run"},
	}
	for _, tt := range tests {
		if got := Nearest(tt.name, commands, 2); got != tt.want {
			t.Errorf("Nearest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
