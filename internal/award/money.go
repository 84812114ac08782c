package award

import (
	"fmt"
	"slices"
	"time"

	"tdkt/internal/validate"
)

// BaseSalary is the lương cơ sở in force from a date (until the next row).
type BaseSalary struct {
	From    time.Time // first day in force
	Amount  int64     // đồng a month
	Source  string    // the decree that set it
	Version int
}

// BaseSalaries is the effective-dated table of lương cơ sở, in any order.
type BaseSalaries []BaseSalary

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DefaultBaseSalaries are the amounts since the 2022 Law's predecessors
// still matter for history: NĐ 38/2019, NĐ 24/2023, NĐ 73/2024.
func DefaultBaseSalaries() BaseSalaries {
	return BaseSalaries{
		{From: ymd(2019, 7, 1), Amount: 1_490_000, Source: "NĐ 38/2019/NĐ-CP"},
		{From: ymd(2023, 7, 1), Amount: 1_800_000, Source: "NĐ 24/2023/NĐ-CP"},
		{From: ymd(2024, 7, 1), Amount: 2_340_000, Source: "NĐ 73/2024/NĐ-CP"},
	}
}

// dayOf drops the time of day, keeping the calendar date as written.
func dayOf(t time.Time) time.Time { return ymd(t.Year(), t.Month(), t.Day()) }

// On is the lương cơ sở in force on day d: the row with the latest From
// not after d. ok is false before the first row.
func (bs BaseSalaries) On(d time.Time) (BaseSalary, bool) {
	d = dayOf(d)
	var best BaseSalary
	found := false
	for _, b := range bs {
		from := dayOf(b.From)
		if from.After(d) {
			continue
		}
		if !found || from.After(dayOf(best.From)) {
			best, found = b, true
		}
	}
	return best, found
}

// Sorted returns the rows newest first.
func (bs BaseSalaries) Sorted() BaseSalaries {
	out := slices.Clone(bs)
	slices.SortFunc(out, func(a, b BaseSalary) int { return b.From.Compare(a.From) })
	return out
}

// RewardOn is the reward in đồng for an award decided on day d (R37): the
// coefficient × the lương cơ sở in force on that day, rounded up to the
// next 10.000 đ when roundUp is set. An error means no lương cơ sở is known
// for that day.
func RewardOn(coefficient float64, bs BaseSalaries, d time.Time, roundUp bool) (int64, error) {
	b, ok := bs.On(d)
	if !ok {
		return 0, fmt.Errorf("no lương cơ sở in force on %s", d.Format(time.DateOnly))
	}
	return Reward(coefficient, b.Amount, roundUp), nil
}

// CheckBaseSalary validates a row an administrator types in.
func CheckBaseSalary(b BaseSalary) validate.Problems {
	p := validate.Problems{}
	p.Check(!b.From.IsZero(), "from", "Nhập ngày áp dụng, ví dụ 01/07/2024.")
	if !b.From.IsZero() {
		p.Check(b.From.Year() >= 2000 && b.From.Year() <= 2100, "from", "Ngày áp dụng phải trong khoảng năm 2000–2100.")
	}
	p.Check(b.Amount >= 100_000 && b.Amount <= 100_000_000, "amount", "Mức lương cơ sở phải từ 100.000 đ đến 100.000.000 đ.")
	p.Check(validate.Len(b.Source) <= 200, "source", "Văn bản quy định dài tối đa 200 ký tự.")
	return p
}
