package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tdkt/internal/validate"
)

// sanitize makes any input text: invalid UTF-8 bytes and NUL are dropped
// (PostgreSQL refuses both). Fields are cleaned further where they are
// read (validate.Text, validate.Block).
func sanitize(s string) string {
	if validate.Acceptable(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, ""), "\x00", "")
}

// cleanValues is the one gate every form and query value passes: it
// sanitizes names and values in place and reports whether anything
// changed.
func cleanValues(vs url.Values) bool {
	changed := false
	for k, list := range vs {
		for i, v := range list {
			if c := sanitize(v); c != v {
				list[i], changed = c, true
			}
		}
		if c := sanitize(k); c != k {
			delete(vs, k)
			vs[c] = append(vs[c], list...)
			changed = true
		}
	}
	return changed
}

// cleanForm sanitizes a parsed form (r.Form, r.PostForm and the values of
// a multipart form).
func cleanForm(r *http.Request) {
	cleanValues(r.Form)
	cleanValues(r.PostForm)
	if r.MultipartForm != nil {
		cleanValues(r.MultipartForm.Value)
	}
}

// cleanQuery sanitizes the query string of every request before any
// handler reads it.
func (srv *Server) cleanQuery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			q, err := url.ParseQuery(r.URL.RawQuery)
			if err != nil {
				srv.serveError(w, r, &badRequestError{err.Error()})
				return
			}
			if cleanValues(q) {
				r.URL.RawQuery = q.Encode()
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
