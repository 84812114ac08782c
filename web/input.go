package web

import (
	"net/http"
	"net/url"
	"strconv"

	"tdkt/internal/validate"
)

// errBadText refuses input that is not text at all (invalid UTF-8, NUL):
// nothing of it is read further, so it can never reach the database.
var errBadText = &badRequestError{"invalid UTF-8 or NUL in input"}

const msgBadText = "Dữ liệu gửi lên có ký tự không hợp lệ (không phải văn bản Unicode). Hãy gõ lại nội dung rồi gửi lại."

// checkValues is the one gate every form and query value passes: names and
// values must be acceptable text (see validate.Acceptable). Fields are
// cleaned further where they are read (validate.Text, validate.Block).
func checkValues(vs url.Values) error {
	for k, list := range vs {
		if !validate.Acceptable(k) {
			return errBadText
		}
		for _, v := range list {
			if !validate.Acceptable(v) {
				return errBadText
			}
		}
	}
	return nil
}

// checkQuery refuses a request whose query string is not acceptable text.
func (srv *Server) checkQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			q, err := url.ParseQuery(r.URL.RawQuery)
			if err == nil {
				err = checkValues(q)
			} else {
				err = &badRequestError{err.Error()}
			}
			if err != nil {
				srv.serveError(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// atoi32 parses a decimal integer that fits the database's integer
// columns (versions, counts, weights): anything larger is an error like
// any other malformed number, never a database error.
func atoi32(s string) (int, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	return int(n), err
}
