package web

import (
	"net/http"

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
	link, err := srv.store.OpenNotification(r.Context(), userFrom(r.Context()).ID, id)
	if err != nil {
		return err
	}
	if link == "" {
		link = "/notifications"
	}
	return redirect(w, r, link)
}
