// Package award holds the award catalogue (titles and forms of commendation,
// domain.md §2–§4), the rule sets in force over time and the eligibility
// engine (Evaluate). It is plain Go: no database, no HTTP.
package award

import (
	"slices"
	"time"

	"tdkt/internal/validate"
)

// Subject says who receives an award: a person or a collective (unit).
type Subject string

// Subjects.
const (
	Individual Subject = "individual"
	Collective Subject = "collective"
)

// Label is the Vietnamese name of the subject.
func (s Subject) Label() string {
	if s == Collective {
		return "Tập thể"
	}
	return "Cá nhân"
}

// Kind says whether an award type is an emulation title (danh hiệu thi đua)
// or a form of commendation (hình thức khen thưởng).
type Kind string

// Kinds.
const (
	Title Kind = "title"
	Form  Kind = "form"
)

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string {
	if k == Form {
		return "Hình thức khen thưởng"
	}
	return "Danh hiệu thi đua"
}

// Authority is who decides the award (domain.md §1).
type Authority string

// Authorities.
const (
	Director      Authority = "director"
	ProvinceChair Authority = "province_chair"
	Minister      Authority = "minister"
	PrimeMinister Authority = "prime_minister"
	President     Authority = "president"
)

// Label is the Vietnamese name of the authority.
func (a Authority) Label() string {
	switch a {
	case Director:
		return "Giám đốc Sở"
	case ProvinceChair:
		return "Chủ tịch UBND tỉnh"
	case Minister:
		return "Bộ trưởng Bộ Tài chính"
	case PrimeMinister:
		return "Thủ tướng Chính phủ"
	case President:
		return "Chủ tịch nước"
	}
	return string(a)
}

// CommendationKind is the kind of commendation (loại hình khen thưởng, Law
// Art. 8): merit (annual), campaign (movement or thematic), ad hoc, long
// contribution.
type CommendationKind string

// Commendation kinds.
const (
	Merit        CommendationKind = "merit"
	Campaign     CommendationKind = "campaign"
	AdHoc        CommendationKind = "ad_hoc"
	Contribution CommendationKind = "contribution"
)

// CommendationKinds lists the kinds in display order.
var CommendationKinds = []CommendationKind{Merit, Campaign, AdHoc, Contribution}

// Label is the Vietnamese name of the commendation kind.
func (k CommendationKind) Label() string {
	switch k {
	case Merit:
		return "Công trạng"
	case Campaign:
		return "Phong trào thi đua, chuyên đề"
	case AdHoc:
		return "Đột xuất"
	case Contribution:
		return "Quá trình cống hiến"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k CommendationKind) Valid() bool { return slices.Contains(CommendationKinds, k) }

// CountsAsGrounds reports whether awards of this kind count as grounds for a
// higher merit award: sudden and thematic awards do not (R16, NĐ 152 Art. 4(3)).
func (k CommendationKind) CountsAsGrounds() bool { return k == Merit || k == Contribution }

// DocKind is a kind of document in a dossier (domain.md §6).
type DocKind string

// Document kinds.
const (
	DocSubmission      DocKind = "to_trinh"           // Tờ trình
	DocReport          DocKind = "bao_cao_thanh_tich" // Báo cáo thành tích
	DocShortReport     DocKind = "bao_cao_tom_tat"    // Báo cáo tóm tắt thành tích
	DocMinutes         DocKind = "bien_ban_hop_xet"   // Biên bản họp xét
	DocBallot          DocKind = "ket_qua_bo_phieu"   // Kết quả bỏ phiếu
	DocInitiativeProof DocKind = "xac_nhan_sang_kien" // Giấy chứng nhận / xác nhận sáng kiến, đề tài hoặc HTXS
	DocInitiativeScope DocKind = "xac_nhan_pham_vi"   // Xác nhận phạm vi ảnh hưởng của sáng kiến
	DocRatingProof     DocKind = "xac_nhan_xep_loai"  // Xác nhận kết quả xếp loại
	DocTaxConfirmation DocKind = "xac_nhan_thue_bhxh" // Xác nhận nghĩa vụ thuế, bảo hiểm xã hội
	DocServiceProof    DocKind = "xac_nhan_thoi_gian_cong_tac"
	DocOther           DocKind = "khac"
)

// DocKinds lists every document kind in display order.
var DocKinds = []DocKind{DocSubmission, DocReport, DocShortReport, DocMinutes, DocBallot,
	DocInitiativeProof, DocInitiativeScope, DocRatingProof, DocTaxConfirmation, DocServiceProof, DocOther}

// Label is the Vietnamese name of the document kind.
func (d DocKind) Label() string {
	switch d {
	case DocSubmission:
		return "Tờ trình"
	case DocReport:
		return "Báo cáo thành tích"
	case DocShortReport:
		return "Báo cáo tóm tắt thành tích"
	case DocMinutes:
		return "Biên bản họp xét"
	case DocBallot:
		return "Kết quả bỏ phiếu"
	case DocInitiativeProof:
		return "Xác nhận sáng kiến, đề tài hoặc kết quả hoàn thành xuất sắc nhiệm vụ"
	case DocInitiativeScope:
		return "Xác nhận phạm vi ảnh hưởng của sáng kiến, đề tài"
	case DocRatingProof:
		return "Xác nhận kết quả đánh giá, xếp loại các năm"
	case DocTaxConfirmation:
		return "Xác nhận thực hiện nghĩa vụ thuế, bảo hiểm xã hội"
	case DocServiceProof:
		return "Xác nhận thời gian công tác trong ngành Tài chính"
	case DocOther:
		return "Tài liệu khác"
	}
	return string(d)
}

// Valid reports whether d is a known document kind.
func (d DocKind) Valid() bool { return slices.Contains(DocKinds, d) }

// DossierLevel reports a document made once for the whole dossier — the
// tờ trình, the minutes of the unit's meeting (biên bản họp bình xét) and
// the result of its vote — that serves every nomination in it.
func (d DocKind) DossierLevel() bool { return d == DocSubmission || d == DocMinutes || d == DocBallot }

// SplitDocs splits an award's required documents into the nomination's
// own and those made once for the whole dossier.
func SplitDocs(kinds []DocKind) (own, shared []DocKind) {
	for _, k := range kinds {
		if k.DossierLevel() {
			shared = append(shared, k)
		} else {
			own = append(own, k)
		}
	}
	return own, shared
}

// AwardType is one entry of the catalogue: a title or a form of commendation.
type AwardType struct {
	Code        string
	Name        string
	Subject     Subject
	Kind        Kind
	Authority   Authority
	Threshold   float64 // share of all council members voting yes (0.5, 0.8, 0.9)
	Ballot      bool    // the council must vote (NĐ 98 Art. 30(7))
	Coefficient float64 // reward = Coefficient × lương cơ sở (NĐ 152 Art. 50–54)
	// RequiredDocs is the checklist of a full dossier (merit, campaign,
	// contribution); an ad hoc (simplified) dossier needs only DocsFor(AdHoc).
	RequiredDocs  []DocKind
	Rule          string // the eligibility rule (R1, R3, …) applied by Evaluate
	Article       string // the legal basis of the criteria
	EffectiveFrom time.Time
	EffectiveTo   time.Time // zero: open-ended
	Sort          int
}

// DirectorDecides reports whether the Giám đốc Sở signs a decision for this
// award (R20); otherwise the Sở sends a tờ trình upward.
func (t AwardType) DirectorDecides() bool { return t.Authority == Director }

// DocsFor is the checklist for a dossier of the given commendation kind: the
// simplified procedure of an ad hoc award needs only a tờ trình and a short
// report (R27, Law Art. 85).
func (t AwardType) DocsFor(k CommendationKind) []DocKind {
	if k == AdHoc {
		return []DocKind{DocSubmission, DocShortReport}
	}
	return t.RequiredDocs
}

// ActiveOn reports whether the award type is in the catalogue on day d.
func (t AwardType) ActiveOn(d time.Time) bool {
	if !t.EffectiveFrom.IsZero() && d.Before(t.EffectiveFrom) {
		return false
	}
	return t.EffectiveTo.IsZero() || !d.After(t.EffectiveTo)
}

// Award codes of the catalogue.
const (
	LDTT           = "ldtt"
	CSTDCoSo       = "cstd_co_so"
	CSTDTinh       = "cstd_tinh"
	CSTDToanQuoc   = "cstd_toan_quoc"
	TapTheLDTT     = "tap_the_ldtt"
	TapTheLDXS     = "tap_the_ldxs"
	CoThiDuaTinh   = "co_thi_dua_ubnd_tinh"
	CoThiDuaCP     = "co_thi_dua_chinh_phu"
	GiayKhen       = "giay_khen_giam_doc"
	TapTheGiayKhen = "tap_the_giay_khen_giam_doc"
	BangKhenTinh   = "bang_khen_ubnd_tinh"
	TapTheBKTinh   = "tap_the_bang_khen_ubnd_tinh"
	BangKhenBo     = "bang_khen_bo_truong"
	TapTheBKBo     = "tap_the_bang_khen_bo_truong"
	BangKhenTTg    = "bang_khen_thu_tuong"
	TapTheBKTTg    = "tap_the_bang_khen_thu_tuong"
	HuanChuongLDBa = "huan_chuong_lao_dong_hang_ba"
	TapTheHCLDBa   = "tap_the_huan_chuong_lao_dong_hang_ba"
	KyNiemChuongTC = "ky_niem_chuong_tai_chinh"
)

var (
	law2024 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

	titleDocs     = []DocKind{DocSubmission, DocReport, DocMinutes}
	ballotDocs    = []DocKind{DocSubmission, DocReport, DocMinutes, DocBallot}
	formDocs      = []DocKind{DocSubmission, DocReport, DocMinutes}
	cstdcsDocs    = []DocKind{DocSubmission, DocReport, DocMinutes, DocBallot, DocInitiativeProof}
	cstdTinhDocs  = []DocKind{DocSubmission, DocReport, DocMinutes, DocBallot, DocInitiativeScope}
	multiYearDocs = []DocKind{DocSubmission, DocReport, DocMinutes, DocRatingProof}
	knc           = []DocKind{DocSubmission, DocReport, DocServiceProof, DocRatingProof}
)

var catalogue = []AwardType{
	{Code: LDTT, Name: "Lao động tiên tiến", Subject: Individual, Kind: Title, Authority: Director, Threshold: 0.5,
		Coefficient: 0.3, RequiredDocs: titleDocs, Rule: "R1", Article: "Điều 24 Luật TĐKT 2022"},
	{Code: CSTDCoSo, Name: "Chiến sĩ thi đua cơ sở", Subject: Individual, Kind: Title, Authority: Director, Threshold: 0.8, Ballot: true,
		Coefficient: 1.0, RequiredDocs: cstdcsDocs, Rule: "R3", Article: "Điều 23 Luật TĐKT 2022"},
	{Code: CSTDTinh, Name: "Chiến sĩ thi đua cấp tỉnh", Subject: Individual, Kind: Title, Authority: ProvinceChair, Threshold: 0.9, Ballot: true,
		Coefficient: 3.0, RequiredDocs: cstdTinhDocs, Rule: "R5", Article: "Điều 22 Luật TĐKT 2022"},
	{Code: CSTDToanQuoc, Name: "Chiến sĩ thi đua toàn quốc", Subject: Individual, Kind: Title, Authority: PrimeMinister, Threshold: 0.9, Ballot: true,
		Coefficient: 4.5, RequiredDocs: cstdTinhDocs, Rule: "R6", Article: "Điều 21 Luật TĐKT 2022"},
	{Code: TapTheLDTT, Name: "Tập thể lao động tiên tiến", Subject: Collective, Kind: Title, Authority: Director, Threshold: 0.5,
		Coefficient: 0.8, RequiredDocs: titleDocs, Rule: "R7", Article: "Điều 28 Luật TĐKT 2022"},
	{Code: TapTheLDXS, Name: "Tập thể lao động xuất sắc", Subject: Collective, Kind: Title, Authority: ProvinceChair, Threshold: 0.5,
		Coefficient: 1.5, RequiredDocs: titleDocs, Rule: "R8", Article: "Điều 27 Luật TĐKT 2022"},
	{Code: CoThiDuaTinh, Name: "Cờ thi đua của UBND tỉnh", Subject: Collective, Kind: Title, Authority: ProvinceChair, Threshold: 0.8, Ballot: true,
		Coefficient: 8.0, RequiredDocs: ballotDocs, Rule: "R42", Article: "Điều 26 Luật TĐKT 2022"},
	{Code: CoThiDuaCP, Name: "Cờ thi đua của Chính phủ", Subject: Collective, Kind: Title, Authority: PrimeMinister, Threshold: 0.8, Ballot: true,
		Coefficient: 12.0, RequiredDocs: ballotDocs, Rule: "", Article: "Điều 25 Luật TĐKT 2022"},
	{Code: GiayKhen, Name: "Giấy khen của Giám đốc Sở", Subject: Individual, Kind: Form, Authority: Director, Threshold: 0.5,
		Coefficient: 0.3, RequiredDocs: formDocs, Rule: "GK", Article: "Điều 75, 76 Luật TĐKT 2022"},
	{Code: TapTheGiayKhen, Name: "Giấy khen của Giám đốc Sở (tập thể)", Subject: Collective, Kind: Form, Authority: Director, Threshold: 0.5,
		Coefficient: 0.6, RequiredDocs: formDocs, Rule: "GK", Article: "Điều 75, 76 Luật TĐKT 2022"},
	{Code: BangKhenTinh, Name: "Bằng khen của Chủ tịch UBND tỉnh", Subject: Individual, Kind: Form, Authority: ProvinceChair, Threshold: 0.5,
		Coefficient: 1.5, RequiredDocs: multiYearDocs, Rule: "R9", Article: "Điểm d khoản 1 Điều 74 Luật TĐKT 2022"},
	{Code: TapTheBKTinh, Name: "Bằng khen của Chủ tịch UBND tỉnh (tập thể)", Subject: Collective, Kind: Form, Authority: ProvinceChair, Threshold: 0.5,
		Coefficient: 3.0, RequiredDocs: multiYearDocs, Rule: "R9", Article: "Khoản 2 Điều 74 Luật TĐKT 2022"},
	{Code: BangKhenBo, Name: "Bằng khen của Bộ trưởng Bộ Tài chính", Subject: Individual, Kind: Form, Authority: Minister, Threshold: 0.5,
		Coefficient: 1.5, RequiredDocs: multiYearDocs, Rule: "R9", Article: "Điểm d khoản 1 Điều 74 Luật TĐKT 2022"},
	{Code: TapTheBKBo, Name: "Bằng khen của Bộ trưởng Bộ Tài chính (tập thể)", Subject: Collective, Kind: Form, Authority: Minister, Threshold: 0.5,
		Coefficient: 3.0, RequiredDocs: multiYearDocs, Rule: "R9", Article: "Khoản 2 Điều 74 Luật TĐKT 2022"},
	{Code: BangKhenTTg, Name: "Bằng khen của Thủ tướng Chính phủ", Subject: Individual, Kind: Form, Authority: PrimeMinister, Threshold: 0.5,
		Coefficient: 3.5, RequiredDocs: multiYearDocs, Rule: "R10", Article: "Điểm b khoản 1 Điều 73 Luật TĐKT 2022"},
	{Code: TapTheBKTTg, Name: "Bằng khen của Thủ tướng Chính phủ (tập thể)", Subject: Collective, Kind: Form, Authority: PrimeMinister, Threshold: 0.5,
		Coefficient: 7.0, RequiredDocs: multiYearDocs, Rule: "", Article: "Khoản 2 Điều 73 Luật TĐKT 2022"},
	{Code: HuanChuongLDBa, Name: "Huân chương Lao động hạng Ba", Subject: Individual, Kind: Form, Authority: President, Threshold: 0.5,
		Coefficient: 4.5, RequiredDocs: multiYearDocs, Rule: "R11", Article: "Điểm e khoản 1 Điều 44 Luật TĐKT 2022"},
	{Code: TapTheHCLDBa, Name: "Huân chương Lao động hạng Ba (tập thể)", Subject: Collective, Kind: Form, Authority: President, Threshold: 0.5,
		Coefficient: 9.0, RequiredDocs: multiYearDocs, Rule: "", Article: "Điều 44 Luật TĐKT 2022"},
	{Code: KyNiemChuongTC, Name: "Kỷ niệm chương \"Vì sự nghiệp Tài chính Việt Nam\"", Subject: Individual, Kind: Form, Authority: Minister, Threshold: 0.5,
		Coefficient: 0, RequiredDocs: knc, Rule: "R13", Article: "Khoản 3 Điều 9 TT 79/2023/TT-BTC"},
}

func init() {
	for i := range catalogue {
		catalogue[i].EffectiveFrom = law2024
		catalogue[i].Sort = (i + 1) * 10
	}
}

// Catalogue returns every award type, in display order (a copy).
func Catalogue() []AwardType {
	out := make([]AwardType, len(catalogue))
	copy(out, catalogue)
	return out
}

// Lookup finds an award type by code.
func Lookup(code string) (AwardType, bool) {
	for _, t := range catalogue {
		if t.Code == code {
			return t, true
		}
	}
	return AwardType{}, false
}

// Name is the Vietnamese name of an award code, or the code itself when unknown.
func Name(code string) string {
	if t, ok := Lookup(code); ok {
		return t.Name
	}
	return code
}

// Reward is the reward money in đồng: coefficient × base salary, rounded up
// to the next 10.000 đ when roundUp is set (R37, NĐ 152 Art. 49(2)).
func Reward(coefficient float64, base int64, roundUp bool) int64 {
	// Coefficients have at most two decimals: compute in hundredths to stay exact.
	hundredths := int64(coefficient*100 + 0.5)
	v := hundredths * base
	amount := v / 100
	if v%100 != 0 {
		amount++
	}
	if roundUp && amount%10000 != 0 {
		amount += 10000 - amount%10000
	}
	return amount
}

// CheckRequiredDocs validates the documents an administrator requires for
// a full dossier of an award: at least a tờ trình or a report, every kind
// known, none twice.
func CheckRequiredDocs(docs []DocKind) validate.Problems {
	p := validate.Problems{}
	seen := map[DocKind]bool{}
	for _, d := range docs {
		p.Check(d.Valid() && d != DocOther, "docs", "Chọn giấy tờ trong danh sách.")
		p.Check(!seen[d], "docs", "Mỗi loại giấy tờ chỉ chọn một lần.")
		seen[d] = true
	}
	p.Check(seen[DocSubmission] || seen[DocReport], "docs", "Hồ sơ cần có ít nhất tờ trình hoặc báo cáo thành tích.")
	return p
}
