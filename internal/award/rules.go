package award

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RuleSet is the set of rules in force on a consideration date (R32): the
// decree and circular cited in explanations, plus the administrator's
// settings for every [P]/[U] value of domain.md.
type RuleSet struct {
	Code          string // stored with each proposal (R32)
	Name          string // "Nghị định 152/2025/NĐ-CP"
	Decree        string // short citation: "NĐ 152/2025/NĐ-CP"
	Circular      string // the Bộ Nội vụ circular: LĐTT special cases
	EffectiveFrom time.Time
	EffectiveTo   time.Time // zero: open-ended
	// Citations that differ between the decrees.
	HoldArticle    string // hold while a case is pending (R18)
	GroundsArticle string // ad hoc / thematic awards are not grounds (R16)
	LeaveArticle   string // maternity leave counts as working time (R2)
	Settings       Settings
}

var (
	nd152Start = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	nd98End    = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
)

// RuleSets lists every rule set, oldest first.
func RuleSets() []RuleSet {
	return []RuleSet{
		{
			Code: "nd98_2023", Name: "Nghị định 98/2023/NĐ-CP", Decree: "NĐ 98/2023/NĐ-CP", Circular: "TT 01/2024/TT-BNV",
			EffectiveFrom: law2024, EffectiveTo: nd98End,
			HoldArticle:    "Luật TĐKT 2022; NĐ 98/2023/NĐ-CP (nguyên tắc khen thưởng)",
			GroundsArticle: "NĐ 98/2023/NĐ-CP (nguyên tắc khen thưởng)",
			LeaveArticle:   "TT 01/2024/TT-BNV",
			Settings:       DefaultSettings(),
		},
		{
			Code: "nd152_2025", Name: "Nghị định 152/2025/NĐ-CP", Decree: "NĐ 152/2025/NĐ-CP", Circular: "TT 15/2025/TT-BNV",
			EffectiveFrom:  nd152Start,
			HoldArticle:    "Khoản 4 Điều 4 NĐ 152/2025/NĐ-CP",
			GroundsArticle: "Khoản 3 Điều 4 NĐ 152/2025/NĐ-CP",
			LeaveArticle:   "Khoản 5 Điều 4 NĐ 152/2025/NĐ-CP",
			Settings:       DefaultSettings(),
		},
	}
}

// RulesFor returns the rule set in force on day d (R32) with default
// settings; callers overlay the administrator's settings with WithSettings.
// Days before the 2022 Law took effect get the oldest set.
func RulesFor(d time.Time) RuleSet {
	sets := RuleSets()
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for i := len(sets) - 1; i >= 0; i-- {
		if !day.Before(sets[i].EffectiveFrom) {
			return sets[i]
		}
	}
	return sets[0]
}

// RulesByCode finds a rule set by its code (for stored snapshots).
func RulesByCode(code string) (RuleSet, bool) {
	for _, rs := range RuleSets() {
		if rs.Code == code {
			return rs, true
		}
	}
	return RuleSet{}, false
}

// WithSettings returns the rule set with the given settings.
func (rs RuleSet) WithSettings(s Settings) RuleSet {
	rs.Settings = s
	return rs
}

// ConsiderationDate is the day the rule set for a year-end review is chosen
// by default: 15/12 of that year (the rating deadline, R30).
func ConsiderationDate(year int) time.Time {
	return time.Date(year, 12, 15, 0, 0, 0, 0, time.UTC)
}

// Settings are the values domain.md tags [P] or [U]: defaults below, changed
// by an administrator (stored as key/value text).
type Settings struct {
	RegistrationRequired  bool  // R41
	AppraisalDays         int   // R29, working days
	ReturnDays            int   // R29, working days to return an ineligible dossier
	BaseSalary            int64 // lương cơ sở in force today, đồng: from the effective-dated table (BaseSalaries), not a setting
	RewardRoundUp         bool  // R37
	MinMonthsRecruited    int   // R1; 0 switches the rule off
	TTLDTTPct             int   // R7
	TTLDXSPct             int   // R8
	LocalCapPct           int   // R4; 0 = no cap
	HTXSCapPct            int   // R31
	HTXSCapOutstandingPct int   // R31 for outstanding units
	PublicDays            int   // R33, working days
	QuorumPct             int   // R21, meeting valid
	AwardQuorumPct        int   // R21, award items
	MaxBallotRounds       int   // R25
	KNCYearsMen           int   // R13
	KNCYearsWomen         int   // R13
}

// AppraisalTerm is the office's appraisal term in working days (R29):
// the setting, or the default when unset.
func (s Settings) AppraisalTerm() int {
	if s.AppraisalDays > 0 {
		return s.AppraisalDays
	}
	return DefaultSettings().AppraisalDays
}

// ReturnTerm is the term, in working days, a returned dossier is given to
// be supplemented (R29): the setting, or the default when unset.
func (s Settings) ReturnTerm() int {
	if s.ReturnDays > 0 {
		return s.ReturnDays
	}
	return DefaultSettings().ReturnDays
}

// SettingKind is how a setting's value is typed in and shown.
type SettingKind string

// Setting kinds.
const (
	SettingBool    SettingKind = "bool"
	SettingInt     SettingKind = "int"
	SettingPercent SettingKind = "percent"
	SettingMoney   SettingKind = "money"
)

// SettingDef describes one setting for the admin page and validation.
type SettingDef struct {
	Key     string
	Label   string
	Help    string
	Kind    SettingKind
	Min     int64
	Max     int64
	Default string
	Source  string // legal basis and tag
	get     func(*Settings) string
	set     func(*Settings, int64)
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func intDef(key, label, help string, kind SettingKind, min, max int64, source string, p func(*Settings) *int) SettingDef {
	return SettingDef{Key: key, Label: label, Help: help, Kind: kind, Min: min, Max: max, Source: source,
		get: func(s *Settings) string { return strconv.Itoa(*p(s)) },
		set: func(s *Settings, v int64) { *p(s) = int(v) }}
}

func boolDef(key, label, help, source string, p func(*Settings) *bool) SettingDef {
	return SettingDef{Key: key, Label: label, Help: help, Kind: SettingBool, Min: 0, Max: 1, Source: source,
		get: func(s *Settings) string { return boolText(*p(s)) },
		set: func(s *Settings, v int64) { *p(s) = v != 0 }}
}

var settingDefs = []SettingDef{
	boolDef("registration_required", "Bắt buộc đăng ký thi đua", "Người, tập thể chưa đăng ký thi đua trong năm bị đánh dấu khi được đề nghị.", "R41 [U]",
		func(s *Settings) *bool { return &s.RegistrationRequired }),
	intDef("appraisal_days", "Thời hạn thẩm định (ngày làm việc)", "Tính từ khi hồ sơ đầy đủ.", SettingInt, 1, 90, "R29 [P]",
		func(s *Settings) *int { return &s.AppraisalDays }),
	intDef("return_days", "Thời hạn trả hồ sơ không đủ điều kiện (ngày làm việc)", "", SettingInt, 1, 30, "R29 [C]",
		func(s *Settings) *int { return &s.ReturnDays }),
	boolDef("reward_round_up", "Làm tròn tiền thưởng lên hàng chục nghìn đồng", "", "R37, khoản 2 Điều 49 NĐ 152/2025/NĐ-CP [C]",
		func(s *Settings) *bool { return &s.RewardRoundUp }),
	intDef("min_months_recruited", "Thời gian công tác tối thiểu để xét Lao động tiên tiến (tháng)", "0 là không áp dụng.", SettingInt, 0, 24, "R1, TT 01/2024/TT-BNV [P]",
		func(s *Settings) *int { return &s.MinMonthsRecruited }),
	intDef("ttldtt_pct", "Tỷ lệ Lao động tiên tiến tối thiểu của Tập thể lao động tiên tiến (%)", "", SettingPercent, 1, 100, "R7, Điều 28 Luật TĐKT [P]",
		func(s *Settings) *int { return &s.TTLDTTPct }),
	intDef("ttldxs_pct", "Tỷ lệ Lao động tiên tiến tối thiểu của Tập thể lao động xuất sắc (%)", "", SettingPercent, 1, 100, "R8, Điều 27 Luật TĐKT [P]",
		func(s *Settings) *int { return &s.TTLDXSPct }),
	intDef("local_cap_pct", "Tỷ lệ tối đa Chiến sĩ thi đua cơ sở trên số Lao động tiên tiến (%)", "0 là không giới hạn (không có quy định bắt buộc).", SettingPercent, 0, 100, "R4 [P]",
		func(s *Settings) *int { return &s.LocalCapPct }),
	intDef("htxs_cap_pct", "Tỷ lệ tối đa hoàn thành xuất sắc nhiệm vụ trên số hoàn thành tốt (%)", "Vượt tỷ lệ thì cảnh báo.", SettingPercent, 1, 100, "R31, Điều 11 QĐ 366-QĐ/TW [C]",
		func(s *Settings) *int { return &s.HTXSCapPct }),
	intDef("htxs_cap_outstanding_pct", "Tỷ lệ tối đa hoàn thành xuất sắc của đơn vị nổi trội (%)", "", SettingPercent, 1, 100, "R31 [C]",
		func(s *Settings) *int { return &s.HTXSCapOutstandingPct }),
	intDef("public_days", "Thời gian công khai (ngày làm việc)", "0 là không công khai.", SettingInt, 0, 30, "R33 [U]",
		func(s *Settings) *int { return &s.PublicDays }),
	intDef("quorum_pct", "Tỷ lệ có mặt tối thiểu để phiên họp hợp lệ (%)", "", SettingPercent, 1, 100, "R21 [P]",
		func(s *Settings) *int { return &s.QuorumPct }),
	intDef("award_quorum_pct", "Tỷ lệ có mặt tối thiểu khi xét khen thưởng (%)", "", SettingPercent, 1, 100, "R21 [P]",
		func(s *Settings) *int { return &s.AwardQuorumPct }),
	intDef("max_ballot_rounds", "Số vòng bỏ phiếu tối đa cho mỗi trường hợp", "", SettingInt, 1, 5, "R25 [P]",
		func(s *Settings) *int { return &s.MaxBallotRounds }),
	intDef("knc_years_men", "Số năm công tác trong ngành để xét Kỷ niệm chương (nam)", "", SettingInt, 1, 40, "R13, TT 79/2023/TT-BTC [C]",
		func(s *Settings) *int { return &s.KNCYearsMen }),
	intDef("knc_years_women", "Số năm công tác trong ngành để xét Kỷ niệm chương (nữ)", "", SettingInt, 1, 40, "R13, TT 79/2023/TT-BTC [C]",
		func(s *Settings) *int { return &s.KNCYearsWomen }),
}

// DefaultSettings are the defaults of domain.md.
func DefaultSettings() Settings {
	return Settings{
		RegistrationRequired: true, AppraisalDays: 20, ReturnDays: 5, BaseSalary: 2_340_000, RewardRoundUp: true,
		MinMonthsRecruited: 6, TTLDTTPct: 70, TTLDXSPct: 70, LocalCapPct: 0, HTXSCapPct: 20, HTXSCapOutstandingPct: 25,
		PublicDays: 5, QuorumPct: 67, AwardQuorumPct: 80, MaxBallotRounds: 2, KNCYearsMen: 20, KNCYearsWomen: 15,
	}
}

// SettingDefs lists every setting with its default value.
func SettingDefs() []SettingDef {
	d := DefaultSettings()
	out := make([]SettingDef, len(settingDefs))
	for i, def := range settingDefs {
		def.Default = def.get(&d)
		out[i] = def
	}
	return out
}

// Value is the setting's value in s, as stored text.
func (def SettingDef) Value(s Settings) string { return def.get(&s) }

// Parse validates a typed-in value and returns it in stored form, or a
// Vietnamese message.
func (def SettingDef) Parse(in string) (string, string) {
	in = strings.TrimSpace(in)
	if def.Kind == SettingBool {
		switch in {
		case "true", "on", "1":
			return "true", ""
		case "false", "off", "0", "":
			return "false", ""
		}
		return "", "Chọn có hoặc không."
	}
	if def.Kind == SettingMoney {
		in = strings.NewReplacer(".", "", " ", "", "đ", "", ",", "").Replace(in)
	}
	if in == "" {
		return "", "Nhập giá trị."
	}
	v, err := strconv.ParseInt(in, 10, 64)
	if err != nil {
		return "", "Nhập một số nguyên."
	}
	if v < def.Min || v > def.Max {
		return "", fmt.Sprintf("Nhập một số từ %d đến %d.", def.Min, def.Max)
	}
	return strconv.FormatInt(v, 10), ""
}

// LookupSetting finds a setting definition by key.
func LookupSetting(key string) (SettingDef, bool) {
	for _, d := range SettingDefs() {
		if d.Key == key {
			return d, true
		}
	}
	return SettingDef{}, false
}

// ParseSettings overlays stored key/value pairs on the defaults; unknown keys
// and bad values are ignored (the default stays).
func ParseSettings(kv map[string]string) Settings {
	s := DefaultSettings()
	for _, def := range settingDefs {
		raw, ok := kv[def.Key]
		if !ok {
			continue
		}
		v, msg := def.Parse(raw)
		if msg != "" {
			continue
		}
		if def.Kind == SettingBool {
			def.set(&s, b2i(v == "true"))
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		def.set(&s, n)
	}
	return s
}
