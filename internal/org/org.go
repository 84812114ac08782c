// Package org holds the organisation of the Sở: units (phòng, đơn vị) and
// the people who work in them.
package org

import (
	"time"

	"tdkt/internal/validate"
)

// UnitKind tells what a unit is.
type UnitKind string

const (
	Department UnitKind = "department" // phòng thuộc Sở
	Affiliated UnitKind = "affiliated" // đơn vị trực thuộc
	External   UnitKind = "external"   // đơn vị ngoài (member of a bloc)
)

// UnitKinds lists the kinds in display order.
var UnitKinds = []UnitKind{Department, Affiliated, External}

// Label is the Vietnamese name of the kind.
func (k UnitKind) Label() string {
	switch k {
	case Department:
		return "Phòng thuộc Sở"
	case Affiliated:
		return "Đơn vị trực thuộc"
	case External:
		return "Đơn vị ngoài Sở"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool {
	for _, v := range UnitKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Unit is a department, an affiliated unit or an external member of a bloc.
type Unit struct {
	ID         int64
	Name       string
	ShortName  string
	Kind       UnitKind
	ParentID   int64 // 0 when none
	Active     bool
	ActiveFrom time.Time // zero when unknown
	ActiveTo   time.Time // zero while active
	SortOrder  int
	Version    int
	People     int // number of active people (read models only)
}

// Normalize cleans the text fields.
func (u *Unit) Normalize() {
	u.Name = validate.Text(u.Name)
	u.ShortName = validate.Text(u.ShortName)
}

// Validate checks a unit before it is saved.
func (u Unit) Validate() validate.Problems {
	p := validate.Problems{}
	p.Check(u.Name != "", "name", "Nhập tên đơn vị.")
	p.Check(validate.Len(u.Name) <= 200, "name", "Tên đơn vị không quá 200 ký tự.")
	p.Check(validate.Len(u.ShortName) <= 50, "short_name", "Tên viết tắt không quá 50 ký tự.")
	p.Check(u.Kind.Valid(), "kind", "Chọn loại đơn vị.")
	p.Check(u.ParentID == 0 || u.ParentID != u.ID, "parent_id", "Đơn vị không thể trực thuộc chính nó.")
	p.Check(u.SortOrder >= 0 && u.SortOrder <= 9999, "sort_order", "Thứ tự hiển thị từ 0 đến 9999.")
	return p
}

// Gender of a person.
type Gender string

const (
	Male   Gender = "male"
	Female Gender = "female"
)

// Genders lists the genders in display order.
var Genders = []Gender{Male, Female}

// Label is the Vietnamese name of the gender.
func (g Gender) Label() string {
	switch g {
	case Male:
		return "Nam"
	case Female:
		return "Nữ"
	}
	return string(g)
}

// Employment is the kind of employment of a person.
type Employment string

const (
	Cadre          Employment = "cadre"           // cán bộ
	CivilServant   Employment = "civil_servant"   // công chức
	PublicEmployee Employment = "public_employee" // viên chức
	Worker         Employment = "worker"          // người lao động
)

// Employments lists the kinds in display order.
var Employments = []Employment{Cadre, CivilServant, PublicEmployee, Worker}

// Label is the Vietnamese name of the employment kind.
func (e Employment) Label() string {
	switch e {
	case Cadre:
		return "Cán bộ"
	case CivilServant:
		return "Công chức"
	case PublicEmployee:
		return "Viên chức"
	case Worker:
		return "Người lao động"
	}
	return string(e)
}

// ParseGender accepts the code or the Vietnamese label.
func ParseGender(s string) (Gender, bool) {
	for _, g := range Genders {
		if foldEqual(s, string(g)) || foldEqual(s, g.Label()) {
			return g, true
		}
	}
	return "", false
}

// ParseEmployment accepts the code or the Vietnamese label.
func ParseEmployment(s string) (Employment, bool) {
	for _, e := range Employments {
		if foldEqual(s, string(e)) || foldEqual(s, e.Label()) {
			return e, true
		}
	}
	return "", false
}

// Person is someone who works in a unit (cán bộ, công chức, viên chức,
// người lao động).
type Person struct {
	ID          int64
	UnitID      int64
	UnitName    string // read models only
	FullName    string
	Gender      Gender
	BirthDate   time.Time // zero when unknown
	Position    string    // chức vụ, e.g. "Trưởng phòng"; empty for staff
	IsLeader    bool      // lãnh đạo (otherwise works directly on tasks)
	Employment  Employment
	RecruitedOn time.Time // zero when unknown
	Active      bool
	Version     int
}

// Normalize cleans the text fields.
func (p *Person) Normalize() {
	p.FullName = validate.Text(p.FullName)
	p.Position = validate.Text(p.Position)
}

// Validate checks a person before it is saved; now bounds the dates.
func (p Person) Validate(now time.Time) validate.Problems {
	pr := validate.Problems{}
	pr.Check(p.FullName != "", "full_name", "Nhập họ và tên.")
	pr.Check(validate.Len(p.FullName) <= 200, "full_name", "Họ và tên không quá 200 ký tự.")
	pr.Check(p.UnitID > 0, "unit_id", "Chọn đơn vị công tác.")
	pr.Check(p.Gender == Male || p.Gender == Female, "gender", "Chọn giới tính.")
	okEmp := false
	for _, e := range Employments {
		okEmp = okEmp || p.Employment == e
	}
	pr.Check(okEmp, "employment", "Chọn loại cán bộ, công chức, viên chức, người lao động.")
	pr.Check(validate.Len(p.Position) <= 200, "position", "Chức vụ không quá 200 ký tự.")
	if !p.BirthDate.IsZero() {
		age := now.Year() - p.BirthDate.Year()
		pr.Check(age >= 16 && age <= 100, "birth_date", "Ngày sinh không hợp lệ: tuổi phải từ 16 đến 100.")
	}
	if !p.RecruitedOn.IsZero() {
		pr.Check(!p.RecruitedOn.After(now), "recruited_on", "Ngày tuyển dụng không được sau ngày hôm nay.")
		pr.Check(p.BirthDate.IsZero() || p.RecruitedOn.After(p.BirthDate), "recruited_on", "Ngày tuyển dụng phải sau ngày sinh.")
	}
	return pr
}
