package web

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

var crumbAccounts = view.Crumb{Label: "Tài khoản", Href: "/accounts"}

var accountFieldOrder = []string{"person_id", "display_name", "username", "roles", "password", "confirm"}

// usernamePattern is the rule of the users table: lower case, 3–40 characters.
var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)

const maxDisplayName = 100

// roleOptions lists every role as a checkbox choice.
func roleOptions() []view.Option {
	out := make([]view.Option, len(auth.Roles))
	for i, ro := range auth.Roles {
		out[i] = view.Option{Value: string(ro), Label: ro.Label()}
	}
	return out
}

// checkedRoles is the checkbox state of roles.
func checkedRoles(rs auth.RoleSet) map[string]bool {
	m := map[string]bool{}
	for _, ro := range rs {
		m[string(ro)] = true
	}
	return m
}

// rolesFromForm reads the role checkboxes; a value no form offers is a bad request.
func rolesFromForm(r *http.Request) (auth.RoleSet, error) {
	var rs auth.RoleSet
	for _, v := range r.PostForm["roles"] {
		ro, ok := auth.ParseRole(v)
		if !ok {
			return nil, &badRequestError{"role"}
		}
		rs = append(rs, ro)
	}
	return rs.Sorted(), nil
}

func accountPath(id int64) string { return "/accounts/" + strconv.FormatInt(id, 10) }

// accountSortKeys are the allowlisted sorts of the accounts list (view.AccountSortKeys).
var accountSortKeys = map[string]sortKey[view.AccountRow]{
	"username": byText(func(a view.AccountRow) string { return a.Username }),
	"name":     byText(func(a view.AccountRow) string { return a.Name }),
	"unit":     byText(func(a view.AccountRow) string { return a.Unit }),
	"status": byNumber(func(a view.AccountRow) int {
		if a.Disabled {
			return 1
		}
		return 0
	}),
	"login": byTime(func(a view.AccountRow) time.Time { return a.LastLogin }),
}

func (srv *Server) accountList(w http.ResponseWriter, r *http.Request) error {
	users, err := srv.store.ListUsers(r.Context())
	if err != nil {
		return err
	}
	m := view.AccountList{Accounts: make([]view.AccountRow, len(users)),
		Sort: view.ParseSort(r.URL.Query().Get("sort"), view.AccountSortKeys, view.Sort{})}
	for i, u := range users {
		m.Accounts[i] = view.AccountRow{ID: u.ID, Username: u.Username, Name: u.Name, Unit: u.UnitName,
			Roles: u.Roles.Labels(), Disabled: u.Disabled, LastLogin: u.LastLoginAt}
	}
	sortRows(m.Accounts, m.Sort, accountSortKeys)
	return srv.render(w, r, http.StatusOK, view.AccountListPage(srv.page(r, "Tài khoản"), m))
}

func (srv *Server) accountFormPage(w http.ResponseWriter, r *http.Request, status int, f view.AccountForm) error {
	people, err := srv.store.PeopleWithoutAccount(r.Context())
	if err != nil {
		return err
	}
	f.People = []view.Option{{Value: "", Label: "Không gắn với người nào (tài khoản kỹ thuật)"}}
	for _, p := range people {
		f.People = append(f.People, view.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.FullName + " – " + p.UnitName})
	}
	f.RoleOptions = roleOptions()
	if f.Roles == nil {
		f.Roles = map[string]bool{}
	}
	const title = "Tạo tài khoản"
	return srv.render(w, r, status, view.AccountNewPage(srv.page(r, title, crumbAccounts, view.Crumb{Label: title}), f))
}

func (srv *Server) accountNew(w http.ResponseWriter, r *http.Request) error {
	return srv.accountFormPage(w, r, http.StatusOK, view.AccountForm{PersonID: r.URL.Query().Get("person"), SubmissionID: newSubmissionID()})
}

// accountFromForm reads the new-account form; the password is checked but
// never copied into the form model.
func accountFromForm(r *http.Request) (store.NewUser, view.AccountForm, validate.Problems, error) {
	f := view.AccountForm{PersonID: text(r, "person_id"), DisplayName: text(r, "display_name"), SubmissionID: submissionID(r),
		Username: strings.ToLower(text(r, "username"))}
	n := store.NewUser{Username: f.Username, MustChangePassword: true}
	p := validate.Problems{}
	if f.PersonID != "" {
		id, err := parseID(f.PersonID)
		p.Check(err == nil, "person_id", "Chọn người dùng trong danh sách.")
		n.PersonID = id
	} else {
		n.DisplayName = f.DisplayName
		p.Check(f.DisplayName != "", "display_name", "Nhập tên hiển thị cho tài khoản không gắn với người nào.")
		p.Check(validate.Len(f.DisplayName) <= maxDisplayName, "display_name", "Tên hiển thị không quá 100 ký tự.")
	}
	switch {
	case f.Username == "":
		p.Add("username", "Nhập tên đăng nhập.")
	case !usernamePattern.MatchString(f.Username):
		p.Add("username", "Tên đăng nhập dài từ 3 đến 40 ký tự, chỉ gồm chữ thường không dấu (a–z), chữ số và các dấu . _ -, bắt đầu bằng chữ hoặc số.")
	}
	roles, err := rolesFromForm(r)
	if err != nil {
		return n, f, p, err
	}
	n.Roles, f.Roles = roles, checkedRoles(roles)
	p.Check(len(roles) > 0, "roles", "Chọn ít nhất một vai trò.")
	for k, v := range newPasswordProblems(r, f.Username) {
		p.Add(k, v)
	}
	return n, f, p, nil
}

func (srv *Server) accountCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	n, f, p, err := accountFromForm(r)
	if err != nil {
		return err
	}
	if p.OK() {
		if n.PasswordHash, err = auth.HashPassword(r.PostFormValue("password")); err != nil {
			return err
		}
		id, err := srv.store.CreateUser(r.Context(), actor(r), n)
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			srv.flash(r, "Đã tạo tài khoản “"+n.Username+"”. Hãy báo mật khẩu ban đầu cho người dùng qua kênh an toàn.")
			return redirect(w, r, accountPath(id))
		}
	}
	f.Errors = formErrors(p, accountFieldOrder)
	return srv.accountFormPage(w, r, http.StatusUnprocessableEntity, f)
}

// accountPage renders the account page; checked and e come from a failed
// roles form, nil and empty otherwise.
func (srv *Server) accountPage(w http.ResponseWriter, r *http.Request, status int, u store.User, checked map[string]bool, e view.Errors) error {
	if checked == nil {
		checked = checkedRoles(u.Roles)
	}
	m := view.AccountDetail{ID: u.ID, Username: u.Username, Name: u.Name, PersonID: u.PersonID, Unit: u.UnitName,
		UnitID: u.UnitID, Roles: u.Roles.Labels(), Disabled: u.Disabled, LastLogin: u.LastLoginAt, Version: u.Version,
		Self: u.ID == userFrom(r.Context()).ID, Checked: checked, RoleOptions: roleOptions(), Errors: e}
	return srv.render(w, r, status, view.AccountPage(srv.page(r, "Tài khoản "+u.Username, crumbAccounts, view.Crumb{Label: u.Username}), m))
}

// accountFromPath loads the account named by the {id} path value.
func (srv *Server) accountFromPath(r *http.Request) (store.User, error) {
	id, err := pathID(r)
	if err != nil {
		return store.User{}, err
	}
	return srv.store.User(r.Context(), id)
}

func (srv *Server) accountShow(w http.ResponseWriter, r *http.Request) error {
	u, err := srv.accountFromPath(r)
	if err != nil {
		return err
	}
	return srv.accountPage(w, r, http.StatusOK, u, nil, view.Errors{})
}

func (srv *Server) accountRoles(w http.ResponseWriter, r *http.Request) error {
	u, err := srv.accountFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	roles, err := rolesFromForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	checked := checkedRoles(roles)
	p := validate.Problems{}
	p.Check(len(roles) > 0, "roles", "Chọn ít nhất một vai trò.")
	if u.ID == userFrom(ctx).ID && !roles.Has(auth.Admin) {
		p.Add("roles", "Bạn không thể bỏ vai trò "+auth.Admin.Label()+" của chính mình. Nếu cần, hãy nhờ một quản trị viên khác thực hiện.")
	}
	if !p.OK() {
		u.Version = version
		return srv.accountPage(w, r, http.StatusUnprocessableEntity, u, checked, formErrors(p, []string{"roles"}))
	}
	err = srv.store.SetUserRoles(ctx, actor(r), u.ID, version, roles)
	if errors.Is(err, store.ErrConflict) {
		// Keep the admin's choices; the page shows the account as it is now.
		cur, cerr := srv.store.User(ctx, u.ID)
		if cerr != nil {
			return cerr
		}
		p.Add("", "Người khác vừa thay đổi tài khoản này (vai trò hiện tại: "+cur.Roles.Labels()+
			"). Lựa chọn của bạn vẫn được giữ dưới đây; hãy kiểm tra rồi bấm Lưu vai trò lần nữa để ghi đè.")
		return srv.accountPage(w, r, http.StatusConflict, cur, checked, formErrors(p, []string{"roles"}))
	}
	if err = saveErrors(err, p); err != nil {
		return err
	}
	if !p.OK() {
		u.Version = version
		return srv.accountPage(w, r, http.StatusUnprocessableEntity, u, checked, formErrors(p, []string{"roles"}))
	}
	srv.flash(r, "Đã lưu vai trò của tài khoản “"+u.Username+"”. Quyền mới có hiệu lực từ lần thao tác tiếp theo của người dùng.")
	return redirect(w, r, accountPath(u.ID))
}

func (srv *Server) accountPasswordPage(w http.ResponseWriter, r *http.Request, status int, u store.User, e view.Errors) error {
	const title = "Đặt lại mật khẩu"
	f := view.PasswordForm{Action: accountPath(u.ID) + "/password", Heading: title, For: u.Username + " (" + u.Name + ")", Errors: e}
	return srv.render(w, r, status, view.PasswordPage(srv.page(r, title, crumbAccounts,
		view.Crumb{Label: u.Username, Href: accountPath(u.ID)}, view.Crumb{Label: title}), f))
}

func (srv *Server) accountPasswordForm(w http.ResponseWriter, r *http.Request) error {
	u, err := srv.accountFromPath(r)
	if err != nil {
		return err
	}
	return srv.accountPasswordPage(w, r, http.StatusOK, u, view.Errors{})
}

func (srv *Server) accountPasswordReset(w http.ResponseWriter, r *http.Request) error {
	u, err := srv.accountFromPath(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if p := newPasswordProblems(r, u.Username); !p.OK() {
		return srv.accountPasswordPage(w, r, http.StatusUnprocessableEntity, u, formErrors(p, []string{"password", "confirm"}))
	}
	hash, err := auth.HashPassword(r.PostFormValue("password"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	self := u.ID == userFrom(ctx).ID
	by := store.ByAdmin
	if self {
		by = store.ByUser // she knows the password she just chose
	}
	epoch, err := srv.store.SetPassword(ctx, actor(r), u.ID, hash, by)
	if err != nil {
		return err
	}
	// A locked-out user can sign in with the new password at once.
	if err := srv.store.ClearLoginFailures(ctx, u.Username); err != nil {
		return err
	}
	if self {
		// The admin reset her own password: keep this session, end the others.
		if err := srv.sessions.RenewToken(ctx); err != nil {
			return err
		}
		srv.sessions.Put(ctx, sessEpoch, epoch)
	}
	srv.log.Info("password_reset", "user_id", u.ID, "request_id", requestID(ctx))
	srv.flash(r, "Đã đặt lại mật khẩu của tài khoản “"+u.Username+"”. Mọi phiên đăng nhập của tài khoản này đã kết thúc.")
	return redirect(w, r, accountPath(u.ID))
}

func (srv *Server) accountDisableConfirm(w http.ResponseWriter, r *http.Request) error {
	return srv.accountDisablePage(w, r, http.StatusOK, view.Errors{})
}

func (srv *Server) accountDisablePage(w http.ResponseWriter, r *http.Request, status int, e view.Errors) error {
	u, err := srv.accountFromPath(r)
	if err != nil {
		return err
	}
	if u.Disabled {
		return store.ErrConflict
	}
	if u.ID == userFrom(r.Context()).ID {
		return errSelfDisable
	}
	path := accountPath(u.ID)
	return srv.render(w, r, status, view.Confirm(
		srv.page(r, "Khóa tài khoản", crumbAccounts, view.Crumb{Label: u.Username, Href: path}, view.Crumb{Label: "Khóa tài khoản"}),
		"Khóa tài khoản “"+u.Username+"” ("+u.Name+")?",
		"Người dùng sẽ không đăng nhập được nữa và mọi phiên đăng nhập đang mở của tài khoản này kết thúc ngay. Dữ liệu và lịch sử của tài khoản vẫn được giữ nguyên; bạn có thể mở khóa lại.",
		path+"/disable", "Khóa tài khoản", path,
		map[string]string{"version": strconv.Itoa(u.Version)}, true, e))
}

// errSelfDisable is the same refusal as the store's, before the confirmation page.
var errSelfDisable = &store.RuleError{Message: "Bạn không thể tự khóa tài khoản của mình."}

const maxReason = 1000

func (srv *Server) accountDisable(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	reason := text(r, "reason")
	switch {
	case reason == "":
		return srv.accountDisablePage(w, r, http.StatusUnprocessableEntity,
			view.Errors{Fields: map[string]string{"reason": "Nhập lý do khóa tài khoản."}, Order: []string{"reason"}})
	case validate.Len(reason) > maxReason:
		return srv.accountDisablePage(w, r, http.StatusUnprocessableEntity,
			view.Errors{Fields: map[string]string{"reason": "Lý do không quá 1000 ký tự."}, Order: []string{"reason"}})
	}
	ctx := r.Context()
	if err := srv.store.SetUserDisabled(ctx, actor(r), id, version, true, reason); err != nil {
		return err
	}
	srv.log.Info("account_disabled", "user_id", id, "request_id", requestID(ctx))
	srv.flash(r, "Đã khóa tài khoản. Mọi phiên đăng nhập của tài khoản này đã kết thúc.")
	return redirect(w, r, accountPath(id))
}

func (srv *Server) accountEnable(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := srv.store.SetUserDisabled(ctx, actor(r), id, version, false, ""); err != nil {
		return err
	}
	srv.log.Info("account_enabled", "user_id", id, "request_id", requestID(ctx))
	srv.flash(r, "Đã mở khóa tài khoản. Người dùng có thể đăng nhập lại.")
	return redirect(w, r, accountPath(id))
}
