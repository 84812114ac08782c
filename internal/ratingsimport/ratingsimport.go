// Package ratingsimport reads a unit's quality ratings (xếp loại chất
// lượng) for a year from an .xlsx file: the sheet tdkt offers for download,
// filled in. It matches rows to the unit's people and returns the ratings
// and the rows it could not take; the page shows them as a preview and
// nothing is saved until the user confirms.
package ratingsimport

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"tdkt/internal/attach"
	"tdkt/internal/award"
	"tdkt/internal/vnfold"
)

// MaxRows is the most rows a file may have.
const MaxRows = 2000

// Person is one of the unit's people a row may name.
type Person struct {
	ID   int64
	Name string
}

// Result is what Parse read.
type Result struct {
	Ratings  map[int64]award.Rating // by person id
	Problems []string               // one line per row not taken, in Vietnamese
}

// Parse reads (person, rating) pairs from the first sheet of an .xlsx file:
// a header row (in the first 5 rows) with "Họ và tên" and "Xếp loại", and
// optionally "Mã" (the person's id in tdkt). People are matched among
// people, by id or else by folded name; rows that cannot be matched or
// rated are listed in Result.Problems. A file that is not a workbook is an
// error; so are ErrNoHeader and ErrTooManyRows.
func Parse(data []byte, people []Person) (res Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("xlsx: panic: %v", v)
		}
	}()
	// Inflate with a hard limit first: excelize trusts the declared sizes.
	if _, err := attach.CheckZip(data, 1000, 50<<20, ""); err != nil {
		return Result{}, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: 50 << 20, UnzipXMLSizeLimit: excelize.StreamChunkSize})
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return Result{}, errors.New("xlsx: no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return Result{}, err
	}
	defer rows.Close()
	byID, byName := map[int64]bool{}, map[string][]int64{}
	for _, p := range people {
		byID[p.ID] = true
		k := vnfold.Key(p.Name)
		byName[k] = append(byName[k], p.ID)
	}
	colID, colName, colRating := -1, -1, -1
	input := map[int64]award.Rating{}
	var problems []string
	line := 0
	for rows.Next() {
		line++
		if line > MaxRows {
			return Result{}, ErrTooManyRows
		}
		cells, err := rows.Columns()
		if err != nil {
			return Result{}, err
		}
		if colName < 0 {
			for i, c := range cells {
				switch vnfold.Key(c) {
				case "ma", "ma can bo", "id":
					colID = i
				case "ho va ten", "ho ten":
					colName = i
				case "xep loai", "xep loai chat luong", "ket qua xep loai":
					colRating = i
				}
			}
			if colName < 0 || colRating < 0 {
				colName, colRating, colID = -1, -1, -1
				if line >= 5 {
					return Result{}, ErrNoHeader
				}
			}
			continue
		}
		cell := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		name, rawRating := cell(colName), cell(colRating)
		if name == "" && rawRating == "" && cell(colID) == "" {
			continue
		}
		prefix := fmt.Sprintf("Dòng %d", line)
		var id int64
		if raw := cell(colID); raw != "" {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil || !byID[n] {
				problems = append(problems, prefix+": mã “"+raw+"” không phải người của đơn vị.")
				continue
			}
			id = n
		} else {
			ids := byName[vnfold.Key(name)]
			switch len(ids) {
			case 0:
				problems = append(problems, prefix+": không tìm thấy “"+name+"” trong đơn vị.")
				continue
			case 1:
				id = ids[0]
			default:
				problems = append(problems, prefix+": đơn vị có nhiều người tên “"+name+"”; hãy điền cột Mã.")
				continue
			}
		}
		rating, ok := ParseRating(rawRating)
		if !ok {
			problems = append(problems, prefix+": xếp loại “"+rawRating+"” không hợp lệ (dùng HTXS, HTT, HTNV hoặc KHT).")
			continue
		}
		if _, dup := input[id]; dup {
			problems = append(problems, prefix+": “"+name+"” xuất hiện nhiều lần; dùng dòng đầu tiên.")
			continue
		}
		input[id] = rating
	}
	if colName < 0 {
		return Result{}, ErrNoHeader
	}
	return Result{Ratings: input, Problems: problems}, rows.Error()
}

// Errors of Parse.
var (
	ErrNoHeader    = errors.New("ratingsimport: no header row")
	ErrTooManyRows = errors.New("ratingsimport: too many rows")
)

// ParseRating reads a rating typed as its code (HTXS, HTT, HTNV, KHT) or its
// Vietnamese name, in any case and with or without diacritics.
func ParseRating(s string) (award.Rating, bool) {
	if r, ok := award.ParseRating(strings.ToUpper(strings.TrimSpace(s))); ok {
		return r, true
	}
	k := vnfold.Key(s)
	for _, r := range award.Ratings {
		if k == vnfold.Key(r.Label()) {
			return r, true
		}
	}
	return "", false
}
