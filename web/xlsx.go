package web

import (
	"mime"
	"net/http"
	"strconv"

	"tdkt/internal/attach"
)

// serveXLSX sends a workbook built by the server as a download.
func serveXLSX(w http.ResponseWriter, name string, b []byte) error {
	h := w.Header()
	h.Set("Content-Type", attach.XLSX.MediaType())
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-store")
	_, err := w.Write(b)
	return err
}
