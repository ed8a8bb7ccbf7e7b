package flagvalue

import (
	"strings"
	"testing"
)

// TestSet: every value takes a plain decimal and refuses the other forms,
// saying how to write them.
func TestSet(t *testing.T) {
	var c Count
	var i Int
	var f Float
	var s Seed
	var b Bytes
	tests := []struct {
		name    string
		v       interface{ Set(string) error }
		in      string
		want    string // the value's String after Set
		wantErr string
	}{
		{"count", &c, "1e6", "1000000", ""},
		{"count fraction", &c, "2.5", "", "want a whole number"},
		{"count too large", &c, "2e9", "", "too large (at most 1e9)"},
		{"count octal", &c, "010", "", "write 10"},
		{"int", &i, "12", "12", ""},
		{"int hex", &i, "0x10", "", "write 16"},
		{"float", &f, "0.25", "0.25", ""},
		{"float bare point", &f, ".5", "", "write 0.5"},
		{"seed", &s, "18446744073709551615", "18446744073709551615", ""},
		{"seed too large", &s, "18446744073709551616", "", "too large"},
		{"bytes", &b, "8G", "8.0 GiB", ""},
		{"bytes mebi", &b, "500MiB", "500 MiB", ""},
		{"bytes nonsense", &b, "lots", "", "want a size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.v.Set(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("Set(%q) = %v, want an error with %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Set(%q) = %v", tt.in, err)
			}
			if got := tt.v.(interface{ String() string }).String(); got != tt.want {
				t.Errorf("Set(%q): String() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
