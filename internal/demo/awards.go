package demo

import (
	"context"
	"fmt"
	"time"

	"tdkt/internal/award"
	"tdkt/internal/store"
)

// demoRatings are the 2021–2025 ratings of the people the demo tells a story
// about (Phòng Quản lý ngân sách, tp.ngansach's unit); everyone else follows
// a pattern.
var demoRatings = map[string][5]award.Rating{
	// CSTĐ cơ sở 2023, 2024 (recorded) and 2025 (HTXS) with a provincial
	// initiative: qualifies for Chiến sĩ thi đua cấp tỉnh 2025.
	"Đặng Văn Khoa": {award.HTT, award.HTXS, award.HTXS, award.HTXS, award.HTXS},
	// 2024 breaks the streak (R12): CSTĐ cơ sở 2025 yes, Bằng khen no.
	"Bùi Thị Kim Ngân": {award.HTT, award.HTT, award.HTXS, award.HTT, award.HTXS},
	// HTT with an initiative already used as grounds (R15): LĐTT only.
	"Đỗ Quốc Bảo":     {award.HTT, award.HTT, award.HTT, award.HTT, award.HTT},
	"Lê Thị Ngọc Ánh": {award.HTNV, award.HTT, award.HTT, award.HTT, award.HTT},
	// An open complaint verification (R18): on hold.
	"Huỳnh Thanh Bình":   {award.HTT, award.HTT, award.HTXS, award.HTT, award.HTXS},
	"Võ Thị Thanh Hương": {award.HTT, award.HTT, award.HTT, award.HTT, award.HTNV},
	// CSTĐ cơ sở 2024 and HTXS 2025: Bằng khen của Chủ tịch UBND tỉnh.
	"Trần Thị Mai Phương": {award.HTT, award.HTT, award.HTT, award.HTXS, award.HTXS},
	// Disciplined (khiển trách) in 2024 in Phòng Tài chính đầu tư.
	"Lý Thanh Tùng": {award.HTT, award.HTT, award.HTT, award.HTNV, award.HTT},
}

// seedAwards loads staff ratings 2021–2025 (2021–2024 locked), collective
// ratings, past titles, initiatives and discipline cases.
func seedAwards(ctx context.Context, s *store.Store, now time.Time) error {
	units, err := s.ListUnits(ctx, store.UnitFilter{})
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	var past []store.AwardEntry
	unitRatings := map[int][]store.UnitRatingEntry{}
	for _, u := range units {
		sh, err := s.RatingSheet(ctx, u.ID, 2025)
		if err != nil {
			return err
		}
		for y := 2021; y <= 2025; y++ {
			var es []store.RatingEntry
			for i, row := range sh.Rows {
				ids[row.FullName] = row.PersonID
				r := award.HTT
				if i%6 == 1 {
					r = award.HTXS
				}
				if pattern, ok := demoRatings[row.FullName]; ok {
					r = pattern[y-2021]
				}
				es = append(es, store.RatingEntry{PersonID: row.PersonID, Rating: r})
			}
			if _, err := s.SaveRatings(ctx, seedActor, u.ID, y, es); err != nil {
				return fmt.Errorf("ratings %s %d: %w", u.Name, y, err)
			}
			ur := award.HTT
			if u.ShortName == "QLNS" && y >= 2024 {
				ur = award.HTXS
			}
			unitRatings[y] = append(unitRatings[y], store.UnitRatingEntry{UnitID: u.ID, Rating: ur})
			if y <= 2024 {
				// Past titles: LĐTT for everyone rated HTT or better, CSTĐ cơ sở for HTXS.
				for _, e := range es {
					if !e.Rating.AtLeast(award.HTT) {
						continue
					}
					code := award.LDTT
					if e.Rating == award.HTXS {
						past = append(past, pastAward(e.PersonID, 0, y, award.CSTDCoSo))
					}
					past = append(past, pastAward(e.PersonID, 0, y, code))
				}
				past = append(past, pastAward(0, u.ID, y, award.TapTheLDTT))
			}
		}
	}
	for y := 2021; y <= 2025; y++ {
		if _, err := s.SaveUnitRatings(ctx, seedActor, y, unitRatings[y]); err != nil {
			return err
		}
		if y <= 2024 {
			if err := s.LockRatingYear(ctx, seedActor, y, 0); err != nil {
				return err
			}
		}
	}
	if _, err := s.ImportAwards(ctx, seedActor, past); err != nil {
		return err
	}
	inits := []store.InitiativeEntry{
		{PersonID: ids["Đặng Văn Khoa"], Title: "Quy trình thẩm tra quyết toán ngân sách xã trên phần mềm", Scope: award.ScopeProvince, RecognisedOn: day(2025, 9, 15)},
		{PersonID: ids["Đỗ Quốc Bảo"], Title: "Mẫu biểu tổng hợp dự toán chi thường xuyên", Scope: award.ScopeBase, RecognisedOn: day(2025, 5, 20), UsedAsGrounds: true,
			Note: "Đã dùng làm căn cứ tặng Giấy khen năm 2025"},
		{PersonID: ids["Bùi Thị Kim Ngân"], Title: "Sổ tay hướng dẫn lập dự toán cho đơn vị sự nghiệp", Scope: award.ScopeBase, RecognisedOn: day(2025, 10, 2)},
	}
	for _, in := range inits {
		if _, err := s.AddInitiative(ctx, seedActor, in); err != nil {
			return err
		}
	}
	cases := []store.CaseEntry{
		{PersonID: ids["Huỳnh Thanh Bình"], Kind: award.CaseComplaint, OpenedOn: day(2025, 11, 3), Note: "Đơn phản ánh đang được xác minh"},
		{PersonID: ids["Lý Thanh Tùng"], Kind: award.CaseDiscipline, OpenedOn: day(2024, 3, 4), ClosedOn: day(2024, 4, 10),
			Level: award.Reprimand, EndsOn: day(2024, 10, 10), Note: "Chậm trễ xử lý hồ sơ"},
	}
	for _, c := range cases {
		if _, err := s.OpenCase(ctx, seedActor, c); err != nil {
			return err
		}
	}
	// A Giấy khen for the initiative above and an ad hoc one (not grounds, R16).
	if _, err := s.AddAward(ctx, seedActor, store.AwardEntry{PersonID: ids["Đỗ Quốc Bảo"], Year: 2025, Code: award.GiayKhen, Kind: award.Campaign,
		DecisionNo: "215/QĐ-STC", DecisionDate: day(2025, 6, 30), Source: award.FromEntered}); err != nil {
		return err
	}
	if _, err := s.AddAward(ctx, seedActor, store.AwardEntry{PersonID: ids["Trần Thị Mai Phương"], Year: 2023, Code: award.BangKhenTinh, Kind: award.AdHoc,
		DecisionNo: "1820/QĐ-UBND", DecisionDate: day(2023, 8, 18), Source: award.FromImported}); err != nil {
		return err
	}
	return nil
}

func pastAward(personID, unitID int64, year int, code string) store.AwardEntry {
	return store.AwardEntry{PersonID: personID, UnitID: unitID, Year: year, Code: code, Kind: award.Merit,
		DecisionNo: fmt.Sprintf("%d/QĐ-STC", 900+year%100), DecisionDate: day(year, 12, 28), Source: award.FromImported}
}

// seedActor is the audit identity of the awards seed.
var seedActor = store.Actor{RequestID: "seed"}
