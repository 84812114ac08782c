package web

import (
	"fmt"
	"net/http"

	"tdkt/internal/store"
	"tdkt/web/view"
)

// notificationsPerPage is the length of a notification page.
const notificationsPerPage = 30

func (srv *Server) notificationList(w http.ResponseWriter, r *http.Request) error {
	u := userFrom(r.Context())
	var before int64
	if s := r.URL.Query().Get("before"); s != "" {
		id, err := parseID(s)
		if err != nil {
			return err
		}
		before = id
	}
	np, err := srv.store.Notifications(r.Context(), u.ID, before, notificationsPerPage)
	if err != nil {
		return err
	}
	m := view.Notifications{Unread: np.Unread}
	for _, n := range np.Items {
		m.Items = append(m.Items, view.NotificationItem{ID: n.ID, Title: n.Title, At: view.DateTime(n.CreatedAt), Read: n.Read})
	}
	if np.More {
		m.Older = "/notifications?before=" + view.Itoa(np.Items[len(np.Items)-1].ID)
	}
	if before != 0 {
		m.Newest = "/notifications"
	}
	return srv.render(w, r, http.StatusOK, view.NotificationsPage(srv.page(r, "Thông báo"), m))
}

func (srv *Server) notificationsRead(w http.ResponseWriter, r *http.Request) error {
	if err := srv.store.MarkNotificationsRead(r.Context(), userFrom(r.Context()).ID, nil); err != nil {
		return err
	}
	srv.flash(r, "Đã đánh dấu tất cả thông báo là đã đọc.")
	return redirect(w, r, "/notifications")
}

// notificationOpen marks a notification read and goes to its object.
func (srv *Server) notificationOpen(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	t, err := srv.store.OpenNotification(r.Context(), userFrom(r.Context()).ID, id)
	if err != nil {
		return err
	}
	return redirect(w, r, targetHref(t))
}

// targetHref is the page of a notice's object; the notification list when
// it has none.
func targetHref(t store.Target) string {
	switch t.Kind {
	case store.TargetDossier:
		return fmt.Sprintf("/dossiers/%d", t.ID)
	case store.TargetRound:
		return fmt.Sprintf("/rounds/%d", t.ID)
	case store.TargetCampaign:
		return fmt.Sprintf("/campaigns/%d", t.ID)
	case store.TargetPledge:
		return fmt.Sprintf("/campaigns/%d/pledge", t.ID)
	case store.TargetPledgeReview:
		return fmt.Sprintf("/campaigns/%d/pledges/%d", t.ID, t.Sub)
	case store.TargetCouncilVote:
		return fmt.Sprintf("/council/sessions/%d/vote", t.ID)
	case store.TargetBlocYear:
		return fmt.Sprintf("/blocs/%d/%d", t.ID, t.Sub)
	}
	return "/notifications"
}
