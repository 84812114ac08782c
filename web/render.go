package web

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"tdkt/internal/auth"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// handle adapts a handler that returns an error.
func (srv *Server) handle(h func(w http.ResponseWriter, r *http.Request) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			srv.serveError(w, r, err)
		}
	}
}

// render writes a component with status, rendering into a buffer first so
// that a failure never leaves half a page.
func (srv *Server) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) error {
	var buf bytes.Buffer
	if err := c.Render(r.Context(), &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// flash stores a success message for the next page.
func (srv *Server) flash(r *http.Request, msg string) {
	srv.sessions.Put(r.Context(), sessFlash, msg)
}

// redirect answers a POST with 303 See Other.
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// navItem is one entry of the navigation with the roles that see it.
type navItem struct {
	label, href string
	roles       []auth.Role
}

// navigation is the main menu: home, then each area's own entries, then
// the organisation.
var navigation = slices.Concat(
	[]navItem{{"Trang chủ", "/", nil}},
	campaignNav,
	awardNav,
	dossierNav,
	councilNav,
	reportNav,
	orgNav,
	awardAdminNav,
)

var orgNav = []navItem{
	{"Đơn vị", "/units", []auth.Role{auth.Admin, auth.Office}},
	{"Cán bộ, công chức", "/people", []auth.Role{auth.Admin, auth.Office, auth.Leader, auth.Chair}},
	{"Tài khoản", "/accounts", []auth.Role{auth.Admin}},
	{"Nhật ký", "/audit", []auth.Role{auth.Admin}},
}

// page builds the layout model for the current request.
func (srv *Server) page(r *http.Request, title string, crumbs ...view.Crumb) view.Page {
	p := view.Page{Title: title, Version: srv.assetVer, Crumbs: crumbs}
	u := userFrom(r.Context())
	if u == nil {
		if !hasSession(r.Context()) {
			return p
		}
		if msg := srv.sessions.PopString(r.Context(), sessNotice); msg != "" {
			p.Flash = view.Flash{Kind: "info", Message: msg}
		}
		return p
	}
	p.User = &view.User{Name: u.Name, Username: u.Username, Roles: u.Roles.Labels(), Unit: u.UnitName, Unread: u.Unread}
	for _, n := range navigation {
		if n.roles != nil && !u.Roles.Has(n.roles...) {
			continue
		}
		cur := r.URL.Path == n.href || (n.href != "/" && strings.HasPrefix(r.URL.Path, n.href+"/"))
		p.Nav = append(p.Nav, view.NavItem{Label: n.label, Href: n.href, Current: cur})
	}
	if msg := srv.sessions.PopString(r.Context(), sessFlash); msg != "" {
		p.Flash = view.Flash{Kind: "success", Message: msg}
	}
	return p
}

// badRequestError is input that cannot be understood at all.
type badRequestError struct{ msg string }

func (e *badRequestError) Error() string { return "web: bad request: " + e.msg }

// serveError maps an error to a Vietnamese error page; internal details are
// logged, never shown.
func (srv *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	status, heading, msg := http.StatusInternalServerError, "Đã có lỗi xảy ra",
		"Hệ thống gặp sự cố khi xử lý yêu cầu của bạn. Dữ liệu đã nhập chưa được lưu. Vui lòng thử lại sau ít phút; nếu vẫn lỗi, hãy báo bộ phận quản trị kèm mã tra cứu bên dưới."
	var (
		mbe  *http.MaxBytesError
		bre  *badRequestError
		rule *store.RuleError
		ref  *refusedError
	)
	switch {
	case errors.Is(err, store.ErrNotFound):
		status, heading, msg = http.StatusNotFound, "Không tìm thấy trang", "Trang hoặc hồ sơ bạn tìm không tồn tại, hoặc bạn không có quyền xem."
	case errors.Is(err, errForbidden):
		status, heading, msg = http.StatusForbidden, "Không có quyền truy cập", "Tài khoản của bạn không được phép thực hiện thao tác này. Nếu cần quyền, hãy liên hệ quản trị hệ thống."
	case errors.Is(err, store.ErrConflict):
		status, heading, msg = http.StatusConflict, "Dữ liệu đã thay đổi", "Người khác vừa thay đổi dữ liệu này nên thao tác của bạn chưa được thực hiện. Hãy quay lại, tải lại trang và thử lại."
	case errors.As(err, &rule):
		status, heading, msg = http.StatusConflict, "Không thực hiện được", rule.Message
	case errors.As(err, &ref):
		status, heading, msg = http.StatusConflict, "Không thực hiện được", ref.msg
	case errors.As(err, &mbe):
		status, heading, msg = http.StatusRequestEntityTooLarge, "Dữ liệu gửi lên quá lớn", "Nội dung hoặc tệp gửi lên vượt quá giới hạn cho phép. Hãy rút gọn hoặc chọn tệp nhỏ hơn."
	case errors.As(err, &bre):
		status, heading, msg = http.StatusBadRequest, "Yêu cầu không hợp lệ", "Hệ thống không hiểu được yêu cầu này. Hãy quay lại trang trước và thử lại."
	}
	id := requestID(r.Context())
	if status >= 500 {
		srv.log.Error("request failed", "err", err, "method", r.Method, "path", r.URL.Path, "request_id", id)
	} else if status == http.StatusForbidden {
		var uid int64
		if u := userFrom(r.Context()); u != nil {
			uid = u.ID
		}
		srv.log.Warn("authz_denied", "method", r.Method, "path", r.URL.Path, "user_id", uid, "request_id", id)
	}
	if status < 500 {
		id = ""
	}
	p := srv.page(r, heading)
	if rerr := srv.render(w, r, status, view.ErrorPage(p, status, heading, msg, id)); rerr != nil {
		http.Error(w, heading, status)
	}
}

// fileSize formats a size in kB or MB, Vietnamese style.
func fileSize(n int64) string {
	if n < 1<<20 {
		return view.Number(max(1, (n+1023)/1024)) + " kB"
	}
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
}
