// Package auth holds accounts, roles, password hashing and the sign-in
// throttling policy.
package auth

import (
	"slices"
	"strings"

	"tdkt/internal/validate"
)

// Role is what an account may do.
type Role string

const (
	Admin      Role = "admin"       // quản trị hệ thống
	Office     Role = "office"      // Văn phòng Sở (thường trực Hội đồng)
	DeptHead   Role = "dept_head"   // Trưởng phòng
	Council    Role = "council"     // thành viên Hội đồng
	Chair      Role = "chair"       // Chủ tịch Hội đồng (Giám đốc)
	Leader     Role = "leader"      // Ban Giám đốc
	BlocMember Role = "bloc_member" // đơn vị thành viên Khối/Cụm
)

// Roles lists every role in display order.
var Roles = []Role{Admin, Office, DeptHead, Council, Chair, Leader, BlocMember}

// Label is the Vietnamese name of the role.
func (r Role) Label() string {
	switch r {
	case Admin:
		return "Quản trị hệ thống"
	case Office:
		return "Văn phòng Sở"
	case DeptHead:
		return "Trưởng phòng"
	case Council:
		return "Thành viên Hội đồng"
	case Chair:
		return "Chủ tịch Hội đồng"
	case Leader:
		return "Lãnh đạo Sở"
	case BlocMember:
		return "Thành viên Khối/Cụm"
	}
	return string(r)
}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, slices.Contains(Roles, r)
}

// RoleSet is the roles of one account.
type RoleSet []Role

// Has reports whether the set holds any of roles.
func (rs RoleSet) Has(roles ...Role) bool {
	for _, r := range roles {
		if slices.Contains(rs, r) {
			return true
		}
	}
	return false
}

// Labels joins the Vietnamese names of the roles: "Văn phòng Sở, Thành viên Hội đồng".
func (rs RoleSet) Labels() string {
	labels := make([]string, len(rs))
	for i, r := range rs {
		labels[i] = r.Label()
	}
	return strings.Join(labels, ", ")
}

// Strings returns the role codes.
func (rs RoleSet) Strings() []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

// Sorted returns the roles in display order without duplicates.
func (rs RoleSet) Sorted() RoleSet {
	var out RoleSet
	for _, r := range Roles {
		if slices.Contains(rs, r) {
			out = append(out, r)
		}
	}
	return out
}

// CheckDisable lists what stops the account actorID from disabling the
// account userID: nobody locks himself out.
func CheckDisable(actorID, userID int64) validate.Problems {
	p := validate.Problems{}
	p.Check(actorID == 0 || actorID != userID, "user", "Bạn không thể tự khóa tài khoản của mình.")
	return p
}
