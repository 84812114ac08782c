package award

import (
	"testing"
	"time"
)

func TestBaseSalaryOn(t *testing.T) {
	bs := DefaultBaseSalaries()
	for _, tc := range []struct {
		day  time.Time
		want int64
	}{
		{ymd(2019, 7, 1), 1_490_000},
		{ymd(2023, 6, 30), 1_490_000},
		{ymd(2023, 7, 1), 1_800_000},
		{ymd(2024, 6, 30), 1_800_000},
		{ymd(2024, 7, 1), 2_340_000},
		{time.Date(2024, 6, 30, 23, 59, 0, 0, time.UTC), 1_800_000},
		{ymd(2026, 12, 3), 2_340_000},
	} {
		b, ok := bs.On(tc.day)
		if !ok || b.Amount != tc.want {
			t.Errorf("On(%s) = %d, %v; want %d", tc.day.Format(time.DateTime), b.Amount, ok, tc.want)
		}
	}
	if _, ok := bs.On(ymd(2019, 6, 30)); ok {
		t.Error("a lương cơ sở was found before the first row")
	}
	if _, err := RewardOn(0.3, bs, ymd(2019, 6, 30), true); err == nil {
		t.Error("RewardOn before the first row did not fail")
	}
}

// TestRewardOnDecisionDate: R37 — coefficient × the lương cơ sở in force
// on the decision date, rounded up to 10.000 đ; totals exact in integer đồng.
func TestRewardOnDecisionDate(t *testing.T) {
	bs := DefaultBaseSalaries()
	june, july := ymd(2024, 6, 30), ymd(2024, 7, 1)
	for _, tc := range []struct {
		name  string
		coef  float64
		day   time.Time
		round bool
		want  int64
	}{
		{"LĐTT 30/06/2024", 0.3, june, true, 540_000},
		{"LĐTT 01/07/2024", 0.3, july, true, 710_000},
		{"LĐTT 01/07/2024 not rounded", 0.3, july, false, 702_000},
		{"CSTĐ cơ sở 30/06/2024", 1.0, june, true, 1_800_000},
		{"CSTĐ cơ sở 01/07/2024", 1.0, july, true, 2_340_000},
		{"TTLĐTT 30/06/2024", 0.8, june, true, 1_440_000},
		{"TTLĐTT 01/07/2024", 0.8, july, true, 1_880_000},
		{"Giấy khen tập thể 01/07/2024", 0.6, july, true, 1_410_000},
		{"Giấy khen tập thể 30/06/2024", 0.6, june, true, 1_080_000},
		{"LĐTT 30/06/2023", 0.3, ymd(2023, 6, 30), true, 450_000},
		{"BK tỉnh 01/07/2024", 1.5, july, true, 3_510_000},
		{"Cờ tỉnh 01/07/2024", 8.0, july, true, 18_720_000},
	} {
		got, err := RewardOn(tc.coef, bs, tc.day, tc.round)
		if err != nil || got != tc.want {
			t.Errorf("%s: %d, %v; want %d", tc.name, got, err, tc.want)
		}
	}
	// A decision for 12 LĐTT, 2 CSTĐ cơ sở and 1 TTLĐTT: the total is the
	// sum of the rounded amounts, exact.
	total := func(d time.Time) int64 {
		var sum int64
		for _, c := range []struct {
			coef float64
			n    int64
		}{{0.3, 12}, {1.0, 2}, {0.8, 1}} {
			v, err := RewardOn(c.coef, bs, d, true)
			if err != nil {
				t.Fatal(err)
			}
			sum += c.n * v
		}
		return sum
	}
	if got := total(june); got != 12*540_000+2*1_800_000+1_440_000 {
		t.Errorf("total on 30/06/2024 = %d", got)
	}
	if got := total(july); got != 12*710_000+2*2_340_000+1_880_000 {
		t.Errorf("total on 01/07/2024 = %d", got)
	}
}

func TestCheckBaseSalary(t *testing.T) {
	if p := CheckBaseSalary(BaseSalary{From: ymd(2026, 7, 1), Amount: 2_530_000}); !p.OK() {
		t.Errorf("a valid row was refused: %v", p)
	}
	p := CheckBaseSalary(BaseSalary{Amount: 10})
	if p["from"] == "" || p["amount"] == "" {
		t.Errorf("problems = %v", p)
	}
}
