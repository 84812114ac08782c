package web

import (
	"net/http"

	"tdkt/internal/auth"
	"tdkt/internal/store"
	"tdkt/web/view"
)

// home is "my work": what needs the signed-in user's attention, by role.
func (srv *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	h := view.Home{Greeting: "Xin chào, " + u.Name}
	if u.Roles.Has(auth.Admin, auth.Office) {
		units, err := srv.store.ListUnits(ctx, store.UnitFilter{Headcount: true})
		if err != nil {
			return err
		}
		people := 0
		for _, un := range units {
			people += un.People
		}
		h.Cards = append(h.Cards,
			view.Card{Label: "đơn vị đang hoạt động", Value: view.Number(int64(len(units))), Href: "/units"},
			view.Card{Label: "người đang công tác", Value: view.Number(int64(people)), Href: "/people"})
		for _, un := range units {
			if un.People == 0 && un.Kind != "external" {
				h.Tasks = append(h.Tasks, view.Task{Text: "Đơn vị “" + un.Name + "” chưa có người nào: cập nhật danh sách cán bộ.", Href: "/units/" + view.Itoa(un.ID)})
			}
		}
	}
	if u.Roles.Has(auth.Admin) {
		users, err := srv.store.ListUsers(ctx)
		if err != nil {
			return err
		}
		disabled := 0
		for _, a := range users {
			if a.Disabled {
				disabled++
			}
		}
		card := view.Card{Label: "tài khoản", Value: view.Number(int64(len(users))), Href: "/accounts"}
		if disabled > 0 {
			card.Note = view.Number(int64(disabled)) + " tài khoản đang bị khóa"
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
