package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// parseForm reads a url-encoded form; an oversized or malformed body is an error page.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return &badRequestError{err.Error()}
	}
	return nil
}

// pathID reads the {id} path value; anything but a positive integer is a 404.
func pathID(r *http.Request) (int64, error) {
	return parseID(r.PathValue("id"))
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || strconv.FormatInt(id, 10) != s {
		return 0, errNotFoundPage
	}
	return id, nil
}

// errNotFoundPage serves the 404 page for malformed ids and unknown paths.
var errNotFoundPage = fmt.Errorf("web: %w", store.ErrNotFound)

// formVersion reads the hidden optimistic-locking version.
func formVersion(r *http.Request) (int, error) {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v < 0 {
		return 0, &badRequestError{"version"}
	}
	return v, nil
}

// parseDate parses dd/mm/yyyy strictly (also d/m/yyyy). Empty gives the
// zero time and ok.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[2]) != 4 {
		return time.Time{}, false
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31/02 and the like
		return time.Time{}, false
	}
	return t, true
}

// formDate formats a date for a form field.
func formDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// toErrors converts domain problems to the view's form errors, ordered as
// the form's fields.
func toErrors(p validate.Problems, order ...string) view.Errors {
	return view.Errors{Fields: p, Order: order}
}

// text reads and cleans a form value.
func text(r *http.Request, name string) string { return validate.Text(r.PostFormValue(name)) }
