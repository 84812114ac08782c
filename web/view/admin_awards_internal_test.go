package view

import "testing"

func TestSourceText(t *testing.T) {
	for in, want := range map[string]string{
		"R37, khoản 2 Điều 49 NĐ 152/2025/NĐ-CP [C]": "Khoản 2 Điều 49 NĐ 152/2025/NĐ-CP",
		"R29 [P]":                   "",
		"NĐ 73/2024/NĐ-CP [C]":      "NĐ 73/2024/NĐ-CP",
		"R1, TT 01/2024/TT-BNV [P]": "TT 01/2024/TT-BNV",
	} {
		if got := sourceText(in); got != want {
			t.Errorf("sourceText(%q) = %q; want %q", in, got, want)
		}
	}
}
