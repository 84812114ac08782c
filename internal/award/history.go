package award

import (
	"slices"
	"time"
)

// Rating is a yearly staff quality rating (NĐ 90/2020, NĐ 48/2023).
type Rating string

// Ratings, best first. The zero value means "not rated".
const (
	HTXS Rating = "htxs"
	HTT  Rating = "htt"
	HTNV Rating = "htnv"
	KHT  Rating = "kht"
)

// Ratings lists the ratings, best first.
var Ratings = []Rating{HTXS, HTT, HTNV, KHT}

// Valid reports whether r is a known rating.
func (r Rating) Valid() bool { return slices.Contains(Ratings, r) }

// rank is 4 for HTXS down to 1 for KHT, 0 when not rated.
func (r Rating) rank() int {
	switch r {
	case HTXS:
		return 4
	case HTT:
		return 3
	case HTNV:
		return 2
	case KHT:
		return 1
	}
	return 0
}

// AtLeast reports whether r is rated and at least min.
func (r Rating) AtLeast(min Rating) bool { return r.rank() > 0 && r.rank() >= min.rank() }

// Label is the full Vietnamese name.
func (r Rating) Label() string {
	switch r {
	case HTXS:
		return "Hoàn thành xuất sắc nhiệm vụ"
	case HTT:
		return "Hoàn thành tốt nhiệm vụ"
	case HTNV:
		return "Hoàn thành nhiệm vụ"
	case KHT:
		return "Không hoàn thành nhiệm vụ"
	}
	return "Chưa xếp loại"
}

// Short is the abbreviation used in tables.
func (r Rating) Short() string {
	switch r {
	case HTXS:
		return "HTXS"
	case HTT:
		return "HTT"
	case HTNV:
		return "HTNV"
	case KHT:
		return "KHT"
	}
	return "—"
}

// ParseRating reads a rating from its code or abbreviation (any case); ok is
// false for anything else. An empty string is "not rated" with ok true.
func ParseRating(s string) (Rating, bool) {
	switch s {
	case "":
		return "", true
	case "htxs", "HTXS":
		return HTXS, true
	case "htt", "HTT":
		return HTT, true
	case "htnv", "HTNV":
		return HTNV, true
	case "kht", "KHT":
		return KHT, true
	}
	return "", false
}

// Source says where an award record came from.
type Source string

// Sources.
const (
	FromDecision Source = "decision" // issued through tdkt
	FromEntered  Source = "entered"  // typed in by the office
	FromImported Source = "imported" // from an earlier system
)

// Label is the Vietnamese name of the source.
func (s Source) Label() string {
	switch s {
	case FromDecision:
		return "Quyết định trên hệ thống"
	case FromImported:
		return "Nhập từ tệp"
	}
	return "Nhập tay"
}

// AwardRecord is a title or form the subject received.
type AwardRecord struct {
	ID           int64
	Year         int
	Code         string
	Kind         CommendationKind
	DecisionNo   string
	DecisionDate time.Time
	Source       Source
}

// Scope is the recognised scope of an initiative or research work.
type Scope string

// Scopes, narrowest first.
const (
	ScopeBase     Scope = "co_so"
	ScopeProvince Scope = "tinh"
	ScopeNational Scope = "toan_quoc"
)

// Scopes lists the scopes, narrowest first.
var Scopes = []Scope{ScopeBase, ScopeProvince, ScopeNational}

// Valid reports whether s is a known scope.
func (s Scope) Valid() bool { return slices.Contains(Scopes, s) }

func (s Scope) rank() int { return slices.Index(Scopes, s) + 1 }

// AtLeast reports whether s is at least min.
func (s Scope) AtLeast(min Scope) bool { return s.rank() > 0 && s.rank() >= min.rank() }

// Label is the Vietnamese name of the scope.
func (s Scope) Label() string {
	switch s {
	case ScopeBase:
		return "Cấp cơ sở"
	case ScopeProvince:
		return "Cấp tỉnh"
	case ScopeNational:
		return "Toàn quốc"
	}
	return string(s)
}

// Initiative is a recognised initiative (sáng kiến) or accepted research work.
type Initiative struct {
	ID           int64
	Title        string
	Research     bool // an accepted scientific topic rather than an initiative
	Scope        Scope
	RecognisedOn time.Time
	// UsedAsGrounds: already the grounds of an award (R15): never counted again.
	UsedAsGrounds bool
}

// CaseKind is the kind of a case that can hold a nomination (R18).
type CaseKind string

// Case kinds.
const (
	CaseDiscipline    CaseKind = "discipline"
	CaseInvestigation CaseKind = "investigation"
	CaseInspection    CaseKind = "inspection"
	CaseComplaint     CaseKind = "complaint"
)

// CaseKinds lists the case kinds.
var CaseKinds = []CaseKind{CaseDiscipline, CaseInvestigation, CaseInspection, CaseComplaint}

// Valid reports whether k is a known case kind.
func (k CaseKind) Valid() bool { return slices.Contains(CaseKinds, k) }

// Label is the Vietnamese name.
func (k CaseKind) Label() string {
	switch k {
	case CaseDiscipline:
		return "Xem xét kỷ luật"
	case CaseInvestigation:
		return "Điều tra"
	case CaseInspection:
		return "Thanh tra, kiểm tra"
	case CaseComplaint:
		return "Xác minh khiếu nại, tố cáo"
	}
	return string(k)
}

// Level is a discipline level, lightest first.
type Level string

// Levels.
const (
	Reprimand Level = "khien_trach"
	Warning   Level = "canh_cao"
	PayCut    Level = "ha_bac_luong"
	Demotion  Level = "giang_chuc"
	Removal   Level = "cach_chuc"
	Dismissal Level = "buoc_thoi_viec"
)

// Levels lists discipline levels, lightest first.
var Levels = []Level{Reprimand, Warning, PayCut, Demotion, Removal, Dismissal}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// AtLeast reports whether l is a level at least min.
func (l Level) AtLeast(min Level) bool {
	i := slices.Index(Levels, l)
	return i >= 0 && i >= slices.Index(Levels, min)
}

// Label is the Vietnamese name.
func (l Level) Label() string {
	switch l {
	case Reprimand:
		return "Khiển trách"
	case Warning:
		return "Cảnh cáo"
	case PayCut:
		return "Hạ bậc lương"
	case Demotion:
		return "Giáng chức"
	case Removal:
		return "Cách chức"
	case Dismissal:
		return "Buộc thôi việc"
	}
	return "Không kỷ luật"
}

// Case is a discipline case, investigation, inspection or complaint
// verification about the subject.
type Case struct {
	ID       int64
	Kind     CaseKind
	OpenedOn time.Time
	ClosedOn time.Time // zero: still open (R18 hold)
	Level    Level     // the discipline imposed when closed; empty: closed clean
	EndsOn   time.Time // end of the discipline period; achievements count after it
}

// Open reports whether the case is still under consideration.
func (c Case) Open() bool { return c.ClosedOn.IsZero() }

// LeaveKind is a kind of leave that may or may not count as working time (R2).
type LeaveKind string

// Leave kinds.
const (
	LeaveMaternity LeaveKind = "maternity" // counts (NĐ 152 Art. 4(5))
	LeaveInjury    LeaveKind = "injury"    // treating injuries from brave acts: counts
	LeaveUnpaid    LeaveKind = "unpaid"    // does not count
)

// Leave is a period away from work.
type Leave struct {
	Kind     LeaveKind
	From, To time.Time
}

// Counts reports whether the leave counts as working time (R2).
func (l Leave) Counts() bool { return l.Kind == LeaveMaternity || l.Kind == LeaveInjury }

// MemberStats summarise a collective's members for one year (R7, R8).
type MemberStats struct {
	Total          int
	Rated          map[Rating]int
	LDTT           int // members with (or eligible for) LĐTT
	CSTDCS         int // members with (or eligible for) CSTĐ cơ sở
	DisciplinedMin int // members disciplined at cảnh cáo or above in the year
}

// History is what the engine knows about a person or a collective.
type History struct {
	Subject     Subject
	ID          int64 // person id or unit id
	Name        string
	Female      bool
	RecruitedOn time.Time // zero: unknown; for R13 the start in the finance sector
	Ratings     map[int]Rating
	Awards      []AwardRecord
	Initiatives []Initiative
	Cases       []Case
	Leaves      []Leave
	Members     map[int]MemberStats // collectives only, by year
}

// Rating returns the rating of a year ("" when not rated).
func (h History) Rating(year int) Rating { return h.Ratings[year] }

// has reports whether the subject received code in year, counting only
// grounds-eligible kinds when meritOnly is set (R16).
func (h History) has(code string, year int, meritOnly bool) (AwardRecord, bool) {
	for _, a := range h.Awards {
		if a.Code == code && a.Year == year && (!meritOnly || a.Kind.CountsAsGrounds()) {
			return a, true
		}
	}
	return AwardRecord{}, false
}
