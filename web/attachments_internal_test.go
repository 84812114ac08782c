package web

import (
	"bytes"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"tdkt/internal/attach"
	"tdkt/internal/store"
)

// multipartRequest builds a POST with a "note" field and, unless name is
// empty, a "file" field.
func multipartRequest(t *testing.T, name string, data []byte) *http.Request {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("note", "Ghi chú")
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, "/upload", &b)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

func TestReadUpload(t *testing.T) {
	srv := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	pdf := []byte("%PDF-1.7 báo cáo")
	tests := []struct {
		name    string
		req     *http.Request
		allow   []attach.Kind
		problem string // "" for accepted
		status  int
	}{
		{"pdf", multipartRequest(t, "Báo cáo.pdf", pdf), nil, "", 0},
		{"no file", multipartRequest(t, "", nil), nil, attach.ErrNoFile.Message, http.StatusUnprocessableEntity},
		{"empty file", multipartRequest(t, "a.pdf", nil), nil, attach.ErrEmpty.Message, http.StatusUnprocessableEntity},
		{"wrong type", multipartRequest(t, "a.pdf", []byte("MZ\x90\x00")), nil, "không đúng định dạng", http.StatusUnprocessableEntity},
		{"images only", multipartRequest(t, "a.pdf", pdf), attach.Images, "không đúng định dạng", http.StatusUnprocessableEntity},
		{"path in name", multipartRequest(t, `..\..\a.pdf`, pdf), nil, attach.ErrName.Message, http.StatusUnprocessableEntity},
		{"too large", multipartRequest(t, "a.pdf", append(pdf, make([]byte, attach.MaxSize+2<<20)...)), nil, attach.ErrTooLarge.Message, http.StatusRequestEntityTooLarge},
		{"not multipart", httptest.NewRequest(http.MethodPost, "/upload", strings.NewReader("a=b")), nil, attach.ErrNoFile.Message, http.StatusUnprocessableEntity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, problem, err := srv.readUpload(httptest.NewRecorder(), tt.req, "file", tt.allow...)
			if err != nil {
				t.Fatalf("readUpload: %v", err)
			}
			if !strings.Contains(problem, tt.problem) || (tt.problem == "") != (problem == "") {
				t.Fatalf("problem = %q; want %q", problem, tt.problem)
			}
			if problem != "" {
				if got := uploadStatus(problem); got != tt.status {
					t.Errorf("uploadStatus = %d; want %d", got, tt.status)
				}
				return
			}
			if f.Name != "Báo cáo.pdf" || f.Kind != attach.PDF || !bytes.Equal(f.Data, pdf) {
				t.Errorf("file = %q %v %q", f.Name, f.Kind, f.Data)
			}
			if got := tt.req.PostFormValue("note"); got != "Ghi chú" {
				t.Errorf("other field = %q; want it readable after the upload", got)
			}
		})
	}
}

func TestServeAttachment(t *testing.T) {
	a := store.Attachment{ID: 1, Name: "Tờ trình \"số 1\".docx", MediaType: attach.DOCX.MediaType(), Size: 10,
		SHA256: bytes.Repeat([]byte{0xab}, 32), CreatedAt: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	data := []byte("0123456789")

	w := httptest.NewRecorder()
	serveAttachment(w, httptest.NewRequest(http.MethodGet, "/x", nil), a, data)
	res := w.Result()
	if res.StatusCode != http.StatusOK || w.Body.String() != string(data) || res.Header.Get("Content-Type") != a.MediaType {
		t.Fatalf("GET = %d %q %q", res.StatusCode, w.Body.String(), res.Header.Get("Content-Type"))
	}
	disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" || params["filename"] != a.Name {
		t.Errorf("Content-Disposition = %q (%v); want attachment with the Vietnamese name", res.Header.Get("Content-Disposition"), err)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q; want no-store (no copy on a shared PC)", cc)
	}

	r := httptest.NewRequest(http.MethodGet, "/x", nil)
	r.Header.Set("Range", "bytes=2-4")
	w = httptest.NewRecorder()
	serveAttachment(w, r, a, data)
	if w.Code != http.StatusPartialContent || w.Body.String() != "234" {
		t.Errorf("Range = %d %q; want 206 \"234\"", w.Code, w.Body.String())
	}

	r = httptest.NewRequest(http.MethodGet, "/x", nil)
	r.Header.Set("If-None-Match", w.Header().Get("ETag"))
	w = httptest.NewRecorder()
	serveAttachment(w, r, a, data)
	if w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match = %d; want 304", w.Code)
	}
}
