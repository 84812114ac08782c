package demo

import (
	"context"
	"fmt"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/bloc"
	"tdkt/internal/campaign"
	"tdkt/internal/org"
	"tdkt/internal/store"
)

// blocAccount is a demo account of an external unit in the provincial Khối.
type blocAccount struct {
	username, person, position, unit string
	gender                           org.Gender
	leader                           bool
	birth, recruited                 time.Time
}

// blocAccounts lists the bloc_member demo accounts, in the order of
// store.DemoUsernames (after the Sở's own accounts).
func blocAccounts() []blocAccount {
	return []blocAccount{
		{"khoi.sonoivu", "Trần Văn Hùng", "Chuyên viên", "Sở Nội vụ tỉnh Tây Ninh", org.Male, false, day(1984, 6, 12), day(2008, 9, 1)},
		{"khoi.sotuphap", "Lâm Thị Thu Trang", "Chánh Văn phòng", "Sở Tư pháp tỉnh Tây Ninh", org.Female, true, day(1979, 3, 8), day(2003, 2, 1)},
	}
}

// ownAgency is how the Sở appears in the provincial Khối and the Cụm: its
// Ban Giám đốc unit, shown under the agency's name.
const ownAgency = "Sở Tài chính tỉnh Tây Ninh"

// seedCampaigns loads the 2025 campaigns with the departments' pledges,
// the Sở's internal bloc, the provincial Khối "Quản lý nhà nước và Tham
// mưu - Tổng hợp" (2024 closed and ranked, 2025 being scored, with
// bloc_member accounts of two external agencies) and Cụm thi đua 10-06.
func seedCampaigns(ctx context.Context, s *store.Store, now time.Time) error {
	office, _, err := s.UserForLogin(ctx, "vanphong")
	if err != nil {
		return fmt.Errorf("campaigns: %w", err)
	}
	oa := store.Actor{UserID: office.ID, RequestID: "seed"}
	units, err := s.ListUnits(ctx, store.UnitFilter{Kind: org.Department})
	if err != nil {
		return fmt.Errorf("campaigns: %w", err)
	}
	var depts []org.Unit // the departments that take part (not Ban Giám đốc)
	var board org.Unit
	for _, u := range units {
		if u.Name == "Ban Giám đốc Sở" {
			board = u
			continue
		}
		depts = append(depts, u)
	}
	if err := seedAnnualCampaign(ctx, s, oa, depts); err != nil {
		return fmt.Errorf("campaigns: annual: %w", err)
	}
	if err := seedPeriodicCampaign(ctx, s, oa, depts); err != nil {
		return fmt.Errorf("campaigns: periodic: %w", err)
	}
	if err := seedInternalBloc(ctx, s, oa, depts); err != nil {
		return fmt.Errorf("campaigns: internal bloc: %w", err)
	}
	external, err := seedExternalUnits(ctx, s, now)
	if err != nil {
		return fmt.Errorf("campaigns: external units: %w", err)
	}
	if err := seedProvincialKhoi(ctx, s, oa, board.ID, external); err != nil {
		return fmt.Errorf("campaigns: khối: %w", err)
	}
	if err := seedCum(ctx, s, oa, board.ID, external); err != nil {
		return fmt.Errorf("campaigns: cụm: %w", err)
	}
	return nil
}

func seedAnnualCampaign(ctx context.Context, s *store.Store, oa store.Actor, depts []org.Unit) error {
	c := campaign.Campaign{Year: 2025, Kind: campaign.Regular,
		Name:       "Phong trào thi đua yêu nước năm 2025",
		Theme:      "Đổi mới, sáng tạo, tăng tốc, bứt phá",
		Objectives: "Hoàn thành vượt mức dự toán thu, chi ngân sách năm 2025; đẩy mạnh cải cách hành chính và chuyển đổi số; xây dựng đội ngũ cán bộ, công chức tận tụy, chuyên nghiệp; phát hiện, nhân rộng các điển hình tiên tiến, chú trọng người trực tiếp thực hiện nhiệm vụ.",
		DocNumber:  "15/KH-STC", DocDate: day(2025, 1, 10), DocIssuer: "Sở Tài chính tỉnh Tây Ninh",
		LaunchOn: day(2025, 1, 15), RegistrationDeadline: day(2025, 2, 28),
		MidReviewOn: day(2025, 7, 15), FinalReviewOn: day(2025, 12, 15),
		Criteria: []campaign.Criterion{
			{Title: "Hoàn thành nhiệm vụ chuyên môn được giao", Target: "100% nhiệm vụ đúng tiến độ"},
			{Title: "Cải cách hành chính, chuyển đổi số", Target: "100% hồ sơ xử lý trên môi trường điện tử"},
			{Title: "Thực hành tiết kiệm, chống lãng phí", Target: "Tiết kiệm tối thiểu 10% chi thường xuyên"},
			{Title: "Sáng kiến, giải pháp đổi mới", Target: "Mỗi phòng ít nhất 01 sáng kiến"},
			{Title: "Xây dựng tập thể đoàn kết, văn hóa công sở", Target: "Không có cán bộ bị kỷ luật"},
		}}
	for _, u := range depts {
		c.UnitIDs = append(c.UnitIDs, u.ID)
	}
	id, err := s.CreateCampaign(ctx, oa, c)
	if err != nil {
		return err
	}
	if err := s.CampaignTransition(ctx, oa, id, 1, campaign.Launch, ""); err != nil {
		return err
	}
	c, err = s.Campaign(ctx, id, store.CampaignScope{All: true})
	if err != nil {
		return err
	}
	for i, u := range depts {
		if i == len(depts)-1 {
			continue // one department has not registered: the roll-up shows it
		}
		staff, err := s.ListPeople(ctx, store.PeopleFilter{UnitID: u.ID, Limit: 100})
		if err != nil {
			return err
		}
		p := campaign.Pledge{CampaignID: id, UnitID: u.ID, CollectiveTarget: campaign.TTLDTT, Commitments: map[int64]string{}}
		if i%3 == 0 {
			p.CollectiveTarget = campaign.TTLDXS
		}
		for j, cr := range c.Criteria {
			p.Commitments[cr.ID] = []string{"Hoàn thành 100% nhiệm vụ được giao, đúng tiến độ", "Số hóa toàn bộ hồ sơ công việc của phòng",
				"Tiết kiệm 10% chi thường xuyên", "Đăng ký 01 sáng kiến cấp cơ sở", "Không có cán bộ vi phạm kỷ luật"}[j%5]
		}
		for j, person := range staff.People {
			t := campaign.LDTT
			if j == 0 {
				t = campaign.CSTDCS
			}
			p.People = append(p.People, campaign.PersonTarget{PersonID: person.ID, Target: t})
		}
		if err := s.SavePledge(ctx, oa, p); err != nil {
			return fmt.Errorf("%s: %w", u.Name, err)
		}
		if i == len(depts)-2 {
			continue // a draft not yet sent
		}
		sent := day(2025, 2, 20+i%5)
		if i == len(depts)-3 {
			sent = day(2025, 3, 5) // late: waits for the office
		}
		if err := s.PledgeTransition(ctx, oa, id, u.ID, 1, campaign.PledgeSubmit, campaign.ByUnit, "", sent); err != nil {
			return fmt.Errorf("%s: %w", u.Name, err)
		}
		if i == len(depts)-3 {
			continue
		}
		if err := s.PledgeTransition(ctx, oa, id, u.ID, 2, campaign.PledgeAccept, campaign.ByOffice, "", sent.AddDate(0, 0, 3)); err != nil {
			return fmt.Errorf("%s: %w", u.Name, err)
		}
	}
	return nil
}

func seedPeriodicCampaign(ctx context.Context, s *store.Store, oa store.Actor, depts []org.Unit) error {
	c := campaign.Campaign{Year: 2025, Kind: campaign.Periodic,
		Name:       "Đợt thi đua cao điểm chào mừng 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
		Theme:      "Thi đua lập thành tích chào mừng Quốc khánh",
		Objectives: "Hoàn thành sớm các chỉ tiêu 9 tháng đầu năm; giải ngân vốn đầu tư công đạt trên 60% kế hoạch trước ngày 31/8/2025.",
		DocNumber:  "112/KH-STC", DocDate: day(2025, 5, 20), DocIssuer: "Sở Tài chính tỉnh Tây Ninh",
		LaunchOn: day(2025, 5, 25), RegistrationDeadline: day(2025, 6, 10), StartsOn: day(2025, 6, 1), EndsOn: day(2025, 8, 31),
		FinalReviewOn: day(2025, 9, 15),
		Criteria: []campaign.Criterion{
			{Title: "Giải ngân vốn đầu tư công", Target: "Trên 60% kế hoạch vốn trước 31/8/2025"},
			{Title: "Rút ngắn thời gian giải quyết thủ tục hành chính", Target: "Giảm 30% so với quy định"},
		}}
	for _, u := range depts {
		c.UnitIDs = append(c.UnitIDs, u.ID)
	}
	id, err := s.CreateCampaign(ctx, oa, c)
	if err != nil {
		return err
	}
	return s.CampaignTransition(ctx, oa, id, 1, campaign.Launch, "")
}

// criterionDef is one line of a demo criteria tree; section lines have no max.
type criterionDef struct {
	kind  bloc.CriterionKind
	code  string
	title string
	max   bloc.Points
	child bool
}

// addCriteria builds a tree, returning the year's version after it.
func addCriteria(ctx context.Context, s *store.Store, oa store.Actor, blocID int64, year int, yearID int64, version int, defs []criterionDef) (int, error) {
	var section int64
	for _, d := range defs {
		c := bloc.Criterion{Kind: d.kind, Code: d.code, Title: d.title, Max: d.max, Weight: 100}
		if d.child {
			c.ParentID = section
		}
		if err := s.AddBlocCriterion(ctx, oa, yearID, version, c); err != nil {
			return version, fmt.Errorf("%s: %w", d.title, err)
		}
		version++
		if d.kind == bloc.Section {
			v, err := s.BlocYear(ctx, blocID, year, store.BlocScope{All: true})
			if err != nil {
				return version, err
			}
			for _, x := range v.Year.Criteria {
				if x.Code == d.code && x.Kind == bloc.Section {
					section = x.ID
				}
			}
		}
	}
	return version, nil
}

// blocYearSetup creates a bloc-year with members (label per unit), head,
// deputies, covenant and criteria; signers sign. It returns the year id
// and version.
func blocYearSetup(ctx context.Context, s *store.Store, oa store.Actor, blocID int64, year int, unitIDs []int64, labels map[int64]string,
	head int64, deputies []int64, covenant string, quotaFlag, quotaMerit int, defs []criterionDef, signers []int64) (int64, int, error) {
	yearID, err := s.CreateBlocYear(ctx, oa, blocID, year)
	if err != nil {
		return 0, 0, err
	}
	v, err := s.BlocYear(ctx, blocID, year, store.BlocScope{All: true})
	if err != nil {
		return 0, 0, err
	}
	version := v.Year.Version
	have := map[int64]bool{}
	for _, m := range v.Year.Members {
		have[m.UnitID] = true
	}
	for _, u := range unitIDs {
		if have[u] {
			continue
		}
		if err := s.AddBlocMember(ctx, oa, yearID, version, u, labels[u]); err != nil {
			return 0, 0, err
		}
		version++
	}
	if len(v.Year.Criteria) == 0 {
		if version, err = addCriteria(ctx, s, oa, blocID, year, yearID, version, defs); err != nil {
			return 0, 0, err
		}
	}
	v, err = s.BlocYear(ctx, blocID, year, store.BlocScope{All: true})
	if err != nil {
		return 0, 0, err
	}
	member := map[int64]int64{}
	for _, m := range v.Year.Members {
		member[m.UnitID] = m.ID
	}
	var deps []int64
	for _, d := range deputies {
		deps = append(deps, member[d])
	}
	if err := s.SetBlocLeadership(ctx, oa, yearID, version, member[head], deps); err != nil {
		return 0, 0, err
	}
	version++
	if err := s.SaveCovenant(ctx, oa, yearID, version, covenant, quotaFlag, quotaMerit); err != nil {
		return 0, 0, err
	}
	version++
	for _, u := range signers {
		// Signed at the early-year conference (hội nghị ký kết giao ước).
		if err := s.SignCovenant(ctx, oa, yearID, member[u], day(year, 2, 25)); err != nil {
			return 0, 0, err
		}
	}
	return yearID, version, nil
}

// scoreAll self-scores every signed member on every criterion with
// deterministic demo points; verify says which members' scores the
// verifier confirms (every third one adjusted with a reason).
func scoreAll(ctx context.Context, s *store.Store, oa store.Actor, blocID int64, year int, skip map[int64]bool, verify func(i int) bool) error {
	v, err := s.BlocYear(ctx, blocID, year, store.BlocScope{All: true})
	if err != nil {
		return err
	}
	for i, m := range v.Year.Members {
		if !m.Signed() || skip[m.UnitID] {
			continue
		}
		for j, c := range v.Year.Criteria {
			if !c.Kind.Scored() {
				continue
			}
			var pts bloc.Points
			switch c.Kind {
			case bloc.Item:
				pts = c.Max - bloc.Points((i*7+j*3)%5)*c.Max/20
			case bloc.Bonus:
				pts = bloc.Points((i % 3) * 100)
			case bloc.Deduction:
				pts = bloc.Points((i % 2) * 50)
			}
			if err := s.SelfScore(ctx, oa, v.Year.ID, m.ID, c.ID, 0, pts, "Có báo cáo và minh chứng kèm theo."); err != nil {
				return fmt.Errorf("%s %s: %w", m.Name, c.Code, err)
			}
			if !verify(i) {
				continue
			}
			verified, reason := pts, ""
			if (i+j)%3 == 0 && pts >= 50 && c.Kind == bloc.Item {
				verified, reason = pts-50, "Minh chứng chưa đầy đủ cho một phần nội dung."
			}
			if err := s.VerifyScore(ctx, oa, v.Year.ID, scoreID(ctx, s, blocID, year, m.ID, c.ID), 1, verified, reason); err != nil {
				return fmt.Errorf("verify %s %s: %w", m.Name, c.Code, err)
			}
		}
	}
	return nil
}

func scoreID(ctx context.Context, s *store.Store, blocID int64, year int, memberID, criterionID int64) int64 {
	v, err := s.BlocYear(ctx, blocID, year, store.BlocScope{All: true})
	if err != nil {
		return 0
	}
	return v.Scores[memberID][criterionID].ID
}

var internalCriteria = []criterionDef{
	{bloc.Section, "I", "Thực hiện nhiệm vụ chuyên môn", 0, false},
	{bloc.Item, "1", "Hoàn thành nhiệm vụ theo chương trình công tác năm", 3000, true},
	{bloc.Item, "2", "Chất lượng tham mưu, đề xuất", 2000, true},
	{bloc.Item, "3", "Cải cách hành chính, chuyển đổi số", 2000, true},
	{bloc.Section, "II", "Công tác thi đua, khen thưởng", 0, false},
	{bloc.Item, "4", "Đăng ký và tổ chức thực hiện phong trào thi đua", 1500, true},
	{bloc.Item, "5", "Xây dựng tập thể đoàn kết, văn hóa công sở", 1500, true},
	{bloc.Bonus, "III", "Điểm thưởng: sáng kiến, mô hình mới được công nhận", 500, false},
	{bloc.Deduction, "IV", "Điểm trừ: chậm báo cáo, vi phạm kỷ luật", 500, false},
}

const internalCovenant = `1. Thực hiện thắng lợi phong trào thi đua "Đổi mới, sáng tạo, tăng tốc, bứt phá" năm 2025.
2. Hoàn thành 100% nhiệm vụ theo chương trình công tác năm, đúng tiến độ.
3. Đẩy mạnh cải cách hành chính, chuyển đổi số; không để hồ sơ trễ hạn.
4. Xây dựng tập thể đoàn kết, không có cán bộ vi phạm kỷ luật.`

func seedInternalBloc(ctx context.Context, s *store.Store, oa store.Actor, depts []org.Unit) error {
	id, err := s.CreateBloc(ctx, oa, bloc.Bloc{Name: "Khối thi đua các phòng thuộc Sở Tài chính", Kind: bloc.Internal,
		Description: "Các phòng chuyên môn và Văn phòng, Thanh tra Sở; Văn phòng Sở thẩm định điểm."})
	if err != nil {
		return err
	}
	var ids []int64
	var qlns int64
	for _, u := range depts {
		ids = append(ids, u.ID)
		if u.Name == "Phòng Quản lý ngân sách" {
			qlns = u.ID
		}
	}
	head, deputy := ids[0], ids[1]
	if head == qlns {
		head, deputy = ids[1], ids[2]
	}
	yearID, version, err := blocYearSetup(ctx, s, oa, id, 2025, ids, nil, head, []int64{deputy}, internalCovenant, 1, 2, internalCriteria, ids)
	if err != nil {
		return err
	}
	if err := s.SetBlocPhase(ctx, oa, yearID, version, bloc.Scoring); err != nil {
		return err
	}
	// Phòng Quản lý ngân sách scores itself in the demo journey.
	return scoreAll(ctx, s, oa, id, 2025, map[int64]bool{qlns: true}, func(i int) bool { return i%2 == 0 })
}

// seedExternalUnits creates the other agencies of the Khối and the Cụm
// and the bloc_member accounts; it returns unit ids by name.
func seedExternalUnits(ctx context.Context, s *store.Store, now time.Time) (map[string]int64, error) {
	out := map[string]int64{}
	for i, name := range []string{"Sở Nội vụ tỉnh Tây Ninh", "Sở Tư pháp tỉnh Tây Ninh", "Văn phòng UBND tỉnh Tây Ninh",
		"Thanh tra tỉnh Tây Ninh", "Sở Tài chính tỉnh Đồng Nai", "Sở Tài chính Thành phố Hồ Chí Minh", "Sở Tài chính tỉnh Lâm Đồng"} {
		id, err := s.CreateUnit(ctx, store.Actor{RequestID: "seed"}, org.Unit{Name: name, Kind: org.External, SortOrder: 500 + i})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = id
	}
	hash, err := auth.HashPassword(auth.DemoPassword)
	if err != nil {
		return nil, err
	}
	for _, a := range blocAccounts() {
		p := org.Person{UnitID: out[a.unit], FullName: a.person, Gender: a.gender, Position: a.position, IsLeader: a.leader,
			BirthDate: a.birth, RecruitedOn: a.recruited, Employment: org.CivilServant}
		p.Normalize()
		if pr := p.Validate(now); !pr.OK() {
			return nil, fmt.Errorf("%s: %v", a.person, pr)
		}
		pid, err := s.CreatePerson(ctx, store.Actor{RequestID: "seed"}, p)
		if err != nil {
			return nil, err
		}
		if _, err := s.CreateUser(ctx, store.Actor{RequestID: "seed"}, store.NewUser{PersonID: pid, Username: a.username,
			PasswordHash: hash, Roles: auth.RoleSet{auth.BlocMember}}); err != nil {
			return nil, fmt.Errorf("%s: %w", a.username, err)
		}
	}
	return out, nil
}

var khoiCriteria = []criterionDef{
	{bloc.Section, "I", "Thực hiện nhiệm vụ chính trị được giao", 0, false},
	{bloc.Item, "1", "Tham mưu UBND tỉnh thực hiện nhiệm vụ chuyên môn", 3000, true},
	{bloc.Item, "2", "Cải cách hành chính, chuyển đổi số", 2000, true},
	{bloc.Item, "3", "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội thuộc lĩnh vực", 2000, true},
	{bloc.Section, "II", "Công tác thi đua, khen thưởng", 0, false},
	{bloc.Item, "4", "Tổ chức phong trào thi đua, đăng ký và ký kết giao ước", 1000, true},
	{bloc.Item, "5", "Phát hiện, bồi dưỡng và nhân rộng điển hình tiên tiến", 1000, true},
	{bloc.Section, "III", "Xây dựng tổ chức Đảng, đoàn thể", 0, false},
	{bloc.Item, "6", "Tổ chức Đảng, đoàn thể trong sạch, vững mạnh", 1000, true},
	{bloc.Bonus, "IV", "Điểm thưởng: mô hình mới, cách làm hay được cấp có thẩm quyền ghi nhận", 500, false},
	{bloc.Deduction, "V", "Điểm trừ: chậm báo cáo, không tham gia hoạt động của Khối", 500, false},
}

const khoiCovenant = `1. Thi đua hoàn thành xuất sắc nhiệm vụ chính trị được giao năm %d.
2. Đẩy mạnh cải cách hành chính, nâng chỉ số năng lực phục vụ người dân, doanh nghiệp.
3. Tham gia đầy đủ các hoạt động của Khối; báo cáo đúng hạn.
4. Xây dựng cơ quan, đơn vị văn hóa, đoàn kết, không có vi phạm.`

func seedProvincialKhoi(ctx context.Context, s *store.Store, oa store.Actor, board int64, ext map[string]int64) error {
	id, err := s.CreateBloc(ctx, oa, bloc.Bloc{Name: "Khối thi đua Quản lý nhà nước và Tham mưu - Tổng hợp", Kind: bloc.Khoi,
		Description: "Khối thi đua của tỉnh; Khối trưởng luân phiên hằng năm."})
	if err != nil {
		return err
	}
	noiVu, tuPhap, vpUB, thanhTra := ext["Sở Nội vụ tỉnh Tây Ninh"], ext["Sở Tư pháp tỉnh Tây Ninh"], ext["Văn phòng UBND tỉnh Tây Ninh"], ext["Thanh tra tỉnh Tây Ninh"]
	members := []int64{board, noiVu, tuPhap, vpUB, thanhTra}
	labels := map[int64]string{board: ownAgency}
	// 2024: closed, ranked, honoured and proposed.
	y24, v24, err := blocYearSetup(ctx, s, oa, id, 2024, members, labels, vpUB, []int64{noiVu}, fmt.Sprintf(khoiCovenant, 2024), 1, 2, khoiCriteria, members)
	if err != nil {
		return err
	}
	if err := s.SetBlocPhase(ctx, oa, y24, v24, bloc.Scoring); err != nil {
		return err
	}
	v24++
	if err := scoreAll(ctx, s, oa, id, 2024, nil, func(int) bool { return true }); err != nil {
		return err
	}
	if err := s.SetBlocPhase(ctx, oa, y24, v24, bloc.Closed); err != nil {
		return err
	}
	v24++
	view, err := s.BlocYear(ctx, id, 2024, store.BlocScope{All: true})
	if err != nil {
		return err
	}
	ranking := bloc.Rank(view.Year.Members, view.Year.Criteria, view.Scores)
	var props []bloc.Proposal
	for i, st := range ranking {
		switch {
		case i == 0 && st.Rank == 1:
			props = append(props, bloc.Proposal{MemberID: st.MemberID, Award: bloc.AwardFlag})
		case i <= 2:
			props = append(props, bloc.Proposal{MemberID: st.MemberID, Award: bloc.AwardMerit})
		}
	}
	if err := s.SaveProposals(ctx, oa, y24, v24, props); err != nil {
		return err
	}
	for _, voter := range ranking {
		if voter.MemberID == ranking[0].MemberID {
			continue
		}
		if err := s.SaveVotes(ctx, oa, y24, voter.MemberID, []int64{ranking[0].MemberID}); err != nil {
			return err
		}
	}
	// 2025: the head rotates to Sở Nội vụ (khoi.sonoivu verifies); scoring
	// is open, Thanh tra tỉnh has not signed the covenant yet.
	signers := []int64{board, noiVu, tuPhap, vpUB}
	y25, v25, err := blocYearSetup(ctx, s, oa, id, 2025, members, labels, noiVu, []int64{tuPhap}, fmt.Sprintf(khoiCovenant, 2025), 1, 2, khoiCriteria, signers)
	if err != nil {
		return err
	}
	if err := s.SetBlocPhase(ctx, oa, y25, v25, bloc.Scoring); err != nil {
		return err
	}
	// Văn phòng UBND tỉnh and Sở Tư pháp have self-scored; Sở Tư pháp's
	// scores wait for the Khối trưởng's verification.
	return scoreAll(ctx, s, oa, id, 2025, map[int64]bool{board: true, noiVu: true}, func(int) bool { return false })
}

func seedCum(ctx context.Context, s *store.Store, oa store.Actor, board int64, ext map[string]int64) error {
	id, err := s.CreateBloc(ctx, oa, bloc.Bloc{Name: "Cụm thi đua 10-06", Kind: bloc.Cum,
		Description: "Cụm thi đua các Sở Tài chính khu vực Đông Nam Bộ và Tây Nguyên do Bộ Tài chính tổ chức."})
	if err != nil {
		return err
	}
	dn, hcm, ld := ext["Sở Tài chính tỉnh Đồng Nai"], ext["Sở Tài chính Thành phố Hồ Chí Minh"], ext["Sở Tài chính tỉnh Lâm Đồng"]
	members := []int64{board, dn, hcm, ld}
	_, _, err = blocYearSetup(ctx, s, oa, id, 2025, members, map[int64]string{board: ownAgency}, board, []int64{dn},
		fmt.Sprintf(khoiCovenant, 2025), 1, 1, khoiCriteria, []int64{board})
	return err
}

// BenchBloc creates a provincial Khối for year with the given numbers of
// external member units and scored criteria (in sections of ten), every
// member signed and self-scored on every criterion, every other score
// verified: the data of the ranking-page benchmark.
func BenchBloc(ctx context.Context, s *store.Store, name string, year, members, criteria int) (int64, error) {
	a := store.Actor{RequestID: "bench"}
	var units []int64
	for i := range members {
		id, err := s.CreateUnit(ctx, a, org.Unit{Name: fmt.Sprintf("%s – đơn vị %02d", name, i+1), Kind: org.External, SortOrder: 900})
		if err != nil {
			return 0, err
		}
		units = append(units, id)
	}
	var defs []criterionDef
	for i := range criteria {
		if i%10 == 0 {
			defs = append(defs, criterionDef{bloc.Section, fmt.Sprintf("S%d", i/10+1), fmt.Sprintf("Nhóm tiêu chí %d", i/10+1), 0, false})
		}
		defs = append(defs, criterionDef{bloc.Item, fmt.Sprint(i + 1), fmt.Sprintf("Tiêu chí chấm điểm số %d", i+1), 1000, true})
	}
	id, err := s.CreateBloc(ctx, a, bloc.Bloc{Name: name, Kind: bloc.Khoi})
	if err != nil {
		return 0, err
	}
	yearID, version, err := blocYearSetup(ctx, s, a, id, year, units, nil, units[0], []int64{units[1]}, "Giao ước thi đua.", 1, 3, defs, units)
	if err != nil {
		return 0, err
	}
	if err := s.SetBlocPhase(ctx, a, yearID, version, bloc.Scoring); err != nil {
		return 0, err
	}
	return id, scoreAll(ctx, s, a, id, year, nil, func(i int) bool { return i%2 == 0 })
}
