package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tdkt/internal/auth"
	"tdkt/internal/store"
)

// account returns the stored account named username.
func (e *env) account(username string) store.User {
	e.t.Helper()
	u, _, err := e.Store.UserForLogin(context.Background(), username)
	if err != nil {
		e.t.Fatalf("account %s: %v", username, err)
	}
	return u
}

func accountURL(u store.User) string { return "/accounts/" + strconv.FormatInt(u.ID, 10) }

// checkedBox reports whether the page has the checkbox name=value checked.
func checkedBox(body, name, value string) bool {
	re := regexp.MustCompile(`<input type="checkbox"[^>]*name="` + regexp.QuoteMeta(name) + `" value="` + regexp.QuoteMeta(value) + `"[^>]*\bchecked\b`)
	return re.MatchString(body)
}

func TestAccountListAndForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.login("admin")
	res := c.get("/accounts")
	if res.status != http.StatusOK {
		t.Fatalf("GET /accounts = %d; want 200", res.status)
	}
	for _, want := range []string{"tp.ngansach", "Võ Thị Kim Loan", "Văn phòng Sở", "Văn phòng Sở, Trưởng phòng, Thành viên Hội đồng",
		"Đang hoạt động", "Tạo tài khoản", `href="/accounts/new"`} {
		if !res.has(want) {
			t.Errorf("account list lacks %q", want)
		}
	}
	// The admin has signed in: her last sign-in is shown as dd/mm/yyyy hh:mm.
	if !regexp.MustCompile(`\d{2}/\d{2}/\d{4} \d{2}:\d{2}`).MatchString(res.body) {
		t.Error("account list shows no last sign-in time dd/mm/yyyy hh:mm")
	}
	res = c.get("/accounts/new")
	if res.status != http.StatusOK || !res.has("Huỳnh Thanh Bình – Phòng Quản lý ngân sách") || !res.has(auth.BlocMember.Label()) {
		t.Fatalf("GET /accounts/new = %d; want the person picker (Họ tên – Đơn vị) and every role", res.status)
	}
	// People who already have an account are not offered.
	if res.has("Võ Thị Kim Loan – Văn phòng Sở") {
		t.Error("person picker offers a person who already has an account")
	}
	if res := c.get("/accounts/999999"); res.status != http.StatusNotFound {
		t.Errorf("unknown account = %d; want 404", res.status)
	}
}

func TestAccountCreate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	c := e.login("admin")
	people, err := e.Store.PeopleWithoutAccount(ctx)
	if err != nil || len(people) < 2 {
		t.Fatalf("PeopleWithoutAccount = %d, %v; want people to pick", len(people), err)
	}
	person := people[0]
	const password = "Mat-khau-ban-dau-2025"
	form := func(personID int64, username, pw string, roles ...string) url.Values {
		v := url.Values{"username": {username}, "password": {pw}, "confirm": {pw}, "roles": roles}
		if personID != 0 {
			v.Set("person_id", strconv.FormatInt(personID, 10))
		}
		return v
	}

	bad := []struct {
		name string
		form url.Values
		want string
	}{
		{"duplicate username", form(person.ID, "tp.dautu", password, "office"), "Tên đăng nhập này đã có người dùng."},
		{"duplicate person", form(e.account("vanphong").PersonID, "vp.hai", password, "office"), "Người này đã có tài khoản."},
		{"weak password", form(person.ID, "nv.moi", "Qz7#kx", "office"), "Mật khẩu phải có ít nhất 10 ký tự."},
		{"password with username", form(person.ID, "nv.moi", "nv.moi-1234567", "office"), "Mật khẩu không được chứa tên đăng nhập."},
		{"no roles", form(person.ID, "nv.moi", password), "Chọn ít nhất một vai trò."},
		{"bad username", form(person.ID, "Nguyễn Văn A", password, "office"), "Tên đăng nhập dài từ 3 đến 40 ký tự"},
		{"short username", form(person.ID, "ab", password, "office"), "Tên đăng nhập dài từ 3 đến 40 ký tự"},
		{"technical account without a name", form(0, "kythuat", password, "admin"), "Nhập tên hiển thị"},
	}
	for _, tc := range bad {
		res := c.post("/accounts", tc.form)
		if res.status != http.StatusUnprocessableEntity || !res.has(tc.want) {
			t.Errorf("%s: POST /accounts = %d; want 422 with %q", tc.name, res.status, tc.want)
		}
		if pw := tc.form.Get("password"); strings.Contains(res.body, pw) {
			t.Errorf("%s: the re-rendered form contains the password", tc.name)
		}
		if u := strings.ToLower(tc.form.Get("username")); !res.has(`value="` + u + `"`) {
			t.Errorf("%s: the re-rendered form lost the username %q", tc.name, u)
		}
	}
	// Choices are kept on the failed form.
	res := c.post("/accounts", form(person.ID, "nv.moi", "Qz7#kx", "office", "council"))
	if !checkedBox(res.body, "roles", "office") || !checkedBox(res.body, "roles", "council") || checkedBox(res.body, "roles", "admin") {
		t.Error("failed form does not keep the chosen roles")
	}
	if !res.has(`value="` + strconv.FormatInt(person.ID, 10) + `" selected`) {
		t.Error("failed form does not keep the chosen person")
	}

	// A good account: 303 to its page; the new user signs in.
	res = c.post("/accounts", form(person.ID, "NV.Moi", password, "office", "council"))
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/accounts/") {
		t.Fatalf("create account = %d %q; want 303 to the account", res.status, res.header.Get("Location"))
	}
	page := c.get(res.header.Get("Location"))
	if page.status != http.StatusOK || !page.has("Đã tạo tài khoản “nv.moi”") || !page.has(person.FullName) || !page.has("Văn phòng Sở, Thành viên Hội đồng") {
		t.Errorf("account page after create = %d; want flash, person and roles", page.status)
	}
	u := e.account("nv.moi")
	if u.PersonID != person.ID || !u.Roles.Has(auth.Office) || !u.Roles.Has(auth.Council) || len(u.Roles) != 2 {
		t.Errorf("stored account = %+v; want person %d with office and council", u, person.ID)
	}
	nc := e.client()
	if res := nc.post("/login", url.Values{"username": {"nv.moi"}, "password": {password}}); res.status != http.StatusSeeOther {
		t.Fatalf("login of the new account = %d; want 303", res.status)
	}
	// The admin chose the first password: the user must choose her own first.
	for _, path := range []string{"/", "/units", "/people"} {
		if res := nc.get(path); res.status != http.StatusSeeOther || res.header.Get("Location") != "/account/password" {
			t.Errorf("GET %s before choosing a password = %d %q; want 303 to /account/password", path, res.status, res.header.Get("Location"))
		}
	}
	if res := nc.get("/account/password"); !res.has(`data-testid="password-required"`) {
		t.Error("password page does not say why the user is there")
	}
	if res := nc.post("/account/password", url.Values{"current": {password}, "password": {"Mat-khau-rieng-2026"}, "confirm": {"Mat-khau-rieng-2026"}}); res.status != http.StatusSeeOther {
		t.Fatalf("choosing her own password = %d; want 303", res.status)
	}
	if res := nc.get("/"); res.status != http.StatusOK || !res.has("Xin chào, "+person.FullName) {
		t.Errorf("home of the new account = %d; want the greeting", res.status)
	}
	if res := nc.get("/units"); res.status != http.StatusOK {
		t.Errorf("office role of the new account: GET /units = %d; want 200", res.status)
	}
	// The person is no longer offered.
	if res := c.get("/accounts/new"); res.has(person.FullName + " – " + person.UnitName) {
		t.Error("person picker still offers a person who now has an account")
	}

	// A technical account without a person.
	res = c.post("/accounts", url.Values{"display_name": {"Cán bộ kỹ thuật"}, "username": {"kythuat"},
		"password": {password}, "confirm": {password}, "roles": {"admin"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("create technical account = %d; want 303\n%s", res.status, res.body)
	}
	if k := e.account("kythuat"); k.PersonID != 0 || k.Name != "Cán bộ kỹ thuật" {
		t.Errorf("technical account = %+v; want no person and the display name", k)
	}

	// An unknown role is refused, not stored.
	if res := c.post("/accounts", form(people[1].ID, "nv.hai", password, "superuser")); res.status != http.StatusBadRequest {
		t.Errorf("unknown role = %d; want 400", res.status)
	}
}

func TestAccountRolesChangeRenewsSession(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	target := e.account("tp.dautu")
	dautu := e.login("tp.dautu")
	if res := dautu.get("/units"); res.status != http.StatusForbidden {
		t.Fatalf("dept_head GET /units = %d; want 403", res.status)
	}
	admin := e.login("admin")
	page := admin.get(accountURL(target))
	if page.status != http.StatusOK || !page.has("Đặt lại mật khẩu") || !page.has("Khóa tài khoản") ||
		!page.has(`/audit?type=user&amp;id=`+strconv.FormatInt(target.ID, 10)) || !checkedBox(page.body, "roles", "dept_head") {
		t.Fatalf("account page = %d; want roles form, actions and the audit link", page.status)
	}
	res := admin.post(accountURL(target)+"/roles", url.Values{"version": {strconv.Itoa(target.Version)}, "roles": {"dept_head", "office"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("change roles = %d; want 303\n%s", res.status, res.body)
	}
	before := dautu.sessionCookie()
	if res := dautu.get("/units"); res.status != http.StatusOK {
		t.Errorf("after gaining office: GET /units = %d; want 200", res.status)
	}
	if after := dautu.sessionCookie(); after == "" || after == before {
		t.Errorf("session cookie before %q, after %q; want a new token after a change of roles", before, after)
	}
	if res := dautu.get("/"); res.status != http.StatusOK {
		t.Errorf("session after renewal: GET / = %d; want 200", res.status)
	}
	// Taking the role away takes effect as well.
	cur := e.account("tp.dautu")
	admin.post(accountURL(cur)+"/roles", url.Values{"version": {strconv.Itoa(cur.Version)}, "roles": {"dept_head"}})
	if res := dautu.get("/units"); res.status != http.StatusForbidden {
		t.Errorf("after losing office: GET /units = %d; want 403", res.status)
	}
	if res := admin.post(accountURL(cur)+"/roles", url.Values{"version": {strconv.Itoa(cur.Version + 1)}}); res.status != http.StatusUnprocessableEntity || !res.has("Chọn ít nhất một vai trò.") {
		t.Errorf("no roles = %d; want 422", res.status)
	}
}

func TestAccountRolesStaleVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	target := e.account("lanhdao")
	admin := e.login("admin")
	// Someone else changes the account after the admin opened the page.
	if err := e.Store.SetUserRoles(context.Background(), store.Actor{}, target.ID, target.Version, auth.RoleSet{auth.Leader}); err != nil {
		t.Fatal(err)
	}
	res := admin.post(accountURL(target)+"/roles", url.Values{"version": {strconv.Itoa(target.Version)}, "roles": {"leader", "chair"}})
	if res.status != http.StatusConflict || !res.has("Người khác vừa thay đổi tài khoản này") {
		t.Fatalf("stale roles form = %d; want 409 with an explanation\n%s", res.status, res.body)
	}
	if !checkedBox(res.body, "roles", "chair") || !checkedBox(res.body, "roles", "leader") || checkedBox(res.body, "roles", "council") {
		t.Error("409 page does not keep the admin's choices")
	}
	if u := e.account("lanhdao"); u.Roles.Has(auth.Chair) {
		t.Error("stale form changed the roles")
	}
	// Saving again from the 409 page (it carries the current version) works.
	cur := e.account("lanhdao")
	if !res.has(`name="version" value="` + strconv.Itoa(cur.Version) + `"`) {
		t.Fatalf("409 page does not carry the current version %d", cur.Version)
	}
	res = admin.post(accountURL(target)+"/roles", url.Values{"version": {strconv.Itoa(cur.Version)}, "roles": {"leader", "chair"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("second save = %d; want 303", res.status)
	}
	if u := e.account("lanhdao"); !u.Roles.Has(auth.Chair) {
		t.Error("second save did not store the roles")
	}
}

func TestAccountAdminCannotLockHerselfOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	me := e.account("admin")
	c := e.login("admin")
	page := c.get(accountURL(me))
	if page.status != http.StatusOK || page.has(`data-testid="disable"`) || !page.has("không thể bỏ vai trò Quản trị hệ thống") {
		t.Errorf("own account page = %d; want no disable button and a hint", page.status)
	}
	res := c.post(accountURL(me)+"/roles", url.Values{"version": {strconv.Itoa(me.Version)}, "roles": {"office"}})
	if res.status != http.StatusUnprocessableEntity || !res.has("Bạn không thể bỏ vai trò Quản trị hệ thống của chính mình") {
		t.Errorf("removing own admin role = %d; want 422 with the message", res.status)
	}
	if !checkedBox(res.body, "roles", "office") || checkedBox(res.body, "roles", "admin") {
		t.Error("422 page does not keep the choices")
	}
	if res := c.get("/accounts"); res.status != http.StatusOK {
		t.Errorf("admin after refused change: GET /accounts = %d; want 200", res.status)
	}
	// Adding a role to herself is fine.
	res = c.post(accountURL(me)+"/roles", url.Values{"version": {strconv.Itoa(me.Version)}, "roles": {"admin", "office"}})
	if res.status != http.StatusSeeOther {
		t.Errorf("adding a role to herself = %d; want 303", res.status)
	}
	me = e.account("admin")
	if res := c.get(accountURL(me) + "/disable"); res.status != http.StatusConflict || !res.has("Bạn không thể tự khóa tài khoản của mình.") {
		t.Errorf("GET own disable page = %d; want 409 with the message", res.status)
	}
	res = c.post(accountURL(me)+"/disable", url.Values{"version": {strconv.Itoa(me.Version)}, "reason": {"thử"}})
	if res.status != http.StatusConflict || !res.has("Bạn không thể tự khóa tài khoản của mình.") {
		t.Errorf("POST own disable = %d; want 409 with the message", res.status)
	}
	if u := e.account("admin"); u.Disabled || !u.Roles.Has(auth.Admin) {
		t.Errorf("admin account = %+v; want still enabled and admin", u)
	}
	if res := c.get("/"); res.status != http.StatusOK {
		t.Errorf("admin session = %d; want 200", res.status)
	}
}

func TestAccountPasswordReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	target := e.account("tp.ngansach")
	victim := e.login("tp.ngansach")
	admin := e.login("admin")
	page := admin.get(accountURL(target) + "/password")
	if page.status != http.StatusOK || !page.has("Đặt lại mật khẩu") || !page.has("tp.ngansach") || page.has(`name="current"`) {
		t.Fatalf("reset page = %d; want the form for tp.ngansach without the current password", page.status)
	}
	res := admin.post(accountURL(target)+"/password", url.Values{"password": {"ngan"}, "confirm": {"khac"}})
	if res.status != http.StatusUnprocessableEntity || !res.has(`href="#password"`) || !res.has(`href="#confirm"`) {
		t.Errorf("weak reset = %d; want 422 with both errors", res.status)
	}
	if res := victim.get("/"); res.status != http.StatusOK {
		t.Fatalf("a failed reset ended the session: %d", res.status)
	}
	const newPassword = "Mat-khau-dat-lai-2025"
	res = admin.post(accountURL(target)+"/password", url.Values{"password": {newPassword}, "confirm": {newPassword}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("reset = %d; want 303", res.status)
	}
	if res := admin.get(accountURL(target)); !res.has("Đã đặt lại mật khẩu") {
		t.Error("no flash after reset")
	}
	if res := victim.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("target's live session after reset: GET / = %d; want 303", res.status)
	}
	if res := e.client().post("/login", url.Values{"username": {"tp.ngansach"}, "password": {"demo-tdkt-2025"}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("old password after reset = %d; want 422", res.status)
	}
	nc := e.client()
	if res := nc.post("/login", url.Values{"username": {"tp.ngansach"}, "password": {newPassword}}); res.status != http.StatusSeeOther {
		t.Fatalf("new password = %d; want 303", res.status)
	}
	if res := nc.get("/"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/account/password" {
		t.Errorf("home with the password an admin set = %d; want 303 to choose a new one", res.status)
	}
	if res := admin.get("/"); res.status != http.StatusOK {
		t.Errorf("admin's own session after resetting another's password = %d; want 200", res.status)
	}
}

func TestAccountDisableEnable(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	target := e.account("tp.dautu")
	victim := e.login("tp.dautu")
	admin := e.login("admin")
	page := admin.get(accountURL(target) + "/disable")
	if page.status != http.StatusOK || !page.has(`name="reason"`) || !page.has("Khóa tài khoản “tp.dautu”") {
		t.Fatalf("disable confirmation = %d; want the page with a reason", page.status)
	}
	version := url.Values{"version": {strconv.Itoa(target.Version)}}
	res := admin.post(accountURL(target)+"/disable", url.Values{"version": version["version"], "reason": {"   "}})
	if res.status != http.StatusUnprocessableEntity || !res.has(`data-testid="error-summary"`) || !res.has("Nhập lý do khóa tài khoản.") {
		t.Fatalf("disable without reason = %d; want 422 with the error summary", res.status)
	}
	if res := victim.get("/"); res.status != http.StatusOK {
		t.Fatalf("refused disable ended the session: %d", res.status)
	}
	res = admin.post(accountURL(target)+"/disable", url.Values{"version": version["version"], "reason": {"Chuyển công tác"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("disable = %d; want 303", res.status)
	}
	if res := victim.get("/"); res.status != http.StatusSeeOther {
		t.Errorf("live session of the disabled account: GET / = %d; want 303", res.status)
	}
	if res := e.client().post("/login", url.Values{"username": {"tp.dautu"}, "password": {"demo-tdkt-2025"}}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("login of the disabled account = %d; want 422", res.status)
	}
	page = admin.get(accountURL(target))
	if !page.has("Đã khóa") || !page.has(`data-testid="enable"`) || page.has(`data-testid="disable"`) {
		t.Error("account page of a disabled account lacks the status or the enable button")
	}
	if list := admin.get("/accounts"); !list.has("Đã khóa") {
		t.Error("account list does not show the disabled status")
	}
	// Disabling twice (a stale page) is a conflict.
	if res := admin.post(accountURL(target)+"/disable", url.Values{"version": version["version"], "reason": {"lần nữa"}}); res.status != http.StatusConflict {
		t.Errorf("second disable = %d; want 409", res.status)
	}
	if res := admin.get(accountURL(target) + "/disable"); res.status != http.StatusConflict {
		t.Errorf("disable page of a disabled account = %d; want 409", res.status)
	}
	cur := e.account("tp.dautu")
	res = admin.post(accountURL(target)+"/enable", url.Values{"version": {strconv.Itoa(cur.Version)}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("enable = %d; want 303", res.status)
	}
	e.login("tp.dautu")
	audit := admin.get("/audit?type=user&id=" + strconv.FormatInt(target.ID, 10))
	for _, want := range []string{"Khóa tài khoản", "Mở khóa tài khoản", "Lý do: Chuyển công tác", "Trạng thái: Đang hoạt động → Đã khóa"} {
		if !audit.has(want) {
			t.Errorf("audit trail of the account lacks %q", want)
		}
	}
}

func TestAccountsForbidden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	target := e.account("tp.dautu")
	for _, who := range []string{"vanphong", "tp.ngansach", "giamdoc"} {
		c := e.login(who)
		for _, path := range []string{"/accounts", "/accounts/new", accountURL(target), accountURL(target) + "/password", accountURL(target) + "/disable"} {
			if res := c.get(path); res.status != http.StatusForbidden {
				t.Errorf("%s GET %s = %d; want 403", who, path, res.status)
			}
		}
		v := url.Values{"version": {strconv.Itoa(target.Version)}, "roles": {"admin"}, "password": {"Mat-khau-moi-12345"},
			"confirm": {"Mat-khau-moi-12345"}, "reason": {"x"}, "username": {"hack"}}
		for _, path := range []string{"/accounts", accountURL(target) + "/roles", accountURL(target) + "/password", accountURL(target) + "/disable", accountURL(target) + "/enable"} {
			if res := c.post(path, v); res.status != http.StatusForbidden {
				t.Errorf("%s POST %s = %d; want 403", who, path, res.status)
			}
		}
	}
	if u := e.account("tp.dautu"); u.Roles.Has(auth.Admin) || u.Disabled || u.Version != target.Version {
		t.Errorf("forbidden requests changed the account: %+v", u)
	}
}
