// Package campaign holds emulation campaigns (phong trào thi đua) and the
// units' pledges (đăng ký thi đua): their rules and state machines.
package campaign

import (
	"fmt"
	"time"

	"tdkt/internal/validate"
)

// Kind is the form of a campaign.
type Kind string

const (
	Regular  Kind = "regular"  // thường xuyên (yearly)
	Periodic Kind = "periodic" // theo đợt (with start and end dates)
	Thematic Kind = "thematic" // chuyên đề
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{Regular, Periodic, Thematic}

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case Regular:
		return "Thường xuyên"
	case Periodic:
		return "Theo đợt"
	case Thematic:
		return "Chuyên đề"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Regular || k == Periodic || k == Thematic }

// Status is the state of a campaign.
type Status string

const (
	Draft    Status = "draft"    // nháp
	Launched Status = "launched" // đã phát động
	Closed   Status = "closed"   // đã kết thúc
)

// Label is the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case Draft:
		return "Nháp"
	case Launched:
		return "Đã phát động"
	case Closed:
		return "Đã kết thúc"
	}
	return string(s)
}

// Event is what happens to a campaign.
type Event string

const (
	Launch Event = "launch" // phát động
	Close  Event = "close"  // kết thúc
	Reopen Event = "reopen" // mở lại (with a reason)
)

// transitions is the campaign workflow: (from, event) → to. Only the
// office fires these events.
var transitions = map[Status]map[Event]Status{
	Draft:    {Launch: Launched},
	Launched: {Close: Closed},
	Closed:   {Reopen: Launched},
}

// Next returns the status after e, or false when e is not allowed from s.
func Next(s Status, e Event) (Status, bool) {
	to, ok := transitions[s][e]
	return to, ok
}

// NeedsReason reports whether e must carry a written reason.
func NeedsReason(e Event) bool { return e == Reopen }

// Criterion is one criterion (tiêu chí) of a campaign with its target.
type Criterion struct {
	ID     int64
	Title  string
	Target string // chỉ tiêu
}

// Campaign is an emulation movement launched by the office.
type Campaign struct {
	ID         int64
	Year       int
	Kind       Kind
	Name       string
	Theme      string // chủ đề, khẩu hiệu
	Objectives string // mục tiêu
	// The launching document (văn bản phát động).
	DocNumber string
	DocDate   time.Time
	DocIssuer string
	LaunchOn  time.Time // ngày phát động
	StartsOn  time.Time // periodic: first day
	EndsOn    time.Time // periodic: last day
	// RegistrationDeadline is the last day to register a pledge.
	RegistrationDeadline time.Time
	MidReviewOn          time.Time // sơ kết
	FinalReviewOn        time.Time // tổng kết
	Status               Status
	LaunchedAt           time.Time
	ClosedAt             time.Time
	Criteria             []Criterion
	UnitIDs              []int64 // participating units
	Version              int
}

// Normalize cleans the text fields.
func (c *Campaign) Normalize() {
	c.Name = validate.Text(c.Name)
	c.Theme = validate.Text(c.Theme)
	c.Objectives = validate.Text(c.Objectives)
	c.DocNumber = validate.Text(c.DocNumber)
	c.DocIssuer = validate.Text(c.DocIssuer)
	crit := c.Criteria[:0]
	for _, cr := range c.Criteria {
		cr.Title, cr.Target = validate.Text(cr.Title), validate.Text(cr.Target)
		if cr.Title != "" || cr.Target != "" {
			crit = append(crit, cr)
		}
	}
	c.Criteria = crit
}

// MaxCriteria caps the criteria of one campaign.
const MaxCriteria = 30

// Validate checks a campaign before it is saved.
func (c Campaign) Validate() validate.Problems {
	p := validate.Problems{}
	p.Check(c.Year >= 2000 && c.Year <= 2100, "year", "Năm phải từ 2000 đến 2100.")
	p.Check(c.Kind.Valid(), "kind", "Chọn hình thức phong trào.")
	p.Check(c.Name != "", "name", "Nhập tên phong trào.")
	p.Check(validate.Len(c.Name) <= 300, "name", "Tên phong trào không quá 300 ký tự.")
	p.Check(validate.Len(c.Theme) <= 300, "theme", "Chủ đề không quá 300 ký tự.")
	p.Check(validate.Len(c.Objectives) <= 5000, "objectives", "Mục tiêu không quá 5000 ký tự.")
	p.Check(validate.Len(c.DocNumber) <= 50, "doc_number", "Số văn bản không quá 50 ký tự.")
	p.Check(validate.Len(c.DocIssuer) <= 200, "doc_issuer", "Cơ quan ban hành không quá 200 ký tự.")
	p.Check(!c.LaunchOn.IsZero(), "launch_on", "Nhập ngày phát động.")
	p.Check(!c.RegistrationDeadline.IsZero(), "registration_deadline", "Nhập hạn đăng ký thi đua.")
	if !c.LaunchOn.IsZero() && !c.RegistrationDeadline.IsZero() {
		p.Check(!c.RegistrationDeadline.Before(c.LaunchOn), "registration_deadline",
			"Hạn đăng ký không được trước ngày phát động.")
	}
	if !c.DocDate.IsZero() && !c.LaunchOn.IsZero() {
		p.Check(!c.LaunchOn.Before(c.DocDate), "launch_on", "Ngày phát động không được trước ngày ban hành văn bản.")
	}
	if c.Kind == Periodic {
		p.Check(!c.StartsOn.IsZero(), "starts_on", "Phong trào theo đợt cần ngày bắt đầu.")
		p.Check(!c.EndsOn.IsZero(), "ends_on", "Phong trào theo đợt cần ngày kết thúc.")
	}
	if !c.StartsOn.IsZero() && !c.EndsOn.IsZero() {
		p.Check(!c.EndsOn.Before(c.StartsOn), "ends_on", "Ngày kết thúc không được trước ngày bắt đầu.")
	}
	if !c.MidReviewOn.IsZero() && !c.FinalReviewOn.IsZero() {
		p.Check(!c.FinalReviewOn.Before(c.MidReviewOn), "final_review_on", "Ngày tổng kết không được trước ngày sơ kết.")
	}
	p.Check(len(c.Criteria) <= MaxCriteria, "criteria", fmt.Sprintf("Tối đa %d tiêu chí.", MaxCriteria))
	for i, cr := range c.Criteria {
		f := fmt.Sprintf("criterion_%d", i+1)
		p.Check(cr.Title != "", f, fmt.Sprintf("Tiêu chí %d: nhập nội dung tiêu chí.", i+1))
		p.Check(validate.Len(cr.Title) <= 500 && validate.Len(cr.Target) <= 500, f,
			fmt.Sprintf("Tiêu chí %d: nội dung và chỉ tiêu không quá 500 ký tự.", i+1))
	}
	return p
}

// CanEdit lists what stops the campaign's details from being changed: a
// closed campaign is reopened first.
func (c Campaign) CanEdit() validate.Problems {
	p := validate.Problems{}
	p.Check(c.Status != Closed, "status", "Phong trào đã kết thúc: hãy mở lại trước khi sửa.")
	return p
}

// CanLaunch lists what stops a draft from being launched.
func (c Campaign) CanLaunch() validate.Problems {
	p := c.Validate()
	p.Check(len(c.Criteria) > 0, "criteria", "Phong trào cần ít nhất một tiêu chí trước khi phát động.")
	p.Check(len(c.UnitIDs) > 0, "units", "Chọn ít nhất một đơn vị tham gia trước khi phát động.")
	return p
}

// Milestone is one date of a campaign's timeline.
type Milestone struct {
	Label string
	On    time.Time
}

// Milestones lists the campaign's dates in order: launch, registration
// deadline, mid-year review, year-end review (those that are set).
func (c Campaign) Milestones() []Milestone {
	var out []Milestone
	add := func(l string, t time.Time) {
		if !t.IsZero() {
			out = append(out, Milestone{l, t})
		}
	}
	add("Phát động phong trào", c.LaunchOn)
	add("Hạn đăng ký thi đua", c.RegistrationDeadline)
	add("Bắt đầu đợt thi đua", c.StartsOn)
	add("Sơ kết", c.MidReviewOn)
	add("Kết thúc đợt thi đua", c.EndsOn)
	add("Tổng kết", c.FinalReviewOn)
	return out
}
