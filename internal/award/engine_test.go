package award_test

import (
	"strings"
	"testing"
	"time"

	"tdkt/internal/award"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// person builds an individual history with ratings from a start year.
func person(start int, ratings ...award.Rating) award.History {
	h := award.History{Subject: award.Individual, ID: 1, Name: "Nguyễn Văn An", RecruitedOn: d(2010, 1, 1), Ratings: map[int]award.Rating{}}
	for i, r := range ratings {
		h.Ratings[start+i] = r
	}
	return h
}

func with(h award.History, f func(*award.History)) award.History {
	f(&h)
	return h
}

func titles(code string, years ...int) []award.AwardRecord {
	var out []award.AwardRecord
	for _, y := range years {
		out = append(out, award.AwardRecord{Year: y, Code: code, Kind: award.Merit})
	}
	return out
}

func collective(rating award.Rating, m award.MemberStats) award.History {
	return award.History{Subject: award.Collective, ID: 9, Name: "Phòng Quản lý ngân sách",
		Ratings: map[int]award.Rating{2025: rating}, Members: map[int]award.MemberStats{2025: m}}
}

const (
	X = award.HTXS
	T = award.HTT
	N = award.HTNV
	K = award.KHT
)

func TestEvaluate(t *testing.T) {
	rules := award.RulesFor(d(2025, 12, 15))
	initiative := func(title string, y int, scope award.Scope, used bool) award.Initiative {
		return award.Initiative{Title: title, Scope: scope, RecognisedOn: d(y, 6, 1), UsedAsGrounds: used}
	}
	tests := []struct {
		name  string
		rule  string // the rule whose check decides the case
		award string
		h     award.History
		year  int
		want  award.Outcome
	}{
		// R1 LĐTT: rating HTT or better, recruited ≥ 6 months.
		{"R1 HTT", "R1", award.LDTT, person(2025, T), 2025, award.Eligible},
		{"R1 HTNV", "R1", award.LDTT, person(2025, N), 2025, award.NotEligible},
		{"R1 not rated", "R1", award.LDTT, person(2024, T), 2025, award.NotEligible},
		{"R1 recruited 3 months", "R1", award.LDTT, with(person(2025, X), func(h *award.History) { h.RecruitedOn = d(2025, 10, 1) }), 2025, award.NotEligible},
		// R2 maternity counts as working time; unpaid leave does not.
		{"R2 maternity counts", "R2", award.LDTT, with(person(2025, T), func(h *award.History) {
			h.RecruitedOn = d(2025, 4, 1)
			h.Leaves = []award.Leave{{Kind: award.LeaveMaternity, From: d(2025, 5, 1), To: d(2025, 10, 31)}}
		}), 2025, award.Eligible},
		{"R2 unpaid leave deducted", "R2", award.LDTT, with(person(2025, T), func(h *award.History) {
			h.RecruitedOn = d(2025, 4, 1)
			h.Leaves = []award.Leave{{Kind: award.LeaveUnpaid, From: d(2025, 5, 1), To: d(2025, 10, 31)}}
		}), 2025, award.NotEligible},
		// R3 CSTĐ cơ sở: LĐTT and (HTXS or initiative or research).
		{"R3 HTXS", "R3", award.CSTDCoSo, person(2025, X), 2025, award.Eligible},
		{"R3 HTT with initiative", "R3", award.CSTDCoSo, with(person(2025, T), func(h *award.History) {
			h.Initiatives = []award.Initiative{initiative("Số hoá hồ sơ", 2025, award.ScopeBase, false)}
		}), 2025, award.Eligible},
		{"R3 HTT only", "R3", award.CSTDCoSo, person(2025, T), 2025, award.NotEligible},
		{"R3 HTNV with initiative", "R1", award.CSTDCoSo, with(person(2025, N), func(h *award.History) {
			h.Initiatives = []award.Initiative{initiative("Số hoá hồ sơ", 2025, award.ScopeBase, false)}
		}), 2025, award.NotEligible},
		// R5 CSTĐ tỉnh: 3 consecutive CSTĐ cơ sở + provincial-scope initiative.
		{"R5 three years", "R5", award.CSTDTinh, with(person(2023, X, X, X), func(h *award.History) {
			h.Awards = titles(award.CSTDCoSo, 2023, 2024)
			h.Initiatives = []award.Initiative{initiative("Phần mềm quyết toán", 2024, award.ScopeProvince, false)}
		}), 2025, award.Eligible},
		{"R5 base-scope initiative", "R5", award.CSTDTinh, with(person(2023, X, X, X), func(h *award.History) {
			h.Awards = titles(award.CSTDCoSo, 2023, 2024)
			h.Initiatives = []award.Initiative{initiative("Phần mềm quyết toán", 2024, award.ScopeBase, false)}
		}), 2025, award.NotEligible},
		// R6 CSTĐ toàn quốc: 2 consecutive CSTĐ tỉnh + national scope.
		{"R6 two in a row", "R6", award.CSTDToanQuoc, with(person(2024, X, X), func(h *award.History) {
			h.Awards = titles(award.CSTDTinh, 2021, 2022)
			h.Initiatives = []award.Initiative{initiative("Mô hình quản lý nợ công", 2023, award.ScopeNational, false)}
		}), 2025, award.Eligible},
		{"R6 not in a row", "R12", award.CSTDToanQuoc, with(person(2024, X, X), func(h *award.History) {
			h.Awards = titles(award.CSTDTinh, 2020, 2022)
			h.Initiatives = []award.Initiative{initiative("Mô hình quản lý nợ công", 2023, award.ScopeNational, false)}
		}), 2025, award.NotEligible},
		// R7 TTLĐTT: collective ≥ HTT, ≥70% LĐTT, nobody disciplined ≥ cảnh cáo.
		{"R7 70%", "R7", award.TapTheLDTT, collective(T, award.MemberStats{Total: 10, LDTT: 7}), 2025, award.Eligible},
		{"R7 60%", "R7", award.TapTheLDTT, collective(T, award.MemberStats{Total: 10, LDTT: 6}), 2025, award.NotEligible},
		{"R7 member warned", "R7", award.TapTheLDTT, collective(T, award.MemberStats{Total: 10, LDTT: 9, DisciplinedMin: 1}), 2025, award.NotEligible},
		// R8 TTLĐXS: HTXS, 100% ≥ HTNV, ≥70% LĐTT, ≥1 CSTĐ cơ sở.
		{"R8 all done", "R8", award.TapTheLDXS, collective(X, award.MemberStats{Total: 10, LDTT: 8, CSTDCS: 1,
			Rated: map[award.Rating]int{X: 2, T: 6, N: 2}}), 2025, award.Eligible},
		{"R8 one KHT", "R8", award.TapTheLDXS, collective(X, award.MemberStats{Total: 10, LDTT: 8, CSTDCS: 1,
			Rated: map[award.Rating]int{X: 2, T: 6, N: 1, K: 1}}), 2025, award.NotEligible},
		{"R8 no CSTĐ cơ sở", "R8", award.TapTheLDXS, collective(X, award.MemberStats{Total: 10, LDTT: 8,
			Rated: map[award.Rating]int{X: 2, T: 8}}), 2025, award.NotEligible},
		// R9 BK tỉnh: 2 consecutive CSTĐ cơ sở, or 2 HTXS years + 2 unused initiatives.
		{"R9 two CSTĐ cơ sở", "R9", award.BangKhenTinh, with(person(2024, X, X), func(h *award.History) {
			h.Awards = titles(award.CSTDCoSo, 2024)
		}), 2025, award.Eligible},
		{"R9 HTXS and two initiatives", "R9", award.BangKhenTinh, with(person(2024, X, X), func(h *award.History) {
			h.Initiatives = []award.Initiative{initiative("A", 2024, award.ScopeBase, false), initiative("B", 2025, award.ScopeBase, false)}
			// 2025 HTXS makes CSTĐ cơ sở 2025 eligible, but 2024 had none: the initiative branch decides.
		}), 2025, award.Eligible},
		{"R9 one year only", "R12", award.BangKhenTinh, person(2025, X), 2025, award.NotEligible},
		// R10 BK Thủ tướng: BK tỉnh, then ≥5 years ≥ HTT with 3 CSTĐ cơ sở.
		{"R10 five years", "R10", award.BangKhenTTg, with(person(2020, X, T, X, T, X, X), func(h *award.History) {
			h.Awards = append(titles(award.BangKhenTinh, 2020), titles(award.CSTDCoSo, 2021, 2023)...)
		}), 2025, award.Eligible},
		{"R10 four years", "R10", award.BangKhenTTg, with(person(2021, X, X, X, X, X), func(h *award.History) {
			h.Awards = append(titles(award.BangKhenTinh, 2021), titles(award.CSTDCoSo, 2022, 2023, 2024)...)
		}), 2025, award.NotEligible},
		// R11 HCLĐ hạng Ba: BK TTg, then ≥5 years ≥ HTT, ≥1 HTXS, 3 CSTĐ cơ sở.
		{"R11 ok", "R11", award.HuanChuongLDBa, with(person(2019, X, T, X, T, X, T, X), func(h *award.History) {
			h.Awards = append(titles(award.BangKhenTTg, 2019), titles(award.CSTDCoSo, 2020, 2022)...)
		}), 2025, award.Eligible},
		{"R11 two CSTĐ cơ sở", "R11", award.HuanChuongLDBa, with(person(2019, X, T, T, T, T, T, T), func(h *award.History) {
			h.Awards = append(titles(award.BangKhenTTg, 2019), titles(award.CSTDCoSo, 2020, 2022)...)
		}), 2025, award.NotEligible},
		// R12 a gap year breaks the streak.
		{"R12 unbroken", "R5", award.CSTDTinh, with(person(2023, X, X, X), func(h *award.History) {
			h.Awards = titles(award.CSTDCoSo, 2023, 2024)
			h.Initiatives = []award.Initiative{initiative("C", 2025, award.ScopeProvince, false)}
		}), 2025, award.Eligible},
		{"R12 gap in 2024", "R12", award.CSTDTinh, with(person(2022, X, X, T, X), func(h *award.History) {
			h.Awards = titles(award.CSTDCoSo, 2022, 2023)
			h.Initiatives = []award.Initiative{initiative("C", 2025, award.ScopeProvince, false)}
		}), 2025, award.NotEligible},
		{"R12 gap breaks R10 window", "R10", award.BangKhenTTg, with(person(2019, X, X, X, N, X, X, X), func(h *award.History) {
			h.Awards = append(titles(award.BangKhenTinh, 2019), titles(award.CSTDCoSo, 2020, 2021, 2023, 2024)...)
		}), 2025, award.NotEligible},
		// R13 Kỷ niệm chương: 20 years (men) / 15 (women), all ≥ HTT, once.
		{"R13 woman 15 years", "R13", award.KyNiemChuongTC, with(person(2020, T, T, T, T, T, T), func(h *award.History) {
			h.Female, h.RecruitedOn = true, d(2010, 1, 1)
		}), 2025, award.Eligible},
		{"R13 man 15 years", "R13", award.KyNiemChuongTC, person(2020, T, T, T, T, T, T), 2025, award.NotEligible},
		{"R13 already awarded", "R13", award.KyNiemChuongTC, with(person(2020, T), func(h *award.History) {
			h.RecruitedOn = d(1990, 1, 1)
			h.Awards = []award.AwardRecord{{Year: 2015, Code: award.KyNiemChuongTC, Kind: award.Merit}}
		}), 2025, award.NotEligible},
		// R14 one achievement, one award.
		{"R14 new", "R1", award.LDTT, with(person(2024, T, T), func(h *award.History) { h.Awards = titles(award.LDTT, 2024) }), 2025, award.Eligible},
		{"R14 already awarded this year", "R14", award.LDTT, with(person(2025, T), func(h *award.History) { h.Awards = titles(award.LDTT, 2025) }), 2025, award.NotEligible},
		// R15 an initiative counts once.
		{"R15 fresh initiative", "R3", award.CSTDCoSo, with(person(2025, T), func(h *award.History) {
			h.Initiatives = []award.Initiative{initiative("D", 2025, award.ScopeBase, false)}
		}), 2025, award.Eligible},
		{"R15 reused initiative for CSTĐ cơ sở", "R15", award.CSTDCoSo, with(person(2025, T), func(h *award.History) {
			h.Initiatives = []award.Initiative{initiative("D", 2025, award.ScopeBase, true)}
		}), 2025, award.NotEligible},
		{"R15 reused initiatives for BK", "R15", award.BangKhenTinh, with(person(2024, X, T), func(h *award.History) {
			h.Ratings[2025] = X
			h.Ratings[2023] = T
			h.Initiatives = []award.Initiative{initiative("A", 2024, award.ScopeBase, true), initiative("B", 2025, award.ScopeBase, false)}
			h.Awards = titles(award.CSTDCoSo, 2024)
			h.Awards[0].Year = 2023 // not consecutive with 2025's
		}), 2025, award.NotEligible},
		// R16 ad hoc / thematic awards are not grounds.
		{"R16 merit BK counts", "R10", award.BangKhenTTg, with(person(2020, X, X, X, X, X, X), func(h *award.History) {
			h.Awards = append(titles(award.BangKhenTinh, 2020), titles(award.CSTDCoSo, 2021, 2022, 2023)...)
		}), 2025, award.Eligible},
		{"R16 ad hoc BK does not count", "R16", award.BangKhenTTg, with(person(2020, X, X, X, X, X, X), func(h *award.History) {
			h.Awards = append([]award.AwardRecord{{Year: 2020, Code: award.BangKhenTinh, Kind: award.AdHoc}}, titles(award.CSTDCoSo, 2021, 2022, 2023)...)
		}), 2025, award.NotEligible},
		// R17 a lower form is not a prerequisite unless the Law says so.
		{"R17 BK tỉnh without Giấy khen", "R9", award.BangKhenTinh, with(person(2024, X, X), func(h *award.History) {
			h.Awards = titles(award.CSTDCoSo, 2024)
		}), 2025, award.Eligible},
		{"R17 BK TTg needs a BK (explicit in the Law)", "R17", award.BangKhenTTg, person(2019, X, X, X, X, X, X, X), 2025, award.NotEligible},
		// R18 open cases hold; closed discipline moves the window.
		{"R18 open case holds", "R18", award.LDTT, with(person(2025, X), func(h *award.History) {
			h.Cases = []award.Case{{Kind: award.CaseComplaint, OpenedOn: d(2025, 11, 1)}}
		}), 2025, award.OnHold},
		{"R18 closed clean", "R18", award.LDTT, with(person(2025, X), func(h *award.History) {
			h.Cases = []award.Case{{Kind: award.CaseComplaint, OpenedOn: d(2025, 3, 1), ClosedOn: d(2025, 4, 1)}}
		}), 2025, award.Eligible},
		{"R18 discipline ended 2024 resets the streak", "R12", award.CSTDTinh, with(person(2023, X, X, X), func(h *award.History) {
			h.Awards = titles(award.CSTDCoSo, 2023)
			h.Cases = []award.Case{{Kind: award.CaseDiscipline, OpenedOn: d(2024, 2, 1), ClosedOn: d(2024, 3, 1), Level: award.Reprimand, EndsOn: d(2024, 9, 1)}}
			h.Initiatives = []award.Initiative{initiative("E", 2025, award.ScopeProvince, false)}
		}), 2025, award.NotEligible},
		{"R18 discipline in force this year", "R18", award.LDTT, with(person(2025, T), func(h *award.History) {
			h.Cases = []award.Case{{Kind: award.CaseDiscipline, OpenedOn: d(2025, 2, 1), ClosedOn: d(2025, 3, 1), Level: award.Warning, EndsOn: d(2025, 9, 1)}}
		}), 2025, award.NotEligible},
		// Subjects must match.
		{"individual award for a unit", "", award.LDTT, collective(T, award.MemberStats{Total: 1, LDTT: 1}), 2025, award.NotEligible},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at, ok := award.Lookup(tc.award)
			if !ok {
				t.Fatalf("no award %s", tc.award)
			}
			v := award.Evaluate(rules, tc.h, at, tc.year)
			if v.Outcome != tc.want {
				t.Fatalf("Evaluate = %s; want %s\n%s", v.Outcome, tc.want, dump(v))
			}
			// The deciding rule appears among the checks, passed for an
			// eligible verdict and failed otherwise.
			found := false
			for _, c := range v.Checks {
				if c.Rule == tc.rule && (c.Passed == (tc.want == award.Eligible) || c.Manual) && !c.Manual {
					found = true
				}
				if c.Text == "" || (c.Article == "" && c.Rule != "") {
					t.Errorf("check without text or article: %+v", c)
				}
			}
			if !found {
				t.Errorf("no %s check with passed=%t\n%s", tc.rule, tc.want == award.Eligible, dump(v))
			}
		})
	}
}

func dump(v award.Verdict) string {
	var b strings.Builder
	for _, c := range v.Checks {
		b.WriteString("  ")
		b.WriteString(c.Rule)
		if c.Passed {
			b.WriteString(" ✓ ")
		} else {
			b.WriteString(" ✗ ")
		}
		b.WriteString(c.Text + " [" + c.Article + "]\n")
	}
	return b.String()
}

// R4: the optional local cap on CSTĐ cơ sở.
func TestCapCheck(t *testing.T) {
	s := award.DefaultSettings()
	if c := award.CapCheck(s, 10, 9); !c.Passed {
		t.Errorf("no cap: %+v; want passed", c)
	}
	s.LocalCapPct = 15
	if c := award.CapCheck(s, 20, 3); !c.Passed {
		t.Errorf("3 of 20 at 15%%: %+v; want passed", c)
	}
	if c := award.CapCheck(s, 20, 4); c.Passed || c.Rule != "R4" {
		t.Errorf("4 of 20 at 15%%: %+v; want failed R4", c)
	}
}

// R32: effective-dated rule sets.
func TestRulesFor(t *testing.T) {
	for _, tc := range []struct {
		day  time.Time
		want string
	}{
		{d(2024, 1, 1), "nd98_2023"}, {d(2025, 6, 30), "nd98_2023"}, {d(2025, 7, 1), "nd152_2025"}, {d(2026, 3, 1), "nd152_2025"},
	} {
		if got := award.RulesFor(tc.day).Code; got != tc.want {
			t.Errorf("RulesFor(%s) = %s; want %s", tc.day.Format("02/01/2006"), got, tc.want)
		}
	}
	v := award.Evaluate(award.RulesFor(d(2025, 3, 1)), with(person(2024, X), func(h *award.History) {
		h.Cases = []award.Case{{Kind: award.CaseInspection, OpenedOn: d(2025, 1, 1)}}
	}), mustLookup(t, award.LDTT), 2024)
	if v.RuleSet != "nd98_2023" || v.Outcome != award.OnHold || strings.Contains(v.Checks[0].Article, "152") {
		t.Errorf("2024 review under NĐ 98 = %+v", v)
	}
}

func mustLookup(t *testing.T, code string) award.AwardType {
	at, ok := award.Lookup(code)
	if !ok {
		t.Fatalf("no award %s", code)
	}
	return at
}

func TestReward(t *testing.T) {
	for _, tc := range []struct {
		coef float64
		want int64
	}{{0.3, 710_000}, {0.8, 1_880_000}, {0.6, 1_410_000}, {1.0, 2_340_000}, {1.5, 3_510_000}} {
		if got := award.Reward(tc.coef, 2_340_000, true); got != tc.want {
			t.Errorf("Reward(%g) = %d; want %d", tc.coef, got, tc.want)
		}
	}
	if got := award.Reward(0.3, 2_340_000, false); got != 702_000 {
		t.Errorf("Reward(0.3, no rounding) = %d; want 702000", got)
	}
}

func TestSettingsParse(t *testing.T) {
	s := award.ParseSettings(map[string]string{"ttldtt_pct": "80", "registration_required": "false", "appraisal_days": "x", "nope": "1"})
	if s.TTLDTTPct != 80 || s.RegistrationRequired || s.AppraisalDays != 20 {
		t.Errorf("ParseSettings = %+v", s)
	}
	def, _ := award.LookupSetting("ttldtt_pct")
	if _, msg := def.Parse("150"); msg == "" {
		t.Error("Parse(150%) accepted")
	}
	for _, def := range award.SettingDefs() {
		if _, msg := def.Parse(def.Default); msg != "" {
			t.Errorf("default of %s rejected: %s", def.Key, msg)
		}
	}
}

func TestCatalogue(t *testing.T) {
	seen := map[string]bool{}
	for _, at := range award.Catalogue() {
		if seen[at.Code] || at.Name == "" || len(at.RequiredDocs) == 0 || at.Threshold <= 0 {
			t.Errorf("bad catalogue entry %+v", at)
		}
		seen[at.Code] = true
		if got := at.DocsFor(award.AdHoc); len(got) != 2 {
			t.Errorf("%s ad hoc docs = %v; want tờ trình + short report", at.Code, got)
		}
	}
	for _, code := range []string{award.LDTT, award.CSTDCoSo, award.TapTheLDTT, award.GiayKhen} {
		if !mustLookup(t, code).DirectorDecides() {
			t.Errorf("%s: Giám đốc decides (R20)", code)
		}
	}
	if mustLookup(t, award.BangKhenTinh).DirectorDecides() {
		t.Error("BK tỉnh: a tờ trình, not a decision (R20)")
	}
}

func TestCheckRequiredDocs(t *testing.T) {
	for _, c := range []struct {
		docs []award.DocKind
		ok   bool
	}{
		{[]award.DocKind{award.DocSubmission, award.DocReport}, true},
		{[]award.DocKind{award.DocReport}, true},
		{[]award.DocKind{award.DocMinutes}, false},
		{nil, false},
		{[]award.DocKind{award.DocSubmission, award.DocSubmission}, false},
		{[]award.DocKind{award.DocSubmission, "nope"}, false},
		{[]award.DocKind{award.DocSubmission, award.DocOther}, false},
	} {
		if p := award.CheckRequiredDocs(c.docs); p.OK() != c.ok {
			t.Errorf("award.CheckRequiredDocs(%v) = %v; want ok %v", c.docs, p, c.ok)
		}
	}
}
