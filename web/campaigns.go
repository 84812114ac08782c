package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tdkt/internal/attach"
	"tdkt/internal/auth"
	"tdkt/internal/campaign"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// campaignNav is the menu of campaigns, pledges and blocs.
var campaignNav = []navItem{
	{"Phong trào thi đua", "/campaigns", []auth.Role{auth.Admin, auth.Office, auth.DeptHead, auth.Leader, auth.Chair}},
	{"Khối, Cụm thi đua", "/blocs", nil},
}

var crumbCampaigns = view.Crumb{Label: "Phong trào thi đua", Href: "/campaigns"}

// campaignScope is what the signed-in user may see of campaigns: the
// office, admin and leadership see all; a department head her unit's.
func campaignScope(r *http.Request) store.CampaignScope {
	u := userFrom(r.Context())
	if u.Roles.Has(auth.Admin, auth.Office, auth.Leader, auth.Chair) {
		return store.CampaignScope{All: true, UnitID: u.UnitID}
	}
	return store.CampaignScope{UnitID: u.UnitID}
}

func canManageCampaigns(r *http.Request) bool {
	return userFrom(r.Context()).Roles.Has(auth.Admin, auth.Office)
}

func (srv *Server) campaignList(w http.ResponseWriter, r *http.Request) error {
	sc := campaignScope(r)
	items, err := srv.store.ListCampaigns(r.Context(), sc)
	if err != nil {
		return err
	}
	isHead := userFrom(r.Context()).Roles.Has(auth.DeptHead)
	m := view.CampaignList{CanCreate: canManageCampaigns(r)}
	for _, it := range items {
		li := view.CampaignListItem{ID: it.ID, Name: it.Name, Year: it.Year, Kind: it.Kind.Label(), Status: it.Status,
			Deadline: view.Date(it.RegistrationDeadline), Units: it.Units, Registered: it.Registered}
		if isHead && it.Status != campaign.Draft {
			st := it.MyPledge
			li.MyPledge = &st
		}
		m.Items = append(m.Items, li)
	}
	return srv.render(w, r, http.StatusOK, view.CampaignListPage(srv.page(r, "Phong trào thi đua"), m))
}

func (srv *Server) campaignShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	sc := campaignScope(r)
	c, err := srv.store.Campaign(ctx, id, sc)
	if err != nil {
		return err
	}
	lines, err := srv.store.CampaignUnits(ctx, id)
	if err != nil {
		return err
	}
	manage := canManageCampaigns(r)
	m := view.CampaignDetail{C: c, CanManage: manage}
	m.Summary = []view.SummaryRow{
		{Key: "Hình thức", Value: c.Kind.Label()},
		{Key: "Năm", Value: strconv.Itoa(c.Year)},
	}
	if c.Theme != "" {
		m.Summary = append(m.Summary, view.SummaryRow{Key: "Chủ đề", Value: c.Theme})
	}
	if c.DocNumber != "" || c.DocIssuer != "" {
		doc := "Số " + c.DocNumber
		if !c.DocDate.IsZero() {
			doc += " ngày " + view.Date(c.DocDate)
		}
		if c.DocIssuer != "" {
			doc += " của " + c.DocIssuer
		}
		m.Summary = append(m.Summary, view.SummaryRow{Key: "Văn bản phát động", Value: doc})
	}
	if !c.StartsOn.IsZero() || !c.EndsOn.IsZero() {
		m.Summary = append(m.Summary, view.SummaryRow{Key: "Thời gian thi đua", Value: view.Date(c.StartsOn) + " – " + view.Date(c.EndsOn)})
	}
	today := srv.now()
	for _, ms := range c.Milestones() {
		v := view.Date(ms.On)
		if ms.On.Before(today.Truncate(24 * time.Hour)) {
			v += " (đã qua)"
		}
		m.Milestones = append(m.Milestones, view.SummaryRow{Key: ms.Label, Value: v})
	}
	for _, l := range lines {
		ul := view.CampaignUnitLine{Name: l.UnitName, Status: l.Status, Late: l.Late, People: peopleCounts(l.People)}
		if l.CollectiveTarget != "" {
			ul.Target = l.CollectiveTarget.Label()
		}
		if manage {
			ul.Href = fmt.Sprintf("/campaigns/%d/pledges/%d", c.ID, l.UnitID)
		}
		if l.UnitID == sc.UnitID && userFrom(ctx).Roles.Has(auth.DeptHead) && c.Status != campaign.Draft {
			m.PledgeHref = fmt.Sprintf("/campaigns/%d/pledge", c.ID)
			m.MyPledge = l.Status
		}
		m.Units = append(m.Units, ul)
	}
	docs, err := srv.store.CampaignDocuments(ctx, id)
	if err != nil {
		return err
	}
	for _, d := range docs {
		m.Documents = append(m.Documents, fileLink(d, fmt.Sprintf("/campaigns/%d/documents/%d", id, d.ID)))
	}
	if manage {
		ru := campaign.Summarise(lines)
		m.RollUp = &ru
		events, err := srv.store.CampaignEvents(ctx, id)
		if err != nil {
			return err
		}
		for _, e := range events {
			what := eventLabel(e.Action)
			if e.Unit != "" {
				what += ": " + e.Unit
			}
			m.History = append(m.History, view.TimelineEntry{At: e.At, Who: e.Who, What: what, Reason: e.Reason})
		}
	}
	return srv.render(w, r, http.StatusOK, view.CampaignPage(srv.page(r, c.Name, crumbCampaigns, view.Crumb{Label: c.Name}), m))
}

// peopleCounts formats the individual targets of a pledge line.
func peopleCounts(n map[campaign.Target]int) string {
	var parts []string
	for _, t := range campaign.IndividualTargets {
		if n[t] > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", t.Label(), n[t]))
		}
	}
	return strings.Join(parts, "; ")
}

// eventLabel is the Vietnamese name of a campaign or pledge event.
func eventLabel(action string) string {
	switch action {
	case "campaign.create":
		return "Tạo phong trào"
	case "campaign.update":
		return "Sửa phong trào"
	case "campaign.launch":
		return "Phát động phong trào"
	case "campaign.close":
		return "Kết thúc phong trào"
	case "campaign.reopen":
		return "Mở lại phong trào"
	case "pledge.create":
		return "Lập bản đăng ký"
	case "pledge.update":
		return "Sửa bản đăng ký"
	case "pledge.submit":
		return "Gửi bản đăng ký"
	case "pledge.accept":
		return "Chấp nhận bản đăng ký"
	case "pledge.return":
		return "Trả lại bản đăng ký"
	}
	return "Thay đổi"
}

var campaignFieldOrder = []string{"name", "kind", "year", "theme", "objectives", "doc_number", "doc_date", "doc_issuer",
	"launch_on", "registration_deadline", "starts_on", "ends_on", "mid_review_on", "final_review_on", "criteria", "units"}

// campaignBlankRows is how many empty criteria rows the form offers.
const campaignBlankRows = 3

func (srv *Server) campaignFormPage(w http.ResponseWriter, r *http.Request, status int, f view.CampaignForm) error {
	units, err := srv.unitOptions(r, "", 0)
	if err != nil {
		return err
	}
	f.Units = units[1:]
	for i := 0; i < campaignBlankRows; i++ {
		if len(f.Criteria) < campaign.MaxCriteria {
			f.Criteria = append(f.Criteria, campaign.Criterion{})
		}
	}
	title := "Tạo phong trào thi đua"
	crumbs := []view.Crumb{crumbCampaigns, {Label: title}}
	if f.ID != 0 {
		title = "Sửa phong trào thi đua"
		crumbs = []view.Crumb{crumbCampaigns, {Label: f.Name, Href: "/campaigns/" + strconv.FormatInt(f.ID, 10)}, {Label: "Sửa"}}
	}
	return srv.render(w, r, status, view.CampaignFormPage(srv.page(r, title, crumbs...), f))
}

func (srv *Server) campaignNew(w http.ResponseWriter, r *http.Request) error {
	return srv.campaignFormPage(w, r, http.StatusOK, view.CampaignForm{Kind: string(campaign.Regular),
		Year: strconv.Itoa(srv.now().In(view.Vietnam).Year()), SubmissionID: newSubmissionID(), Checked: map[string]bool{}})
}

func (srv *Server) campaignEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := srv.store.Campaign(r.Context(), id, store.CampaignScope{All: true})
	if err != nil {
		return err
	}
	if c.Status == campaign.Closed {
		return &store.RuleError{Message: "Phong trào đã kết thúc: hãy mở lại trước khi sửa."}
	}
	f := view.CampaignForm{ID: c.ID, Version: int64(c.Version), Status: c.Status, Year: strconv.Itoa(c.Year), Kind: string(c.Kind),
		Name: c.Name, Theme: c.Theme, Objectives: c.Objectives, DocNumber: c.DocNumber, DocDate: formDate(c.DocDate),
		DocIssuer: c.DocIssuer, LaunchOn: formDate(c.LaunchOn), StartsOn: formDate(c.StartsOn), EndsOn: formDate(c.EndsOn),
		Deadline: formDate(c.RegistrationDeadline), MidReviewOn: formDate(c.MidReviewOn), FinalReviewOn: formDate(c.FinalReviewOn),
		Criteria: c.Criteria, Checked: map[string]bool{}}
	for _, u := range c.UnitIDs {
		f.Checked[strconv.FormatInt(u, 10)] = true
	}
	return srv.campaignFormPage(w, r, http.StatusOK, f)
}

// campaignFromForm reads the campaign form.
func campaignFromForm(r *http.Request) (campaign.Campaign, view.CampaignForm, validate.Problems) {
	f := view.CampaignForm{Year: text(r, "year"), Kind: text(r, "kind"), Name: text(r, "name"), Theme: text(r, "theme"),
		Objectives: validate.Block(r.PostFormValue("objectives")), DocNumber: text(r, "doc_number"), DocDate: text(r, "doc_date"),
		DocIssuer: text(r, "doc_issuer"), LaunchOn: text(r, "launch_on"), StartsOn: text(r, "starts_on"), EndsOn: text(r, "ends_on"),
		Deadline: text(r, "registration_deadline"), MidReviewOn: text(r, "mid_review_on"), FinalReviewOn: text(r, "final_review_on"),
		SubmissionID: submissionID(r), Checked: map[string]bool{}}
	p := validate.Problems{}
	c := campaign.Campaign{Kind: campaign.Kind(f.Kind), Name: f.Name, Theme: f.Theme, Objectives: f.Objectives,
		DocNumber: f.DocNumber, DocIssuer: f.DocIssuer}
	year, err := strconv.Atoi(f.Year)
	p.Check(err == nil, "year", "Năm phải là số, ví dụ 2025.")
	c.Year = year
	dates := []struct {
		field string
		val   string
		dst   *time.Time
	}{{"doc_date", f.DocDate, &c.DocDate}, {"launch_on", f.LaunchOn, &c.LaunchOn}, {"registration_deadline", f.Deadline, &c.RegistrationDeadline},
		{"starts_on", f.StartsOn, &c.StartsOn}, {"ends_on", f.EndsOn, &c.EndsOn}, {"mid_review_on", f.MidReviewOn, &c.MidReviewOn},
		{"final_review_on", f.FinalReviewOn, &c.FinalReviewOn}}
	for _, d := range dates {
		t, ok := validate.ParseDate(d.val)
		p.Check(ok, d.field, "Ngày phải có dạng ngày/tháng/năm, ví dụ 31/01/2025.")
		*d.dst = t
	}
	rows, _ := strconv.Atoi(r.PostFormValue("criteria_rows"))
	rows = min(max(rows, 0), campaign.MaxCriteria+campaignBlankRows)
	for i := 1; i <= rows; i++ {
		cr := campaign.Criterion{Title: text(r, fmt.Sprintf("criterion_%d", i)), Target: text(r, fmt.Sprintf("target_%d", i))}
		f.Criteria = append(f.Criteria, cr)
		c.Criteria = append(c.Criteria, cr)
	}
	for _, v := range r.PostForm["units"] {
		id, err := parseID(v)
		if err != nil {
			p.Add("units", "Chọn đơn vị trong danh sách.")
			continue
		}
		f.Checked[v] = true
		c.UnitIDs = append(c.UnitIDs, id)
	}
	c.Normalize()
	// Blank rows are dropped; keep the form's rows as typed, minus the blanks.
	f.Criteria = append([]campaign.Criterion(nil), c.Criteria...)
	for k, v := range c.Validate() {
		p.Add(k, v)
	}
	return c, f, p
}

func (srv *Server) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c, f, p := campaignFromForm(r)
	if p.OK() {
		id, err := srv.store.CreateCampaign(r.Context(), actor(r), c)
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			srv.flash(r, "Đã tạo phong trào “"+c.Name+"” (nháp). Kiểm tra rồi bấm Phát động.")
			return redirect(w, r, "/campaigns/"+strconv.FormatInt(id, 10))
		}
	}
	f.Errors = formErrors(p, campaignFieldOrder)
	return srv.campaignFormPage(w, r, http.StatusUnprocessableEntity, f)
}

func (srv *Server) campaignUpdate(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	cur, err := srv.store.Campaign(r.Context(), id, store.CampaignScope{All: true})
	if err != nil {
		return err
	}
	c, f, p := campaignFromForm(r)
	c.ID, c.Version, f.ID, f.Version, f.Status = id, version, id, int64(version), cur.Status
	if cur.Status != campaign.Draft {
		// Criteria and units are fixed once launched.
		delete(p, "criteria")
		for k := range p {
			if strings.HasPrefix(k, "criterion_") || k == "units" {
				delete(p, k)
			}
		}
	}
	if p.OK() {
		err := srv.store.UpdateCampaign(r.Context(), actor(r), c)
		if errors.Is(err, store.ErrConflict) {
			f.Version = int64(cur.Version)
			p.Add("", "Người khác vừa sửa phong trào này. Nội dung bạn nhập vẫn được giữ dưới đây; hãy kiểm tra rồi bấm Lưu lần nữa.")
			f.Errors = formErrors(p, campaignFieldOrder)
			return srv.campaignFormPage(w, r, http.StatusConflict, f)
		}
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			srv.flash(r, "Đã lưu phong trào “"+c.Name+"”.")
			return redirect(w, r, "/campaigns/"+strconv.FormatInt(id, 10))
		}
	}
	f.Errors = formErrors(p, campaignFieldOrder)
	return srv.campaignFormPage(w, r, http.StatusUnprocessableEntity, f)
}

func (srv *Server) campaignLaunch(w http.ResponseWriter, r *http.Request) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	if err := srv.store.CampaignTransition(r.Context(), actor(r), id, version, campaign.Launch, ""); err != nil {
		return err
	}
	srv.flash(r, "Đã phát động phong trào. Trưởng các đơn vị tham gia đã nhận được thông báo.")
	return redirect(w, r, "/campaigns/"+strconv.FormatInt(id, 10))
}

func (srv *Server) campaignConfirm(w http.ResponseWriter, r *http.Request, status int, e campaign.Event, errs view.Errors) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := srv.store.Campaign(r.Context(), id, store.CampaignScope{All: true})
	if err != nil {
		return err
	}
	path := "/campaigns/" + strconv.FormatInt(id, 10)
	heading, msg, button := "Kết thúc phong trào “"+c.Name+"”?",
		"Các đơn vị sẽ không đăng ký hoặc sửa bản đăng ký được nữa. Bạn có thể mở lại phong trào khi cần (ghi rõ lý do).", "Kết thúc phong trào"
	if e == campaign.Reopen {
		heading, msg, button = "Mở lại phong trào “"+c.Name+"”?", "Các đơn vị sẽ đăng ký và sửa bản đăng ký được trở lại.", "Mở lại"
	}
	return srv.render(w, r, status, view.Confirm(srv.page(r, heading, crumbCampaigns, view.Crumb{Label: c.Name, Href: path}, view.Crumb{Label: button}),
		heading, msg, path+"/"+string(e), button, path, map[string]string{"version": strconv.Itoa(c.Version)}, true, errs))
}

func (srv *Server) campaignCloseConfirm(w http.ResponseWriter, r *http.Request) error {
	return srv.campaignConfirm(w, r, http.StatusOK, campaign.Close, view.Errors{})
}

func (srv *Server) campaignReopenConfirm(w http.ResponseWriter, r *http.Request) error {
	return srv.campaignConfirm(w, r, http.StatusOK, campaign.Reopen, view.Errors{})
}

func (srv *Server) campaignClose(w http.ResponseWriter, r *http.Request) error {
	return srv.campaignStep(w, r, campaign.Close, "Đã kết thúc phong trào.")
}

func (srv *Server) campaignReopen(w http.ResponseWriter, r *http.Request) error {
	return srv.campaignStep(w, r, campaign.Reopen, "Đã mở lại phong trào.")
}

func (srv *Server) campaignStep(w http.ResponseWriter, r *http.Request, e campaign.Event, done string) error {
	id, version, err := idAndVersion(r)
	if err != nil {
		return err
	}
	reason := text(r, "reason")
	if campaign.NeedsReason(e) && reason == "" {
		return srv.campaignConfirm(w, r, http.StatusUnprocessableEntity, e,
			view.Errors{Fields: map[string]string{"reason": "Nhập lý do mở lại phong trào."}, Order: []string{"reason"}})
	}
	if validate.Len(reason) > 1000 {
		return srv.campaignConfirm(w, r, http.StatusUnprocessableEntity, e,
			view.Errors{Fields: map[string]string{"reason": "Lý do không quá 1000 ký tự."}, Order: []string{"reason"}})
	}
	if err := srv.store.CampaignTransition(r.Context(), actor(r), id, version, e, reason); err != nil {
		return err
	}
	srv.flash(r, done)
	return redirect(w, r, "/campaigns/"+strconv.FormatInt(id, 10))
}

// fileLink describes a stored file for a download list.
func fileLink(a store.Attachment, href string) view.FileLink {
	size := fmt.Sprintf("%s KB", view.Number(max(1, (a.Size+512)/1024)))
	if a.Size >= 1<<20 {
		size = fmt.Sprintf("%.1f MB", float64(a.Size)/(1<<20))
		size = strings.Replace(size, ".", ",", 1)
	}
	return view.FileLink{Name: a.Name, Href: href, Size: size}
}

// uploadProblem answers an upload the checks refused: nothing is saved and
// the page says why, in Vietnamese.
func (srv *Server) uploadProblem(w http.ResponseWriter, r *http.Request, problem string) error {
	return srv.render(w, r, uploadStatus(problem), view.ErrorPage(srv.page(r, "Chưa tải được tệp lên"), uploadStatus(problem),
		"Chưa tải được tệp lên", problem+" Hãy quay lại và chọn tệp khác.", ""))
}

func (srv *Server) campaignDocumentUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f, problem, err := srv.readUpload(w, r, "file", attach.Documents...)
	if err != nil {
		return err
	}
	if problem != "" {
		return srv.uploadProblem(w, r, problem)
	}
	if err := srv.store.AddCampaignDocument(r.Context(), actor(r), id, f); err != nil {
		return err
	}
	srv.flash(r, "Đã tải lên “"+f.Name+"”.")
	return redirect(w, r, fmt.Sprintf("/campaigns/%d", id))
}

func (srv *Server) campaignDocument(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	doc, err := parseID(r.PathValue("doc"))
	if err != nil {
		return err
	}
	if _, err := srv.store.Campaign(r.Context(), id, campaignScope(r)); err != nil {
		return err
	}
	a, data, err := srv.store.CampaignDocument(r.Context(), id, doc)
	if err != nil {
		return err
	}
	serveAttachment(w, r, a, data)
	return nil
}
