package demo

import (
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/org"
)

// unitData is one department of the demo organisation with its staff.
type unitData struct {
	name, short string
	sort        int
	people      []personData
}

// personData is one member of staff. login names the demo account linked
// to the person, if any.
type personData struct {
	name       string
	gender     org.Gender
	birth      time.Time
	position   string
	leader     bool
	employment org.Employment
	recruited  time.Time
	login      string
}

// accountData is a demo account; its person is the one whose login matches.
type accountData struct {
	username    string
	displayName string // only for an account without a person
	roles       auth.RoleSet
}

// day returns a calendar date.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Shorthands for the table below.
const (
	male   = org.Male
	female = org.Female
	cs     = org.CivilServant
	pe     = org.PublicEmployee
	worker = org.Worker
)

// accounts returns the demo accounts in the order of store.DemoUsernames.
func accounts() []accountData {
	return []accountData{
		{username: "admin", displayName: "Quản trị hệ thống", roles: auth.RoleSet{auth.Admin}},
		{username: "vanphong", roles: auth.RoleSet{auth.Office, auth.DeptHead, auth.Council}},
		{username: "giamdoc", roles: auth.RoleSet{auth.Chair, auth.Council, auth.Leader}},
		{username: "lanhdao", roles: auth.RoleSet{auth.Leader, auth.Council}},
		{username: "tp.ngansach", roles: auth.RoleSet{auth.DeptHead, auth.Council}},
		{username: "tp.dautu", roles: auth.RoleSet{auth.DeptHead}},
		// The other members of the Hội đồng TĐ-KT (council.go).
		{username: "hd.tri", roles: auth.RoleSet{auth.Council}},
		{username: "hd.loc", roles: auth.RoleSet{auth.Council}},
		{username: "hd.quang", roles: auth.RoleSet{auth.Council}},
		{username: "hd.dung", roles: auth.RoleSet{auth.Council}},
		{username: "hd.nam", roles: auth.RoleSet{auth.Council}},
		// A second member of the office: four eyes on Văn phòng Sở's own
		// pledge and dossier, which its head (vanphong) prepares.
		{username: "vp.linh", roles: auth.RoleSet{auth.Office}},
	}
}

// organisation returns the departments of Sở Tài chính tỉnh Tây Ninh and
// their staff. The names are invented.
func organisation() []unitData {
	return []unitData{
		{"Ban Giám đốc Sở", "BGĐ", 1, []personData{
			{"Nguyễn Thanh Phong", male, day(1969, 4, 12), "Giám đốc", true, cs, day(1992, 9, 1), "giamdoc"},
			{"Lê Thị Thu Hà", female, day(1974, 10, 3), "Phó Giám đốc", true, cs, day(1997, 3, 1), "lanhdao"},
			{"Phạm Minh Trí", male, day(1976, 1, 25), "Phó Giám đốc", true, cs, day(1999, 7, 1), "hd.tri"},
			{"Huỳnh Văn Lộc", male, day(1971, 7, 8), "Phó Giám đốc", true, cs, day(1994, 10, 1), "hd.loc"},
		}},
		{"Văn phòng Sở", "VP", 10, []personData{
			{"Võ Thị Kim Loan", female, day(1978, 5, 19), "Chánh Văn phòng", true, cs, day(2001, 8, 1), "vanphong"},
			{"Đặng Hoàng Nam", male, day(1983, 11, 2), "Phó Chánh Văn phòng", true, cs, day(2006, 4, 1), "hd.nam"},
			{"Bùi Thị Ngọc Hân", female, day(1988, 2, 14), "Kế toán viên", false, cs, day(2011, 6, 1), ""},
			{"Đỗ Thị Mỹ Linh", female, day(1992, 8, 27), "Chuyên viên", false, cs, day(2015, 10, 1), "vp.linh"},
			{"Hồ Minh Khang", male, day(1990, 3, 6), "Chuyên viên", false, cs, day(2013, 12, 1), ""},
			{"Ngô Thị Bích Trâm", female, day(1995, 12, 21), "Nhân viên", false, pe, day(2018, 9, 1), ""},
			{"Dương Văn Tài", male, day(1980, 6, 30), "Nhân viên lái xe", false, worker, day(2005, 2, 1), ""},
			{"Lý Văn Sang", male, day(1985, 9, 15), "Nhân viên lái xe", false, worker, day(2009, 5, 1), ""},
			{"Phan Văn Đức", male, day(1970, 4, 4), "Nhân viên bảo vệ", false, worker, day(1998, 1, 1), ""},
		}},
		{"Thanh tra Sở", "TTr", 20, []personData{
			{"Trương Minh Quang", male, day(1975, 12, 9), "Chánh Thanh tra", true, cs, day(1998, 9, 1), "hd.quang"},
			{"Nguyễn Thị Hồng Nhung", female, day(1980, 7, 22), "Phó Chánh Thanh tra", true, cs, day(2003, 3, 1), ""},
			{"Lê Hoàng Phúc", male, day(1982, 5, 11), "Chuyên viên chính", false, cs, day(2005, 8, 1), ""},
			{"Trần Thị Thanh Thảo", female, day(1989, 1, 17), "Chuyên viên", false, cs, day(2012, 4, 1), ""},
			{"Phạm Thị Diễm My", female, day(1994, 10, 28), "", false, cs, day(2017, 11, 1), ""},
		}},
		{"Phòng Quản lý ngân sách", "QLNS", 30, []personData{
			{"Trần Thị Mai Phương", female, day(1977, 3, 13), "Trưởng phòng", true, cs, day(2000, 9, 1), "tp.ngansach"},
			{"Huỳnh Thanh Bình", male, day(1981, 8, 5), "Phó Trưởng phòng", true, cs, day(2004, 7, 1), ""},
			{"Võ Thị Thanh Hương", female, day(1984, 4, 24), "Phó Trưởng phòng", true, cs, day(2007, 10, 1), ""},
			{"Đặng Văn Khoa", male, day(1979, 11, 30), "Chuyên viên chính", false, cs, day(2002, 6, 1), ""},
			{"Bùi Thị Kim Ngân", female, day(1991, 6, 18), "Chuyên viên", false, cs, day(2014, 3, 1), ""},
			{"Đỗ Quốc Bảo", male, day(1993, 2, 7), "Chuyên viên", false, cs, day(2016, 8, 1), ""},
			{"Lê Thị Ngọc Ánh", female, day(1996, 9, 10), "", false, cs, day(2019, 12, 1), ""},
		}},
		{"Phòng Tài chính đầu tư", "TCĐT", 40, []personData{
			{"Phan Văn Hiếu", male, day(1974, 2, 20), "Trưởng phòng", true, cs, day(1997, 8, 1), "tp.dautu"},
			{"Nguyễn Thị Thúy Vy", female, day(1983, 12, 1), "Phó Trưởng phòng", true, cs, day(2006, 9, 1), ""},
			{"Hồ Văn Nghĩa", male, day(1978, 8, 16), "Chuyên viên chính", false, cs, day(2001, 10, 1), ""},
			{"Ngô Thị Phương Thảo", female, day(1990, 5, 3), "Chuyên viên", false, cs, day(2013, 7, 1), ""},
			{"Dương Minh Hiển", male, day(1988, 10, 12), "Chuyên viên", false, cs, day(2011, 11, 1), ""},
			{"Trương Thị Yến Nhi", female, day(1997, 7, 29), "Chuyên viên", false, cs, day(2020, 6, 1), ""},
			{"Lý Thanh Tùng", male, day(1992, 1, 9), "", false, cs, day(2015, 4, 1), ""},
		}},
		{"Phòng Quản lý giá và công sản", "QLG&CS", 50, []personData{
			{"Lê Văn Dũng", male, day(1972, 9, 26), "Trưởng phòng", true, cs, day(1995, 10, 1), "hd.dung"},
			{"Phạm Thị Kim Oanh", female, day(1982, 3, 8), "Phó Trưởng phòng", true, cs, day(2005, 5, 1), ""},
			{"Trần Văn Lâm", male, day(1980, 12, 14), "Chuyên viên chính", false, cs, day(2003, 9, 1), ""},
			{"Võ Thị Hồng Nhi", female, day(1993, 6, 2), "Chuyên viên", false, cs, day(2016, 2, 1), ""},
			{"Huỳnh Thị Mỹ Duyên", female, day(1995, 4, 19), "Chuyên viên", false, cs, day(2018, 10, 1), ""},
			{"Nguyễn Hữu Thắng", male, day(1990, 11, 23), "Chuyên viên", false, cs, day(2013, 12, 1), ""},
		}},
		{"Phòng Tài chính hành chính sự nghiệp", "HCSN", 60, []personData{
			{"Đặng Thị Ngọc Lan", female, day(1976, 7, 7), "Trưởng phòng", true, cs, day(1999, 9, 1), ""},
			{"Bùi Văn Hậu", male, day(1982, 1, 31), "Phó Trưởng phòng", true, cs, day(2005, 3, 1), ""},
			{"Nguyễn Thị Thanh Tuyền", female, day(1981, 10, 20), "Chuyên viên chính", false, cs, day(2004, 11, 1), ""},
			{"Đỗ Văn Thịnh", male, day(1989, 5, 27), "Chuyên viên", false, cs, day(2012, 8, 1), ""},
			{"Hồ Thị Cẩm Tú", female, day(1994, 2, 11), "Chuyên viên", false, cs, day(2017, 4, 1), ""},
			{"Lê Minh Triết", male, day(1991, 8, 4), "Kế toán viên", false, cs, day(2014, 9, 1), ""},
		}},
		{"Phòng Tài chính doanh nghiệp", "TCDN", 70, []personData{
			{"Ngô Văn Hải", male, day(1975, 6, 15), "Trưởng phòng", true, cs, day(1998, 8, 1), ""},
			{"Trần Thị Bảo Ngọc", female, day(1985, 9, 9), "Phó Trưởng phòng", true, cs, day(2008, 10, 1), ""},
			{"Phan Thị Như Quỳnh", female, day(1992, 12, 25), "Chuyên viên", false, cs, day(2016, 1, 1), ""},
			{"Dương Văn Kiệt", male, day(1987, 3, 18), "Chuyên viên", false, cs, day(2010, 6, 1), ""},
			{"Nguyễn Thị Hoài Thương", female, day(1998, 4, 6), "", false, cs, day(2021, 5, 1), ""},
		}},
		{"Phòng Đăng ký kinh doanh", "ĐKKD", 80, []personData{
			{"Trương Thị Hồng Vân", female, day(1979, 8, 21), "Trưởng phòng", true, cs, day(2002, 9, 1), ""},
			{"Lê Quang Vinh", male, day(1983, 2, 28), "Phó Trưởng phòng", true, cs, day(2006, 5, 1), ""},
			{"Phạm Thị Thu Trang", female, day(1991, 11, 11), "Chuyên viên", false, cs, day(2014, 12, 1), ""},
			{"Nguyễn Tấn Phát", male, day(1995, 7, 14), "Chuyên viên", false, cs, day(2018, 8, 1), ""},
			{"Võ Thị Ngọc Huyền", female, day(1999, 10, 5), "Chuyên viên", false, cs, day(2022, 10, 1), ""},
			{"Huỳnh Công Danh", male, day(1993, 5, 30), "Chuyên viên", false, cs, day(2016, 7, 1), ""},
		}},
		{"Phòng Kế hoạch tổng hợp", "KHTH", 90, []personData{
			{"Trần Minh Hoàng", male, day(1977, 10, 17), "Trưởng phòng", true, cs, day(2000, 11, 1), ""},
			{"Bùi Thị Thanh Xuân", female, day(1986, 1, 22), "Phó Trưởng phòng", true, cs, day(2009, 3, 1), ""},
			{"Đỗ Thành Công", male, day(1984, 6, 9), "Chuyên viên chính", false, cs, day(2007, 7, 1), ""},
			{"Lý Thị Mỹ Hạnh", female, day(1994, 9, 3), "Chuyên viên", false, cs, day(2017, 10, 1), ""},
			{"Hồ Thị Kiều Trinh", female, day(2000, 3, 16), "Chuyên viên", false, cs, day(2023, 4, 1), ""},
		}},
	}
}
