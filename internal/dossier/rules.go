package dossier

import "tdkt/internal/validate"

// The rules a unit's and the office's entries must follow, as problems
// keyed by form field (Vietnamese messages for the user).

// Length limits of the texts of a nomination and of the appraisal.
const (
	MaxSummary       = 10000
	MaxJustification = 5000
	MinReason        = 5
	MaxMarkReason    = 2000
	MaxReturnItems   = 5000
)

// CheckNomination validates a nomination's texts. flagged: the subject
// does not meet the criteria by the engine's verdict, so the unit must say
// why it still proposes it; created tells the create form (which explains
// the verdict) from the edit form.
func CheckNomination(summary, justification string, flagged, created bool) validate.Problems {
	p := validate.Problems{}
	p.Check(validate.Len(summary) <= MaxSummary, "summary", "Tóm tắt thành tích tối đa 10.000 ký tự.")
	p.Check(validate.Len(justification) <= MaxJustification, "justification", "Lý do tối đa 5.000 ký tự.")
	if flagged && validate.Len(justification) < MinReason {
		msg := "Hãy ghi rõ lý do vẫn đề nghị (ít nhất 5 ký tự)."
		if created {
			msg = "Đối tượng này chưa đủ điều kiện theo kết quả kiểm tra: hãy ghi rõ lý do vẫn đề nghị."
		}
		p.Add("justification", msg)
	}
	return p
}

// CheckMark validates the office's conclusion on a nomination: anything
// but "eligible" needs a reason.
func CheckMark(mark NominationState, reason string) validate.Problems {
	p := validate.Problems{}
	p.Check(mark.Marked(), "mark", "Chọn kết luận thẩm định.")
	p.Check(mark == Eligible || mark == "" || validate.Len(reason) >= MinReason, "reason", "Hãy ghi rõ lý do (ít nhất 5 ký tự).")
	p.Check(validate.Len(reason) <= MaxMarkReason, "reason", "Lý do tối đa 2.000 ký tự.")
	return p
}

// CheckReturn validates the list of what a unit must supplement when the
// office returns its dossier.
func CheckReturn(items string) validate.Problems {
	p := validate.Problems{}
	p.Check(validate.Len(items) >= MinReason, "items", "Hãy ghi rõ những nội dung đơn vị cần bổ sung.")
	p.Check(validate.Len(items) <= MaxReturnItems, "items", "Danh sách bổ sung tối đa 5.000 ký tự.")
	return p
}
