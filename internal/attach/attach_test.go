package attach

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

// office builds a minimal Office package with the given entries.
func office(t testing.TB, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range append([]string{"[Content_Types].xml"}, names...) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestInspect(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj\n")
	png := []byte("\x89PNG\r\n\x1a\nrest")
	jpeg := []byte("\xff\xd8\xff\xe0rest")
	docx := office(t, "word/document.xml")
	xlsx := office(t, "xl/workbook.xml")
	var plainZip bytes.Buffer
	zw := zip.NewWriter(&plainZip)
	zw.Create("readme.txt")
	zw.Close()
	noTypes := func() []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		zw.Create("word/document.xml")
		zw.Close()
		return b.Bytes()
	}()

	tests := []struct {
		name  string
		file  string
		data  []byte
		allow []Kind
		want  Kind
		err   string // part of the problem's message; "" for accepted
	}{
		{"pdf", "Báo cáo.pdf", pdf, nil, PDF, ""},
		{"png", "anh.png", png, nil, PNG, ""},
		{"jpeg named png", "anh.png", jpeg, nil, JPEG, ""},
		{"docx", "to-trinh.docx", docx, nil, DOCX, ""},
		{"xlsx", "ds.xlsx", xlsx, nil, XLSX, ""},
		{"only images", "a.pdf", pdf, Images, "", "không đúng định dạng"},
		{"empty", "a.pdf", nil, nil, "", "không có nội dung"},
		{"too large", "a.pdf", append(pdf, make([]byte, MaxSize)...), nil, "", "20 MB"},
		{"text named pdf", "a.pdf", []byte("hello"), nil, "", "không đúng định dạng"},
		{"html", "a.docx", []byte("<html><script>"), nil, "", "không đúng định dạng"},
		{"docx that is not a zip", "a.docx", []byte("PK\x03\x04garbage"), nil, "", "không đúng định dạng"},
		{"zip that is not office", "a.docx", plainZip.Bytes(), nil, "", "không đúng định dạng"},
		{"docx without content types", "a.docx", noTypes, nil, "", "bị hỏng"},
		{"slash", "../../etc/passwd.pdf", pdf, nil, "", "Tên tệp"},
		{"backslash", `C:\x\a.pdf`, pdf, nil, "", "Tên tệp"},
		{"control", "a\x00.pdf", pdf, nil, "", "Tên tệp"},
		{"newline", "a\n.pdf", pdf, nil, "", "Tên tệp"},
		{"bidi", "a\u202egpj.pdf", pdf, nil, "", "Tên tệp"},
		{"dots", "..", pdf, nil, "", "Tên tệp"},
		{"too long", strings.Repeat("a", 300) + ".pdf", pdf, nil, "", "Tên tệp"},
		{"invalid utf8", "a\xff.pdf", pdf, nil, "", "Tên tệp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Inspect(tt.file, tt.data, tt.allow...)
			if tt.err == "" {
				if err != nil {
					t.Fatalf("Inspect = %v; want accepted", err)
				}
				if f.Kind != tt.want || f.Size() != int64(len(tt.data)) || f.Hex() == "" {
					t.Errorf("Inspect = %v %d; want %v", f.Kind, f.Size(), tt.want)
				}
				return
			}
			var p *Problem
			if !errors.As(err, &p) || !strings.Contains(p.Message, tt.err) {
				t.Errorf("Inspect = %v; want a problem containing %q", err, tt.err)
			}
		})
	}
}

func TestCleanNameNFC(t *testing.T) {
	decomposed := "Ba\u0301o ca\u0301o.pdf" // "Báo cáo" typed on a Mac
	got, ok := CleanName(" " + decomposed + " ")
	if !ok || got != "Báo cáo.pdf" {
		t.Errorf("CleanName = %q, %v; want NFC %q", got, ok, "Báo cáo.pdf")
	}
}

func FuzzInspect(f *testing.F) {
	f.Add("a.pdf", []byte("%PDF-1.4"))
	f.Add("a.docx", office(f, "word/document.xml"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		file, err := Inspect(name, data)
		if err != nil {
			var p *Problem
			if !errors.As(err, &p) || p.Message == "" {
				t.Fatalf("error without a message: %v", err)
			}
			return
		}
		if file.Name == "" || strings.ContainsAny(file.Name, `/\`) || len(file.Data) == 0 {
			t.Fatalf("accepted %q (%d bytes)", file.Name, len(file.Data))
		}
	})
}
