package org

import (
	"testing"
	"time"
)

func TestPersonValidate(t *testing.T) {
	now := time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)
	ok := Person{UnitID: 1, FullName: "Nguyễn Thị Ánh", Gender: Female, Employment: CivilServant,
		BirthDate: time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC), RecruitedOn: time.Date(2010, 7, 1, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name  string
		edit  func(p *Person)
		field string // "" when valid
	}{
		{"valid", func(p *Person) {}, ""},
		{"no name", func(p *Person) { p.FullName = "" }, "full_name"},
		{"no unit", func(p *Person) { p.UnitID = 0 }, "unit_id"},
		{"bad gender", func(p *Person) { p.Gender = "x" }, "gender"},
		{"bad employment", func(p *Person) { p.Employment = "" }, "employment"},
		{"too young", func(p *Person) { p.BirthDate = now.AddDate(-10, 0, 0) }, "birth_date"},
		{"recruited in the future", func(p *Person) { p.RecruitedOn = now.AddDate(0, 0, 1) }, "recruited_on"},
		{"recruited before birth", func(p *Person) { p.RecruitedOn = p.BirthDate.AddDate(-1, 0, 0) }, "recruited_on"},
		{"unknown dates are fine", func(p *Person) { p.BirthDate, p.RecruitedOn = time.Time{}, time.Time{} }, ""},
	}
	for _, tc := range tests {
		p := ok
		tc.edit(&p)
		got := p.Validate(now)
		if tc.field == "" && !got.OK() {
			t.Errorf("%s: Validate() = %v; want no problems", tc.name, got)
		}
		if _, has := got[tc.field]; tc.field != "" && !has {
			t.Errorf("%s: Validate() = %v; want a problem on %s", tc.name, got, tc.field)
		}
	}
}

func TestUnitValidate(t *testing.T) {
	for _, tc := range []struct {
		u     Unit
		field string
	}{
		{Unit{Name: "Văn phòng Sở", Kind: Department}, ""},
		{Unit{Name: "", Kind: Department}, "name"},
		{Unit{Name: "X", Kind: "bogus"}, "kind"},
		{Unit{ID: 3, ParentID: 3, Name: "X", Kind: Department}, "parent_id"},
		{Unit{Name: "X", Kind: Department, SortOrder: -1}, "sort_order"},
	} {
		got := tc.u.Validate()
		if _, has := got[tc.field]; (tc.field == "" && !got.OK()) || (tc.field != "" && !has) {
			t.Errorf("Validate(%+v) = %v; want problem on %q", tc.u, got, tc.field)
		}
	}
}

func TestNormalize(t *testing.T) {
	// "Nguyễn" typed in NFD (e + U+0302 + U+0303) with stray spaces and a control character.
	p := Person{FullName: "  Nguye\u0302\u0303n\tVăn   An\u202e "}
	p.Normalize()
	if p.FullName != "Nguyễn Văn An" {
		t.Errorf("Normalize() name = %q; want %q", p.FullName, "Nguyễn Văn An")
	}
}

func TestParseLabels(t *testing.T) {
	if g, ok := ParseGender(" nữ "); !ok || g != Female {
		t.Errorf("ParseGender(nữ) = %v, %v", g, ok)
	}
	if e, ok := ParseEmployment("NGƯỜI LAO ĐỘNG"); !ok || e != Worker {
		t.Errorf("ParseEmployment(NGƯỜI LAO ĐỘNG) = %v, %v", e, ok)
	}
	if _, ok := ParseGender("khác"); ok {
		t.Error("ParseGender(khác) ok; want unknown")
	}
}
