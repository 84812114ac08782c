package campaign

import (
	"fmt"
	"time"

	"tdkt/internal/validate"
)

// Target is a title a unit or a person aims for in its pledge.
type Target string

// Collective targets (danh hiệu tập thể).
const (
	TTLDTT Target = "ttldtt" // Tập thể lao động tiên tiến
	TTLDXS Target = "ttldxs" // Tập thể lao động xuất sắc
	CoTinh Target = "co_tinh"
)

// Individual targets (danh hiệu cá nhân).
const (
	LDTT     Target = "ldtt"      // Lao động tiên tiến
	CSTDCS   Target = "cstdcs"    // Chiến sĩ thi đua cơ sở
	CSTDTinh Target = "cstd_tinh" // Chiến sĩ thi đua cấp tỉnh
)

// CollectiveTargets and IndividualTargets list the choices in display order.
var (
	CollectiveTargets = []Target{TTLDTT, TTLDXS, CoTinh}
	IndividualTargets = []Target{LDTT, CSTDCS, CSTDTinh}
)

// Label is the Vietnamese name of the title.
func (t Target) Label() string {
	switch t {
	case TTLDTT:
		return "Tập thể lao động tiên tiến"
	case TTLDXS:
		return "Tập thể lao động xuất sắc"
	case CoTinh:
		return "Cờ thi đua của UBND tỉnh"
	case LDTT:
		return "Lao động tiên tiến"
	case CSTDCS:
		return "Chiến sĩ thi đua cơ sở"
	case CSTDTinh:
		return "Chiến sĩ thi đua cấp tỉnh"
	}
	return string(t)
}

func (t Target) in(list []Target) bool {
	for _, v := range list {
		if v == t {
			return true
		}
	}
	return false
}

// Collective reports whether t is a collective title.
func (t Target) Collective() bool { return t.in(CollectiveTargets) }

// Individual reports whether t is an individual title.
func (t Target) Individual() bool { return t.in(IndividualTargets) }

// PledgeStatus is the state of a pledge.
type PledgeStatus string

const (
	PledgeNone      PledgeStatus = ""          // not started (no row yet)
	PledgeDraft     PledgeStatus = "draft"     // nháp
	PledgeSubmitted PledgeStatus = "submitted" // đã gửi
	PledgeAccepted  PledgeStatus = "accepted"  // đã chấp nhận
	PledgeReturned  PledgeStatus = "returned"  // trả lại
)

// Label is the Vietnamese name of the state.
func (s PledgeStatus) Label() string {
	switch s {
	case PledgeNone:
		return "Chưa đăng ký"
	case PledgeDraft:
		return "Đang soạn"
	case PledgeSubmitted:
		return "Đã gửi, chờ duyệt"
	case PledgeAccepted:
		return "Đã chấp nhận"
	case PledgeReturned:
		return "Bị trả lại"
	}
	return string(s)
}

// PledgeEvent is what happens to a pledge.
type PledgeEvent string

const (
	PledgeSubmit PledgeEvent = "submit" // the department head sends it
	PledgeAccept PledgeEvent = "accept" // the office accepts it
	PledgeReturn PledgeEvent = "return" // the office returns it with a reason
)

// Actor is who fires a pledge event.
type Actor string

const (
	ByUnit   Actor = "unit"   // the unit's department head
	ByOffice Actor = "office" // Văn phòng Sở
)

type pledgeStep struct {
	to PledgeStatus
	by Actor
}

// pledgeFlow is the pledge workflow: (from, event) → to, and who fires it.
var pledgeFlow = map[PledgeStatus]map[PledgeEvent]pledgeStep{
	PledgeDraft:     {PledgeSubmit: {PledgeSubmitted, ByUnit}},
	PledgeReturned:  {PledgeSubmit: {PledgeSubmitted, ByUnit}},
	PledgeSubmitted: {PledgeAccept: {PledgeAccepted, ByOffice}, PledgeReturn: {PledgeReturned, ByOffice}},
}

// PledgeNext returns the state after e fired by who, or false when the
// workflow does not allow it.
func PledgeNext(from PledgeStatus, e PledgeEvent, who Actor) (PledgeStatus, bool) {
	st, ok := pledgeFlow[from][e]
	if !ok || st.by != who {
		return from, false
	}
	return st.to, true
}

// PledgeEditable reports whether the unit may still change the pledge.
func PledgeEditable(s PledgeStatus) bool {
	return s == PledgeNone || s == PledgeDraft || s == PledgeReturned
}

// IsLate reports whether a pledge sent at sent is late for a deadline
// (the deadline day counts in full, in Vietnam's time zone).
func IsLate(deadline, sent time.Time) bool {
	if deadline.IsZero() {
		return false
	}
	end := time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 0, 0, 0, 0, vietnam).AddDate(0, 0, 1)
	return !sent.Before(end)
}

var vietnam = time.FixedZone("ICT", 7*3600)

// PersonTarget is one person's target title in a pledge.
type PersonTarget struct {
	PersonID int64
	Name     string // read models only
	Target   Target
}

// Pledge is a unit's registration for a campaign.
type Pledge struct {
	ID               int64
	CampaignID       int64
	UnitID           int64
	Year             int
	Status           PledgeStatus
	CollectiveTarget Target
	// Commitments maps a campaign criterion id to the unit's commitment.
	Commitments  map[int64]string
	People       []PersonTarget
	Late         bool
	SubmittedAt  time.Time
	DecidedAt    time.Time
	ReturnReason string
	Version      int
}

// Normalize cleans the text fields.
func (p *Pledge) Normalize() {
	for k, v := range p.Commitments {
		p.Commitments[k] = validate.Text(v)
	}
}

// Validate checks the pledge's content against the campaign's criteria and
// the unit's staff (staff maps person id → name).
func (p Pledge) Validate(criteria []Criterion, staff map[int64]string) validate.Problems {
	pr := validate.Problems{}
	pr.Check(p.CollectiveTarget == "" || p.CollectiveTarget.Collective(), "collective_target", "Chọn danh hiệu tập thể trong danh sách.")
	known := map[int64]bool{}
	for _, c := range criteria {
		known[c.ID] = true
	}
	for id, text := range p.Commitments {
		pr.Check(known[id], "commitments", "Cam kết gắn với một tiêu chí không thuộc phong trào này.")
		pr.Check(validate.Len(text) <= 2000, fmt.Sprintf("commitment_%d", id), "Mỗi cam kết không quá 2000 ký tự.")
	}
	seen := map[int64]bool{}
	for _, pt := range p.People {
		_, ok := staff[pt.PersonID]
		pr.Check(ok, "people", "Chỉ chọn người đang công tác tại đơn vị.")
		pr.Check(pt.Target.Individual(), "people", "Chọn danh hiệu cá nhân trong danh sách.")
		pr.Check(!seen[pt.PersonID], "people", "Mỗi người chỉ đăng ký một danh hiệu.")
		seen[pt.PersonID] = true
	}
	return pr
}

// CanSubmit lists what stops a pledge from being sent.
func (p Pledge) CanSubmit(criteria []Criterion, staff map[int64]string) validate.Problems {
	pr := p.Validate(criteria, staff)
	pr.Check(p.CollectiveTarget != "", "collective_target", "Chọn danh hiệu tập thể đơn vị đăng ký.")
	for _, c := range criteria {
		if p.Commitments[c.ID] == "" {
			pr.Add(fmt.Sprintf("commitment_%d", c.ID), "Nhập cam kết cho tiêu chí “"+c.Title+"”.")
		}
	}
	return pr
}

// UnitPledge is one participating unit's line of the roll-up.
type UnitPledge struct {
	UnitID           int64
	UnitName         string
	PledgeID         int64
	Status           PledgeStatus
	Late             bool
	CollectiveTarget Target
	People           map[Target]int
}

// RollUp summarises the pledges of a campaign for the office.
type RollUp struct {
	Units       int
	Registered  int // submitted or accepted
	Accepted    int
	Late        int
	Missing     []string // names of units that have not sent a pledge
	Collective  map[Target]int
	Individuals map[Target]int
}

// Summarise builds the roll-up from the units' lines.
func Summarise(lines []UnitPledge) RollUp {
	r := RollUp{Units: len(lines), Collective: map[Target]int{}, Individuals: map[Target]int{}}
	for _, l := range lines {
		switch l.Status {
		case PledgeSubmitted, PledgeAccepted:
			r.Registered++
			if l.Status == PledgeAccepted {
				r.Accepted++
			}
			if l.Late {
				r.Late++
			}
			if l.CollectiveTarget != "" {
				r.Collective[l.CollectiveTarget]++
			}
			for t, n := range l.People {
				r.Individuals[t] += n
			}
		default:
			r.Missing = append(r.Missing, l.UnitName)
		}
	}
	return r
}
