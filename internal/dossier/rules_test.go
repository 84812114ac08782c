package dossier

import (
	"strings"
	"testing"
)

func TestRules(t *testing.T) {
	if p := CheckNomination("Thành tích", "", false, true); !p.OK() {
		t.Errorf("eligible, no justification: %v", p)
	}
	if p := CheckNomination("Thành tích", "abc", true, true); !strings.Contains(p["justification"], "chưa đủ điều kiện") {
		t.Errorf("flagged at create: %v", p)
	}
	if p := CheckNomination("Thành tích", "abc", true, false); !strings.Contains(p["justification"], "ít nhất 5 ký tự") {
		t.Errorf("flagged at edit: %v", p)
	}
	if p := CheckNomination(strings.Repeat("a", MaxSummary+1), "", false, false); p["summary"] == "" {
		t.Errorf("long summary: %v", p)
	}
	if p := CheckMark(Eligible, ""); !p.OK() {
		t.Errorf("eligible without reason: %v", p)
	}
	if p := CheckMark(Ineligible, "x"); p["reason"] == "" {
		t.Errorf("ineligible without reason: %v", p)
	}
	if p := CheckMark("", ""); p["mark"] == "" {
		t.Errorf("no mark: %v", p)
	}
	if p := CheckReturn("bổ sung"); !p.OK() {
		t.Errorf("return: %v", p)
	}
	if p := CheckReturn(""); p["items"] == "" {
		t.Errorf("empty return: %v", p)
	}
	if p := CanChangeNominations(Draft); !p.OK() {
		t.Errorf("draft: %v", p)
	}
	if p := CanChangeNominations(Submitted); !strings.Contains(p["state"], Submitted.Label()) {
		t.Errorf("submitted: %v", p)
	}
}
