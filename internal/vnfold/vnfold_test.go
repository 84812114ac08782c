package vnfold

import "testing"

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Thị Đào":           "nguyen thi dao",
		"  NGUYỄN   thị  đào ":     "nguyen thi dao",
		"Hoàn thành xuất sắc":      "hoan thanh xuat sac",
		"Xếp loại (*)":             "xep loai",
		"Phòng Tài chính - Đầu tư": "phong tai chinh dau tu",
		"Nguye\u0302\u0303n":       "nguyen", // decomposed input
		"":                         "",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q; want %q", in, got, want)
		}
	}
	if !Equal("Lê Văn Đức", "le van duc") || Equal("Lê Văn Đức", "Lê Văn Đực x") {
		t.Error("Equal")
	}
}
