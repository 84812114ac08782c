package web

import (
	"crypto/rand"
	"encoding/hex"
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
	cleanForm(r)
	return nil
}

// pathID reads the {id} path value; anything but a positive integer is a 404.
func pathID(r *http.Request) (int64, error) { return idParam(r, "id") }

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
	v, err := atoi32(r.PostFormValue("version"))
	if err != nil || v < 0 {
		return 0, &badRequestError{"version"}
	}
	return v, nil
}

// idAndVersion reads the {id} of the path, parses the form and reads the
// version it was rendered with: the start of every edit of a record.
func idAndVersion(r *http.Request) (int64, int, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, 0, err
	}
	if err := parseForm(r); err != nil {
		return 0, 0, err
	}
	version, err := formVersion(r)
	return id, version, err
}

// newSubmissionID is the id a create form is rendered with.
func newSubmissionID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// submissionID reads the posted submission id; anything malformed is ignored.
func submissionID(r *http.Request) string {
	id := r.PostFormValue("submission_id")
	if len(id) != 32 {
		return ""
	}
	if _, err := hex.DecodeString(id); err != nil || strings.ToLower(id) != id {
		return ""
	}
	return id
}

// formDate formats a date for a form field.
func formDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("02/01/2006")
}

// text reads and cleans a form value.
func text(r *http.Request, name string) string { return validate.Text(r.PostFormValue(name)) }

// idParam reads a numeric path parameter; anything else is a 404.
func idParam(r *http.Request, name string) (int64, error) { return parseID(r.PathValue(name)) }

// saveErrors turns store errors that belong to a form field into problems;
// other errors are returned as they are.
func saveErrors(err error, p validate.Problems) error {
	var de *store.DuplicateError
	var re *store.RuleError
	switch {
	case errors.As(err, &de):
		msg := "Giá trị này đã được dùng."
		switch de.Field {
		case "name":
			msg = "Đã có đơn vị mang tên này."
		case "username":
			msg = "Tên đăng nhập này đã có người dùng."
		case "person_id":
			msg = "Người này đã có tài khoản."
		}
		p.Add(de.Field, msg)
		return nil
	case errors.As(err, &re):
		p.Add("", re.Message)
		return nil
	}
	return err
}

// formErrors converts domain problems to the view's form errors, ordered as
// the form's fields; the field-less problem becomes the summary message.
func formErrors(p validate.Problems, order []string) view.Errors {
	e := view.Errors{Fields: p, Order: order}
	if msg, ok := p[""]; ok {
		e.Message = msg
		delete(e.Fields, "")
	}
	return e
}

// textarea reads multi-line text: each line cleaned, empty lines dropped.
func textarea(r *http.Request, name string) string {
	var out []string
	for _, l := range splitLines(r.PostFormValue(name)) {
		if l = validate.Text(l); l != "" {
			out = append(out, l)
		}
	}
	return joinLines(out)
}

func splitLines(s string) []string { return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") }

func joinLines(l []string) string { return strings.Join(l, "\n") }

// problemError turns domain problems into a RuleError (first in order).
func problemError(p validate.Problems, order ...string) error {
	for _, f := range order {
		if msg, ok := p[f]; ok {
			return &store.RuleError{Message: msg}
		}
	}
	for _, msg := range p {
		return &store.RuleError{Message: msg}
	}
	return nil
}
