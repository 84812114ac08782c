package view

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"tdkt/internal/org"
)

// BenchmarkRenderPeopleList renders the 50-row people list (performance.md P8: ≤ 100 µs, ≤ 1,000 allocs).
func BenchmarkRenderPeopleList(b *testing.B) {
	m := PeopleList{Total: 20000, CanEdit: true, Units: []Option{{"", "Tất cả đơn vị"}}, Pages: Keyset{Next: "/people?after=50"}}
	for i := range 50 {
		m.People = append(m.People, org.Person{ID: int64(i + 1), UnitID: 3, UnitName: "Phòng Quản lý ngân sách",
			FullName: fmt.Sprintf("Nguyễn Thị Ánh %d", i), Gender: org.Female, Position: "Chuyên viên",
			Employment: org.CivilServant, BirthDate: time.Date(1985, 8, 15, 0, 0, 0, 0, time.UTC), Active: true})
	}
	p := Page{Title: "Cán bộ, công chức", User: &User{Name: "Quản trị hệ thống", Roles: "Quản trị hệ thống"},
		Nav: []NavItem{{"Trang chủ", "/", false}, {"Cán bộ, công chức", "/people", true}}, Version: "abc"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := PeopleListPage(p, m).Render(ctx, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNumberAndDates(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", -45000: "-45.000"} {
		if got := Number(n); got != want {
			t.Errorf("Number(%d) = %q; want %q", n, got, want)
		}
	}
	if got := Money(1234567); got != "1.234.567 đ" {
		t.Errorf("Money = %q", got)
	}
	// 17:30 UTC on 31/12 is already 01/01 in Vietnam.
	if got := Date(time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC)); got != "01/01/2026" {
		t.Errorf("Date = %q; want 01/01/2026", got)
	}
	if got := Date(time.Time{}); got != "" {
		t.Errorf("Date(zero) = %q; want empty", got)
	}
}
