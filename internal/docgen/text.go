package docgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Text reads the text of a .docx back from the file: one line a paragraph,
// table cells separated by " | ". Tests use it to check what a document
// says; it reads only word/document.xml.
func Text(file []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		return "", fmt.Errorf("docgen: not a .docx: %w", err)
	}
	var part *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			part = f
		}
	}
	if part == nil {
		return "", errors.New("docgen: no word/document.xml")
	}
	rc, err := part.Open()
	if err != nil {
		return "", err
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, 64<<20))
	var out, line strings.Builder
	inText := false
	cellDepth := 0
	flush := func() {
		s := strings.TrimRight(line.String(), " ")
		if s != "" || cellDepth == 0 {
			out.WriteString(s)
			out.WriteByte('\n')
		}
		line.Reset()
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", fmt.Errorf("docgen: document.xml: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				line.WriteByte('\t')
			case "br":
				line.WriteByte('\n')
			case "tc":
				cellDepth++
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if cellDepth > 0 {
					line.WriteByte(' ')
				} else {
					flush()
				}
			case "tc":
				cellDepth--
				line.WriteString("| ")
			case "tr":
				flush()
			}
		case xml.CharData:
			if inText {
				line.Write(t)
			}
		}
	}
	return out.String(), nil
}
