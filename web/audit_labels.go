package web

import (
	"encoding/json"
	"strconv"
	"strings"

	"tdkt/internal/award"
	"tdkt/internal/bloc"
	"tdkt/internal/campaign"
	"tdkt/internal/council"
	"tdkt/internal/dossier"
	"tdkt/internal/org"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// The audit trail's words, every area's in this one place: the actions, the
// object types (with their fields) and the choices of the type filter.
// Each area records its objects as JSON: field names in snake_case or in
// Go's CamelCase; both are matched through normKey.

// actionLabels names, in Vietnamese, every action the store records; the
// dossier workflow's events take their labels from internal/dossier.
var actionLabels = func() map[string]string {
	m := map[string]string{
		"unit.create":          "Tạo đơn vị",
		"unit.update":          "Sửa đơn vị",
		"unit.deactivate":      "Ngừng hoạt động đơn vị",
		"unit.reactivate":      "Cho đơn vị hoạt động trở lại",
		"unit.merge":           "Sáp nhập đơn vị",
		"person.create":        "Thêm người",
		"person.update":        "Sửa thông tin người",
		"person.move":          "Chuyển đơn vị",
		"user.create":          "Tạo tài khoản",
		"user.roles":           "Đổi vai trò",
		"user.disable":         "Khóa tài khoản",
		"user.enable":          "Mở khóa tài khoản",
		"user.password_change": "Đổi mật khẩu",
		"user.password_reset":  "Đặt lại mật khẩu",
		"user.sessions_end":    "Đăng xuất ở các máy khác",
		"people.import":        "Nhập danh sách từ Excel",
		"people.import_upload": "Tải lên danh sách từ Excel để xem trước",
		"people.import_cancel": "Hủy nhập danh sách từ Excel",
		"people.import_purge":  "Xóa dữ liệu tạm của lần nhập Excel",

		"campaign.create":   "Tạo phong trào thi đua",
		"campaign.update":   "Sửa phong trào thi đua",
		"campaign.launch":   "Phát động phong trào thi đua",
		"campaign.close":    "Kết thúc phong trào thi đua",
		"campaign.reopen":   "Mở lại phong trào thi đua",
		"campaign.document": "Đính kèm văn bản phát động",
		"pledge.create":     "Lập bản đăng ký thi đua",
		"pledge.update":     "Sửa bản đăng ký thi đua",
		"pledge.submit":     "Gửi bản đăng ký thi đua",
		"pledge.accept":     "Chấp nhận bản đăng ký thi đua",
		"pledge.return":     "Trả lại bản đăng ký thi đua",

		"bloc.create":                   "Tạo Khối/Cụm thi đua",
		"bloc_year.create":              "Mở năm thi đua của Khối/Cụm",
		"bloc_year.add_member":          "Thêm thành viên Khối/Cụm",
		"bloc_year.remove_member":       "Bớt thành viên Khối/Cụm",
		"bloc_year.leadership":          "Phân công Khối trưởng, Khối phó",
		"bloc_year.covenant":            "Sửa giao ước thi đua",
		"bloc_year.covenant_document":   "Đính kèm giao ước đã ký",
		"bloc_year.add_criterion":       "Thêm tiêu chí chấm điểm",
		"bloc_year.delete_criterion":    "Xóa tiêu chí chấm điểm",
		"bloc_year.setup":               "Đưa Khối/Cụm về bước chuẩn bị",
		"bloc_year.scoring":             "Mở chấm điểm",
		"bloc_year.closed":              "Kết thúc chấm điểm",
		"bloc_year.vote":                "Ghi nhận phiếu suy tôn",
		"bloc_year.proposals":           "Lập đề nghị khen thưởng của Khối/Cụm",
		"bloc_member.sign":              "Ký giao ước thi đua",
		"bloc_score.self":               "Tự chấm điểm",
		"bloc_score.self_score":         "Tự chấm điểm",
		"bloc_score.verify":             "Thẩm định điểm",
		"bloc_score.dispute":            "Khiếu nại điểm",
		"bloc_score.resolve":            "Giải quyết khiếu nại điểm",
		"bloc_score.evidence":           "Đính kèm minh chứng",
		"bloc_score.evidence_document":  "Đính kèm minh chứng",
		"bloc_year.evidence":            "Đính kèm minh chứng",
		"bloc_year.evidence_document":   "Đính kèm minh chứng",
		"bloc_score.document":           "Đính kèm minh chứng",
		"bloc_year.document":            "Đính kèm tài liệu",
		"bloc_year.covenant_signed_doc": "Đính kèm giao ước đã ký",

		"round.create":                  "Mở đợt xét khen thưởng",
		"round.open":                    "Mở lại đợt xét khen thưởng",
		"round.close":                   "Đóng đợt xét khen thưởng",
		"dossier.open":                  "Lập hồ sơ đề nghị khen thưởng",
		"dossier.attach":                "Đính kèm tài liệu vào hồ sơ",
		"dossier.detach":                "Gỡ tài liệu khỏi hồ sơ",
		"nomination.add":                "Thêm đề nghị khen thưởng",
		"nomination.update":             "Sửa đề nghị khen thưởng",
		"nomination.remove":             "Bỏ đề nghị khen thưởng",
		"nomination.mark":               "Thẩm định đề nghị",
		"council_member.create":         "Thêm thành viên Hội đồng TĐ-KT",
		"council_member.update":         "Sửa vị trí trong Hội đồng TĐ-KT",
		"council_session.create":        "Tạo phiên họp Hội đồng",
		"council_session.agenda_add":    "Thêm đề nghị vào chương trình phiên họp",
		"council_session.agenda_remove": "Bỏ đề nghị khỏi chương trình phiên họp",
		"council_session.attendance":    "Điểm danh thành viên dự họp",
		"council_session.open_ballot":   "Bắt đầu bỏ phiếu",
		"council_session.vote":          "Thành viên đã bỏ phiếu",
		"council_session.written_vote":  "Nhập ý kiến bằng văn bản của thành viên vắng mặt",
		"council_session.paper_counts":  "Nhập số phiếu giấy",
		"council_session.paper_confirm": "Xác nhận số phiếu giấy",
		"council_session.close_ballot":  "Kết thúc bỏ phiếu, kiểm phiếu",
		"council_session.reset_ballot":  "Hủy kết quả bỏ phiếu",
		"council_session.conclude":      "Kết luận phiên họp",
		"nomination.pass":               "Hội đồng thông qua đề nghị",
		"nomination.fail":               "Đề nghị không đạt tỷ lệ phiếu",
		"holiday.save":                  "Lưu ngày nghỉ lễ, Tết",
		"holiday.remove":                "Bỏ ngày nghỉ lễ, Tết",
		"holiday_year.confirm":          "Xác nhận lịch nghỉ lễ, Tết của năm",

		"ratings.save":             "Lưu xếp loại chất lượng",
		"unit_ratings.save":        "Lưu xếp loại tập thể",
		"ratings.lock":             "Khoá kết quả xếp loại",
		"ratings.unlock":           "Mở khoá kết quả xếp loại",
		"award_history.create":     "Ghi nhận khen thưởng",
		"award_history.import":     "Nhập quá trình khen thưởng",
		"award_history.delete":     "Xoá bản ghi khen thưởng",
		"initiative.create":        "Ghi nhận sáng kiến",
		"initiative.update":        "Cập nhật sáng kiến",
		"initiative.used":          "Đánh dấu sáng kiến đã dùng làm căn cứ",
		"discipline_case.create":   "Ghi nhận vụ việc kỷ luật, thanh tra, khiếu nại",
		"discipline_case.close":    "Kết thúc vụ việc",
		"setting.update":           "Sửa thiết lập quy định",
		"base_salary.create":       "Thêm mức lương cơ sở",
		"base_salary.update":       "Sửa mức lương cơ sở",
		"award_type.required_docs": "Sửa hồ sơ cần có của danh hiệu, hình thức khen thưởng",
	}
	for _, e := range dossier.Events {
		if _, ok := m["dossier."+string(e)]; !ok {
			m["dossier."+string(e)] = e.Label()
		}
	}
	return m
}()

// auditObjects describes every object type of the audit trail.
var auditObjects = map[string]auditObject{
	"unit": {"Đơn vị", "/units/", []auditField{
		{"name", "Tên đơn vị", nil},
		{"short_name", "Tên viết tắt", nil},
		{"kind", "Loại", func(v any, _ store.ObjectNames) string { return org.UnitKind(plain(v)).Label() }},
		{"parent_id", "Đơn vị cấp trên", nameOf("unit")},
		{"active", "Trạng thái", yesNo("Đang hoạt động", "Ngừng hoạt động")},
		{"active_from", "Hoạt động từ ngày", isoDate},
		{"active_to", "Ngừng hoạt động từ ngày", isoDate},
		{"sort_order", "Thứ tự hiển thị", nil},
		{"merged_into", "Sáp nhập vào", nameOf("unit")},
	}},
	"person": {"Người", "/people/", []auditField{
		{"full_name", "Họ và tên", nil},
		{"unit_id", "Đơn vị", nameOf("unit")},
		{"gender", "Giới tính", func(v any, _ store.ObjectNames) string { return org.Gender(plain(v)).Label() }},
		{"birth_date", "Ngày sinh", isoDate},
		{"position", "Chức vụ", nil},
		{"is_leader", "Lãnh đạo", yesNo("Có", "Không")},
		{"employment", "Loại", func(v any, _ store.ObjectNames) string { return org.Employment(plain(v)).Label() }},
		{"recruited_on", "Ngày tuyển dụng", isoDate},
		{"active", "Đang công tác", yesNo("Có", "Không")},
		{"role", "Vai trò trong Hội đồng TĐ-KT", label(council.Role.Label)},
	}},
	"user": {"Tài khoản", "/accounts/", []auditField{
		{"username", "Tên đăng nhập", nil},
		{"person_id", "Người dùng", nameOf("person")},
		{"roles", "Vai trò", roleList},
		{"disabled", "Trạng thái", yesNo("Đã khóa", "Đang hoạt động")},
	}},
	"import": {"Lần nhập Excel", "", []auditField{
		{"filename", "Tệp", nil},
		{"rows", "Số dòng", nil},
		{"errors", "Số dòng lỗi", nil},
		{"count", "Số người đã thêm", nil},
	}},
	"campaign":    {label: "Phong trào", href: "/campaigns/"},
	"pledge":      {label: "Đăng ký thi đua"},
	"bloc":        {label: "Khối/Cụm thi đua"},
	"bloc_year":   {label: "Khối/Cụm thi đua theo năm"},
	"bloc_member": {label: "Thành viên Khối/Cụm"},
	"bloc_score":  {label: "Điểm thi đua"},
	"round":       {label: "Đợt xét khen thưởng", href: "/rounds/"},
	"dossier":     {label: "Hồ sơ đề nghị khen thưởng", href: "/dossiers/"},
	"holiday":     {label: "Lịch nghỉ lễ, Tết"},
	"council_session": {"Phiên họp Hội đồng", "/council/sessions/", []auditField{
		{"state", "Trạng thái", label(council.State.Label)},
		{"held_on", "Ngày họp", isoDate},
		{"place", "Địa điểm", nil},
		{"mode", "Hình thức bỏ phiếu", label(modeLabel)},
		{"nominations", "Đề nghị", count},
		{"nomination", "Đề nghị", nil},
		{"present", "Thành viên có mặt", count},
		{"members", "Tổng số thành viên", nil},
		{"round", "Vòng bỏ phiếu", nil},
		{"ballot_id", "Phiếu bầu", nil},
		{"items", "Đề nghị được bỏ phiếu", count},
		{"voted", "Số thành viên đã bỏ phiếu", nil},
		{"failed", "Đề nghị không đạt", count},
		{"choices", "Ý kiến", count},
		{"counts", "Số phiếu", count},
	}},
	"attachment": {label: "Tệp đính kèm"},

	"ratings":         {label: "Xếp loại của đơn vị"},
	"unit_ratings":    {label: "Xếp loại tập thể năm"},
	"rating_year":     {label: "Xếp loại năm"},
	"award_history":   {label: "Khen thưởng"},
	"initiative":      {label: "Sáng kiến"},
	"discipline_case": {label: "Vụ việc"},
	"setting":         {label: "Thiết lập"},
	"base_salary": {"Lương cơ sở", "", []auditField{
		{"effective_from", "Áp dụng từ ngày", isoDate},
		{"amount", "Mức lương cơ sở", moneyText},
		{"source", "Văn bản quy định", nil},
	}},
	"award_type": {label: "Danh hiệu, hình thức khen thưởng"},
}

// auditTypeOptions are the choices of the object type filter.
var auditTypeOptions = func() []view.Option {
	out := []view.Option{{Value: "", Label: "Tất cả"}}
	for _, t := range []string{"unit", "person", "user", "import", "campaign", "pledge", "bloc", "bloc_year",
		"bloc_member", "bloc_score", "round", "dossier", "attachment", "council_session", "ratings", "unit_ratings",
		"rating_year", "award_history", "initiative", "discipline_case", "award_type", "holiday", "setting"} {
		out = append(out, view.Option{Value: t, Label: auditObjects[t].label})
	}
	return out
}()

// actionLabel names an action in Vietnamese; an action without its own
// words is named after its object, never shown as a code.
func actionLabel(action, objectType string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	if o, ok := auditObjects[objectType]; ok && o.label != "" {
		return "Thay đổi " + strings.ToLower(o.label[:1]) + o.label[1:]
	}
	return "Thay đổi dữ liệu"
}

// normKey folds snake_case and CamelCase field names together: "unit_id"
// and "UnitID" are both "unitid".
func normKey(k string) string { return strings.ToLower(strings.ReplaceAll(k, "_", "")) }

// fieldFor is how a recorded field is shown: the object's own definition,
// else the shared words, else a neutral label (never the code).
func fieldFor(obj auditObject, key string) auditField {
	for _, fd := range obj.fields {
		if fd.key == key {
			return fd
		}
	}
	if fd, ok := commonFields[normKey(key)]; ok {
		return fd
	}
	if _, err := strconv.ParseInt(key, 10, 64); err == nil {
		// The bloc-year's leadership is recorded as member id → role.
		return auditField{key: key, label: "Vai trò của thành viên #" + key, format: label(bloc.Role.Label)}
	}
	return auditField{key: key, label: "Thông tin khác"}
}

// label formats an enumerated code with its Vietnamese name.
func label[T ~string](f func(T) string) func(any, store.ObjectNames) string {
	return func(v any, _ store.ObjectNames) string {
		if s, ok := v.(string); ok {
			return f(T(s))
		}
		return plain(v)
	}
}

// anyState names a recorded state or status whatever its area.
func anyState(v any, _ store.ObjectNames) string {
	s := plain(v)
	for _, l := range []string{dossier.State(s).Label(), dossier.NominationState(s).Label(),
		campaign.PledgeStatus(s).Label(), campaign.Status(s).Label(), bloc.ScoreStatus(s).Label(), bloc.Phase(s).Label()} {
		if l != "" && l != s {
			return l
		}
	}
	return s
}

// anyKind names a recorded kind whatever its area.
func anyKind(v any, _ store.ObjectNames) string {
	s := plain(v)
	for _, l := range []string{campaign.Kind(s).Label(), bloc.Kind(s).Label(), dossier.RoundKind(s).Label(),
		award.CommendationKind(s).Label(), award.CaseKind(s).Label(), bloc.CriterionKind(s).Label()} {
		if l != "" && l != s {
			return l
		}
	}
	return s
}

// count summarises a recorded list.
func count(v any, _ store.ObjectNames) string {
	if list, ok := v.([]any); ok {
		return strconv.Itoa(len(list)) + " mục"
	}
	if m, ok := v.(map[string]any); ok {
		return strconv.Itoa(len(m)) + " mục"
	}
	return plain(v)
}

// awardName shows an award code as the award's name.
func awardName(v any, _ store.ObjectNames) string {
	if s, ok := v.(string); ok {
		return award.Name(s)
	}
	return plain(v)
}

// ruleSetName shows a rule set's code as its decree, "Nghị định 152/2025/NĐ-CP".
func ruleSetName(v any, _ store.ObjectNames) string {
	if rs, ok := award.RulesByCode(plain(v)); ok {
		return rs.Name
	}
	return plain(v)
}

// points shows hundredths of a point as "8,5".
func points(v any, _ store.ObjectNames) string {
	n, ok := v.(json.Number)
	if !ok {
		return plain(v)
	}
	h, err := n.Int64()
	if err != nil {
		return n.String()
	}
	return bloc.Points(h).String()
}

// bytesSize shows a recorded size in bytes.
func bytesSize(v any, _ store.ObjectNames) string {
	if n, ok := v.(json.Number); ok {
		if b, err := n.Int64(); err == nil {
			return view.Number(b) + " byte"
		}
	}
	return plain(v)
}

// commonFields are the words for fields shared by the areas, by normKey.
var commonFields = func() map[string]auditField {
	m := map[string]auditField{}
	for _, f := range []auditField{
		{"name", "Tên", nil},
		{"title", "Tên", nil},
		{"shortname", "Tên viết tắt", nil},
		{"description", "Mô tả", nil},
		{"kind", "Loại", anyKind},
		{"status", "Trạng thái", anyState},
		{"state", "Trạng thái", anyState},
		{"phase", "Giai đoạn", anyState},
		{"year", "Năm", nil},
		{"version", "Lần sửa", nil},
		{"id", "Mã số", nil},
		{"unitid", "Đơn vị", nameOf("unit")},
		{"unitids", "Đơn vị tham gia", count},
		{"personid", "Người", nameOf("person")},
		{"campaignid", "Phong trào", nameOf("campaign")},
		{"roundid", "Đợt xét", nameOf("round")},
		{"blocid", "Khối/Cụm", nameOf("bloc")},
		{"blocyearid", "Khối/Cụm theo năm", nameOf("bloc_year")},
		{"dossierid", "Hồ sơ", nameOf("dossier")},
		{"memberid", "Thành viên", nil},
		{"voterid", "Thành viên bỏ phiếu", nil},
		{"chosen", "Đơn vị được suy tôn", count},
		{"criterionid", "Tiêu chí", nil},
		{"nominationid", "Đề nghị", nil},
		{"documentid", "Tài liệu", nil},
		{"attachmentid", "Tệp", nil},
		{"theme", "Chủ đề", nil},
		{"objectives", "Mục tiêu", nil},
		{"criteria", "Tiêu chí", count},
		{"launchon", "Ngày phát động", isoDate},
		{"startson", "Từ ngày", isoDate},
		{"endson", "Đến ngày", isoDate},
		{"registrationdeadline", "Hạn đăng ký", isoDate},
		{"midreviewon", "Sơ kết", isoDate},
		{"finalreviewon", "Tổng kết", isoDate},
		{"deadline", "Hạn nộp", isoDate},
		{"docnumber", "Số văn bản", nil},
		{"docdate", "Ngày văn bản", isoDate},
		{"docissuer", "Cơ quan ban hành", nil},
		{"late", "Nộp muộn", yesNo("Có", "Không")},
		{"collectivetarget", "Danh hiệu tập thể đăng ký", label(campaign.Target.Label)},
		{"commitments", "Cam kết", count},
		{"people", "Cá nhân đăng ký", count},
		{"returnreason", "Lý do trả lại", nil},
		{"label", "Tên gọi", nil},
		{"role", "Vai trò", label(bloc.Role.Label)},
		{"covenant", "Nội dung giao ước", nil},
		{"quotaflag", "Số Cờ thi đua", nil},
		{"quotamerit", "Số Bằng khen", nil},
		{"code", "Mã", nil},
		{"max", "Điểm tối đa", points},
		{"parentid", "Thuộc mục", nil},
		{"position", "Thứ tự", nil},
		{"weight", "Trọng số (%)", nil},
		{"comment", "Nhận xét", nil},
		{"selfpoints", "Điểm tự chấm", points},
		{"verifiedpoints", "Điểm thẩm định", points},
		{"points", "Điểm", points},
		{"award", "Danh hiệu, hình thức", awardName},
		{"awardcode", "Danh hiệu, hình thức", awardName},
		{"flagged", "Cần giải trình", yesNo("Có", "Không")},
		{"justification", "Giải trình", nil},
		{"summary", "Tóm tắt thành tích", nil},
		{"copy", "Loại bản", func(v any, _ store.ObjectNames) string {
			switch plain(v) {
			case "original":
				return "Bản chính"
			case "certified_copy":
				return "Bản sao có chứng thực"
			}
			return plain(v)
		}},
		{"dockind", "Loại giấy tờ", label(award.DocKind.Label)},
		{"requireddocs", "Hồ sơ cần có", docList},
		{"sha256", "Mã kiểm tra SHA-256", nil},
		{"size", "Dung lượng", bytesSize},
		{"filename", "Tệp", nil},
		{"date", "Ngày", isoDate},
		{"note", "Ghi chú", nil},
		{"reason", "Lý do", nil},
		{"decisionno", "Số quyết định", nil},
		{"decisiondate", "Ngày quyết định", isoDate},
		{"source", "Nguồn", label(award.Source.Label)},
		{"ratings", "Xếp loại", count},
		{"scores", "Điểm đánh giá (Nghị định 335/2025/NĐ-CP)", count},
		{"day", "Ngày", isoDate},
		{"working", "Ngày làm bù", yesNo("Có", "Không")},
		{"added", "Ngày được thêm", count},
		{"ruleset", "Quy định áp dụng", ruleSetName},
		{"locked", "Đã khóa", yesNo("Có", "Không")},
		{"count", "Số lượng", nil},
		{"openedon", "Ngày bắt đầu", isoDate},
		{"closedon", "Ngày kết thúc", isoDate},
		{"level", "Mức", label(award.Level.Label)},
		{"recognisedon", "Ngày công nhận", isoDate},
		{"research", "Đề tài, đề án", yesNo("Có", "Không")},
		{"scope", "Phạm vi ảnh hưởng", label(award.Scope.Label)},
		{"usedasgrounds", "Đã dùng làm căn cứ", yesNo("Có", "Không")},
		{"value", "Giá trị", nil},
		{"key", "Thiết lập", nil},
		{"verdict", "Kết quả kiểm tra", nil},
		{"ruleset", "Quy định áp dụng", nil},
		{"seatid", "Vị trí trong Hội đồng", nil},
		{"from", "Từ ngày", isoDate},
		{"to", "Đến ngày", isoDate},
		{"outcome", "Kết quả", nil},
	} {
		m[f.key] = f
	}
	return m
}()

// docList names a recorded list of document kinds.
func docList(v any, _ store.ObjectNames) string {
	list, ok := v.([]any)
	if !ok {
		return plain(v)
	}
	names := make([]string, 0, len(list))
	for _, d := range list {
		names = append(names, award.DocKind(plain(d)).Label())
	}
	return strings.Join(names, "; ")
}

// moneyText shows a recorded amount of đồng as "2.340.000 đ".
func moneyText(v any, _ store.ObjectNames) string {
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return view.Money(int64(f))
	}
	return plain(v)
}
