// Package council holds the rules of the Hội đồng Thi đua - Khen thưởng Sở:
// its roster, the workflow of a session as a table of (state, event) →
// state with the role allowed to fire it, the thresholds as fractions of
// the council's total membership (R21–R23), and the tally of a ballot
// (R22, R24, R25). It has no database and no HTTP.
package council

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"tdkt/internal/award"
)

// Role is a member's place on the council.
type Role string

// Roles of the council (Bắc Ninh model Art. 9 [P]).
const (
	Chair     Role = "chair"      // Chủ tịch Hội đồng (the Giám đốc)
	ViceChair Role = "vice_chair" // Phó Chủ tịch
	Standing  Role = "standing"   // Ủy viên thường trực
	Member    Role = "member"     // Ủy viên
	Secretary Role = "secretary"  // Thư ký
)

// Roles lists the roles in the order of the roster.
var Roles = []Role{Chair, ViceChair, Standing, Member, Secretary}

// Label is the role's Vietnamese name.
func (r Role) Label() string {
	switch r {
	case Chair:
		return "Chủ tịch Hội đồng"
	case ViceChair:
		return "Phó Chủ tịch Hội đồng"
	case Standing:
		return "Ủy viên thường trực"
	case Member:
		return "Ủy viên"
	case Secretary:
		return "Ủy viên, Thư ký Hội đồng"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Rank orders roles on the roster and in the minutes.
func (r Role) Rank() int { return slices.Index(Roles, r) }

// Seat is one person's place on the council over a period.
type Seat struct {
	PersonID int64
	Role     Role
	From     time.Time
	To       time.Time // zero: open-ended
}

// ActiveOn reports whether the seat counts on day d.
func (s Seat) ActiveOn(d time.Time) bool {
	d = dayOf(d)
	return !d.Before(dayOf(s.From)) && (s.To.IsZero() || !d.After(dayOf(s.To)))
}

func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Roster errors.
var (
	ErrSeatDates    = errors.New("council: the seat ends before it starts")
	ErrSeatOverlap  = errors.New("council: the person already has a seat in that period")
	ErrTwoChairs    = errors.New("council: two chairs in the same period")
	ErrRoleUnknown  = errors.New("council: unknown role")
	ErrNoSeatPerson = errors.New("council: a seat needs a person")
)

// CheckRoster checks seats: dates in order, one seat per person at a time,
// one chair at a time.
func CheckRoster(seats []Seat) error {
	for i, s := range seats {
		if s.PersonID == 0 {
			return ErrNoSeatPerson
		}
		if !s.Role.Valid() {
			return ErrRoleUnknown
		}
		if !s.To.IsZero() && dayOf(s.To).Before(dayOf(s.From)) {
			return ErrSeatDates
		}
		for _, o := range seats[:i] {
			if !overlap(s, o) {
				continue
			}
			if o.PersonID == s.PersonID {
				return ErrSeatOverlap
			}
			if o.Role == Chair && s.Role == Chair {
				return ErrTwoChairs
			}
		}
	}
	return nil
}

func overlap(a, b Seat) bool {
	endA, endB := a.To, b.To
	if endA.IsZero() {
		endA = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if endB.IsZero() {
		endB = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return !dayOf(a.From).After(dayOf(endB)) && !dayOf(b.From).After(dayOf(endA))
}

// Fraction is a share of the council's total membership. Thresholds are
// fractions, not whole percents: 67% of 15 members is not 2/3 of 15.
type Fraction struct{ Num, Den int }

// Quorum is the share of members that must be present for a valid
// meeting (R21, Bắc Ninh Art. 8(4)(b) [P]).
var Quorum = Fraction{2, 3}

// Need is the smallest whole number of members reaching the fraction of
// total: ceil(Num/Den × total), computed in integers.
func (f Fraction) Need(total int) int {
	if f.Den <= 0 || total <= 0 {
		return 0
	}
	return (f.Num*total + f.Den - 1) / f.Den
}

// Percent is the fraction as a percentage for display ("80%", "66,67%").
func (f Fraction) Percent() string {
	if f.Den == 0 {
		return ""
	}
	return PercentText(f.Num, f.Den)
}

// String is "num/den".
func (f Fraction) String() string { return fmt.Sprintf("%d/%d", f.Num, f.Den) }

// PercentText is n/d as a Vietnamese percentage with up to two decimals
// ("88,89%", "80%").
func PercentText(n, d int) string {
	if d == 0 {
		return "0%"
	}
	v := math.Round(float64(n)*10000/float64(d)) / 100
	s := strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
	return strings.Replace(s, ".", ",", 1) + "%"
}

// FractionOf turns a catalogue share (0.8, 0.9, 0.5) into the smallest
// fraction equal to it (4/5, 9/10, 1/2); shares with more than two
// decimals are read to the nearest hundredth.
func FractionOf(x float64) Fraction {
	for den := 1; den <= 100; den++ {
		num := math.Round(x * float64(den))
		if math.Abs(num-x*float64(den)) < 1e-9 {
			return Fraction{int(num), den}
		}
	}
	return Fraction{int(math.Round(x * 100)), 100}
}

// ThresholdFor is the share of all members that must agree for the award
// (R22: 80% for CSTĐ cơ sở and the flags, R23: 90% for CSTĐ tỉnh and
// above), taken from the award catalogue.
func ThresholdFor(code string) Fraction {
	t, ok := award.Lookup(code)
	if !ok || t.Threshold <= 0 {
		return Fraction{1, 2}
	}
	return FractionOf(t.Threshold)
}

// QuorumMet reports whether present members make a valid meeting under
// quorum q (the zero fraction means the default, Quorum).
func QuorumMet(q Fraction, present, total int) bool {
	if q.Den == 0 {
		q = Quorum
	}
	return total > 0 && present >= q.Need(total)
}

// QuorumFromPct reads the administrator's whole-percent quorum setting:
// 66 and 67 mean two thirds (67% of 15 members is not 2/3 of 15).
func QuorumFromPct(pct int) Fraction {
	switch {
	case pct == 66 || pct == 67:
		return Quorum
	case pct <= 0 || pct > 100:
		return Quorum
	}
	return FractionOf(float64(pct) / 100)
}

// receiptAlphabet has no look-alike characters (0/O, 1/I/L, 2/Z, 5/S, 8/B).
const receiptAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// NewReceiptCode is a random receipt code "XXXX-XXXX" (about 37 bits):
// the voter's only link to his published ballot.
func NewReceiptCode() string {
	out := make([]byte, 0, 9)
	buf := make([]byte, 16)
	for len(out) < 9 {
		if _, err := rand.Read(buf); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		for _, c := range buf {
			if len(out) == 4 {
				out = append(out, '-')
			}
			if len(out) == 9 {
				break
			}
			if int(c) < 250 { // 250 = 10 × 25: no modulo bias
				out = append(out, receiptAlphabet[int(c)%len(receiptAlphabet)])
			}
		}
	}
	return string(out)
}
