package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tdkt/internal/award"
	"tdkt/internal/store"
	"tdkt/web/view"
)

func decimal(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
}

func (srv *Server) adminAwards(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	types, err := srv.store.AwardTypes(ctx)
	if err != nil {
		return err
	}
	st, err := srv.store.Settings(ctx)
	if err != nil {
		return err
	}
	rows := make([]view.AwardTypeRow, 0, len(types))
	for _, t := range types {
		row := view.AwardTypeRow{Code: t.Code, Name: t.Name, Subject: t.Subject.Label(), Kind: t.Kind.Label(), Authority: t.Authority.Label(),
			Threshold: decimal(t.Threshold*100) + "%", Coefficient: decimal(t.Coefficient), Rule: t.Rule, Article: t.Article,
			DirectorDecides: t.DirectorDecides(), Effective: "Áp dụng từ " + view.Date(t.EffectiveFrom)}
		if t.Ballot {
			row.Threshold += " tổng số thành viên"
		}
		if t.Coefficient > 0 {
			row.Reward = view.Money(award.Reward(t.Coefficient, st.BaseSalary, st.RewardRoundUp))
		}
		if !t.EffectiveTo.IsZero() {
			row.Effective += " đến " + view.Date(t.EffectiveTo)
		}
		for _, d := range t.RequiredDocs {
			row.Docs = append(row.Docs, d.Label())
		}
		row.DocsHref = "/admin/awards/" + t.Code + "/docs"
		rows = append(rows, row)
	}
	p := srv.page(r, "Danh mục khen thưởng", view.Crumb{Label: "Danh mục khen thưởng"})
	return srv.render(w, r, http.StatusOK, view.AdminAwardsPage(p, rows, view.Money(st.BaseSalary)))
}

func settingDisplay(def award.SettingDef, v string) string {
	if def.Kind == award.SettingMoney {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return view.Number(n)
		}
	}
	return v
}

// settingsModel is the form with stored values, or the user's input when given.
func (srv *Server) settingsModel(r *http.Request, input map[string]string, problems map[string]string) (view.AdminSettings, error) {
	stored, err := srv.store.SettingValues(r.Context())
	if err != nil {
		return view.AdminSettings{}, err
	}
	st, err := srv.store.Settings(r.Context())
	if err != nil {
		return view.AdminSettings{}, err
	}
	m := view.AdminSettings{RuleSet: award.RulesFor(srv.now()).Name, BaseSalary: view.Money(st.BaseSalary)}
	for _, def := range award.SettingDefs() {
		st, ok := stored[def.Key]
		val := def.Default
		if ok {
			val = st.Value
		}
		row := view.SettingRow{Key: def.Key, Label: def.Label, Help: def.Help, Source: def.Source, Kind: string(def.Kind),
			Value: settingDisplay(def, val), Default: settingDisplay(def, def.Default), Version: st.Version, Error: problems[def.Key]}
		if in, ok := input[def.Key]; ok {
			row.Value = in
		}
		m.Rows = append(m.Rows, row)
	}
	if len(problems) > 0 {
		m.Errors = view.Errors{Fields: problems}
		for _, def := range award.SettingDefs() {
			m.Errors.Order = append(m.Errors.Order, def.Key)
		}
	}
	return m, nil
}

func (srv *Server) adminSettings(w http.ResponseWriter, r *http.Request) error {
	m, err := srv.settingsModel(r, nil, nil)
	if err != nil {
		return err
	}
	return srv.renderSettings(w, r, http.StatusOK, m)
}

func (srv *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, m view.AdminSettings) error {
	p := srv.page(r, "Thiết lập quy định", view.Crumb{Label: "Thiết lập quy định"})
	return srv.render(w, r, status, view.AdminSettingsPage(p, m))
}

// adminSettingsSave validates every value first (nothing is saved when one
// is wrong), then saves the changed ones; a value changed meanwhile by
// someone else is a 409 that keeps the input.
func (srv *Server) adminSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	stored, err := srv.store.SettingValues(r.Context())
	if err != nil {
		return err
	}
	input, problems := map[string]string{}, map[string]string{}
	type change struct {
		key, value string
		version    int
	}
	var changes []change
	for _, def := range award.SettingDefs() {
		if _, ok := r.PostForm[def.Key]; !ok {
			continue
		}
		raw := r.PostFormValue(def.Key)
		input[def.Key] = raw
		v, msg := def.Parse(raw)
		if msg != "" {
			problems[def.Key] = def.Label + ": " + strings.TrimSuffix(strings.ToLower(msg[:1])+msg[1:], ".") + "."
			continue
		}
		version, verr := atoi32(r.PostFormValue("v_" + def.Key))
		if verr != nil || version < 0 {
			return &badRequestError{"version"}
		}
		cur := def.Default
		if st, ok := stored[def.Key]; ok {
			cur = st.Value
		}
		if v != cur || version != stored[def.Key].Version {
			changes = append(changes, change{def.Key, v, version})
		}
	}
	if len(problems) > 0 {
		m, err := srv.settingsModel(r, input, problems)
		if err != nil {
			return err
		}
		return srv.renderSettings(w, r, http.StatusUnprocessableEntity, m)
	}
	var list []store.SettingChange
	for _, c := range changes {
		list = append(list, store.SettingChange{Key: c.key, Value: c.value, Version: c.version})
	}
	err = srv.store.SaveSettings(r.Context(), actor(r), list)
	if errors.Is(err, store.ErrConflict) {
		m, merr := srv.settingsModel(r, input, nil)
		if merr != nil {
			return merr
		}
		m.Errors = view.Errors{Message: "Người khác vừa thay đổi thiết lập nên chưa lưu được. Giá trị bạn nhập vẫn được giữ dưới đây; hãy kiểm tra rồi bấm Lưu thiết lập lần nữa."}
		return srv.renderSettings(w, r, http.StatusConflict, m)
	}
	if err != nil {
		return err
	}
	srv.flash(r, "Đã lưu thiết lập.")
	return redirect(w, r, "/admin/settings")
}

// awardDocsPage is the form of an award's required documents.
func (srv *Server) awardDocsPage(w http.ResponseWriter, r *http.Request, status int, f view.AwardDocsForm) error {
	t, ok := award.Lookup(r.PathValue("code"))
	if !ok {
		return errNotFoundPage
	}
	f.Code, f.Name = t.Code, t.Name
	for _, d := range award.DocKinds {
		if d != award.DocOther {
			f.Options = append(f.Options, view.Option{Value: string(d), Label: d.Label()})
		}
	}
	for _, d := range t.DocsFor(award.AdHoc) {
		f.AdHoc = append(f.AdHoc, d.Label())
	}
	p := srv.page(r, "Hồ sơ cần có", view.Crumb{Label: "Danh mục khen thưởng", Href: "/admin/awards"}, view.Crumb{Label: t.Name})
	return srv.render(w, r, status, view.AwardDocsPage(p, f))
}

func (srv *Server) awardDocsForm(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if _, ok := award.Lookup(code); !ok {
		return errNotFoundPage
	}
	docs, version, err := srv.store.RequiredDocs(r.Context(), code)
	if err != nil {
		return err
	}
	f := view.AwardDocsForm{Version: version, Checked: map[string]bool{}}
	for _, d := range docs {
		f.Checked[string(d)] = true
	}
	return srv.awardDocsPage(w, r, http.StatusOK, f)
}

func (srv *Server) awardDocsSave(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if _, ok := award.Lookup(code); !ok {
		return errNotFoundPage
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	f := view.AwardDocsForm{Version: version, Checked: map[string]bool{}}
	var docs []award.DocKind
	for _, d := range award.DocKinds { // in the catalogue's order, whatever the form's
		if slices.Contains(r.PostForm["docs"], string(d)) {
			docs = append(docs, d)
			f.Checked[string(d)] = true
		}
	}
	p := award.CheckRequiredDocs(docs)
	status := http.StatusUnprocessableEntity
	if p.OK() {
		err := srv.store.SaveRequiredDocs(r.Context(), actor(r), code, version, docs)
		switch {
		case errors.Is(err, store.ErrConflict):
			p.Add("", "Người khác vừa sửa danh sách này. Hãy tải lại trang rồi sửa lại.")
			status = http.StatusConflict
		case err != nil:
			if err = saveErrors(err, p); err != nil {
				return err
			}
		default:
			srv.flash(r, "Đã lưu hồ sơ cần có của "+award.Name(code)+". Các hồ sơ đề nghị kiểm tra theo danh sách mới.")
			return redirect(w, r, "/admin/awards")
		}
	}
	f.Errors = formErrors(p, []string{"docs"})
	return srv.awardDocsPage(w, r, status, f)
}
