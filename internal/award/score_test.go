package award

import "testing"

func TestScoreLevel(t *testing.T) {
	cases := []struct {
		s    Score
		want Rating
	}{
		{Score{General: 30, Tasks: 60}, HTXS},
		{Score{General: 29.99, Tasks: 60}, HTT},
		{Score{General: 20.1, Tasks: 69.9}, HTXS}, // 90 exactly despite floating point
		{Score{General: 20, Tasks: 50}, HTT},
		{Score{General: 19.5, Tasks: 50}, HTNV},
		{Score{General: 10, Tasks: 40}, HTNV},
		{Score{General: 10, Tasks: 39.99}, KHT},
		{Score{General: 0, Tasks: 0}, KHT},
		{Score{General: 30, Tasks: 70, Case: KHTDiscipline}, KHT},
	}
	for _, tc := range cases {
		if got := tc.s.Level(); got != tc.want {
			t.Errorf("%+v: level %s; want %s", tc.s, got, tc.want)
		}
	}
	if got := (Score{General: 27.5, Tasks: 60.25}).Total(); got != 87.75 {
		t.Errorf("total = %v", got)
	}
	if !Scored(2026) || Scored(2025) {
		t.Error("points from 2026")
	}
}

func TestScoreValidate(t *testing.T) {
	if p := (Score{General: 30, Tasks: 70}).Validate(); p != nil {
		t.Errorf("valid score: %v", p)
	}
	p := (Score{General: -1, Tasks: 70.5, Case: "x"}).Validate()
	want := []string{"Điểm tiêu chí chung phải từ 0 đến 30.", "Điểm kết quả thực hiện nhiệm vụ phải từ 0 đến 70.",
		"Trường hợp không hoàn thành nhiệm vụ không hợp lệ."}
	if len(p) != len(want) {
		t.Fatalf("problems %v", p)
	}
	for i := range want {
		if p[i] != want[i] {
			t.Errorf("problem %d = %q; want %q", i, p[i], want[i])
		}
	}
	if m := PointsProblem(12.345, 30); m == "" {
		t.Error("three decimals accepted")
	}
	for _, c := range KHTCases {
		if !c.Valid() || c.Label() == "" {
			t.Errorf("case %q", c)
		}
	}
}

func TestFormatPoints(t *testing.T) {
	for p, want := range map[float64]string{30: "30", 27.5: "27,5", 8.25: "8,25", 0: "0", 89.999: "90"} {
		if got := FormatPoints(p); got != want {
			t.Errorf("FormatPoints(%v) = %q; want %q", p, got, want)
		}
	}
}

func TestHTXSOverCap(t *testing.T) {
	if HTXSOverCap(0, 0, 20) || !HTXSOverCap(1, 0, 20) || HTXSOverCap(2, 10, 20) || !HTXSOverCap(3, 10, 20) {
		t.Error("cap on the HTT count")
	}
}
