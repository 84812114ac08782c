package award

import (
	"fmt"
	"math"
	"strings"
)

// Staff ratings from 2026 (NĐ 335/2025/NĐ-CP, domain.md §16, R43): a
// civil servant scores up to 30 points on the general criteria and up to
// 70 on task results; the level follows from the total, except in the
// listed cases that are KHT whatever the points.

// ScoredFrom is the first year rated on points.
const ScoredFrom = 2026

// Maximum points of each part.
const (
	MaxGeneralPoints = 30
	MaxTaskPoints    = 70
)

// Scored reports whether a year's ratings are entered as points.
func Scored(year int) bool { return year >= ScoredFrom }

// KHTCase is one of the cases NĐ 335 rates KHT regardless of points.
type KHTCase string

// The listed cases.
const (
	KHTEthics     KHTCase = "ethics"     // political or ethical degradation
	KHTDiscipline KHTCase = "discipline" // disciplined at khiển trách or above in the year
	KHTLeader     KHTCase = "leader"     // leader of a unit dealt with for corruption or waste
)

// KHTCases lists the cases in the decree's order.
var KHTCases = []KHTCase{KHTEthics, KHTDiscipline, KHTLeader}

// Valid reports whether c is empty (no case) or a listed case.
func (c KHTCase) Valid() bool {
	return c == "" || c == KHTEthics || c == KHTDiscipline || c == KHTLeader
}

// Label is the case as the decree words it.
func (c KHTCase) Label() string {
	switch c {
	case KHTEthics:
		return "Suy thoái về tư tưởng chính trị, đạo đức, lối sống"
	case KHTDiscipline:
		return "Bị kỷ luật từ khiển trách trở lên trong năm đánh giá"
	case KHTLeader:
		return "Lãnh đạo có đơn vị phụ trách bị xử lý do tham nhũng, lãng phí"
	}
	return ""
}

// Score is one person's points for a year.
type Score struct {
	General float64 // tiêu chí chung, 0–30
	Tasks   float64 // kết quả thực hiện nhiệm vụ, 0–70
	Case    KHTCase // a listed case: KHT whatever the points
}

// hundredths rounds points to hundredths, the precision stored.
func hundredths(p float64) int64 { return int64(math.Round(p * 100)) }

// Total is the sum of the two parts, to hundredths.
func (s Score) Total() float64 { return float64(hundredths(s.General)+hundredths(s.Tasks)) / 100 }

// Level is the rating the score gives: HTXS from 90, HTT from 70, HTNV
// from 50, KHT below 50 or in a listed case.
func (s Score) Level() Rating {
	t := hundredths(s.General) + hundredths(s.Tasks)
	switch {
	case s.Case != "":
		return KHT
	case t >= 9000:
		return HTXS
	case t >= 7000:
		return HTT
	case t >= 5000:
		return HTNV
	}
	return KHT
}

// PointsProblem says what is wrong with one part's points, "" when they
// are fine: within 0 to max, at most two decimals.
func PointsProblem(p float64, max int) string {
	if math.IsNaN(p) || p < 0 || p > float64(max) {
		return fmt.Sprintf("phải từ 0 đến %d", max)
	}
	if math.Abs(p*100-math.Round(p*100)) > 1e-6 {
		return "ghi tối đa hai chữ số thập phân, ví dụ 27,5"
	}
	return ""
}

// Validate lists what is wrong with the score, nil when valid.
func (s Score) Validate() []string {
	var out []string
	if m := PointsProblem(s.General, MaxGeneralPoints); m != "" {
		out = append(out, "Điểm tiêu chí chung "+m+".")
	}
	if m := PointsProblem(s.Tasks, MaxTaskPoints); m != "" {
		out = append(out, "Điểm kết quả thực hiện nhiệm vụ "+m+".")
	}
	if !s.Case.Valid() {
		out = append(out, "Trường hợp không hoàn thành nhiệm vụ không hợp lệ.")
	}
	return out
}

// FormatPoints writes points as Vietnamese do: "27,5", "30".
func FormatPoints(p float64) string {
	s := fmt.Sprintf("%.2f", float64(hundredths(p))/100)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}

// HTXSOverCap reports whether a unit's HTXS count is above capPct percent
// of those it rated HTT (QĐ 366-QĐ/TW Art. 11; NĐ 335 from 2026; R31).
func HTXSOverCap(htxs, htt, capPct int) bool { return htxs > 0 && htxs*100 > capPct*htt }
