package numform

import "testing"

func TestPlain(t *testing.T) {
	for _, s := range []string{"0", "1500", "-3", "+2", "0.06", "-0.015", "1e6", "2.5e-3", "1E+9", "100000"} {
		if !Plain(s) {
			t.Errorf("Plain(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"", "01500", "010", "00.5", "0x10", "0o17", "0b101", "1_000", ".5", "5.", ".inf", "-.Inf", ".nan", "NaN", "Inf", "1e", "--1", "1.2.3", " 1", "1 ", "0x1p-2"} {
		if Plain(s) {
			t.Errorf("Plain(%q) = true, want false", s)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"01500", "01500 is not a plain decimal number (write 1500)"},
		{"-010", "-010 is not a plain decimal number (write -10)"},
		{"00.5", "00.5 is not a plain decimal number (write 0.5)"},
		{"0x10", "0x10 is not a plain decimal number (write 16)"},
		{"0o17", "0o17 is not a plain decimal number (write 15)"},
		{"0b101", "0b101 is not a plain decimal number (write 5)"},
		{"1_000", "1_000 is not a plain decimal number (write 1000)"},
		{"1_000.5", "1_000.5 is not a plain decimal number (write 1000.5)"},
		{".5", ".5 is not a plain decimal number (write 0.5)"},
		{"5.", "5. is not a plain decimal number (write 5)"},
		{"5.e3", "5.e3 is not a plain decimal number (write 5e3)"},
		{".inf", ".inf is not a plain decimal number"},
		{".nan", ".nan is not a plain decimal number"},
		{"0xZZ", "0xZZ is not a plain decimal number"},
	} {
		err := Check(c.in)
		if err == nil || err.Error() != c.want {
			t.Errorf("Check(%q) = %v, want %s", c.in, err, c.want)
		}
	}
	if err := Check("1500"); err != nil {
		t.Errorf("Check(1500) = %v", err)
	}
}

func TestParseFloat(t *testing.T) {
	if x, err := ParseFloat("2.5e-3"); err != nil || x != 0.0025 {
		t.Errorf("ParseFloat(2.5e-3) = %v, %v", x, err)
	}
	for _, s := range []string{"1e999", "010", "Inf", "0x10"} {
		if _, err := ParseFloat(s); err == nil {
			t.Errorf("ParseFloat(%q): no error", s)
		}
	}
}
