package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/auth"
	"tdkt/internal/award"
	"tdkt/internal/bloc"
	"tdkt/internal/campaign"
	"tdkt/internal/dossier"
	"tdkt/internal/report"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// reportReaders read the annual summary: leadership and the office.
var reportReaders = []auth.Role{auth.Leader, auth.Chair, auth.Office, auth.Admin}

var reportNav = []navItem{{"Báo cáo tổng kết", "/reports", reportReaders}}

// reportYears is how many years the summary shows side by side.
const reportYears = 5

func reportLink(y int) string { return "/reports/" + strconv.Itoa(y) }

// reportsCurrent opens the summary of the working year.
func (srv *Server) reportsCurrent(w http.ResponseWriter, r *http.Request) error {
	y, err := srv.workingYear(r.Context())
	if err != nil {
		return err
	}
	http.Redirect(w, r, reportLink(y), http.StatusSeeOther)
	return nil
}

// reportsYear is the annual summary of a year.
func (srv *Server) reportsYear(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	m, err := srv.yearReport(r.Context(), year, isOffice(r))
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Báo cáo tổng kết năm %d", year)
	return srv.render(w, r, http.StatusOK, view.YearReportPage(srv.page(r, title, view.Crumb{Label: title}), m))
}

// reportsXLSX downloads one table of the summary.
func (srv *Server) reportsXLSX(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	m, err := srv.yearReport(r.Context(), year, isOffice(r))
	if err != nil {
		return err
	}
	id := r.PathValue("table")
	for _, s := range m.Sections {
		for _, t := range s.Tables {
			if t.ID == id {
				b, err := reportWorkbook(year, t)
				if err != nil {
					return err
				}
				return serveXLSX(w, fmt.Sprintf("bao-cao-%d-%s.xlsx", year, id), b)
			}
		}
	}
	return errNotFoundPage
}

// reportsDossiers lists the dossiers behind a figure: a year's dossiers,
// by unit and state.
func (srv *Server) reportsDossiers(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.ReportDossierFilter{Year: year, State: q.Get("state")}
	if f.State != "" && !slices.Contains(dossier.States, dossier.State(f.State)) {
		return errNotFoundPage
	}
	if u := q.Get("unit"); u != "" {
		if f.UnitID, err = parseID(u); err != nil {
			return errNotFoundPage
		}
	}
	const limit = 500
	list, more, err := srv.store.ReportDossiers(r.Context(), f, limit)
	if err != nil {
		return err
	}
	m := view.ReportDossiers{Year: year, More: more, Back: reportLink(year) + "#dossiers"}
	m.Filter = "Tất cả đơn vị"
	if f.UnitID != 0 {
		m.Filter = "Một đơn vị"
		if len(list) > 0 {
			m.Filter = "Đơn vị: " + list[0].UnitName
		}
	}
	if f.State != "" {
		m.Filter += "; trạng thái: " + dossier.State(f.State).Label()
	}
	m.Filter += "."
	for _, d := range list {
		m.Rows = append(m.Rows, view.ReportDossierRow{ID: d.ID, Unit: d.UnitName, Round: d.RoundTitle, State: stateTag(d.State), Nominations: d.Nominations})
	}
	title := fmt.Sprintf("Hồ sơ năm %d", year)
	return srv.render(w, r, http.StatusOK, view.ReportDossiersPage(srv.page(r, title,
		view.Crumb{Label: fmt.Sprintf("Báo cáo tổng kết năm %d", year), Href: reportLink(year)}, view.Crumb{Label: title}), m))
}

// yearReport reads and lays out the summary of year.
func (srv *Server) yearReport(ctx context.Context, year int, office bool) (view.YearReport, error) {
	st, err := srv.store.Settings(ctx)
	if err != nil {
		return view.YearReport{}, err
	}
	rep, err := srv.store.YearReport(ctx, report.Years(year, reportYears), appraisalDays(st))
	if err != nil {
		return view.YearReport{}, err
	}
	blocs, err := srv.store.ReportBlocs(ctx, year)
	if err != nil {
		return view.YearReport{}, err
	}
	now := srv.today().Year()
	return buildYearReport(rep, blocs, st, office, now), nil
}

// appraisalDays is the appraisal time limit in working days (R29).
func appraisalDays(st award.Settings) int {
	if st.AppraisalDays <= 0 {
		return 20
	}
	return st.AppraisalDays
}

// counts indexes a report's counters.
type counts struct {
	total  map[int]map[string]map[string]int64   // year → measure → key → n
	detail map[string]map[int64]map[string]int64 // measure → unit → key → n (the report's year)
}

func indexCounts(rep store.YearReport) counts {
	c := counts{total: map[int]map[string]map[string]int64{}, detail: map[string]map[int64]map[string]int64{}}
	for _, x := range rep.Totals {
		if c.total[x.Year] == nil {
			c.total[x.Year] = map[string]map[string]int64{}
		}
		if c.total[x.Year][x.Measure] == nil {
			c.total[x.Year][x.Measure] = map[string]int64{}
		}
		c.total[x.Year][x.Measure][x.Key] += x.N
	}
	for _, x := range rep.Detail {
		if c.detail[x.Measure] == nil {
			c.detail[x.Measure] = map[int64]map[string]int64{}
		}
		if c.detail[x.Measure][x.UnitID] == nil {
			c.detail[x.Measure][x.UnitID] = map[string]int64{}
		}
		c.detail[x.Measure][x.UnitID][x.Key] += x.N
	}
	return c
}

// sum adds the counters of a measure in year, over the keys for which keep
// is true (every key when keep is nil).
func (c counts) sum(year int, measure string, keep func(string) bool) int64 {
	var n int64
	for k, v := range c.total[year][measure] {
		if keep == nil || keep(k) {
			n += v
		}
	}
	return n
}

// filed: dossiers handed in (not drafts, not withdrawn).
func filed(state string) bool {
	return state != string(dossier.Draft) && state != string(dossier.Withdrawn)
}

func num(n int64, href string) view.ReportCell {
	return view.ReportCell{Text: view.Number(n), Href: href, Numeric: true, Value: n}
}

func txt(s string) view.ReportCell { return view.ReportCell{Text: s} }

func pct(part, whole int64) view.ReportCell {
	return view.ReportCell{Text: report.Percent(part, whole), Numeric: true}
}

// reward is the reward money of n awards of code at today's base salary.
func reward(code string, n int64, st award.Settings) int64 {
	t, ok := award.Lookup(code)
	if !ok {
		return 0
	}
	return n * award.Reward(t.Coefficient, st.BaseSalary, st.RewardRoundUp)
}

// buildYearReport lays the summary out in sections of charts and tables.
func buildYearReport(rep store.YearReport, blocs []store.BlocYearView, st award.Settings, office bool, thisYear int) view.YearReport {
	year := rep.Year
	c := indexCounts(rep)
	base := reportLink(year)
	m := view.YearReport{Year: year}
	for y := max(thisYear, year); y >= min(year, thisYear)-reportYears && y >= 2000; y-- {
		if len(m.Picker) >= 8 {
			break
		}
		m.Picker = append(m.Picker, view.YearLink{Year: y, Href: reportLink(y), Current: y == year})
	}
	days := appraisalDays(st)
	xlsx := func(id string) string { return base + "/" + id + ".xlsx" }
	dossierHref := func(unit int64, state string) string {
		v := url.Values{}
		if unit != 0 {
			v.Set("unit", strconv.FormatInt(unit, 10))
		}
		if state != "" {
			v.Set("state", state)
		}
		if len(v) == 0 {
			return base + "/dossiers"
		}
		return base + "/dossiers?" + v.Encode()
	}
	unitName := map[int64]string{}
	for _, u := range rep.Units {
		unitName[u.ID] = u.Name
	}
	campaignsOf := func(y int) []store.ReportCampaign {
		var out []store.ReportCampaign
		for _, x := range rep.Campaigns {
			if x.Year == y {
				out = append(out, x)
			}
		}
		return out
	}
	appraisal := func(y int) (int64, int64) {
		d := map[int]int64{}
		for k, n := range c.total[y][store.MeasureAppraisalDays] {
			if wd, err := strconv.Atoi(k); err == nil {
				d[wd] += n
			}
		}
		return report.Appraisal(d, days)
	}
	money := func(y int) int64 {
		var total int64
		for code, n := range c.total[y][store.MeasureAward] {
			total += reward(code, n, st)
		}
		return total
	}

	// Year over year.
	type figure struct {
		label string
		value func(y int) int64
		href  string
	}
	figures := []figure{
		{"Phong trào thi đua đã phát động", func(y int) int64 { return int64(len(campaignsOf(y))) }, "/campaigns"},
		{"Lượt đơn vị đăng ký thi đua", func(y int) int64 {
			var n int64
			for _, x := range campaignsOf(y) {
				n += int64(x.UnitsPledged)
			}
			return n
		}, ""},
		{"Bản đăng ký được chấp nhận", func(y int) int64 {
			var n int64
			for _, x := range campaignsOf(y) {
				n += int64(x.Accepted)
			}
			return n
		}, ""},
		{"Lượt cá nhân đăng ký danh hiệu", func(y int) int64 {
			var n int64
			for _, x := range campaignsOf(y) {
				n += int64(x.PeoplePledged)
			}
			return n
		}, ""},
		{"Hồ sơ đề nghị đã nộp", func(y int) int64 { return c.sum(y, store.MeasureDossier, filed) }, ""},
		{"Đề nghị khen thưởng", func(y int) int64 { return c.sum(y, store.MeasureNomination, nil) }, ""},
		{"Lượt trả lại để bổ sung", func(y int) int64 { return c.sum(y, store.MeasureReturned, nil) }, ""},
		{"Thẩm định đúng hạn", func(y int) int64 { on, _ := appraisal(y); return on }, ""},
		{"Thẩm định quá hạn", func(y int) int64 { _, over := appraisal(y); return over }, ""},
		{"Khen thưởng (lượt)", func(y int) int64 { return c.sum(y, store.MeasureAward, nil) }, ""},
		{"trong đó cá nhân", func(y int) int64 { return c.sum(y, store.MeasureAwardPerson, nil) }, ""},
		{"trong đó tập thể", func(y int) int64 {
			return c.sum(y, store.MeasureAward, nil) - c.sum(y, store.MeasureAwardPerson, nil)
		}, ""},
		{"Tiền thưởng (đồng)", money, ""},
	}
	over := view.ReportTable{ID: "overview", Caption: "Số liệu chính qua các năm", Head: []string{"Chỉ tiêu"}, XLSX: xlsx("overview")}
	for _, y := range rep.Years {
		over.Head = append(over.Head, "Năm "+strconv.Itoa(y))
	}
	over.Head = append(over.Head, "So với năm trước")
	for i, f := range figures {
		row := view.ReportRow{Label: f.label}
		var prev, cur int64
		for j, y := range rep.Years {
			v := f.value(y)
			href := ""
			if y == year && i == 4 {
				href = dossierHref(0, "")
			}
			if y == year && f.href != "" {
				href = f.href
			}
			row.Cells = append(row.Cells, num(v, href))
			if j == len(rep.Years)-2 {
				prev = v
			}
			cur = v
		}
		d, rel := report.Change(prev, cur)
		if rel != "" {
			d += " (" + rel + ")"
		}
		row.Cells = append(row.Cells, view.ReportCell{Text: d, Numeric: true})
		over.Rows = append(over.Rows, row)
	}
	var labels []string
	for _, y := range rep.Years {
		labels = append(labels, strconv.Itoa(y))
	}
	series := func(name string, f func(int) int64) report.Series {
		s := report.Series{Name: name}
		for _, y := range rep.Years {
			s.Values = append(s.Values, f(y))
		}
		return s
	}
	trend := report.Chart{ID: "chart-overview", Kind: report.Lines, Title: "Hồ sơ, đề nghị và khen thưởng qua các năm",
		Labels: labels, Series: []report.Series{series("Hồ sơ đã nộp", figures[4].value), series("Đề nghị", figures[5].value),
			series("Khen thưởng", figures[9].value)}}
	trend.Summary = fmt.Sprintf("Năm %d: %s hồ sơ đã nộp, %s đề nghị, %s lượt khen thưởng.", year,
		view.Number(figures[4].value(year)), view.Number(figures[5].value(year)), view.Number(figures[9].value(year)))
	m.Sections = append(m.Sections, view.ReportSection{ID: "overview", Title: "Qua các năm",
		Intro: "Các năm liền kề đặt cạnh nhau; cột cuối so năm báo cáo với năm trước.",
		Chart: trend.SVG(), Tables: []view.ReportTable{over},
		Notes: []string{fmt.Sprintf("Thẩm định đúng hạn: trong %d ngày làm việc kể từ ngày nộp (lần nộp cuối). Tiền thưởng tính theo hệ số của từng hình thức và mức lương cơ sở hiện hành %s.",
			days, view.Money(st.BaseSalary))}})

	// Campaigns of the year.
	camp := view.ReportTable{ID: "campaigns", Caption: fmt.Sprintf("Phong trào thi đua năm %d", year),
		Head: []string{"Phong trào", "Trạng thái", "Đơn vị tham gia", "Đơn vị đã đăng ký", "Được chấp nhận", "Cá nhân đăng ký"}, XLSX: xlsx("campaigns")}
	cc := report.Chart{ID: "chart-campaigns", Kind: report.Bars, Title: fmt.Sprintf("Đăng ký thi đua theo phong trào năm %d", year),
		Series: []report.Series{{Name: "Đơn vị tham gia"}, {Name: "Đã đăng ký"}, {Name: "Được chấp nhận"}}}
	var units, pledged, accepted int64
	for _, x := range campaignsOf(year) {
		href := "/campaigns/" + strconv.FormatInt(x.ID, 10)
		camp.Rows = append(camp.Rows, view.ReportRow{Label: x.Name, Href: href, Cells: []view.ReportCell{txt(campaign.Status(x.Status).Label()),
			num(int64(x.Units), ""), num(int64(x.UnitsPledged), href), num(int64(x.Accepted), href), num(int64(x.PeoplePledged), "")}})
		cc.Labels = append(cc.Labels, x.Name)
		cc.Series[0].Values = append(cc.Series[0].Values, int64(x.Units))
		cc.Series[1].Values = append(cc.Series[1].Values, int64(x.UnitsPledged))
		cc.Series[2].Values = append(cc.Series[2].Values, int64(x.Accepted))
		units, pledged, accepted = units+int64(x.Units), pledged+int64(x.UnitsPledged), accepted+int64(x.Accepted)
	}
	cc.Summary = fmt.Sprintf("%d phong trào; %s lượt đơn vị tham gia, %s đã đăng ký, %s được chấp nhận.", len(camp.Rows),
		view.Number(units), view.Number(pledged), view.Number(accepted))
	sec := view.ReportSection{ID: "campaigns", Title: "Phong trào thi đua", Tables: []view.ReportTable{camp}}
	if len(camp.Rows) > 0 {
		sec.Chart = cc.SVG()
	}
	m.Sections = append(m.Sections, sec)

	// The pledge → result loop.
	loop := report.NewLoop(store.PledgeTitles)
	for _, l := range rep.Loop {
		for range l.N {
			loop.Add(l.Target, report.Classify(l.Awarded, l.Nomination))
		}
	}
	for _, t := range store.PledgeTitles {
		loop.SetUnpledged(t, int(c.total[year][store.MeasureAwardPerson][t]))
	}
	lt := view.ReportTable{ID: "loop", Caption: fmt.Sprintf("Đăng ký danh hiệu và kết quả năm %d (người)", year),
		Head: []string{"Danh hiệu", "Đã đăng ký"}, XLSX: xlsx("loop")}
	lc := report.Chart{ID: "chart-loop", Kind: report.Stacked, Title: "Kết quả của các đăng ký danh hiệu cá nhân"}
	for _, o := range report.Outcomes {
		lt.Head = append(lt.Head, o.Label())
		lc.Series = append(lc.Series, report.Series{Name: o.Label()})
	}
	for _, t := range store.PledgeTitles {
		row := view.ReportRow{Label: award.Name(t), Cells: []view.ReportCell{num(int64(loop.Pledged(t)), "")}}
		for i, o := range report.Outcomes {
			row.Cells = append(row.Cells, num(int64(loop.Counts[t][o]), ""))
			lc.Series[i].Values = append(lc.Series[i].Values, int64(loop.Counts[t][o]))
		}
		lt.Rows = append(lt.Rows, row)
		lc.Labels = append(lc.Labels, award.Name(t))
	}
	var pledgedAll int
	for _, t := range store.PledgeTitles {
		pledgedAll += loop.Pledged(t)
	}
	lc.Summary = fmt.Sprintf("%d lượt đăng ký danh hiệu; %d đạt, %d không đủ điều kiện, %d không được Hội đồng tán thành, %d không được đề nghị, %d đang xét; %d người đạt danh hiệu mà không đăng ký.",
		pledgedAll, loop.Total(report.Achieved), loop.Total(report.Ineligible), loop.Total(report.FailedVote), loop.Total(report.NotProposed),
		loop.Total(report.Pending), loop.Total(report.Unpledged))
	m.Sections = append(m.Sections, view.ReportSection{ID: "loop", Title: "Đăng ký thi đua và kết quả", Chart: lc.SVG(),
		Tables: []view.ReportTable{lt}, Intro: lc.Summary,
		Notes: []string{"“Đạt” là người đã có danh hiệu đăng ký trong quá trình khen thưởng của năm; các trường hợp chưa đạt được phân loại theo đề nghị gần nhất cho danh hiệu đó trong năm."}})

	// Dossiers and nominations by stage and by unit.
	var states []dossier.State
	for _, s := range dossier.States {
		if c.total[year][store.MeasureDossier][string(s)] != 0 {
			states = append(states, s)
		}
	}
	dt := view.ReportTable{ID: "dossiers", Caption: fmt.Sprintf("Hồ sơ đề nghị khen thưởng năm %d theo đơn vị và trạng thái", year),
		Head: []string{"Đơn vị"}, XLSX: xlsx("dossiers")}
	for _, s := range states {
		dt.Head = append(dt.Head, s.Label())
	}
	dt.Head = append(dt.Head, "Tổng số hồ sơ", "Số đề nghị", "Lượt trả lại bổ sung", "Thẩm định đúng hạn", "Thẩm định quá hạn")
	unitRow := func(label, href string, dossiers, noms, returned map[string]int64, on, late int64, unit int64, total bool) view.ReportRow {
		row := view.ReportRow{Label: label, Href: href, Total: total}
		var all int64
		for _, s := range states {
			n := dossiers[string(s)]
			all += n
			h := ""
			if n > 0 {
				h = dossierHref(unit, string(s))
			}
			row.Cells = append(row.Cells, num(n, h))
		}
		var nn, rr int64
		for _, n := range noms {
			nn += n
		}
		for _, n := range returned {
			rr += n
		}
		row.Cells = append(row.Cells, num(all, dossierHref(unit, "")), num(nn, ""), num(rr, ""), num(on, ""), num(late, ""))
		return row
	}
	for _, u := range rep.Units {
		ds := c.detail[store.MeasureDossier][u.ID]
		var n int64
		for _, v := range ds {
			n += v
		}
		if n == 0 {
			continue
		}
		ap := c.detail[store.MeasureAppraisal][u.ID]
		dt.Rows = append(dt.Rows, unitRow(u.Name, "", ds, c.detail[store.MeasureNomination][u.ID], c.detail[store.MeasureReturned][u.ID],
			ap["on_time"], ap["overdue"], u.ID, false))
	}
	if len(dt.Rows) > 0 {
		on, late := appraisal(year)
		dt.Rows = append(dt.Rows, unitRow("Cộng", "", c.total[year][store.MeasureDossier], c.total[year][store.MeasureNomination],
			c.total[year][store.MeasureReturned], on, late, 0, true))
	}
	nt := view.ReportTable{ID: "nominations", Caption: fmt.Sprintf("Đề nghị khen thưởng năm %d theo kết quả xét", year),
		Head: []string{"Kết quả", "Số đề nghị", "Tỷ lệ"}, XLSX: xlsx("nominations")}
	nomAll := c.sum(year, store.MeasureNomination, nil)
	for _, s := range dossier.NominationStates {
		if n := c.total[year][store.MeasureNomination][string(s)]; n != 0 {
			nt.Rows = append(nt.Rows, view.ReportRow{Label: s.Label(), Cells: []view.ReportCell{num(n, ""), pct(n, nomAll)}})
		}
	}
	dc := report.Chart{ID: "chart-dossiers", Kind: report.Bars, Title: fmt.Sprintf("Hồ sơ năm %d theo trạng thái", year),
		Series: []report.Series{{Name: "Số hồ sơ"}}}
	for _, s := range states {
		dc.Labels = append(dc.Labels, s.Label())
		dc.Series[0].Values = append(dc.Series[0].Values, c.total[year][store.MeasureDossier][string(s)])
	}
	on, late := appraisal(year)
	dc.Summary = fmt.Sprintf("%s hồ sơ; %s đề nghị; thẩm định đúng hạn %s, quá hạn %s; %s lượt trả lại để bổ sung.",
		view.Number(c.sum(year, store.MeasureDossier, nil)), view.Number(nomAll), view.Number(on), view.Number(late),
		view.Number(c.sum(year, store.MeasureReturned, nil)))
	sec = view.ReportSection{ID: "dossiers", Title: "Hồ sơ và đề nghị khen thưởng", Intro: dc.Summary, Tables: []view.ReportTable{dt, nt}}
	if len(states) > 0 {
		sec.Chart = dc.SVG()
	}
	m.Sections = append(m.Sections, sec)

	// Awards by type and unit, and their shares.
	var codes []string
	for _, t := range award.Catalogue() {
		if c.total[year][store.MeasureAward][t.Code] != 0 {
			codes = append(codes, t.Code)
		}
	}
	at := view.ReportTable{ID: "awards", Caption: fmt.Sprintf("Khen thưởng năm %d theo hình thức và đơn vị (lượt)", year),
		Head: []string{"Đơn vị"}, XLSX: xlsx("awards")}
	for _, code := range codes {
		at.Head = append(at.Head, award.Name(code))
	}
	at.Head = append(at.Head, "Cộng")
	for _, u := range rep.Units {
		aw := c.detail[store.MeasureAward][u.ID]
		if len(aw) == 0 {
			continue
		}
		row := view.ReportRow{Label: u.Name}
		if office && !u.External {
			row.Href = "/units/" + strconv.FormatInt(u.ID, 10) + "/history"
		}
		var n int64
		for _, code := range codes {
			row.Cells = append(row.Cells, num(aw[code], ""))
			n += aw[code]
		}
		if n == 0 {
			continue
		}
		row.Cells = append(row.Cells, num(n, ""))
		at.Rows = append(at.Rows, row)
	}
	if len(at.Rows) > 0 {
		row := view.ReportRow{Label: "Cộng", Total: true}
		for _, code := range codes {
			row.Cells = append(row.Cells, num(c.total[year][store.MeasureAward][code], ""))
		}
		row.Cells = append(row.Cells, num(c.sum(year, store.MeasureAward, nil), ""))
		at.Rows = append(at.Rows, row)
	}
	kt := view.ReportTable{ID: "award-kinds", Caption: fmt.Sprintf("Cơ cấu khen thưởng năm %d theo hình thức", year),
		Head: []string{"Hình thức", "Tổng số", "Cá nhân trực tiếp thực hiện nhiệm vụ", "Cá nhân giữ chức vụ lãnh đạo", "Nữ", "Tập thể", "Tiền thưởng (đồng)"},
		XLSX: xlsx("award-kinds")}
	ac := report.Chart{ID: "chart-awards", Kind: report.Stacked, Title: fmt.Sprintf("Khen thưởng năm %d: người trực tiếp, lãnh đạo và tập thể", year),
		Series: []report.Series{{Name: "Trực tiếp thực hiện nhiệm vụ"}, {Name: "Lãnh đạo"}, {Name: "Tập thể"}}}
	var tAll, tPerson, tLeader, tWomen, tMoney int64
	for _, code := range codes {
		all := c.total[year][store.MeasureAward][code]
		person := c.total[year][store.MeasureAwardPerson][code]
		leader := c.total[year][store.MeasureAwardLeader][code]
		women := c.total[year][store.MeasureAwardWomen][code]
		money := reward(code, all, st)
		kt.Rows = append(kt.Rows, view.ReportRow{Label: award.Name(code), Cells: []view.ReportCell{num(all, ""), num(person-leader, ""),
			num(leader, ""), num(women, ""), num(all-person, ""), num(money, "")}})
		ac.Labels = append(ac.Labels, award.Name(code))
		ac.Series[0].Values = append(ac.Series[0].Values, person-leader)
		ac.Series[1].Values = append(ac.Series[1].Values, leader)
		ac.Series[2].Values = append(ac.Series[2].Values, all-person)
		tAll, tPerson, tLeader, tWomen, tMoney = tAll+all, tPerson+person, tLeader+leader, tWomen+women, tMoney+money
	}
	if len(kt.Rows) > 0 {
		kt.Rows = append(kt.Rows, view.ReportRow{Label: "Cộng", Total: true, Cells: []view.ReportCell{num(tAll, ""), num(tPerson-tLeader, ""),
			num(tLeader, ""), num(tWomen, ""), num(tAll-tPerson, ""), num(tMoney, "")}})
	}
	sh := view.ReportTable{ID: "shares", Caption: fmt.Sprintf("Tỷ lệ khen thưởng năm %d", year),
		Head: []string{"Đối tượng", "Số lượt", "Tỷ lệ", "Căn cứ tỷ lệ"}, XLSX: xlsx("shares")}
	if tAll > 0 {
		sh.Rows = []view.ReportRow{
			{Label: "Công chức, người lao động trực tiếp thực hiện nhiệm vụ", Cells: []view.ReportCell{num(tPerson-tLeader, ""), pct(tPerson-tLeader, tPerson), txt("trên số lượt khen cá nhân")}},
			{Label: "Cá nhân giữ chức vụ lãnh đạo, quản lý", Cells: []view.ReportCell{num(tLeader, ""), pct(tLeader, tPerson), txt("trên số lượt khen cá nhân")}},
			{Label: "Nữ", Cells: []view.ReportCell{num(tWomen, ""), pct(tWomen, tPerson), txt("trên số lượt khen cá nhân")}},
			{Label: "Tập thể (phòng, đơn vị thuộc Sở)", Cells: []view.ReportCell{num(tAll-tPerson, ""), pct(tAll-tPerson, tAll), txt("trên tổng số lượt khen")}},
		}
	}
	ac.Summary = fmt.Sprintf("%s lượt khen thưởng: %s cá nhân trực tiếp thực hiện nhiệm vụ (%s số lượt khen cá nhân), %s lãnh đạo, %s nữ (%s), %s tập thể; tiền thưởng %s.",
		view.Number(tAll), view.Number(tPerson-tLeader), report.Percent(tPerson-tLeader, tPerson), view.Number(tLeader),
		view.Number(tWomen), report.Percent(tWomen, tPerson), view.Number(tAll-tPerson), view.Money(tMoney))
	sec = view.ReportSection{ID: "awards", Title: "Khen thưởng", Intro: ac.Summary, Tables: []view.ReportTable{sh, kt, at},
		Notes: []string{"Số liệu theo quá trình khen thưởng đã ghi nhận (quyết định của Sở, nhập tay hoặc nhập từ hệ thống cũ); đơn vị, giới tính và chức vụ lãnh đạo của cá nhân tính tại thời điểm ghi nhận."}}
	if len(codes) > 0 {
		sec.Chart = ac.SVG()
	}
	m.Sections = append(m.Sections, sec)

	// Blocs.
	bt := view.ReportTable{ID: "blocs", Caption: fmt.Sprintf("Khối, Cụm thi đua năm %d", year),
		Head: []string{"Khối, Cụm", "Loại", "Vai trò của Sở", "Xếp hạng của Sở", "Tổng điểm", "Đơn vị dẫn đầu", "Giai đoạn"}, XLSX: xlsx("blocs")}
	for _, v := range blocs {
		ranking := bloc.Rank(v.Year.Members, v.Year.Criteria, v.Scores)
		role, rank, total, leader := "Tổ chức (khối nội bộ)", "–", "–", "–"
		for _, s := range ranking {
			if s.Leading {
				leader = s.Name
				break
			}
		}
		if v.Bloc.Kind != bloc.Internal {
			role = "Không tham gia"
			for _, mb := range v.Year.Members {
				if mb.External {
					continue
				}
				role = mb.Role.Label()
				for _, s := range ranking {
					if s.MemberID == mb.ID {
						rank = fmt.Sprintf("%d/%d", s.Rank, len(ranking))
						total = s.Total.String()
					}
				}
				break
			}
		}
		bt.Rows = append(bt.Rows, view.ReportRow{Label: v.Bloc.Name, Href: fmt.Sprintf("/blocs/%d/%d", v.Bloc.ID, year),
			Cells: []view.ReportCell{txt(v.Bloc.Kind.Label()), txt(role), {Text: rank, Numeric: true}, {Text: total, Numeric: true},
				txt(leader), txt(v.Year.Phase.Label())}})
	}
	m.Sections = append(m.Sections, view.ReportSection{ID: "blocs", Title: "Khối, Cụm thi đua", Tables: []view.ReportTable{bt},
		Notes: []string{bloc.TieRule}})

	// The statistical forms of the year.
	ft := view.ReportTable{ID: "forms", Caption: fmt.Sprintf("Báo cáo thống kê năm %d (tải về dạng .xlsx)", year), Head: []string{"Biểu", "Mã biểu"}}
	for _, f := range statForms {
		ft.Rows = append(ft.Rows, view.ReportRow{Label: f.title, Href: fmt.Sprintf("%s/forms/%s.xlsx", base, f.key), Cells: []view.ReportCell{txt(f.code)}})
	}
	m.Sections = append(m.Sections, view.ReportSection{ID: "forms", Title: "Báo cáo thống kê", Tables: []view.ReportTable{ft},
		Intro: "Các biểu báo cáo thống kê ngành Nội vụ về thi đua, khen thưởng theo Thông tư 02/2023/TT-BNV (hạn gửi 15/12) và biểu nội bộ, điền sẵn số liệu của năm để Văn phòng kiểm tra, ký và gửi."})

	m.Cards = []view.Card{
		{Label: "hồ sơ đề nghị đã nộp", Value: view.Number(figures[4].value(year)), Href: "#dossiers"},
		{Label: "lượt khen thưởng", Value: view.Number(tAll), Href: "#awards"},
		{Label: "khen cá nhân trao cho người trực tiếp thực hiện nhiệm vụ", Value: report.Percent(tPerson-tLeader, tPerson), Href: "#awards"},
		{Label: "khen cá nhân trao cho nữ", Value: report.Percent(tWomen, tPerson), Href: "#awards"},
		{Label: "đăng ký danh hiệu đạt", Value: report.Percent(int64(loop.Total(report.Achieved)), int64(pledgedAll)), Href: "#loop",
			Note: fmt.Sprintf("%d/%d lượt đăng ký", loop.Total(report.Achieved), pledgedAll)},
	}
	return m
}

// reportWorkbook writes one summary table as a workbook: title, unit and
// period above the table, numbers as numbers.
func reportWorkbook(year int, t view.ReportTable) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Báo cáo"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetRow(sheet, "A1", &[]any{"Sở Tài chính tỉnh Tây Ninh"}); err != nil {
		return nil, err
	}
	if err := f.SetSheetRow(sheet, "A2", &[]any{t.Caption}); err != nil {
		return nil, err
	}
	if err := f.SetSheetRow(sheet, "A3", &[]any{fmt.Sprintf("Kỳ báo cáo: năm %d (từ 01/01/%d đến 31/12/%d)", year, year, year)}); err != nil {
		return nil, err
	}
	head := make([]any, len(t.Head))
	for i, h := range t.Head {
		head[i] = h
	}
	if err := f.SetSheetRow(sheet, "A5", &head); err != nil {
		return nil, err
	}
	end, _ := excelize.CoordinatesToCellName(len(head), 5)
	if err := f.SetCellStyle(sheet, "A2", "A2", bold); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sheet, "A5", end, bold); err != nil {
		return nil, err
	}
	for i, r := range t.Rows {
		row := []any{r.Label}
		for _, c := range r.Cells {
			if c.Value != nil {
				row = append(row, c.Value)
			} else {
				row = append(row, c.Text)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, 6+i)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 45); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// leaderCards are this year's figures at a glance on leadership's home,
// linking into the summary.
func (srv *Server) leaderCards(ctx context.Context) ([]view.Card, error) {
	year, err := srv.workingYear(ctx)
	if err != nil {
		return nil, err
	}
	st, err := srv.store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	days := appraisalDays(st)
	rep, err := srv.store.YearReport(ctx, []int{year}, days)
	if err != nil {
		return nil, err
	}
	cal, err := srv.store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	_, overdue, err := srv.store.DossierCounts(ctx, store.Scope{All: true},
		store.DossierFilter{States: []dossier.State{dossier.Submitted, dossier.Appraising}}, overdueBefore(cal, srv.today(), days))
	if err != nil {
		return nil, err
	}
	c := indexCounts(rep)
	var pledges, accepted int
	for _, x := range rep.Campaigns {
		pledges += x.UnitsPledged
		accepted += x.Accepted
	}
	base := reportLink(year)
	waiting := c.total[year][store.MeasureDossier][string(dossier.Appraised)] + c.total[year][store.MeasureDossier][string(dossier.InCouncil)]
	return []view.Card{
		{Label: fmt.Sprintf("bản đăng ký thi đua năm %d được chấp nhận", year), Value: view.Number(int64(accepted)), Href: base + "#campaigns",
			Note: fmt.Sprintf("trên %s bản đơn vị đã gửi", view.Number(int64(pledges)))},
		{Label: "hồ sơ chờ Hội đồng xét", Value: view.Number(waiting), Href: base + "/dossiers?state=" + string(dossier.Appraised)},
		{Label: "hồ sơ quá hạn thẩm định", Value: view.Number(int64(overdue)), Href: base + "#dossiers"},
		{Label: fmt.Sprintf("lượt khen thưởng năm %d", year), Value: view.Number(c.sum(year, store.MeasureAward, nil)), Href: base + "#awards"},
	}, nil
}
