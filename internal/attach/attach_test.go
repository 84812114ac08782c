package attach

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
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

// deflateZeros returns a raw deflate stream of n MiB of zeros, built from
// one compressed 1 MiB block repeated (its back-references stay within
// zeros), so that a gigabyte bomb costs milliseconds to make.
func deflateZeros(t testing.TB, mib int) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := flate.NewWriter(&b, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	w.Write(zeros)
	w.Flush()
	prefix := b.Len()
	w.Write(zeros)
	w.Flush()
	block := bytes.Clone(b.Bytes()[prefix:])
	out := bytes.Clone(b.Bytes()[:prefix])
	for range mib - 1 {
		out = append(out, block...)
	}
	// A final empty stored block ends the stream.
	return append(out, 0x01, 0x00, 0x00, 0xff, 0xff)
}

// bomb is a .docx whose document claims declared bytes and inflates to
// mib MiB.
func bomb(t testing.TB, declared uint64, mib int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range []string{"[Content_Types].xml", "_rels/.rels"} {
		w, _ := zw.Create(n)
		w.Write([]byte("<x/>"))
	}
	data := deflateZeros(t, mib)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate,
		CompressedSize64: uint64(len(data)), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestZipBomb: Office files are inflated with a hard limit, whatever their
// headers declare (ASVS 12.1.2 / 5.2.3).
func TestZipBomb(t *testing.T) {
	if got := deflateZeros(t, 3); true {
		n, err := io.Copy(io.Discard, flate.NewReader(bytes.NewReader(got)))
		if err != nil || n != 3<<20 {
			t.Fatalf("deflateZeros(3) inflates to %d, %v", n, err)
		}
	}
	for _, tc := range []struct {
		name     string
		declared uint64
		mib      int
	}{
		{"claims 1 KB, inflates to 1 GB", 1 << 10, 1 << 10},
		{"claims 150 MB, inflates to 1 GB", 150 << 20, 1 << 10},
		{"claims 1 GB honestly", 1 << 30, 1 << 10},
		{"claims 0 bytes, inflates to 300 MB", 0, 300},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := bomb(t, tc.declared, tc.mib)
			start := time.Now()
			_, err := Inspect("bom.docx", data)
			var p *Problem
			if !errors.As(err, &p) || !strings.Contains(p.Message, "bị hỏng") {
				t.Errorf("Inspect(%d KB bomb) = %v; want refused", len(data)>>10, err)
			}
			if _, err := CheckZip(data, 100, 200<<20, ""); !errors.Is(err, ErrZipLimits) {
				t.Errorf("CheckZip = %v; want ErrZipLimits", err)
			}
			t.Logf("METRIC zip_bomb %q size=%d KB refused in %v", tc.name, len(data)>>10, time.Since(start).Round(time.Millisecond))
		})
	}
	// An honest file within the limit passes, and its real size counts.
	honest := bomb(t, 3<<20, 3)
	if _, err := Inspect("that.docx", honest); err != nil {
		t.Errorf("honest 3 MB docx refused: %v", err)
	}
	if _, err := CheckZip(honest, 100, 2<<20, ""); !errors.Is(err, ErrZipLimits) {
		t.Errorf("CheckZip with a 2 MB limit on 3 MB = %v; want ErrZipLimits", err)
	}
}
