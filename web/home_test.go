package web_test

import (
	"net/http"
	"testing"
)

func TestHomeByRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct {
		user      string
		want, not []string
	}{
		{"tp.ngansach", []string{"Phòng Quản lý ngân sách", "người đang công tác"}, []string{`href="/units"`, `href="/accounts"`}},
		{"vanphong", []string{"đơn vị đang hoạt động", `href="/units"`, `href="/people"`}, []string{`href="/accounts"`}},
		{"admin", []string{"tài khoản", `href="/accounts"`, `href="/audit"`}, nil},
		{"lanhdao", []string{"Xin chào", "là nữ", "trực tiếp thực hiện nhiệm vụ", `href="/people"`}, []string{`href="/units"`}}, // leadership reads people
	} {
		res := e.login(tc.user).get("/")
		if res.status != http.StatusOK {
			t.Fatalf("home as %s = %d", tc.user, res.status)
		}
		for _, s := range tc.want {
			if !res.has(s) {
				t.Errorf("home as %s lacks %q", tc.user, s)
			}
		}
		for _, s := range tc.not {
			if res.has(s) {
				t.Errorf("home as %s shows %q", tc.user, s)
			}
		}
	}
}
