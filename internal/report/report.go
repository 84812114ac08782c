// Package report holds the arithmetic of the annual summary (báo cáo tổng
// kết): shares, year-over-year changes, the pledge → result loop and the
// appraisal deadline split, and a small SVG chart renderer. It knows
// nothing of HTTP or the database: the store gathers the counts, the web
// package lays them out.
package report

import (
	"sort"
	"strconv"

	"tdkt/internal/dossier"
)

// Percent formats part/whole as a Vietnamese percentage with one decimal,
// e.g. "48,3%"; "–" when whole is zero (no base, no share).
func Percent(part, whole int64) string {
	if whole <= 0 {
		return "–"
	}
	tenths := (part*1000 + whole/2) / whole
	s := strconv.FormatInt(tenths/10, 10)
	if tenths%10 != 0 {
		s += "," + strconv.FormatInt(tenths%10, 10)
	}
	return s + "%"
}

// Change describes cur against prev: "+12", "−3" or "0" and the relative
// change as a percentage ("+25%"); the percentage is empty when prev is 0.
func Change(prev, cur int64) (delta, rel string) {
	d := cur - prev
	switch {
	case d > 0:
		delta = "+" + strconv.FormatInt(d, 10)
	case d < 0:
		delta = "−" + strconv.FormatInt(-d, 10)
	default:
		delta = "0"
	}
	if prev == 0 {
		return delta, ""
	}
	p := Percent(abs(d), prev)
	switch {
	case d > 0:
		rel = "+" + p
	case d < 0:
		rel = "−" + p
	default:
		rel = "0%"
	}
	return delta, rel
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// Outcome is what became of one pledged title (đăng ký danh hiệu).
type Outcome int

const (
	Achieved    Outcome = iota // pledged it and got it
	Ineligible                 // proposed, found not eligible at appraisal
	FailedVote                 // proposed, the council voted against
	NotProposed                // the unit never proposed the person for it
	Pending                    // proposed, not decided yet
	Unpledged                  // got the title without pledging it
)

// Outcomes in the order the summary shows them.
var Outcomes = []Outcome{Achieved, Ineligible, FailedVote, NotProposed, Pending, Unpledged}

// Label is the outcome in a few words.
func (o Outcome) Label() string {
	switch o {
	case Achieved:
		return "Đăng ký và đạt"
	case Ineligible:
		return "Đăng ký, không đủ điều kiện"
	case FailedVote:
		return "Đăng ký, Hội đồng không tán thành"
	case NotProposed:
		return "Đăng ký, không được đề nghị"
	case Pending:
		return "Đăng ký, đang xét"
	case Unpledged:
		return "Đạt nhưng không đăng ký"
	}
	return ""
}

// Key names the outcome in a URL (drill-down links).
func (o Outcome) Key() string {
	return [...]string{"achieved", "ineligible", "failed", "not_proposed", "pending", "unpledged"}[o]
}

// Classify says what became of a pledged title: awarded is whether the
// person holds the title for the year; nomination is the state of the
// person's latest nomination for it that year ("" when none).
func Classify(awarded bool, nomination dossier.NominationState) Outcome {
	switch {
	case awarded:
		return Achieved
	case nomination == "":
		return NotProposed
	case nomination == dossier.Ineligible || nomination == dossier.RejectedExternal:
		return Ineligible
	case nomination == dossier.Failed:
		return FailedVote
	}
	return Pending
}

// Loop is the pledge → result loop of one year, by title.
type Loop struct {
	Titles []string                   // award codes in catalogue order
	Counts map[string]map[Outcome]int // award code → outcome → people
}

// NewLoop starts an empty loop for titles.
func NewLoop(titles []string) Loop {
	l := Loop{Titles: titles, Counts: map[string]map[Outcome]int{}}
	for _, t := range titles {
		l.Counts[t] = map[Outcome]int{}
	}
	return l
}

// Add counts one pledged title's outcome.
func (l Loop) Add(title string, o Outcome) {
	if m, ok := l.Counts[title]; ok {
		m[o]++
	}
}

// SetUnpledged records the awards of title: those not achieved by a
// pledger were won without pledging.
func (l Loop) SetUnpledged(title string, awarded int) {
	if m, ok := l.Counts[title]; ok {
		if n := awarded - m[Achieved]; n > 0 {
			m[Unpledged] = n
		}
	}
}

// Pledged is how many people pledged title.
func (l Loop) Pledged(title string) int {
	n := 0
	for o, c := range l.Counts[title] {
		if o != Unpledged {
			n += c
		}
	}
	return n
}

// Total is the sum of an outcome over every title.
func (l Loop) Total(o Outcome) int {
	n := 0
	for _, m := range l.Counts {
		n += m[o]
	}
	return n
}

// Appraisal splits appraised dossiers by the working days their appraisal
// took (days → dossiers) into those within limit and those over it.
func Appraisal(days map[int]int64, limit int) (onTime, overdue int64) {
	for d, n := range days {
		if d <= limit {
			onTime += n
		} else {
			overdue += n
		}
	}
	return onTime, overdue
}

// Years returns the years shown side by side: year and the n-1 before it,
// oldest first.
func Years(year, n int) []int {
	out := make([]int, 0, n)
	for y := year - n + 1; y <= year; y++ {
		out = append(out, y)
	}
	return out
}

// Ranked is a key with a count, for top-n lists.
type Ranked struct {
	Key string
	N   int64
}

// Top returns the entries of m with the largest counts first (ties by key).
func Top(m map[string]int64) []Ranked {
	out := make([]Ranked, 0, len(m))
	for k, n := range m {
		out = append(out, Ranked{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Key < out[j].Key
	})
	return out
}
