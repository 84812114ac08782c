// Package attach checks uploaded documents by their content, not by their
// name: only PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx) files of a
// reasonable size with a clean file name are accepted.
package attach

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxSize is the largest file accepted (20 MB).
const MaxSize = 20 << 20

// maxNameLen is the longest file name kept, in characters.
const maxNameLen = 200

// Kind is a document type recognised by its content.
type Kind string

const (
	PDF  Kind = "pdf"
	PNG  Kind = "png"
	JPEG Kind = "jpeg"
	DOCX Kind = "docx"
	XLSX Kind = "xlsx"
)

// Documents are every kind: what a dossier accepts.
var Documents = []Kind{PDF, PNG, JPEG, DOCX, XLSX}

// Images are the picture kinds.
var Images = []Kind{PNG, JPEG}

// MediaType is the kind's MIME type, sent with downloads.
func (k Kind) MediaType() string {
	switch k {
	case PDF:
		return "application/pdf"
	case PNG:
		return "image/png"
	case JPEG:
		return "image/jpeg"
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

// Label is the kind's name for users.
func (k Kind) Label() string {
	switch k {
	case PDF:
		return "PDF"
	case PNG:
		return "ảnh PNG"
	case JPEG:
		return "ảnh JPEG"
	case DOCX:
		return "Word (.docx)"
	case XLSX:
		return "Excel (.xlsx)"
	}
	return string(k)
}

// Hint describes the accepted kinds and the size cap, for a form field.
func Hint(allow ...Kind) string {
	labels := make([]string, len(allow))
	for i, k := range allow {
		labels[i] = k.Label()
	}
	return "Chấp nhận tệp " + strings.Join(labels, ", ") + "; tối đa 20 MB mỗi tệp."
}

// Accept is the accept attribute of a file input for the kinds.
func Accept(allow ...Kind) string {
	exts := map[Kind]string{PDF: ".pdf", PNG: ".png", JPEG: ".jpg,.jpeg", DOCX: ".docx", XLSX: ".xlsx"}
	var out []string
	for _, k := range allow {
		out = append(out, exts[k])
	}
	return strings.Join(out, ",")
}

// File is an accepted upload.
type File struct {
	Name   string // cleaned base name, NFC
	Kind   Kind
	Data   []byte
	SHA256 [32]byte
}

// Size is the file's length in bytes.
func (f File) Size() int64 { return int64(len(f.Data)) }

// Hex is the file's sha256 in hex.
func (f File) Hex() string { return hex.EncodeToString(f.SHA256[:]) }

// Problem is why an upload was refused, in Vietnamese for the user.
type Problem struct{ Message string }

func (p *Problem) Error() string { return "attach: " + p.Message }

// Problems users see.
var (
	ErrEmpty    = &Problem{"Tệp đã chọn không có nội dung. Hãy chọn lại tệp."}
	ErrTooLarge = &Problem{"Tệp lớn hơn 20 MB. Hãy nén hoặc tách tệp rồi tải lên lại."}
	ErrName     = &Problem{"Tên tệp không hợp lệ (có dấu / hoặc \\, ký tự điều khiển, hoặc quá dài). Hãy đổi tên tệp rồi tải lên lại."}
	ErrNoFile   = &Problem{"Chọn một tệp để tải lên."}
)

// Inspect accepts data as one of the allowed kinds (every kind when none
// is given) or says why not.
func Inspect(name string, data []byte, allow ...Kind) (File, error) {
	if len(allow) == 0 {
		allow = Documents
	}
	clean, ok := CleanName(name)
	if !ok {
		return File{}, ErrName
	}
	switch {
	case len(data) == 0:
		return File{}, ErrEmpty
	case len(data) > MaxSize:
		return File{}, ErrTooLarge
	}
	kind, ok := sniff(data)
	if !ok || !allowed(kind, allow) {
		return File{}, &Problem{"Tệp “" + clean + "” không đúng định dạng cho phép. " + Hint(allow...)}
	}
	if kind == DOCX || kind == XLSX {
		if err := checkOffice(data, kind); err != nil {
			return File{}, &Problem{"Tệp “" + clean + "” bị hỏng hoặc không phải tệp " + kind.Label() + " thật. Hãy mở tệp bằng Word/Excel, lưu lại rồi tải lên."}
		}
	}
	return File{Name: clean, Kind: kind, Data: data, SHA256: sha256.Sum256(data)}, nil
}

func allowed(k Kind, allow []Kind) bool {
	for _, a := range allow {
		if a == k {
			return true
		}
	}
	return false
}

// CleanName returns the file name NFC-normalised and trimmed; it refuses
// path separators (browsers send a base name), control and bidi characters,
// invalid UTF-8, names that are only dots, and names that are too long.
func CleanName(name string) (string, bool) {
	if !utf8.ValidString(name) || strings.ContainsAny(name, `/\`) {
		return "", false
	}
	name = norm.NFC.String(strings.TrimSpace(name))
	if name == "" || strings.Trim(name, ".") == "" || utf8.RuneCountInString(name) > maxNameLen {
		return "", false
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Bidi_Control, r) {
			return "", false
		}
	}
	return name, true
}

// sniff recognises a kind by the file's first bytes.
func sniff(data []byte) (Kind, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, true
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return JPEG, true
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return officeKind(data)
	}
	return "", false
}

// officeKind tells a Word file from an Excel file by the zip's entries.
func officeKind(data []byte) (Kind, bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", false
	}
	for _, f := range zr.File {
		switch {
		case f.Name == "word/document.xml":
			return DOCX, true
		case f.Name == "xl/workbook.xml":
			return XLSX, true
		}
	}
	return "", false
}

// maxEntries and maxUnzipped bound what an Office file may expand to, so
// that a zip bomb is refused.
const (
	maxEntries  = 10000
	maxUnzipped = 200 << 20
)

// ErrZipLimits: a zip archive has more entries, or inflates to more
// bytes, than allowed (a zip bomb), or lies about its sizes.
var ErrZipLimits = errors.New("attach: zip archive expands too much, has too many entries or lies about its sizes")

// CheckZip inflates every entry of a zip archive, counting what it really
// expands to instead of trusting the sizes its headers declare, and stops
// as soon as there are more than maxEntries entries or more than maxBytes
// bytes in all: an archive that claims 1 KB and inflates to 1 GB is refused
// after maxBytes, with memory bounded by a copy buffer. It also reports
// whether the archive holds an entry named want ("" for none).
func CheckZip(data []byte, maxEntries int, maxBytes int64, want string) (found bool, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false, err
	}
	if len(zr.File) > maxEntries {
		return false, fmt.Errorf("%w: %d entries", ErrZipLimits, len(zr.File))
	}
	left := maxBytes
	for _, f := range zr.File {
		if f.Name == want {
			found = true
		}
		if f.UncompressedSize64 > uint64(left) {
			return false, fmt.Errorf("%w: %s declares %d bytes", ErrZipLimits, f.Name, f.UncompressedSize64)
		}
		n, err := inflate(f, left+1)
		if err != nil {
			return false, err
		}
		if left -= n; left < 0 {
			return false, fmt.Errorf("%w: more than %d bytes inflated", ErrZipLimits, maxBytes)
		}
	}
	return found, nil
}

// inflate reads entry f to the end, at most limit bytes, and returns how
// many it read. archive/zip fails an entry that inflates beyond the size it
// declares (ErrFormat) or whose checksum is wrong.
func inflate(f *zip.File, limit int64) (int64, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, limit))
	if err != nil {
		if errors.Is(err, zip.ErrFormat) {
			return n, fmt.Errorf("%w: %s: %v", ErrZipLimits, f.Name, err)
		}
		return n, err
	}
	return n, nil
}

// checkOffice checks the zip is a well-formed Office package within limits.
func checkOffice(data []byte, kind Kind) error {
	hasTypes, err := CheckZip(data, maxEntries, maxUnzipped, "[Content_Types].xml")
	if err != nil {
		return err
	}
	if !hasTypes {
		return fmt.Errorf("%s without [Content_Types].xml", kind)
	}
	return nil
}
