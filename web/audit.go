package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"tdkt/internal/auth"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

const eventsPerPage = 50

// auditObject describes an object type of the audit trail.
type auditObject struct {
	label  string // "Đơn vị"
	href   string // page of one object: href + id; "" when it has none
	fields []auditField
}

// auditField is one recorded field, in display order.
type auditField struct {
	key, label string
	format     func(v any, names store.ObjectNames) string // nil: plain text
}

func (srv *Server) auditList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f := store.EventFilter{Limit: eventsPerPage + 1}
	m := view.AuditList{Types: auditTypeOptions}
	filter := url.Values{}
	// Unknown types, accounts and malformed ids are ignored, not errors;
	// a date that is not one is said next to its box.
	if t := q.Get("type"); filterable(t) {
		f.ObjectType, m.Type = t, t
		filter.Set("type", t)
		if id, err := parseID(q.Get("id")); err == nil {
			f.ObjectID, m.ID = id, strconv.FormatInt(id, 10)
			filter.Set("id", m.ID)
		}
	}
	actors, err := srv.store.EventActors(ctx)
	if err != nil {
		return err
	}
	m.Actors = append(m.Actors, view.Option{Value: "he-thong", Label: "Hệ thống (tự động)"})
	for _, a := range actors {
		m.Actors = append(m.Actors, view.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name})
	}
	switch a := q.Get("actor"); {
	case a == "he-thong":
		f.ActorID, m.Actor = -1, a
	case a != "":
		if id, err := parseID(a); err == nil && slices.ContainsFunc(actors, func(x store.EventActor) bool { return x.ID == id }) {
			f.ActorID, m.Actor = id, a
		}
	}
	if m.Actor != "" {
		filter.Set("actor", m.Actor)
	}
	m.From, m.To = strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	p := validate.Problems{}
	for _, d := range []struct {
		field, label, val string
		dst               *time.Time
		next              bool
	}{{"from", "Từ ngày", m.From, &f.From, false}, {"to", "Đến ngày", m.To, &f.To, true}} {
		day, ok := validate.Date(p, d.field, d.label, d.val, "01/12/2026")
		if !ok || day.IsZero() {
			continue
		}
		if d.next {
			day = day.AddDate(0, 0, 1)
		}
		*d.dst = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, view.Vietnam)
		filter.Set(d.field, d.val)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		p.Add("to", "Đến ngày phải là ngày "+m.From+" hoặc sau đó.")
		f.To = time.Time{}
		filter.Del("to")
	}
	m.Errors = formErrors(p, []string{"from", "to"})
	if before, err := parseID(q.Get("before")); err == nil {
		f.BeforeID = before
	}
	events, err := srv.store.ListEvents(ctx, f)
	if err != nil {
		return err
	}
	if f.BeforeID != 0 {
		m.NewerURL = auditURL(filter)
	}
	if len(events) > eventsPerPage {
		events = events[:eventsPerPage]
		older := url.Values{}
		for k, v := range filter {
			older[k] = v
		}
		older.Set("before", strconv.FormatInt(events[len(events)-1].ID, 10))
		m.OlderURL = auditURL(older)
	}

	// One look-up for the names of the objects and of the units and people
	// their fields refer to.
	ids := map[string][]int64{}
	add := func(typ string, id int64) {
		if id > 0 && !slices.Contains(ids[typ], id) {
			ids[typ] = append(ids[typ], id)
		}
	}
	if f.ObjectID != 0 {
		add(f.ObjectType, f.ObjectID)
	}
	decoded := make([][2]map[string]any, len(events))
	for i, e := range events {
		add(e.ObjectType, e.ObjectID)
		decoded[i] = [2]map[string]any{decodeJSON(e.Before), decodeJSON(e.After)}
		for _, side := range decoded[i] {
			for k, v := range side {
				if typ := referenceType(k); typ != "" {
					if n, ok := v.(json.Number); ok {
						if id, err := n.Int64(); err == nil {
							add(typ, id)
						}
					}
				}
			}
		}
	}
	names, err := srv.store.NamesOf(ctx, ids)
	if err != nil {
		return err
	}
	if f.ObjectID != 0 {
		m.Subject = objectName(f.ObjectType, f.ObjectID, names)
	}
	for i, e := range events {
		entry := view.AuditEntry{At: e.At, Actor: "Hệ thống", Action: e.Action, Reason: e.Reason,
			Changes: auditChanges(e.ObjectType, decoded[i][0], decoded[i][1], names)}
		if e.ActorID != 0 {
			entry.Actor, entry.ActorHref = e.ActorName, accountPath(e.ActorID)
		}
		entry.Action = actionLabel(e.Action, e.ObjectType)
		entry.Object = objectName(e.ObjectType, e.ObjectID, names)
		if o := auditObjects[e.ObjectType]; o.href != "" && e.ObjectID != 0 {
			entry.ObjectHref = o.href + strconv.FormatInt(e.ObjectID, 10)
		}
		if f.ObjectID == 0 && filterable(e.ObjectType) && e.ObjectID != 0 {
			entry.FilterHref = auditURL(url.Values{"type": {e.ObjectType}, "id": {strconv.FormatInt(e.ObjectID, 10)}})
		}
		m.Entries = append(m.Entries, entry)
	}
	return srv.render(w, r, http.StatusOK, view.AuditListPage(srv.page(r, "Nhật ký thay đổi"), m))
}

// filterable reports the object types the filter offers.
func filterable(typ string) bool {
	return typ != "" && slices.ContainsFunc(auditTypeOptions, func(o view.Option) bool { return o.Value == typ })
}

func auditURL(v url.Values) string {
	if len(v) == 0 {
		return "/audit"
	}
	return "/audit?" + v.Encode()
}

// objectName is "Đơn vị “Phòng …”", or the type and id when the name is unknown.
func objectName(typ string, id int64, names store.ObjectNames) string {
	label := auditObjects[typ].label
	if label == "" {
		label = typ
	}
	if name := names.Name(typ, id); name != "" {
		return label + " “" + name + "”"
	}
	if id == 0 {
		return label
	}
	return label + " #" + strconv.FormatInt(id, 10)
}

// referenceType is the object type a field refers to by id, or "".
func referenceType(key string) string {
	switch normKey(key) {
	case "unitid", "parentid", "mergedinto":
		return "unit"
	case "personid":
		return "person"
	case "campaignid":
		return "campaign"
	case "roundid":
		return "round"
	case "blocid":
		return "bloc"
	case "blocyearid":
		return "bloc_year"
	case "dossierid":
		return "dossier"
	}
	return ""
}

// decodeJSON reads a recorded object; anything but a JSON object gives nil.
func decodeJSON(s string) map[string]any {
	if s == "" {
		return nil
	}
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var m map[string]any
	if d.Decode(&m) != nil {
		return nil
	}
	return m
}

// secretKey reports fields that must never be shown, should one ever be recorded.
func secretKey(k string) bool {
	k = strings.ToLower(k)
	return strings.Contains(k, "password") || strings.Contains(k, "hash") || strings.Contains(k, "token")
}

// auditChanges compares the recorded object before and after an event: the
// fields that differ, in display order. For a new object (no before) it
// lists the fields that have a value.
func auditChanges(typ string, before, after map[string]any, names store.ObjectNames) []view.Change {
	if before == nil && after == nil {
		return nil
	}
	obj := auditObjects[typ]
	keys := make([]string, 0, len(before)+len(after))
	known := map[string]bool{}
	for _, fd := range obj.fields {
		keys = append(keys, fd.key)
		known[fd.key] = true
	}
	var extra []string
	for _, side := range []map[string]any{before, after} {
		for k := range side {
			if !known[k] && !slices.Contains(extra, k) {
				extra = append(extra, k)
			}
		}
	}
	slices.Sort(extra)
	keys = append(keys, extra...)

	var out []view.Change
	for _, k := range keys {
		if secretKey(k) || normKey(k) == "version" { // the edit counter means nothing to a reader
			continue
		}
		old, hadOld := before[k]
		now, hasNow := after[k]
		if !hadOld && !hasNow {
			continue
		}
		fd := fieldFor(obj, k)
		label, format := fd.label, fd.format
		show := func(v any) string {
			if isEmpty(v) {
				return "(trống)"
			}
			if format != nil {
				return format(v, names)
			}
			if s, ok := v.(string); ok {
				if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
					return timestampText(t)
				}
			}
			return plain(v)
		}
		switch {
		case before == nil:
			if !isEmpty(now) {
				out = append(out, view.Change{Field: label, New: show(now), Created: true})
			}
		case after == nil:
			out = append(out, view.Change{Field: label, Old: show(old), New: "(trống)"})
		case !reflect.DeepEqual(old, now) && !(isEmpty(old) && isEmpty(now)):
			out = append(out, view.Change{Field: label, Old: show(old), New: show(now)})
		}
	}
	return out
}

// isEmpty reports a missing, null, empty or zero-id value.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// plain formats a JSON value as text.
func plain(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "Có"
		}
		return "Không"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = plain(e)
		}
		return strings.Join(parts, ", ")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return ""
	}
	return strings.TrimSpace(buf.String())
}

func yesNo(yes, no string) func(any, store.ObjectNames) string {
	return func(v any, _ store.ObjectNames) string {
		if b, ok := v.(bool); ok {
			if b {
				return yes
			}
			return no
		}
		return plain(v)
	}
}

// isoDate shows a recorded yyyy-mm-dd date as dd/mm/yyyy.
func isoDate(v any, _ store.ObjectNames) string {
	s := plain(v)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format("02/01/2006")
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return timestampText(t)
	}
	return s
}

// timestampText shows a recorded time as people read it: the date alone
// for a midnight UTC date, else date and time in Vietnam.
func timestampText(t time.Time) string {
	if t.UTC().Hour() == 0 && t.UTC().Minute() == 0 && t.UTC().Second() == 0 {
		return t.UTC().Format("02/01/2006")
	}
	return t.In(view.Vietnam).Format("02/01/2006 15:04")
}

// nameOf shows a recorded id as the name of the object it refers to.
func nameOf(typ string) func(any, store.ObjectNames) string {
	return func(v any, names store.ObjectNames) string {
		if n, ok := v.(json.Number); ok {
			if id, err := n.Int64(); err == nil {
				if id == 0 {
					return "(trống)"
				}
				if name := names.Name(typ, id); name != "" {
					return name
				}
				return "#" + n.String()
			}
		}
		return plain(v)
	}
}

// roleList shows recorded role codes as their Vietnamese names.
func roleList(v any, _ store.ObjectNames) string {
	list, ok := v.([]any)
	if !ok {
		return plain(v)
	}
	roles := make(auth.RoleSet, len(list))
	for i, e := range list {
		roles[i] = auth.Role(plain(e))
	}
	return roles.Labels()
}
