package award

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

var cstdcsType, _ = Lookup(CSTDCoSo)

// Outcome is the engine's verdict on a subject for an award.
type Outcome string

// Outcomes.
const (
	Eligible    Outcome = "eligible"
	NotEligible Outcome = "not_eligible"
	OnHold      Outcome = "on_hold" // R18: tạm dừng xét, not a rejection
)

// Label is the Vietnamese name of the outcome.
func (o Outcome) Label() string {
	switch o {
	case Eligible:
		return "Đủ điều kiện"
	case OnHold:
		return "Tạm dừng xét"
	}
	return "Chưa đủ điều kiện"
}

// Check is one itemised test of a verdict.
type Check struct {
	Rule    string // R1 … R18
	Passed  bool
	Manual  bool // a criterion the engine cannot judge: the office checks it
	Text    string
	Article string
}

// Verdict is the result of Evaluate.
type Verdict struct {
	Outcome Outcome
	Award   string // award code
	Year    int
	RuleSet string // rule set code (R32)
	Checks  []Check
}

// Reasons are the texts of the failed checks; for an eligible verdict, the
// decisive check (the first passed check of the award's own rule).
func (v Verdict) Reasons() []string {
	var out []string
	for _, c := range v.Checks {
		if !c.Passed && !c.Manual {
			out = append(out, c.Text)
		}
	}
	if len(out) > 0 {
		return out
	}
	t, _ := Lookup(v.Award)
	last := ""
	for _, c := range v.Checks {
		if c.Passed && !c.Manual && c.Rule != "R18" {
			if c.Rule == t.Rule {
				return []string{c.Text}
			}
			last = c.Text
		}
	}
	if last != "" {
		return []string{last}
	}
	return nil
}

// RuleSetName names the decree the verdict was made under ("Nghị định
// 152/2025/NĐ-CP"), or "" for an unknown rule set code.
func (v Verdict) RuleSetName() string {
	rs, _ := RulesByCode(v.RuleSet)
	return rs.Name
}

// Summary is the reasons joined into one line.
func (v Verdict) Summary() string { return strings.Join(v.Reasons(), "; ") }

const (
	lawArt5 = "Điểm c khoản 2 Điều 5 Luật TĐKT 2022"
	// recruitArticle: the "recruited less than 6 months" rule; whether TT
	// 15/2025/TT-BNV keeps it is unconfirmed, hence a setting.
	recruitArticle = "Điểm d khoản 5 Điều 1 TT 01/2024/TT-BNV (thiết lập của Sở)"
)

type eval struct {
	rules  RuleSet
	h      History
	t      AwardType
	year   int
	floor  int // first year whose achievements count (after discipline, R18)
	checks []Check
	hold   bool
	fail   bool
	// nowCSTD caches whether the review year meets CSTĐ cơ sở (0 unknown, 1 yes, 2 no).
	nowCSTD int8
}

func (e *eval) add(rule string, ok bool, article, format string, args ...any) {
	e.checks = append(e.checks, Check{Rule: rule, Passed: ok, Text: fmt.Sprintf(format, args...), Article: article})
	if !ok {
		e.fail = true
	}
}

func (e *eval) manual(rule, article, text string) {
	e.checks = append(e.checks, Check{Rule: rule, Passed: true, Manual: true, Text: text, Article: article})
}

func date(t time.Time) string { return t.Format("02/01/2006") }

// Evaluate decides whether the subject of h qualifies for award type t in the
// review year, under the rule set in force (R1–R18). It is pure: the same
// inputs give the same verdict.
func Evaluate(rules RuleSet, h History, t AwardType, year int) Verdict {
	e := &eval{rules: rules, h: h, t: t, year: year}
	e.run()
	v := Verdict{Outcome: Eligible, Award: t.Code, Year: year, RuleSet: rules.Code, Checks: e.checks}
	switch {
	case e.hold:
		v.Outcome = OnHold
	case e.fail:
		v.Outcome = NotEligible
	}
	return v
}

func (e *eval) run() {
	if e.h.Subject != e.t.Subject {
		if e.t.Subject == Collective {
			e.add("", false, e.t.Article, "%s chỉ xét cho tập thể", e.t.Name)
		} else {
			e.add("", false, e.t.Article, "%s chỉ xét cho cá nhân", e.t.Name)
		}
		return
	}
	e.holds()
	e.once()
	switch e.t.Code {
	case LDTT:
		e.ldtt()
	case CSTDCoSo:
		e.cstdcs()
	case CSTDTinh:
		e.cstdTinh()
	case CSTDToanQuoc:
		e.cstdToanQuoc()
	case TapTheLDTT:
		e.tapTheLDTT()
	case TapTheLDXS:
		e.tapTheLDXS()
	case BangKhenTinh, BangKhenBo:
		e.bangKhen()
	case TapTheBKTinh, TapTheBKBo:
		e.bangKhenTapThe()
	case BangKhenTTg:
		e.afterAward([]string{BangKhenTinh, BangKhenBo}, "R10", false)
	case HuanChuongLDBa:
		e.afterAward([]string{BangKhenTTg}, "R11", true)
	case KyNiemChuongTC:
		e.kyNiemChuong()
	case GiayKhen, TapTheGiayKhen:
		e.giayKhen()
	default:
		e.collectiveHigh()
	}
}

// holds: an open case puts the nominee on hold (R18); a finished discipline
// moves the start of every window to after its end.
func (e *eval) holds() {
	open := false
	for _, c := range e.h.Cases {
		if c.Open() {
			open = true
			e.hold = true
			e.checks = append(e.checks, Check{Rule: "R18", Passed: false, Article: e.rules.HoldArticle,
				Text: fmt.Sprintf("Đang %s (từ %s): tạm dừng xét, chưa kết luận không đủ điều kiện",
					strings.ToLower(c.Kind.Label()), date(c.OpenedOn))})
			continue
		}
		if c.Level == "" {
			continue
		}
		end := c.EndsOn
		if end.IsZero() {
			end = c.ClosedOn
		}
		if f := end.Year() + 1; f > e.floor {
			e.floor = f
		}
	}
	if !open {
		e.add("R18", true, e.rules.HoldArticle, "Không có vụ việc kỷ luật, thanh tra, khiếu nại đang xem xét")
	}
	if e.floor > 0 {
		for _, c := range e.h.Cases {
			if !c.Open() && c.Level != "" {
				end := c.EndsOn
				if end.IsZero() {
					end = c.ClosedOn
				}
				if end.Year()+1 == e.floor {
					e.add("R18", e.floor <= e.year, e.rules.HoldArticle,
						"Bị kỷ luật %s, hết thời hạn ngày %s: thành tích chỉ được tính từ năm %d",
						strings.ToLower(c.Level.Label()), date(end), e.floor)
					break
				}
			}
		}
	}
}

// once: one achievement is rewarded only once (R14).
func (e *eval) once() {
	for _, a := range e.h.Awards {
		if a.Code == e.t.Code && a.Year == e.year {
			no := ""
			if a.DecisionNo != "" {
				no = " (Quyết định số " + a.DecisionNo + ")"
			}
			e.add("R14", false, lawArt5, "Thành tích năm %d đã được tặng %s%s", e.year, e.t.Name, no)
			return
		}
	}
}

func (e *eval) counts(y int) bool { return y >= e.floor }

// workedMonths counts months from recruitment to the end of the year,
// excluding leave that does not count as working time (R2).
func (e *eval) workedMonths() (months int, counted, deducted int) {
	end := time.Date(e.year, 12, 31, 0, 0, 0, 0, time.UTC)
	start := e.h.RecruitedOn
	days := int(end.Sub(start).Hours()/24) + 1
	for _, l := range e.h.Leaves {
		from, to := l.From, l.To
		if from.Before(start) {
			from = start
		}
		if to.After(end) {
			to = end
		}
		if to.Before(from) {
			continue
		}
		n := int(to.Sub(from).Hours()/24) + 1
		if l.Counts() {
			counted += n
		} else {
			deducted += n
			days -= n
		}
	}
	return int(math.Floor(float64(days) / 30.44)), counted, deducted
}

func (e *eval) ratingAtLeast(min Rating, rule, article string) bool {
	r := e.h.Rating(e.year)
	ok := r.AtLeast(min)
	if r == "" {
		e.add(rule, false, article, "Năm %d chưa có kết quả xếp loại", e.year)
	} else {
		e.add(rule, ok, article, "Xếp loại năm %d: %s (yêu cầu %s trở lên)", e.year, r.Label(), strings.ToLower(min.Label()))
	}
	return ok
}

// ldtt: R1, R2.
func (e *eval) ldtt() bool {
	const art = "Khoản 1 Điều 24 Luật TĐKT 2022"
	ok := e.ratingAtLeast(HTT, "R1", art)
	if !e.counts(e.year) {
		ok = false
	}
	min := e.rules.Settings.MinMonthsRecruited
	if min > 0 && !e.h.RecruitedOn.IsZero() {
		m, counted, deducted := e.workedMonths()
		rule, article, note := "R1", recruitArticle, ""
		if counted > 0 || deducted > 0 {
			rule, article = "R2", e.rules.LeaveArticle+"; "+recruitArticle
			if counted > 0 {
				note += fmt.Sprintf("; %d ngày nghỉ thai sản, điều trị thương tích được tính là thời gian công tác", counted)
			}
			if deducted > 0 {
				note += fmt.Sprintf("; trừ %d ngày nghỉ không được tính", deducted)
			}
		}
		pass := m >= min
		e.add(rule, pass, article, "Thời gian công tác tính đến 31/12/%d: %d tháng (tối thiểu %d tháng, tuyển dụng ngày %s)%s",
			e.year, max(m, 0), min, date(e.h.RecruitedOn), note)
		ok = ok && pass
	}
	e.manual("R1", art, "Tự lực, đoàn kết, tích cực tham gia phong trào thi đua: đơn vị xác nhận")
	return ok
}

// baseInitiative finds an unused cơ-sở-or-wider initiative or research
// recognised in the year.
func (e *eval) initiativesIn(from, to int, scope Scope) (usable, used []Initiative) {
	for _, in := range e.h.Initiatives {
		y := in.RecognisedOn.Year()
		if y < from || y > to || !in.Scope.AtLeast(scope) || !e.counts(y) {
			continue
		}
		if in.UsedAsGrounds {
			used = append(used, in)
		} else {
			usable = append(usable, in)
		}
	}
	return usable, used
}

// cstdcs: R3 = R1 ∧ (HTXS ∨ initiative ∨ research).
func (e *eval) cstdcs() bool {
	ok := e.ldtt()
	const art = "Điều 23 Luật TĐKT 2022"
	if e.h.Rating(e.year) == HTXS {
		e.add("R3", true, art, "Hoàn thành xuất sắc nhiệm vụ năm %d", e.year)
		return ok
	}
	usable, used := e.initiativesIn(e.year, e.year, ScopeBase)
	switch {
	case len(usable) > 0:
		e.add("R3", true, art, "Có sáng kiến, đề tài được công nhận năm %d: %s", e.year, usable[0].Title)
	case len(used) > 0:
		e.add("R15", false, "Điểm c mục III.5 CV 5007/BNV-TĐKT", "Sáng kiến \"%s\" đã được dùng làm căn cứ khen thưởng, không được tính lại; năm %d không hoàn thành xuất sắc nhiệm vụ", used[0].Title, e.year)
		ok = false
	default:
		e.add("R3", false, art, "Năm %d không hoàn thành xuất sắc nhiệm vụ và không có sáng kiến, đề tài được công nhận", e.year)
		ok = false
	}
	return ok
}

// titleIn reports whether the subject holds code in year y, or (for the
// review year of CSTĐ cơ sở) meets its criteria now.
func (e *eval) titleIn(code string, y int) (bool, string) {
	if !e.counts(y) {
		return false, ""
	}
	if _, ok := e.h.has(code, y, true); ok {
		return true, ""
	}
	if code == CSTDCoSo && y == e.year {
		if e.nowCSTD == 0 {
			e.nowCSTD = 2
			if Evaluate(e.rules, e.h, cstdcsType, y).Outcome == Eligible {
				e.nowCSTD = 1
			}
		}
		if e.nowCSTD == 1 {
			return true, " (năm " + strconv.Itoa(y) + " đủ điều kiện, chưa có quyết định)"
		}
	}
	return false, ""
}

// streak counts consecutive years ending at end for which ok holds (R12).
func streak(end, floor int, ok func(y int) bool) int {
	n := 0
	for y := end; y >= floor && y > end-60 && ok(y); y-- {
		n++
	}
	return n
}

func yearsText(end, n int) string {
	if n <= 1 {
		return fmt.Sprint(end)
	}
	return fmt.Sprintf("%d–%d", end-n+1, end)
}

// cstdStreak is the CSTĐ cơ sở streak ending in the review year (R12).
func (e *eval) cstdStreak() (int, string) {
	note := ""
	n := streak(e.year, e.floor, func(y int) bool {
		ok, s := e.titleIn(CSTDCoSo, y)
		if s != "" {
			note = s
		}
		return ok
	})
	return n, note
}

// cstdTinh: R5.
func (e *eval) cstdTinh() {
	const art = "Điều 22 Luật TĐKT 2022"
	n, note := e.cstdStreak()
	if n >= 3 {
		e.add("R5", true, art, "Đạt Chiến sĩ thi đua cơ sở 3 năm liên tục %s%s", yearsText(e.year, 3), note)
	} else {
		e.add("R12", false, art, "Chưa đạt Chiến sĩ thi đua cơ sở 3 năm liên tục đến năm %d (chuỗi liên tục hiện có: %d năm)", e.year, n)
	}
	e.scopeInitiative(ScopeProvince, "R5", art, e.year-2)
}

func (e *eval) scopeInitiative(scope Scope, rule, art string, from int) {
	usable, used := e.initiativesIn(from, e.year, scope)
	switch {
	case len(usable) > 0:
		e.add(rule, true, art, "Sáng kiến, đề tài \"%s\" được công nhận phạm vi %s", usable[0].Title, strings.ToLower(usable[0].Scope.Label()))
	case len(used) > 0:
		e.add("R15", false, "Điểm c mục III.5 CV 5007/BNV-TĐKT", "Sáng kiến \"%s\" đã được dùng làm căn cứ khen thưởng, không được tính lại", used[0].Title)
	default:
		e.add(rule, false, art, "Chưa có sáng kiến, đề tài được công nhận phạm vi %s từ năm %d", strings.ToLower(scope.Label()), from)
	}
}

// cstdToanQuoc: R6.
func (e *eval) cstdToanQuoc() {
	const art = "Điều 21 Luật TĐKT 2022"
	found := 0
	for y := e.year; y > e.year-10 && found == 0; y-- {
		a, _ := e.titleIn(CSTDTinh, y)
		b, _ := e.titleIn(CSTDTinh, y-1)
		if a && b {
			found = y
		}
	}
	if found > 0 {
		e.add("R6", true, art, "Đạt Chiến sĩ thi đua cấp tỉnh 2 lần liên tục %d–%d", found-1, found)
	} else {
		e.add("R12", false, art, "Chưa đạt Chiến sĩ thi đua cấp tỉnh 2 lần liên tục")
	}
	e.scopeInitiative(ScopeNational, "R6", art, e.year-5)
}

func (e *eval) members() (MemberStats, bool) {
	m, ok := e.h.Members[e.year]
	if !ok || m.Total == 0 {
		e.add("", false, e.t.Article, "Tập thể chưa có thành viên được xếp loại năm %d", e.year)
		return m, false
	}
	return m, true
}

func pct(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return float64(n) * 100 / float64(total)
}

// tapTheLDTT: R7.
func (e *eval) tapTheLDTT() {
	const art = "Điều 28 Luật TĐKT 2022"
	e.ratingAtLeast(HTT, "R7", art)
	m, ok := e.members()
	if !ok {
		return
	}
	need := e.rules.Settings.TTLDTTPct
	e.add("R7", pct(m.LDTT, m.Total) >= float64(need), art, "%d/%d thành viên đạt Lao động tiên tiến (%.0f%%, yêu cầu từ %d%%)",
		m.LDTT, m.Total, pct(m.LDTT, m.Total), need)
	e.add("R7", m.DisciplinedMin == 0, art, "%d thành viên bị kỷ luật từ hình thức cảnh cáo trở lên trong năm %d", m.DisciplinedMin, e.year)
}

// tapTheLDXS: R8.
func (e *eval) tapTheLDXS() {
	const art = "Điều 27 Luật TĐKT 2022"
	e.ratingAtLeast(HTXS, "R8", art)
	m, ok := e.members()
	if !ok {
		return
	}
	done := m.Rated[HTXS] + m.Rated[HTT] + m.Rated[HTNV]
	e.add("R8", done == m.Total, art, "%d/%d thành viên hoàn thành nhiệm vụ trở lên (yêu cầu 100%%)", done, m.Total)
	need := e.rules.Settings.TTLDXSPct
	e.add("R8", pct(m.LDTT, m.Total) >= float64(need), art, "%d/%d thành viên đạt Lao động tiên tiến (%.0f%%, yêu cầu từ %d%%)",
		m.LDTT, m.Total, pct(m.LDTT, m.Total), need)
	e.add("R8", m.CSTDCS >= 1, art, "%d thành viên đạt Chiến sĩ thi đua cơ sở (yêu cầu ít nhất 1)", m.CSTDCS)
}

// bangKhen: R9 (individual, point d), R15 (initiatives used once).
func (e *eval) bangKhen() {
	art := e.t.Article
	n, note := e.cstdStreak()
	if n >= 2 {
		e.add("R9", true, art, "Đạt Chiến sĩ thi đua cơ sở 2 năm liên tục %s%s", yearsText(e.year, 2), note)
		return
	}
	x := streak(e.year, e.floor, func(y int) bool { return e.h.Rating(y) == HTXS })
	if x < 2 {
		e.add("R12", false, art, "Chưa đạt Chiến sĩ thi đua cơ sở 2 năm liên tục, cũng chưa hoàn thành xuất sắc nhiệm vụ 2 năm liên tục đến năm %d", e.year)
		return
	}
	usable, used := e.initiativesIn(e.year-x+1, e.year, ScopeBase)
	if len(usable) >= 2 {
		e.add("R9", true, art, "Hoàn thành xuất sắc nhiệm vụ %d năm liên tục %s và có %d sáng kiến, đề tài chưa dùng làm căn cứ khen thưởng",
			x, yearsText(e.year, x), len(usable))
		return
	}
	if len(used) > 0 {
		e.add("R15", false, "Điểm c mục III.5 CV 5007/BNV-TĐKT; "+art,
			"Hoàn thành xuất sắc nhiệm vụ %s nhưng chỉ có %d sáng kiến chưa dùng; %d sáng kiến đã dùng làm căn cứ khen thưởng không được tính lại (cần 2)",
			yearsText(e.year, x), len(usable), len(used))
		return
	}
	e.add("R9", false, art, "Hoàn thành xuất sắc nhiệm vụ %s nhưng chỉ có %d sáng kiến, đề tài (cần 2)", yearsText(e.year, x), len(usable))
}

// bangKhenTapThe: collective BK, ≥2 consecutive years HTXS or TTLĐXS.
func (e *eval) bangKhenTapThe() {
	art := e.t.Article
	x := streak(e.year, e.floor, func(y int) bool {
		_, ok := e.h.has(TapTheLDXS, y, true)
		return e.h.Rating(y) == HTXS || ok
	})
	e.add("R9", x >= 2, art, "Hoàn thành xuất sắc nhiệm vụ hoặc đạt Tập thể lao động xuất sắc %d năm liên tục đến năm %d (yêu cầu 2)", x, e.year)
}

// afterAward: R10 (BK Thủ tướng after a BK bộ/tỉnh) and R11 (HCLĐ hạng Ba
// after a BK Thủ tướng): ≥5 consecutive years ≥ HTT after the award, with 3
// CSTĐ cơ sở (and one HTXS year for R11). Ad hoc and thematic awards are not
// grounds (R16); consecutive means no gap (R12).
func (e *eval) afterAward(prior []string, rule string, needHTXS bool) {
	art := e.t.Article
	var merit, other []AwardRecord
	for _, a := range e.h.Awards {
		for _, c := range prior {
			if a.Code == c && a.Year < e.year {
				if a.Kind.CountsAsGrounds() {
					merit = append(merit, a)
				} else {
					other = append(other, a)
				}
			}
		}
	}
	names := make([]string, len(prior))
	for i, c := range prior {
		names[i] = Name(c)
	}
	if len(merit) == 0 {
		if len(other) > 0 {
			e.add("R16", false, e.rules.GroundsArticle, "%s năm %d là khen thưởng %s, không được dùng làm căn cứ đề nghị khen thưởng công trạng",
				Name(other[0].Code), other[0].Year, strings.ToLower(other[0].Kind.Label()))
		} else {
			e.add("R17", false, art, "Chưa có %s (tiêu chuẩn bắt buộc theo Luật)", strings.Join(names, " hoặc "))
		}
		return
	}
	best := -1
	var bestMsg string
	var bestOK bool
	for i, a := range merit {
		ok, msg := e.window(a, needHTXS)
		if best < 0 || ok || a.Year > merit[best].Year && !bestOK {
			best, bestMsg, bestOK = i, msg, ok
		}
		if ok {
			break
		}
	}
	e.add(rule, bestOK, art, "%s", bestMsg)
}

func (e *eval) window(a AwardRecord, needHTXS bool) (bool, string) {
	from := max(a.Year+1, e.floor)
	head := fmt.Sprintf("Sau %s năm %d", Name(a.Code), a.Year)
	if e.year-from+1 < 5 {
		return false, fmt.Sprintf("%s: từ %d đến %d chưa đủ 5 năm", head, from, e.year)
	}
	htxs, cstd := 0, 0
	for y := from; y <= e.year; y++ {
		r := e.h.Rating(y)
		if r == "" {
			return false, fmt.Sprintf("%s: năm %d chưa có kết quả xếp loại, chuỗi năm liên tục bị gián đoạn", head, y)
		}
		if !r.AtLeast(HTT) {
			return false, fmt.Sprintf("%s: năm %d xếp loại %s, chuỗi năm liên tục bị gián đoạn", head, y, strings.ToLower(r.Label()))
		}
		if r == HTXS {
			htxs++
		}
		if ok, _ := e.titleIn(CSTDCoSo, y); ok {
			cstd++
		}
	}
	n := e.year - from + 1
	if cstd < 3 {
		return false, fmt.Sprintf("%s: %d năm liên tục %d–%d hoàn thành tốt nhiệm vụ trở lên nhưng chỉ %d lần Chiến sĩ thi đua cơ sở (cần 3)", head, n, from, e.year, cstd)
	}
	if needHTXS && htxs < 1 {
		return false, fmt.Sprintf("%s: %d năm liên tục %d–%d không có năm nào hoàn thành xuất sắc nhiệm vụ", head, n, from, e.year)
	}
	return true, fmt.Sprintf("%s: %d năm liên tục %d–%d hoàn thành tốt nhiệm vụ trở lên, %d lần Chiến sĩ thi đua cơ sở", head, n, from, e.year, cstd)
}

// kyNiemChuong: R13.
func (e *eval) kyNiemChuong() {
	art := e.t.Article
	for _, a := range e.h.Awards {
		if a.Code == KyNiemChuongTC && a.Year < e.year {
			e.add("R13", false, art, "Đã được tặng Kỷ niệm chương năm %d (chỉ tặng một lần)", a.Year)
			return
		}
	}
	if e.h.RecruitedOn.IsZero() {
		e.add("R13", false, art, "Chưa có ngày bắt đầu công tác trong ngành Tài chính")
		return
	}
	need := e.rules.Settings.KNCYearsMen
	if e.h.Female {
		need = e.rules.Settings.KNCYearsWomen
	}
	end := time.Date(e.year, 12, 31, 0, 0, 0, 0, time.UTC)
	years := end.Year() - e.h.RecruitedOn.Year()
	if end.YearDay() < e.h.RecruitedOn.YearDay() {
		years--
	}
	e.add("R13", years >= need, art, "Công tác trong ngành Tài chính %d năm tính đến 31/12/%d (yêu cầu %d năm)", years, e.year, need)
	for y := e.h.RecruitedOn.Year(); y <= e.year; y++ {
		if r, ok := e.h.Ratings[y]; ok && !r.AtLeast(HTT) {
			e.add("R13", false, art, "Năm %d xếp loại %s (yêu cầu hoàn thành tốt nhiệm vụ trở lên trong cả thời gian)", y, strings.ToLower(r.Label()))
			return
		}
	}
	e.add("R13", true, art, "Các năm đã xếp loại đều hoàn thành tốt nhiệm vụ trở lên")
}

// giayKhen: completes tasks well; the achievement itself is judged by people.
func (e *eval) giayKhen() {
	e.ratingAtLeast(HTT, "GK", e.t.Article)
	e.manual("GK", e.t.Article, "Có thành tích trong phong trào thi đua hoặc thành tích đột xuất: đơn vị nêu trong báo cáo thành tích")
}

// collectiveHigh: flags and the highest collective forms need an outstanding
// year and judgement the engine cannot make (bloc ranking, R42).
func (e *eval) collectiveHigh() {
	e.ratingAtLeast(HTXS, "", e.t.Article)
	if e.t.Code == CoThiDuaTinh {
		e.manual("R42", e.t.Article, "Dẫn đầu Khối, Cụm thi đua của tỉnh năm "+fmt.Sprint(e.year)+": theo kết quả suy tôn của Khối")
		return
	}
	e.manual("", e.t.Article, "Các tiêu chuẩn khác do Văn phòng Sở thẩm định")
}

// CapLimit is the most CSTĐ cơ sở a unit may propose under the optional
// local cap (R4): round(pct × LĐTT count); ok is false when no cap is set.
func CapLimit(s Settings, ldttCount int) (limit int, ok bool) {
	if s.LocalCapPct <= 0 {
		return 0, false
	}
	return int(math.Round(float64(s.LocalCapPct) * float64(ldttCount) / 100)), true
}

// CapCheck is the R4 check for a unit proposing n CSTĐ cơ sở.
func CapCheck(s Settings, ldttCount, n int) Check {
	limit, ok := CapLimit(s, ldttCount)
	if !ok {
		return Check{Rule: "R4", Passed: true, Article: "Điều 23 Luật TĐKT 2022",
			Text: "Không giới hạn số Chiến sĩ thi đua cơ sở (không có quy định bắt buộc)"}
	}
	return Check{Rule: "R4", Passed: n <= limit, Article: "Quy định của Sở (khoản 3 Điều 9 NĐ 91/2017/NĐ-CP trước đây)",
		Text: fmt.Sprintf("Đề nghị %d Chiến sĩ thi đua cơ sở; tối đa %d (%d%% của %d Lao động tiên tiến)", n, limit, s.LocalCapPct, ldttCount)}
}
