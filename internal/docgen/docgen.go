// Package docgen builds the Sở's administrative documents (Quyết định, Tờ
// trình, Biên bản, Báo cáo, certificates) as .docx files in the format of
// Nghị định 30/2020/NĐ-CP: A4 portrait, Times New Roman (Liberation Serif,
// metric-compatible, where Times is missing), margins top/bottom 20 mm, left
// 30 mm, right 15 mm, the two-column header with the issuing body and the
// national motto, "Số: 15/QĐ-STC", the place and the zero-padded date.
//
// The .docx is written with github.com/gomutex/godocx (MIT): it covers what
// these documents need (paragraphs, runs, tables with borders, section
// properties, pictures) from a default template, so no WordprocessingML is
// written by hand here. Every text is NFC-normalised.
package docgen

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gomutex/godocx"
	"github.com/gomutex/godocx/common/units"
	"github.com/gomutex/godocx/docx"
	"github.com/gomutex/godocx/wml/ctypes"
	"github.com/gomutex/godocx/wml/stypes"
	"golang.org/x/text/unicode/norm"
)

// Font is the typeface of every run; LibreOffice and browsers substitute
// the metric-compatible Liberation Serif where it is not installed.
const Font = "Times New Roman"

// Org is the issuing body: its superior body, its own name (both printed in
// capitals in the header), the short symbol used in document numbers and
// the place written before the date.
type Org struct {
	Parent string // "UBND TỈNH TÂY NINH"
	Name   string // "SỞ TÀI CHÍNH"
	Symbol string // "STC"
	Place  string // "Tây Ninh"
}

// SoTaiChinh is the Sở Tài chính Tây Ninh.
var SoTaiChinh = Org{Parent: "UBND TỈNH TÂY NINH", Name: "SỞ TÀI CHÍNH", Symbol: "STC", Place: "Tây Ninh"}

// Document type codes of NĐ 30/2020 Appendix III.
const (
	TypeDecision   = "QĐ"
	TypeSubmission = "TTr"
	TypeMinutes    = "BB"
	TypeReport     = "BC"
	TypeNotice     = "TB"
	TypePlan       = "KH"
)

// Number is the document symbol "15/QĐ-STC" (R38): the year's sequence
// number, written with at least two digits, the type code and the issuer's
// symbol.
func Number(seq int, typ, symbol string) string {
	return fmt.Sprintf("%02d/%s-%s", seq, typ, symbol)
}

// LongDate is "ngày 05 tháng 01 năm 2025": days 1–9 and months 1–2 take a
// leading zero (R39, NĐ 30/2020 Appendix I).
func LongDate(t time.Time) string {
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= 2 {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// DateLine is "Tây Ninh, ngày 05 tháng 01 năm 2025".
func DateLine(place string, t time.Time) string {
	return place + ", " + LongDate(t)
}

// Head is what the header block of a document shows.
type Head struct {
	Org    Org
	Sub    string // an optional third line under the body, e.g. "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
	Number string // "15/QĐ-STC"; empty prints "Số:      /QĐ-STC" for a draft
	Type   string // the type code, used for a draft's empty number
	Date   time.Time
}

// Doc is a document being built. Its methods append in reading order.
type Doc struct {
	root  *docx.RootDoc
	head  Head
	title string
}

// Sizes in half-points are set per run; the body text is 14 pt.
const (
	sizeBody   = 14
	sizeHeader = 13
	sizeSmall  = 12
)

// twips per millimetre (1 inch = 1440 twips = 25.4 mm).
func mm(v float64) int { return int(v*1440/25.4 + 0.5) }

// New starts a document with the NĐ 30/2020 page setup and header block.
func New(h Head) (*Doc, error) {
	root, err := godocx.NewDocument()
	if err != nil {
		return nil, fmt.Errorf("docgen: new document: %w", err)
	}
	d := &Doc{root: root, head: h}
	d.pageSetup()
	d.defaults()
	d.header(h)
	return d, nil
}

func (d *Doc) pageSetup() {
	w, hgt := uint64(11906), uint64(16838) // A4 in twips
	top, bottom, left, right := mm(20), mm(20), mm(30), mm(15)
	header, footer, gutter := mm(10), mm(10), 0
	sp := d.root.Document.Body.SectPr
	if sp == nil {
		sp = ctypes.NewSectionProper()
		d.root.Document.Body.SectPr = sp
	}
	sp.PageSize = &ctypes.PageSize{Width: &w, Height: &hgt}
	sp.PageMargin = &ctypes.PageMargin{Top: &top, Bottom: &bottom, Left: &left, Right: &right,
		Header: &header, Footer: &footer, Gutter: &gutter}
}

// defaults makes Times New Roman 14 pt the document default, so that text a
// user types into the file later keeps the format.
func (d *Doc) defaults() {
	st := d.root.DocStyles
	if st == nil {
		return
	}
	if st.DocDefaults == nil {
		st.DocDefaults = &ctypes.DocDefault{}
	}
	if st.DocDefaults.RunProp == nil {
		st.DocDefaults.RunProp = &ctypes.RunPropDefault{}
	}
	rp := st.DocDefaults.RunProp.RunProp
	if rp == nil {
		rp = &ctypes.RunProperty{}
		st.DocDefaults.RunProp.RunProp = rp
	}
	rp.Fonts = &ctypes.RunFonts{Ascii: Font, HAnsi: Font, EastAsia: Font, CS: Font}
	rp.Size = ctypes.NewFontSize(sizeBody * 2)
}

// Style of a run of text.
type Style struct {
	Bold, Italic, Underline bool
	Size                    int // points; 0 is the body size
}

func (d *Doc) run(p *docx.Paragraph, text string, s Style) {
	r := p.AddText(norm.NFC.String(text))
	r.Font(Font)
	size := s.Size
	if size == 0 {
		size = sizeBody
	}
	r.Size(uint64(size))
	if s.Bold {
		r.Bold(true)
	}
	if s.Italic {
		r.Italic(true)
	}
	if s.Underline {
		r.Underline(stypes.UnderlineSingle)
	}
}

func (d *Doc) para(align stypes.Justification, before, after uint64) *docx.Paragraph {
	p := d.root.AddEmptyParagraph()
	p.Justification(align)
	p.Spacing(before, after)
	return p
}

func cellPara(c *docx.Cell, align stypes.Justification) *docx.Paragraph {
	p := c.AddEmptyPara()
	p.Justification(align)
	p.Spacing(0, 0)
	return p
}

func (d *Doc) cellRun(p *docx.Paragraph, text string, s Style) { d.run(p, text, s) }

// header writes the two-column block without borders: the issuing body and
// the number on the left, the national motto and the date on the right.
func (d *Doc) header(h Head) {
	t := d.root.AddTable()
	t.Width(5000, stypes.TableWidthPct)
	t.Grid(3700, 5600)
	t.Layout(stypes.TableLayoutFixed)
	none := ctypes.NewCellBorder(stypes.BorderStyleNone, "auto", "0", 0)
	row := t.AddRow()
	left := row.AddCell().Width(3700, stypes.TableWidthDxa)
	right := row.AddCell().Width(5600, stypes.TableWidthDxa)
	for _, c := range []*docx.Cell{left, right} {
		c.Borders(none, none, none, none, nil, nil, nil, nil)
	}
	d.cellRun(cellPara(left, stypes.JustificationCenter), h.Org.Parent, Style{Size: sizeHeader})
	d.cellRun(cellPara(left, stypes.JustificationCenter), h.Org.Name, Style{Bold: true, Size: sizeHeader})
	if h.Sub != "" {
		d.cellRun(cellPara(left, stypes.JustificationCenter), h.Sub, Style{Bold: true, Size: sizeHeader})
	}
	d.cellRun(cellPara(left, stypes.JustificationCenter), "―――――", Style{Size: sizeSmall})
	number := h.Number
	if number == "" {
		number = "      /" + h.Type + "-" + h.Org.Symbol
	}
	d.cellRun(cellPara(left, stypes.JustificationCenter), "Số: "+number, Style{Size: sizeHeader})

	d.cellRun(cellPara(right, stypes.JustificationCenter), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Style{Bold: true, Size: sizeHeader})
	d.cellRun(cellPara(right, stypes.JustificationCenter), "Độc lập - Tự do - Hạnh phúc", Style{Bold: true, Size: sizeBody})
	d.cellRun(cellPara(right, stypes.JustificationCenter), "―――――――――――――", Style{Size: sizeSmall})
	if !h.Date.IsZero() {
		d.cellRun(cellPara(right, stypes.JustificationCenter), DateLine(h.Org.Place, h.Date), Style{Italic: true, Size: sizeBody})
	} else {
		d.cellRun(cellPara(right, stypes.JustificationCenter), h.Org.Place+", ngày      tháng      năm", Style{Italic: true, Size: sizeBody})
	}
}

// Title writes the document's name (bold capitals) and its subject lines
// (bold), centred, with space before.
func (d *Doc) Title(name string, subject ...string) {
	if d.title == "" {
		d.title = strings.TrimSpace(name + " " + strings.Join(subject, " "))
	}
	p := d.para(stypes.JustificationCenter, 360, 0)
	d.run(p, strings.ToUpper(name), Style{Bold: true})
	for _, s := range subject {
		p := d.para(stypes.JustificationCenter, 0, 0)
		d.run(p, s, Style{Bold: true})
	}
	d.para(stypes.JustificationCenter, 0, 120)
}

// Centered writes a centred line.
func (d *Doc) Centered(text string, s Style) {
	p := d.para(stypes.JustificationCenter, 120, 120)
	d.run(p, text, s)
}

// Para writes a justified body paragraph with a first-line indent. Parts
// alternate plain and the given styles: Para("Điều 1. ", Style{Bold: true}, "Tặng …").
func (d *Doc) Para(parts ...any) {
	p := d.para(stypes.JustificationBoth, 0, 120)
	first := uint64(567)
	p.Indent(&ctypes.Indent{FirstLine: &first})
	s := Style{}
	for _, part := range parts {
		switch v := part.(type) {
		case Style:
			s = v
		case string:
			d.run(p, v, s)
			s = Style{}
		}
	}
}

// Bases writes the "Căn cứ" lines in italics, one a line, each ending with
// ";" and the last with "." (NĐ 30/2020).
func (d *Doc) Bases(lines []string) {
	for i, l := range lines {
		l = strings.TrimRight(strings.TrimSpace(l), ";.,")
		if i == len(lines)-1 {
			l += "."
		} else {
			l += ";"
		}
		p := d.para(stypes.JustificationBoth, 0, 60)
		first := uint64(567)
		p.Indent(&ctypes.Indent{FirstLine: &first})
		d.run(p, l, Style{Italic: true})
	}
}

// Table writes a bordered table: a bold header row, then the rows. Widths
// are relative (any unit); columns listed in right are right-aligned.
func (d *Doc) Table(header []string, rows [][]string, widths []int, right ...int) {
	total := 0
	for _, w := range widths {
		total += w
	}
	const textWidth = 9071 // A4 minus 30 + 15 mm, in twips
	tw := make([]uint64, len(widths))
	for i, w := range widths {
		tw[i] = uint64(w * textWidth / max(total, 1))
	}
	t := d.root.AddTable()
	t.Style("TableGrid")
	t.Width(5000, stypes.TableWidthPct)
	t.Grid(tw...)
	line := ctypes.NewCellBorder(stypes.BorderStyleSingle, "000000", "0", 4)
	alignOf := func(col int) stypes.Justification {
		for _, r := range right {
			if r == col {
				return stypes.JustificationRight
			}
		}
		return stypes.JustificationLeft
	}
	add := func(cells []string, bold bool) {
		row := t.AddRow()
		for i, text := range cells {
			c := row.AddCell()
			if i < len(tw) {
				c.Width(int(tw[i]), stypes.TableWidthDxa)
			}
			c.Borders(line, line, line, line, nil, nil, nil, nil)
			align := alignOf(i)
			if bold {
				align = stypes.JustificationCenter
			}
			d.cellRun(cellPara(c, align), text, Style{Bold: bold, Size: 13})
		}
	}
	add(header, true)
	for _, r := range rows {
		add(r, false)
	}
	d.para(stypes.JustificationLeft, 0, 120)
}

// Signature writes the closing block: "Nơi nhận:" with its list on the
// left; the signing authority (e.g. "GIÁM ĐỐC", or "KT. GIÁM ĐỐC" and
// "PHÓ GIÁM ĐỐC"), room for the signature and the signer's name on the
// right.
func (d *Doc) Signature(recipients []string, authority []string, signer string) {
	t := d.root.AddTable()
	t.Width(5000, stypes.TableWidthPct)
	t.Grid(4500, 4571)
	none := ctypes.NewCellBorder(stypes.BorderStyleNone, "auto", "0", 0)
	row := t.AddRow()
	left := row.AddCell().Width(4500, stypes.TableWidthDxa)
	right := row.AddCell().Width(4571, stypes.TableWidthDxa)
	for _, c := range []*docx.Cell{left, right} {
		c.Borders(none, none, none, none, nil, nil, nil, nil)
	}
	if len(recipients) > 0 {
		d.cellRun(cellPara(left, stypes.JustificationLeft), "Nơi nhận:", Style{Bold: true, Italic: true, Size: sizeSmall})
		for i, r := range recipients {
			end := ";"
			if i == len(recipients)-1 {
				end = "."
			}
			d.cellRun(cellPara(left, stypes.JustificationLeft), "- "+strings.TrimRight(r, ";.")+end, Style{Size: 11})
		}
	} else {
		cellPara(left, stypes.JustificationLeft)
	}
	for _, a := range authority {
		d.cellRun(cellPara(right, stypes.JustificationCenter), a, Style{Bold: true})
	}
	for range 4 {
		cellPara(right, stypes.JustificationCenter)
	}
	d.cellRun(cellPara(right, stypes.JustificationCenter), signer, Style{Bold: true})
}

// PageBreak starts a new page.
func (d *Doc) PageBreak() { d.root.AddPageBreak() }

// Image adds a PNG picture, centred, width and height in millimetres.
func (d *Doc) Image(png []byte, widthMM, heightMM float64) error {
	dir, err := os.MkdirTemp("", "docgen-")
	if err != nil {
		return fmt.Errorf("docgen: image: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "image.png")
	if err := os.WriteFile(path, png, 0o600); err != nil {
		return fmt.Errorf("docgen: image: %w", err)
	}
	p := d.para(stypes.JustificationCenter, 120, 120)
	if _, err := p.AddPicture(path, units.Inch(widthMM/25.4), units.Inch(heightMM/25.4)); err != nil {
		return fmt.Errorf("docgen: image: %w", err)
	}
	return nil
}

// Bytes writes the .docx.
func (d *Doc) Bytes() ([]byte, error) {
	d.root.FileMap.Store("docProps/core.xml", d.coreProps())
	var buf bytes.Buffer
	if err := d.root.Write(&buf); err != nil {
		return nil, fmt.Errorf("docgen: write: %w", err)
	}
	return buf.Bytes(), nil
}

// ContentType is the media type of a .docx.
const ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// coreProps replaces the template's document properties: the title, the
// issuing body as author, the document date.
func (d *Doc) coreProps() []byte {
	esc := func(s string) string {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(norm.NFC.String(s)))
		return b.String()
	}
	when := d.head.Date
	if when.IsZero() {
		when = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	stamp := when.UTC().Format("2006-01-02T15:04:05Z")
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(d.title) + `</dc:title><dc:creator>` + esc(d.head.Org.Name) + `</dc:creator>` +
		`<cp:lastModifiedBy>` + esc(d.head.Org.Name) + `</cp:lastModifiedBy><cp:revision>1</cp:revision>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`)
}
