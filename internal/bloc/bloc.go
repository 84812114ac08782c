// Package bloc holds emulation blocs (Khối/Cụm thi đua): the bloc-year's
// leadership (R40), covenant (R41), criteria tree, self-scores and their
// verification, totals, ranking with its tie rule, the honour vote (suy tôn)
// and the proposals within quotas (R42).
package bloc

import (
	"fmt"
	"time"

	"tdkt/internal/validate"
)

// Kind is the kind of bloc.
type Kind string

const (
	Internal Kind = "internal" // khối thi đua nội bộ Sở (departments)
	Khoi     Kind = "khoi"     // Khối thi đua của tỉnh (other agencies)
	Cum      Kind = "cum"      // Cụm thi đua (of the ministry)
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{Internal, Khoi, Cum}

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case Internal:
		return "Khối thi đua nội bộ Sở"
	case Khoi:
		return "Khối thi đua của tỉnh"
	case Cum:
		return "Cụm thi đua"
	}
	return string(k)
}

// Valid reports whether k is known.
func (k Kind) Valid() bool { return k == Internal || k == Khoi || k == Cum }

// Phase is the state of a bloc-year.
type Phase string

const (
	Setup   Phase = "setup"   // chuẩn bị: members, covenant, criteria
	Scoring Phase = "scoring" // đang chấm điểm
	Closed  Phase = "closed"  // đã khóa điểm: ranking, vote, proposals
)

// Label is the Vietnamese name of the phase.
func (p Phase) Label() string {
	switch p {
	case Setup:
		return "Chuẩn bị"
	case Scoring:
		return "Đang chấm điểm"
	case Closed:
		return "Đã khóa điểm"
	}
	return string(p)
}

// Role is a member's role in the bloc-year.
type Role string

const (
	RoleMember Role = "member"
	RoleHead   Role = "head"   // Khối trưởng
	RoleDeputy Role = "deputy" // Khối phó
)

// Label is the Vietnamese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleHead:
		return "Khối trưởng"
	case RoleDeputy:
		return "Khối phó"
	}
	return "Thành viên"
}

// Bloc is a Khối or Cụm.
type Bloc struct {
	ID          int64
	Name        string
	Kind        Kind
	Description string
	Version     int
}

// Member is a unit in a bloc-year.
type Member struct {
	ID       int64
	UnitID   int64
	Name     string // the label shown in the bloc (defaults to the unit's name)
	External bool   // an agency outside the Sở
	Role     Role
	SignedAt time.Time // zero until the unit signed the covenant
}

// Signed reports whether the member signed the covenant (R41).
func (m Member) Signed() bool { return !m.SignedAt.IsZero() }

// Year is a bloc in one year.
type Year struct {
	ID            int64
	BlocID        int64
	Year          int
	Phase         Phase
	Covenant      string // giao ước: the agreed items
	QuotaFlag     int    // Cờ thi đua proposals allowed (R42)
	QuotaMerit    int    // Bằng khen proposals allowed (R42)
	PrevHeadUnit  int64  // the previous year's head unit, 0 when none
	Version       int
	Members       []Member
	Criteria      []Criterion
	ScoringOpenAt time.Time
}

// Head returns the head member, if any.
func (y Year) Head() (Member, bool) {
	for _, m := range y.Members {
		if m.Role == RoleHead {
			return m, true
		}
	}
	return Member{}, false
}

// CheckLeadership applies R40 to the roles: exactly one Khối trưởng, at
// least one Khối phó, and the head differs from the previous year's.
func CheckLeadership(members []Member, prevHeadUnit int64) validate.Problems {
	p := validate.Problems{}
	heads, deputies := 0, 0
	for _, m := range members {
		switch m.Role {
		case RoleHead:
			heads++
			p.Check(prevHeadUnit == 0 || m.UnitID != prevHeadUnit, "head",
				"Khối trưởng phải luân phiên: “"+m.Name+"” đã là Khối trưởng năm trước.")
		case RoleDeputy:
			deputies++
		}
	}
	p.Check(heads == 1, "head", "Khối/Cụm phải có đúng một Khối trưởng.")
	p.Check(deputies >= 1, "deputies", "Khối/Cụm phải có ít nhất một Khối phó.")
	return p
}

// CanOpenScoring lists what stops scoring from opening.
func (y Year) CanOpenScoring() validate.Problems {
	p := CheckLeadership(y.Members, y.PrevHeadUnit)
	signed := 0
	for _, m := range y.Members {
		if m.Signed() {
			signed++
		}
	}
	p.Check(signed > 0, "covenant", "Chưa có đơn vị nào ký giao ước thi đua.")
	items := 0
	for _, c := range y.Criteria {
		if c.Kind.Scored() {
			items++
		}
	}
	p.Check(items > 0, "criteria", "Bảng tiêu chí chưa có tiêu chí chấm điểm nào.")
	return p
}

// Validate checks a bloc before it is saved.
func (b Bloc) Validate() validate.Problems {
	p := validate.Problems{}
	p.Check(b.Name != "", "name", "Nhập tên Khối/Cụm.")
	p.Check(validate.Len(b.Name) <= 200, "name", "Tên không quá 200 ký tự.")
	p.Check(b.Kind.Valid(), "kind", "Chọn loại Khối/Cụm.")
	p.Check(validate.Len(b.Description) <= 2000, "description", "Mô tả không quá 2000 ký tự.")
	return p
}

// CheckQuotas validates the quotas of a bloc-year.
func CheckQuotas(flag, merit int) validate.Problems {
	p := validate.Problems{}
	p.Check(flag >= 0 && flag <= 5, "quota_flag", "Số Cờ thi đua đề nghị từ 0 đến 5.")
	p.Check(merit >= 0 && merit <= 50, "quota_merit", "Số Bằng khen đề nghị từ 0 đến 50.")
	return p
}

// Award is what a bloc proposes for its members.
type Award string

const (
	AwardFlag  Award = "co_tinh"   // Cờ thi đua của UBND tỉnh
	AwardMerit Award = "bang_khen" // Bằng khen của Chủ tịch UBND tỉnh
)

// Label is the Vietnamese name of the award.
func (a Award) Label() string {
	switch a {
	case AwardFlag:
		return "Cờ thi đua của UBND tỉnh"
	case AwardMerit:
		return "Bằng khen của Chủ tịch UBND tỉnh"
	}
	return string(a)
}

// Proposal is one award the bloc proposes for a member.
type Proposal struct {
	MemberID int64
	Award    Award
}

// CheckProposals applies R41 and R42: only signing members, a flag only
// for a member ranked first, no more than the quota per award, one award
// per member.
func CheckProposals(props []Proposal, ranking []Standing, quotaFlag, quotaMerit int) validate.Problems {
	p := validate.Problems{}
	rank := map[int64]Standing{}
	for _, s := range ranking {
		rank[s.MemberID] = s
	}
	count := map[Award]int{}
	seen := map[int64]bool{}
	for _, pr := range props {
		s, ok := rank[pr.MemberID]
		if !ok {
			p.Add("proposals", "Chỉ đề nghị cho đơn vị đã ký giao ước và được chấm điểm.")
			continue
		}
		p.Check(!seen[pr.MemberID], "proposals", "Mỗi đơn vị chỉ được đề nghị một hình thức.")
		seen[pr.MemberID] = true
		count[pr.Award]++
		switch pr.Award {
		case AwardFlag:
			p.Check(s.Rank == 1, "proposals", "Cờ thi đua chỉ đề nghị cho đơn vị dẫn đầu (xếp thứ nhất): “"+s.Name+"” xếp thứ "+fmt.Sprint(s.Rank)+".")
		case AwardMerit:
		default:
			p.Add("proposals", "Hình thức khen thưởng không hợp lệ.")
		}
	}
	p.Check(count[AwardFlag] <= quotaFlag, "proposals", fmt.Sprintf("Vượt chỉ tiêu: chỉ được đề nghị %d Cờ thi đua.", quotaFlag))
	p.Check(count[AwardMerit] <= quotaMerit, "proposals", fmt.Sprintf("Vượt chỉ tiêu: chỉ được đề nghị %d Bằng khen.", quotaMerit))
	return p
}

// CheckYear: a bloc's competition year is a year from 2000 to 2100.
func CheckYear(year int) validate.Problems {
	p := validate.Problems{}
	p.Check(year >= 2000 && year <= 2100, "year", "Năm thi đua phải là số từ 2000 đến 2100.")
	return p
}

// CheckMember validates a unit joining a bloc-year (0: none chosen) and the
// name it is shown under.
func CheckMember(unitID int64, label string) validate.Problems {
	p := validate.Problems{}
	p.Check(unitID > 0, "unit_id", "Chọn đơn vị cần thêm.")
	p.Check(validate.Len(label) <= 200, "label", "Tên hiển thị không quá 200 ký tự.")
	return p
}

// CheckRoles validates a choice of Khối trưởng (0: none) and Khối phó
// against the bloc-year's members before R40 (CheckLeadership) applies.
func CheckRoles(members []Member, head int64, deputies []int64) validate.Problems {
	p := validate.Problems{}
	isMember := func(id int64) bool {
		for _, m := range members {
			if m.ID == id {
				return true
			}
		}
		return false
	}
	p.Check(head != 0, "head", "Khối/Cụm phải có đúng một Khối trưởng.")
	p.Check(head == 0 || isMember(head), "head", "Chọn Khối trưởng, Khối phó trong danh sách thành viên.")
	for _, d := range deputies {
		p.Check(isMember(d), "deputies", "Chọn Khối phó trong danh sách thành viên.")
	}
	return p
}

// CheckCovenant validates the covenant text and the quotas of a bloc-year.
func CheckCovenant(text string, flag, merit int) validate.Problems {
	p := CheckQuotas(flag, merit)
	p.Check(validate.Len(text) <= 10000, "covenant", "Giao ước không quá 10.000 ký tự.")
	return p
}
