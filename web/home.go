package web

import (
	"net/http"
	"strconv"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// home is "my work": what needs the signed-in user's attention, by role.
func (srv *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	h := view.Home{Greeting: "Xin chào, " + u.Name}
	now := srv.now()
	office, admin := u.Roles.Has(auth.Admin, auth.Office), u.Roles.Has(auth.Admin)
	figures := u.Roles.Has(auth.Admin, auth.Office, auth.Leader, auth.Chair)
	data, err := srv.store.Home(ctx, store.HomeQuery{UnitID: u.UnitID, DeptHead: u.Roles.Has(auth.DeptHead),
		BlocMember: u.UnitID != 0 && u.Roles.Has(auth.DeptHead, auth.BlocMember, auth.Office), Leader: u.Roles.Has(auth.Leader, auth.Chair),
		Office: office, Figures: figures, Accounts: admin, Today: now.In(view.Vietnam)})
	if err != nil {
		return err
	}
	for _, it := range data.Work {
		h.Tasks = append(h.Tasks, workTodo(it, now))
	}
	if u.PersonID != 0 && u.Roles.Has(auth.Council, auth.Chair) {
		if err := srv.councilTodos(r, u.PersonID, &h); err != nil {
			return err
		}
	}
	if figures {
		hc := data.Staff
		peopleHref := "/people" // the office and leadership read the list
		h.Cards = append(h.Cards, view.Card{Label: "người đang công tác", Value: view.Number(int64(hc.People)), Href: peopleHref})
		if hc.People > 0 {
			h.Cards = append(h.Cards,
				view.Card{Label: "là nữ", Value: percent(hc.Women, hc.People), Href: peopleHref,
					Note: view.Number(int64(hc.Women)) + " người"},
				view.Card{Label: "trực tiếp thực hiện nhiệm vụ", Value: percent(hc.People-hc.Leaders, hc.People), Href: peopleHref,
					Note: view.Number(int64(hc.People-hc.Leaders)) + " người không giữ chức vụ lãnh đạo"})
		}
	}
	if u.Roles.Has(auth.Leader, auth.Chair) {
		cards, err := srv.leaderCards(ctx)
		if err != nil {
			return err
		}
		h.Cards = append(cards, h.Cards...)
	}
	if office {
		h.Cards = append(h.Cards, view.Card{Label: "đơn vị đang hoạt động", Value: view.Number(int64(data.ActiveUnits)), Href: "/units"})
		for _, un := range data.EmptyUnits {
			h.Tasks = append(h.Tasks, view.Todo{Text: "Đơn vị “" + un.Name + "” chưa có người nào: cập nhật danh sách cán bộ.", Href: "/units/" + view.Itoa(un.ID)})
		}
	}
	if admin {
		card := view.Card{Label: "tài khoản", Value: view.Number(int64(data.Accounts)), Href: "/accounts"}
		if data.Disabled > 0 {
			card.Note = view.Number(int64(data.Disabled)) + " tài khoản đang bị khóa"
		}
		h.Cards = append(h.Cards, card)
	}
	if u.Roles.Has(auth.DeptHead) && u.UnitID != 0 {
		page, err := srv.store.ListPeople(ctx, store.PeopleFilter{UnitID: u.UnitID, Limit: 500})
		if err != nil {
			return err
		}
		h.UnitName, h.UnitPeople = u.UnitName, page.People
	}
	return srv.render(w, r, http.StatusOK, view.HomePage(srv.page(r, "Trang chủ"), h))
}

// workTodo says in a sentence what a work item asks for.
func workTodo(it store.WorkItem, now time.Time) view.Todo {
	due := func(what string) string {
		if it.Due.IsZero() {
			return ""
		}
		if view.Date(it.Due) != view.Date(now) && it.Due.Before(now) {
			return " (đã quá hạn " + what + " " + view.Date(it.Due) + ")"
		}
		return " (hạn " + what + " " + view.Date(it.Due) + ")"
	}
	id := view.Itoa(it.ID)
	switch it.Kind {
	case store.WorkPledge:
		return view.Todo{Text: "Đăng ký thi đua cho phong trào “" + it.Title + "”" + due("đăng ký"), Href: "/campaigns/" + id + "/pledge"}
	case store.WorkPledgeReturned:
		return view.Todo{Text: "Bản đăng ký thi đua phong trào “" + it.Title + "” bị trả lại: sửa và gửi lại.", Href: "/campaigns/" + id + "/pledge"}
	case store.WorkDossier:
		return view.Todo{Text: "Lập và nộp hồ sơ đề nghị khen thưởng: “" + it.Title + "”" + due("nộp"), Href: "/rounds/" + id}
	case store.WorkDossierReturned:
		return view.Todo{Text: "Hồ sơ đề nghị khen thưởng đợt “" + it.Title + "” bị trả lại để bổ sung.", Href: "/dossiers/" + id}
	case store.WorkBlocScoring:
		return view.Todo{Text: "Tự chấm điểm thi đua năm " + strconv.Itoa(it.Year) + ": “" + it.Title + "” (còn " + view.Number(int64(it.Count)) + " tiêu chí chưa chấm).",
			Href: "/blocs/" + id + "/" + strconv.Itoa(it.Year)}
	case store.WorkBlocVerify:
		return view.Todo{Text: view.Number(int64(it.Count)) + " điểm tự chấm chờ bạn thẩm định: “" + it.Title + "” năm " + strconv.Itoa(it.Year) + ".",
			Href: "/blocs/" + id + "/" + strconv.Itoa(it.Year) + "/verify"}
	case store.WorkCovenant:
		return view.Todo{Text: "Ký giao ước thi đua năm " + strconv.Itoa(it.Year) + ": “" + it.Title + "”.", Href: "/blocs/" + id + "/" + strconv.Itoa(it.Year)}
	case store.WorkPledgesToDecide:
		return view.Todo{Text: view.Number(int64(it.Count)) + " bản đăng ký thi đua chờ chấp nhận: phong trào “" + it.Title + "”.", Href: "/campaigns/" + id}
	case store.WorkOfficePledge:
		return view.Todo{Text: "Bản đăng ký thi đua của Văn phòng Sở chờ Lãnh đạo Sở chấp nhận: phong trào “" + it.Title + "”.",
			Href: "/campaigns/" + id + "/pledges/" + strconv.FormatInt(it.Unit, 10)}
	case store.WorkOfficeDossier:
		return view.Todo{Text: "Hồ sơ đề nghị khen thưởng của Văn phòng Sở chờ Lãnh đạo Sở tiếp nhận, thẩm định: “" + it.Title + "”.",
			Href: "/dossiers/" + id}
	case store.WorkDossiersToTake:
		return view.Todo{Text: view.Number(int64(it.Count)) + " hồ sơ đề nghị khen thưởng mới nộp chờ tiếp nhận.", Href: "/appraisal"}
	}
	return view.Todo{Text: view.Number(int64(it.Count)) + " hồ sơ đang thẩm định.", Href: "/appraisal"}
}

// percent formats part/whole as a Vietnamese percentage, e.g. "48,3%".
func percent(part, whole int) string {
	if whole == 0 {
		return "0%"
	}
	tenths := (part*1000 + whole/2) / whole
	s := strconv.Itoa(tenths / 10)
	if tenths%10 != 0 {
		s += "," + strconv.Itoa(tenths%10)
	}
	return s + "%"
}
