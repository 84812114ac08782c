package docgen_test

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"tdkt/internal/docgen"
	"tdkt/internal/docgen/docgentest"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestLongDateZeroPads(t *testing.T) {
	for _, tc := range []struct {
		d    time.Time
		want string
	}{
		{day(2025, 1, 5), "ngày 05 tháng 01 năm 2025"},
		{day(2025, 2, 28), "ngày 28 tháng 02 năm 2025"},
		{day(2025, 3, 9), "ngày 09 tháng 3 năm 2025"},
		{day(2025, 10, 10), "ngày 10 tháng 10 năm 2025"},
		{day(2024, 12, 31), "ngày 31 tháng 12 năm 2024"},
	} {
		if got := docgen.LongDate(tc.d); got != tc.want {
			t.Errorf("LongDate(%s) = %q, want %q", tc.d.Format("2006-01-02"), got, tc.want)
		}
	}
	if got := docgen.DateLine("Tây Ninh", day(2025, 1, 5)); got != "Tây Ninh, ngày 05 tháng 01 năm 2025" {
		t.Errorf("DateLine = %q", got)
	}
}

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		seq       int
		typ, want string
	}{
		{15, docgen.TypeDecision, "15/QĐ-STC"},
		{1, docgen.TypeDecision, "01/QĐ-STC"},
		{7, docgen.TypeSubmission, "07/TTr-STC"},
		{120, docgen.TypeMinutes, "120/BB-STC"},
	} {
		if got := docgen.Number(tc.seq, tc.typ, "STC"); got != tc.want {
			t.Errorf("Number(%d, %s) = %q, want %q", tc.seq, tc.typ, got, tc.want)
		}
	}
}

// decision builds a small Quyết định like the ones the app issues.
func decision(t *testing.T, date time.Time, number string) []byte {
	t.Helper()
	d, err := docgen.New(docgen.Head{Org: docgen.SoTaiChinh, Number: number, Type: docgen.TypeDecision, Date: date})
	if err != nil {
		t.Fatal(err)
	}
	d.Title("Quyết định", "Về việc tặng danh hiệu “Lao động tiên tiến” năm 2025")
	d.Centered("GIÁM ĐỐC SỞ TÀI CHÍNH", docgen.Style{Bold: true})
	d.Bases([]string{"Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
		"Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ", "Theo đề nghị của Chánh Văn phòng"})
	d.Centered("QUYẾT ĐỊNH:", docgen.Style{Bold: true})
	d.Para(docgen.Style{Bold: true}, "Điều 1. ", "Tặng danh hiệu “Lao động tiên tiến” năm 2025 cho 2 cá nhân (có danh sách kèm theo).")
	d.Table([]string{"STT", "Họ và tên", "Đơn vị", "Tiền thưởng"},
		[][]string{{"1", "Nguyễn Thị Ánh", "Văn phòng", "710.000 đ"}, {"2", "Trần Quốc Bảo", "Phòng Ngân sách", "710.000 đ"}},
		[]int{1, 5, 4, 3}, 3)
	// A decomposed "ễ" (e + circumflex + tilde) must be stored composed.
	d.Para("Người ký: Nguye\u0302\u0303n Văn Cường.")
	d.Signature([]string{"Như Điều 3", "Lưu: VT, VP"}, []string{"GIÁM ĐỐC"}, "Nguyễn Văn Cường")
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func part(t *testing.T, file []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no %s in the .docx", name)
	return ""
}

func TestDecisionReadsBack(t *testing.T) {
	b := decision(t, day(2025, 1, 5), "05/QĐ-STC")
	text, err := docgen.Text(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"UBND TỈNH TÂY NINH", "SỞ TÀI CHÍNH", "Số: 05/QĐ-STC",
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Tây Ninh, ngày 05 tháng 01 năm 2025", "QUYẾT ĐỊNH\n",
		"Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;\n",
		"Theo đề nghị của Chánh Văn phòng.\n",
		"Điều 1. Tặng danh hiệu", "Nguyễn Thị Ánh | Văn phòng | 710.000 đ",
		"Người ký: Nguyễn Văn Cường.", "- Lưu: VT, VP.", "GIÁM ĐỐC",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the document does not say %q:\n%s", want, text)
		}
	}
	doc := part(t, b, "word/document.xml")
	for _, want := range []string{`w:w="11906"`, `w:h="16838"`, `w:left="1701"`, `w:right="850"`, `w:top="1134"`, `w:ascii="Times New Roman"`} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s (A4, NĐ 30 margins, Times New Roman)", want)
		}
	}
	if styles := part(t, b, "word/styles.xml"); !strings.Contains(styles, `w:ascii="Times New Roman"`) {
		t.Error("Times New Roman is not the document default")
	}
	core := part(t, b, "docProps/core.xml")
	if !strings.Contains(core, "SỞ TÀI CHÍNH") || strings.Contains(core, "godocx") {
		t.Errorf("document properties: %s", core)
	}
}

func TestDraftHasEmptyNumberAndDate(t *testing.T) {
	d, err := docgen.New(docgen.Head{Org: docgen.SoTaiChinh, Type: docgen.TypeSubmission})
	if err != nil {
		t.Fatal(err)
	}
	d.Title("Tờ trình", "Về việc đề nghị khen thưởng")
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	text, err := docgen.Text(b)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "/TTr-STC") || !strings.Contains(text, "Tây Ninh, ngày      tháng      năm") {
		t.Errorf("draft header:\n%s", text)
	}
}

func TestTextRejectsNonDocx(t *testing.T) {
	if _, err := docgen.Text([]byte("not a zip")); err == nil {
		t.Error("Text accepted a file that is not a .docx")
	}
}

func qrLike() []byte {
	img := image.NewGray(image.Rect(0, 0, 21, 21))
	for x := range 21 {
		for y := range 21 {
			if (x*y)%3 == 0 {
				img.Set(x, y, color.Black)
			} else {
				img.Set(x, y, color.White)
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// TestLibreOfficeOpensDocuments converts a decision, a draft with a picture
// and a long table in one LibreOffice run and reads their text back.
func TestLibreOfficeOpensDocuments(t *testing.T) {
	withImage, err := docgen.New(docgen.Head{Org: docgen.SoTaiChinh, Number: "01/QĐ-STC", Date: day(2025, 12, 20)})
	if err != nil {
		t.Fatal(err)
	}
	withImage.Title("Giấy khen")
	if err := withImage.Image(qrLike(), 25, 25); err != nil {
		t.Fatal(err)
	}
	img, err := withImage.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	long, err := docgen.New(docgen.Head{Org: docgen.SoTaiChinh, Sub: "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", Number: "03/BB-STC", Date: day(2025, 12, 18)})
	if err != nil {
		t.Fatal(err)
	}
	long.Title("Biên bản", "Họp Hội đồng Thi đua - Khen thưởng")
	var rows [][]string
	for i := range 120 {
		rows = append(rows, []string{string(rune('0' + i%10)), "Người thứ " + strings.Repeat("x", i%7), "12", "1", "0"})
	}
	long.Table([]string{"STT", "Họ và tên", "Đồng ý", "Không đồng ý", "Không ý kiến"}, rows, []int{1, 6, 2, 2, 2}, 2, 3, 4)
	minutes, err := long.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	texts := docgentest.Convert(t, map[string][]byte{
		"decision.docx":  decision(t, day(2025, 1, 5), "05/QĐ-STC"),
		"giay-khen.docx": img,
		"minutes.docx":   minutes,
	})
	for name, want := range map[string][]string{
		"decision.docx":  {"Số: 05/QĐ-STC", "Tây Ninh, ngày 05 tháng 01 năm 2025", "Nguyễn Thị Ánh", "710.000 đ"},
		"giay-khen.docx": {"GIẤY KHEN", "Số: 01/QĐ-STC"},
		"minutes.docx":   {"HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "BIÊN BẢN", "Không ý kiến"},
	} {
		for _, w := range want {
			if !strings.Contains(texts[name], w) {
				t.Errorf("LibreOffice read %s without %q:\n%s", name, w, texts[name])
			}
		}
	}
}
