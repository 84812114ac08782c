package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"

	"tdkt/internal/attach"
	"tdkt/internal/store"
	"tdkt/internal/validate"
)

// maxUploadForm caps a form with one document: the file plus the form's
// other fields.
const maxUploadForm = attach.MaxSize + 1<<20

// readUpload parses a multipart form and checks its file field by content.
// problem is a Vietnamese message for the field ("" when the file was
// accepted); uploadStatus gives the status to re-render the form with.
// After it returns, r.PostFormValue reads the form's other fields (unless
// the body was too large, when nothing of the form can be read).
func (srv *Server) readUpload(w http.ResponseWriter, r *http.Request, field string, allow ...attach.Kind) (f attach.File, problem string, err error) {
	// limitBody leaves multipart bodies alone: this is the upload's own cap.
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadForm)
	err = r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return f, attach.ErrTooLarge.Message, nil
	case errors.Is(err, http.ErrNotMultipart):
		return f, attach.ErrNoFile.Message, nil
	case err != nil:
		return f, "", &badRequestError{err.Error()}
	}
	cleanForm(r)
	file, fh, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return f, attach.ErrNoFile.Message, nil
	}
	if err != nil {
		return f, "", fmt.Errorf("upload %s: %w", field, err)
	}
	defer file.Close()
	if fh.Size > attach.MaxSize {
		return f, attach.ErrTooLarge.Message, nil
	}
	data, err := io.ReadAll(io.LimitReader(file, attach.MaxSize+1))
	if err != nil {
		return f, "", fmt.Errorf("upload %s: %w", field, err)
	}
	f, err = attach.Inspect(fh.Filename, data, allow...)
	var p *attach.Problem
	if errors.As(err, &p) {
		srv.log.Info("upload_rejected", "field", field, "size", len(data), "reason", p.Message, "request_id", requestID(r.Context()))
		return attach.File{}, p.Message, nil
	}
	return f, "", err
}

// maxFilesPerUpload is how many files one multiple upload takes.
const maxFilesPerUpload = 10

// upload is one file of a multiple upload: accepted (File) or refused
// (Problem, with the name the user chose).
type upload struct {
	File    attach.File
	Name    string
	Problem string
}

// readUploads parses a multipart form whose field holds up to
// maxFilesPerUpload files and checks each by content. problem is for the
// whole form (no file, too large a body, too many files).
func (srv *Server) readUploads(w http.ResponseWriter, r *http.Request, field string, allow ...attach.Kind) (ups []upload, problem string, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFilesPerUpload*attach.MaxSize+1<<20)
	err = r.ParseMultipartForm(1 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, attach.ErrTooLarge.Message, nil
	case errors.Is(err, http.ErrNotMultipart):
		return nil, attach.ErrNoFile.Message, nil
	case err != nil:
		return nil, "", &badRequestError{err.Error()}
	}
	cleanForm(r)
	var headers []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File[field] {
		if fh.Filename != "" || fh.Size > 0 {
			headers = append(headers, fh)
		}
	}
	switch {
	case len(headers) == 0:
		return nil, attach.ErrNoFile.Message, nil
	case len(headers) > maxFilesPerUpload:
		return nil, fmt.Sprintf("Mỗi lần tải lên tối đa %d tệp; hãy chia thành nhiều lần.", maxFilesPerUpload), nil
	}
	for _, fh := range headers {
		up := upload{Name: validate.Text(fh.Filename)}
		if fh.Size > attach.MaxSize {
			up.Problem = attach.ErrTooLarge.Message
			ups = append(ups, up)
			continue
		}
		file, err := fh.Open()
		if err != nil {
			return nil, "", fmt.Errorf("upload %s: %w", field, err)
		}
		data, err := io.ReadAll(io.LimitReader(file, attach.MaxSize+1))
		file.Close()
		if err != nil {
			return nil, "", fmt.Errorf("upload %s: %w", field, err)
		}
		up.File, err = attach.Inspect(fh.Filename, data, allow...)
		var p *attach.Problem
		switch {
		case errors.As(err, &p):
			srv.log.Info("upload_rejected", "field", field, "size", len(data), "reason", p.Message, "request_id", requestID(r.Context()))
			up.Problem = p.Message
		case err != nil:
			return nil, "", err
		}
		ups = append(ups, up)
	}
	return ups, "", nil
}

// uploadStatus is the status of a form re-rendered for an upload problem.
func uploadStatus(problem string) int {
	if problem == attach.ErrTooLarge.Message {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}

// serveAttachment sends a stored file as a download: never rendered inline,
// with its own content type, and Range and conditional requests handled.
func serveAttachment(w http.ResponseWriter, r *http.Request, a store.Attachment, data []byte) {
	h := w.Header()
	h.Set("Content-Type", a.MediaType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	// no-store: no copy stays in the cache of a shared office PC.
	h.Set("Cache-Control", "no-store")
	h.Set("ETag", fmt.Sprintf(`"%x"`, a.SHA256))
	http.ServeContent(w, r, "", a.CreatedAt, bytes.NewReader(data))
}
