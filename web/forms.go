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

// toErrors converts domain problems to the view's form errors, ordered as
// the form's fields.
func toErrors(p validate.Problems, order ...string) view.Errors {
	return view.Errors{Fields: p, Order: order}
}

// text reads and cleans a form value.
func text(r *http.Request, name string) string { return validate.Text(r.PostFormValue(name)) }
