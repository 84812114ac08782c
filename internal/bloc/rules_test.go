package bloc

import "testing"

func TestFormRules(t *testing.T) {
	members := []Member{{ID: 1, UnitID: 10}, {ID: 2, UnitID: 20}}
	for _, c := range []struct {
		name  string
		p     map[string]string
		field string // "" = valid
	}{
		{"year ok", CheckYear(2025), ""},
		{"year low", CheckYear(1999), "year"},
		{"year high", CheckYear(2101), "year"},
		{"member ok", CheckMember(5, "Sở Tư pháp"), ""},
		{"member none", CheckMember(0, ""), "unit_id"},
		{"roles ok", CheckRoles(members, 1, []int64{2}), ""},
		{"no head", CheckRoles(members, 0, []int64{2}), "head"},
		{"head not a member", CheckRoles(members, 9, nil), "head"},
		{"deputy not a member", CheckRoles(members, 1, []int64{0}), "deputies"},
		{"covenant ok", CheckCovenant("Giao ước", 1, 3), ""},
		{"covenant quota", CheckCovenant("", 6, 0), "quota_flag"},
	} {
		_, bad := c.p[c.field]
		if c.field == "" && len(c.p) != 0 || c.field != "" && !bad {
			t.Errorf("%s: problems %v; want field %q", c.name, c.p, c.field)
		}
	}
	if p := CheckRoles(members, 0, nil); p["head"] != "Khối/Cụm phải có đúng một Khối trưởng." {
		t.Errorf("no head = %q", p["head"])
	}
}
