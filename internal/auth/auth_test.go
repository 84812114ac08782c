package auth

import (
	"testing"
	"time"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("đúng-mật-khẩu-2025")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"đúng-mật-khẩu-2025", true}, {"sai-mật-khẩu-2025", false}, {"", false}} {
		got, err := CheckPassword(h, tc.pw)
		if err != nil || got != tc.want {
			t.Errorf("CheckPassword(h, %q) = %v, %v; want %v", tc.pw, got, err, tc.want)
		}
	}
	h2, _ := HashPassword("đúng-mật-khẩu-2025")
	if h == h2 {
		t.Error("two hashes of one password are equal; want distinct salts")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2id$v=19$m=1,t=1,p=1$!!$!!", "$bcrypt$x$y$z$w"} {
		if ok, err := CheckPassword(h, "x"); ok || err == nil {
			t.Errorf("CheckPassword(%q) = %v, %v; want false and an error", h, ok, err)
		}
	}
}

func TestLockAfter(t *testing.T) {
	want := []time.Duration{0, 0, 0, 5 * time.Second, 30 * time.Second, 15 * time.Minute, 15 * time.Minute}
	for n, w := range want {
		if got := LockAfter(n); got != w {
			t.Errorf("LockAfter(%d) = %v; want %v", n, got, w)
		}
	}
}

func TestPasswordProblem(t *testing.T) {
	for _, tc := range []struct {
		pw, user string
		ok       bool
	}{
		{"ngắn", "a", false},
		{"mot-mat-khau-dai", "", true},
		{"vanphong-2025-abc", "vanphong", false},
		{DemoPassword, "x", false},
	} {
		if got := PasswordProblem(tc.pw, tc.user); (got == "") != tc.ok {
			t.Errorf("PasswordProblem(%q, %q) = %q; want ok=%v", tc.pw, tc.user, got, tc.ok)
		}
	}
}

func TestRoleSet(t *testing.T) {
	rs := RoleSet{Council, Office, Council}
	if !rs.Has(Admin, Office) || rs.Has(Admin) {
		t.Errorf("Has gives wrong answers for %v", rs)
	}
	if got := rs.Sorted(); len(got) != 2 || got[0] != Office || got[1] != Council {
		t.Errorf("Sorted() = %v; want [office council]", got)
	}
	if _, ok := ParseRole("root"); ok {
		t.Error(`ParseRole("root") ok; want unknown`)
	}
}

func TestCheckDisable(t *testing.T) {
	if p := CheckDisable(1, 2); !p.OK() {
		t.Errorf("other account: %v", p)
	}
	if p := CheckDisable(3, 3); p.OK() {
		t.Error("own account: want a problem")
	}
}
