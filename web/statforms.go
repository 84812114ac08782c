package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/award"
	"tdkt/internal/campaign"
	"tdkt/internal/report"
	"tdkt/internal/store"
)

// The annual statistical forms of the emulation and commendation sector
// (Thông tư 02/2023/TT-BNV, biểu 0601–0605.N/BNV-TĐKT, sent by 15/12) and
// an internal form of the shares of women, leaders and direct workers.
// The forms' exact columns are not in the project's sources: the columns
// below are tdkt's reading of each form's title, stated in the README.

// statForm is one form: its code, title and table.
type statForm struct {
	key, code, title string
	table            func(year int, c counts, rep store.YearReport) (head []string, rows [][]any)
}

const (
	reportingUnit = "Sở Tài chính tỉnh Tây Ninh"
	receivingUnit = "Sở Nội vụ tỉnh Tây Ninh"
)

var statForms = []statForm{
	{"0601", "0601.N/BNV-TĐKT", "Số phong trào thi đua", form0601},
	{"0602", "0602.N/BNV-TĐKT", "Số lượng khen thưởng cấp Nhà nước", awardsForm(award.President, award.PrimeMinister)},
	{"0603", "0603.N/BNV-TĐKT", "Số lượng khen thưởng cấp Bộ, ban, ngành, tỉnh", awardsForm(award.Minister, award.ProvinceChair)},
	{"0604", "0604.N/BNV-TĐKT", "Số cơ quan, tổ chức làm công tác thi đua, khen thưởng", form0604},
	{"0605", "0605.N/BNV-TĐKT", "Số người làm công tác thi đua, khen thưởng", form0605},
	{"noi-bo", "TĐKT-NB", "Cơ cấu đối tượng được khen thưởng (nữ, lãnh đạo, người trực tiếp thực hiện nhiệm vụ)", formInternal},
}

func form0601(year int, _ counts, rep store.YearReport) ([]string, [][]any) {
	n := map[campaign.Kind]int{}
	total := 0
	for _, x := range rep.Campaigns {
		if x.Year == year {
			n[campaign.Kind(x.Kind)]++
			total++
		}
	}
	return []string{"Tên đơn vị", "Mã số", "Tổng số phong trào thi đua đã phát động", "Thường xuyên", "Theo đợt", "Chuyên đề"},
		[][]any{{reportingUnit, "01", total, n[campaign.Regular], n[campaign.Periodic], n[campaign.Thematic]}}
}

// awardsForm counts the year's awards decided by the given authorities:
// by award, collectives and individuals, and among individuals women and
// leaders.
func awardsForm(levels ...award.Authority) func(int, counts, store.YearReport) ([]string, [][]any) {
	return func(year int, c counts, _ store.YearReport) ([]string, [][]any) {
		head := []string{"Hình thức khen thưởng", "Mã số", "Tổng số", "Tập thể", "Cá nhân", "Trong đó: nữ", "Trong đó: lãnh đạo, quản lý"}
		var rows [][]any
		var sum [5]int64
		for _, t := range award.Catalogue() {
			if !slices.Contains(levels, t.Authority) {
				continue
			}
			all := c.total[year][store.MeasureAward][t.Code]
			person := c.total[year][store.MeasureAwardPerson][t.Code]
			women := c.total[year][store.MeasureAwardWomen][t.Code]
			leader := c.total[year][store.MeasureAwardLeader][t.Code]
			rows = append(rows, []any{t.Name, fmt.Sprintf("%02d", len(rows)+2), all, all - person, person, women, leader})
			for i, v := range []int64{all, all - person, person, women, leader} {
				sum[i] += v
			}
		}
		total := []any{"Tổng số", "01", sum[0], sum[1], sum[2], sum[3], sum[4]}
		return head, append([][]any{total}, rows...)
	}
}

func form0604(int, counts, store.YearReport) ([]string, [][]any) {
	return []string{"Cơ quan, tổ chức", "Mã số", "Số lượng", "Ghi chú"},
		[][]any{
			{"Hội đồng Thi đua - Khen thưởng " + reportingUnit, "01", 1, ""},
			{"Bộ phận thường trực (Văn phòng Sở)", "02", 1, "làm công tác thi đua, khen thưởng kiêm nhiệm"},
		}
}

func form0605(_ int, _ counts, rep store.YearReport) ([]string, [][]any) {
	s := rep.Staff
	return []string{"Đối tượng", "Mã số", "Tổng số", "Chuyên trách", "Kiêm nhiệm", "Trong đó: nữ"},
		[][]any{
			{"Người làm công tác thi đua, khen thưởng tại Văn phòng Sở", "01", s.Office, 0, s.Office, s.OfficeWomen},
			{"Thành viên Hội đồng Thi đua - Khen thưởng", "02", s.Council, 0, s.Council, ""},
		}
}

func formInternal(year int, c counts, _ store.YearReport) ([]string, [][]any) {
	all := c.sum(year, store.MeasureAward, nil)
	person := c.sum(year, store.MeasureAwardPerson, nil)
	women := c.sum(year, store.MeasureAwardWomen, nil)
	leader := c.sum(year, store.MeasureAwardLeader, nil)
	return []string{"Đối tượng", "Mã số", "Số lượt khen thưởng", "Tỷ lệ", "Căn cứ tỷ lệ"},
		[][]any{
			{"Tổng số lượt khen thưởng", "01", all, "", ""},
			{"Khen thưởng cá nhân", "02", person, report.Percent(person, all), "trên tổng số"},
			{"Cá nhân là công chức, người lao động trực tiếp thực hiện nhiệm vụ", "03", person - leader, report.Percent(person-leader, person), "trên số lượt khen cá nhân"},
			{"Cá nhân giữ chức vụ lãnh đạo, quản lý", "04", leader, report.Percent(leader, person), "trên số lượt khen cá nhân"},
			{"Cá nhân là nữ", "05", women, report.Percent(women, person), "trên số lượt khen cá nhân"},
			{"Khen thưởng tập thể", "06", all - person, report.Percent(all-person, all), "trên tổng số"},
		}
}

// reportsForm downloads one statistical form of a year as .xlsx.
func (srv *Server) reportsForm(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	key := r.PathValue("form")
	for _, f := range statForms {
		if f.key != key {
			continue
		}
		st, err := srv.store.Settings(r.Context())
		if err != nil {
			return err
		}
		rep, err := srv.store.YearReport(r.Context(), []int{year}, appraisalDays(st))
		if err != nil {
			return err
		}
		b, err := statWorkbook(f, year, rep)
		if err != nil {
			return err
		}
		return serveXLSX(w, fmt.Sprintf("bieu-%s-nam-%d.xlsx", f.key, year), b)
	}
	return errNotFoundPage
}

// statWorkbook lays a form out as the sector's forms are: the form code and
// legal basis at the top left, reporting and receiving units at the top
// right, the title and period in the middle, the table with its column
// numbering row (A, B, 1, 2, …), and the signature blocks.
func statWorkbook(f statForm, year int, rep store.YearReport) ([]byte, error) {
	head, rows := f.table(year, indexCounts(rep), rep)
	x := excelize.NewFile()
	defer x.Close()
	sheet := "Biểu " + f.key
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	last, _ := excelize.ColumnNumberToName(max(len(head), 4))
	mid := "C"
	bold, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	center, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}, Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}})
	if err != nil {
		return nil, err
	}
	italicCenter, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	if err != nil {
		return nil, err
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	headStyle, err := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	if err != nil {
		return nil, err
	}
	cellStyle, err := x.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return nil, err
	}
	set := func(cell string, v any, style int) error {
		if err := x.SetCellValue(sheet, cell, v); err != nil {
			return err
		}
		if style != 0 {
			return x.SetCellStyle(sheet, cell, cell, style)
		}
		return nil
	}
	top := []struct {
		cell  string
		v     string
		style int
	}{
		{"A1", "Biểu số: " + f.code, bold},
		{"A2", "Ban hành kèm theo Thông tư số 02/2023/TT-BNV của Bộ trưởng Bộ Nội vụ", 0},
		{"A3", "Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo", 0},
		{last + "1", "Đơn vị báo cáo: " + reportingUnit, 0},
		{last + "2", "Đơn vị nhận báo cáo: " + receivingUnit, 0},
	}
	for _, t := range top {
		if err := set(t.cell, t.v, t.style); err != nil {
			return nil, err
		}
	}
	if err := x.MergeCell(sheet, mid+"5", last+"5"); err != nil {
		return nil, err
	}
	if err := set(mid+"5", strings.ToUpper(f.title), center); err != nil {
		return nil, err
	}
	if err := x.MergeCell(sheet, mid+"6", last+"6"); err != nil {
		return nil, err
	}
	if err := set(mid+"6", fmt.Sprintf("Năm %d (số liệu từ ngày 01/01/%d đến ngày 31/12/%d)", year, year, year), italicCenter); err != nil {
		return nil, err
	}
	const headRow = 8
	for i, h := range head {
		cell, _ := excelize.CoordinatesToCellName(i+1, headRow)
		if err := set(cell, h, headStyle); err != nil {
			return nil, err
		}
		num := []string{"A", "B"}
		label := fmt.Sprint(i - 1)
		if i < 2 {
			label = num[i]
		}
		cell, _ = excelize.CoordinatesToCellName(i+1, headRow+1)
		if err := set(cell, label, headStyle); err != nil {
			return nil, err
		}
	}
	for r, row := range rows {
		for i, v := range row {
			cell, _ := excelize.CoordinatesToCellName(i+1, headRow+2+r)
			if err := set(cell, v, cellStyle); err != nil {
				return nil, err
			}
		}
	}
	sig := headRow + 2 + len(rows) + 2
	cell := func(col string, row int) string { return fmt.Sprintf("%s%d", col, row) }
	for _, s := range []struct {
		c     string
		row   int
		v     string
		style int
	}{
		{last, sig, "Tây Ninh, ngày … tháng … năm …", italicCenter},
		{"A", sig + 1, "NGƯỜI LẬP BIỂU", bold},
		{mid, sig + 1, "NGƯỜI KIỂM TRA BIỂU", bold},
		{last, sig + 1, "THỦ TRƯỞNG ĐƠN VỊ", bold},
		{"A", sig + 2, "(Ký, ghi rõ họ tên)", 0},
		{mid, sig + 2, "(Ký, ghi rõ họ tên)", 0},
		{last, sig + 2, "(Ký, đóng dấu, ghi rõ họ tên)", 0},
	} {
		if err := set(cell(s.c, s.row), s.v, s.style); err != nil {
			return nil, err
		}
	}
	if err := x.SetColWidth(sheet, "A", "A", 48); err != nil {
		return nil, err
	}
	if err := x.SetColWidth(sheet, "B", "B", 8); err != nil {
		return nil, err
	}
	if err := x.SetColWidth(sheet, "C", last, 16); err != nil {
		return nil, err
	}
	if err := x.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("landscape")}); err != nil { // 9: A4
		return nil, err
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func intPtr(n int) *int       { return &n }
func strPtr(s string) *string { return &s }
