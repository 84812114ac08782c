package dossier

// Label is the state in a few words, for a status tag.
func (s State) Label() string {
	switch s {
	case Draft:
		return "Đang soạn"
	case Submitted:
		return "Đã nộp, chờ tiếp nhận"
	case Appraising:
		return "Đang thẩm định"
	case Returned:
		return "Trả lại để bổ sung"
	case Appraised:
		return "Đã thẩm định"
	case InCouncil:
		return "Chờ Hội đồng xét"
	case Concluded:
		return "Hội đồng đã xét"
	case Decided:
		return "Đã có quyết định"
	case Closed:
		return "Đã hoàn tất"
	case Withdrawn:
		return "Đã rút"
	}
	return string(s)
}

// Explain says in plain words what the state means for the department
// and what happens next.
func (s State) Explain() string {
	switch s {
	case Draft:
		return "Hồ sơ đang được phòng soạn, Văn phòng Sở chưa nhận được. Khi đã đủ đề nghị và tài liệu, hãy kiểm tra lại và nộp hồ sơ."
	case Submitted:
		return "Phòng đã nộp hồ sơ. Văn phòng Sở sẽ tiếp nhận và thẩm định; trong thời gian này phòng không sửa được hồ sơ."
	case Appraising:
		return "Văn phòng Sở đang thẩm định từng đề nghị. Nếu thiếu nội dung, hồ sơ sẽ được trả lại kèm danh sách cần bổ sung."
	case Returned:
		return "Văn phòng Sở đã trả lại hồ sơ để bổ sung. Hãy xem yêu cầu bổ sung, sửa hồ sơ rồi nộp lại."
	case Appraised:
		return "Văn phòng Sở đã thẩm định xong. Các đề nghị đủ điều kiện sẽ được đưa ra Hội đồng Thi đua - Khen thưởng xét."
	case InCouncil:
		return "Các đề nghị đang chờ Hội đồng Thi đua - Khen thưởng bỏ phiếu."
	case Concluded:
		return "Hội đồng đã bỏ phiếu; hồ sơ chờ Giám đốc ký quyết định hoặc tờ trình."
	case Decided:
		return "Đã ban hành quyết định khen thưởng hoặc tờ trình lên cấp trên."
	case Closed:
		return "Hồ sơ đã hoàn tất và được lưu trữ."
	case Withdrawn:
		return "Phòng đã rút hồ sơ; hồ sơ được lưu lại nhưng không được xét."
	}
	return ""
}

// Label is the action of the event, for a button and the history.
func (e Event) Label() string {
	switch e {
	case Submit:
		return "Nộp hồ sơ"
	case Withdraw:
		return "Rút hồ sơ"
	case Receive:
		return "Tiếp nhận hồ sơ"
	case Return:
		return "Trả lại để bổ sung"
	case Resubmit:
		return "Nộp lại hồ sơ"
	case Appraise:
		return "Hoàn tất thẩm định"
	case Schedule:
		return "Đưa ra Hội đồng"
	case Conclude:
		return "Hội đồng kết luận"
	case Decide:
		return "Ban hành quyết định"
	case Close:
		return "Kết thúc hồ sơ"
	}
	return string(e)
}

// Done is the event in the past tense, for the history.
func (e Event) Done() string {
	switch e {
	case Submit:
		return "Đã nộp hồ sơ"
	case Withdraw:
		return "Đã rút hồ sơ"
	case Receive:
		return "Văn phòng Sở đã tiếp nhận hồ sơ"
	case Return:
		return "Văn phòng Sở trả lại hồ sơ để bổ sung"
	case Resubmit:
		return "Đã nộp lại hồ sơ sau khi bổ sung"
	case Appraise:
		return "Văn phòng Sở đã hoàn tất thẩm định"
	case Schedule:
		return "Đã đưa ra Hội đồng"
	case Conclude:
		return "Hội đồng đã kết luận"
	case Decide:
		return "Đã ban hành quyết định"
	case Close:
		return "Hồ sơ đã hoàn tất"
	}
	return string(e)
}

// Label is the nomination state in a few words.
func (s NominationState) Label() string {
	switch s {
	case Proposed:
		return "Chờ thẩm định"
	case Eligible:
		return "Đủ điều kiện"
	case Ineligible:
		return "Không đủ điều kiện"
	case OnHold:
		return "Tạm dừng xét"
	case Passed:
		return "Hội đồng thông qua"
	case Failed:
		return "Hội đồng không thông qua"
	case Awarded:
		return "Đã được khen thưởng"
	case Forwarded:
		return "Đã trình cấp trên"
	case AwardedExternal:
		return "Cấp trên đã khen thưởng"
	case RejectedExternal:
		return "Cấp trên không khen thưởng"
	case Revoked:
		return "Đã hủy khen thưởng"
	}
	return string(s)
}

// RoundKind is the kind of a round (đợt xét).
type RoundKind string

const (
	YearEnd  RoundKind = "year_end" // tổng kết năm (công trạng)
	Campaign RoundKind = "campaign" // sơ kết / tổng kết phong trào
	AdHoc    RoundKind = "ad_hoc"   // đột xuất (thủ tục đơn giản)
)

// RoundKinds lists the kinds in display order.
var RoundKinds = []RoundKind{YearEnd, Campaign, AdHoc}

// Label is the Vietnamese name of the kind.
func (k RoundKind) Label() string {
	switch k {
	case YearEnd:
		return "Khen thưởng tổng kết năm"
	case Campaign:
		return "Khen thưởng phong trào thi đua"
	case AdHoc:
		return "Khen thưởng đột xuất"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k RoundKind) Valid() bool { return k == YearEnd || k == Campaign || k == AdHoc }
