package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"tdkt/internal/campaign"
	"tdkt/internal/store"
	"tdkt/internal/validate"
	"tdkt/web/view"
)

// myPledgeCampaign loads the campaign of the path for the department
// head's own unit: a campaign her unit does not take part in is a 404.
func (srv *Server) myPledgeCampaign(r *http.Request) (campaign.Campaign, int64, error) {
	id, err := pathID(r)
	if err != nil {
		return campaign.Campaign{}, 0, err
	}
	u := userFrom(r.Context())
	if u.UnitID == 0 {
		return campaign.Campaign{}, 0, errNotFoundPage
	}
	c, err := srv.store.Campaign(r.Context(), id, store.CampaignScope{UnitID: u.UnitID})
	return c, u.UnitID, err
}

func (srv *Server) pledgeFormPage(w http.ResponseWriter, r *http.Request, status int, c campaign.Campaign, unitID int64,
	pl campaign.Pledge, input *campaign.Pledge, errs view.Errors) error {
	ctx := r.Context()
	people, err := srv.store.ListPeople(ctx, store.PeopleFilter{UnitID: unitID, Limit: 500})
	if err != nil {
		return err
	}
	shown := pl
	if input != nil {
		shown = *input
	}
	m := view.PledgeForm{Campaign: c, UnitName: userFrom(ctx).UnitName, Pledge: pl, Collective: string(shown.CollectiveTarget),
		Commitments: shown.Commitments, Editable: c.Status == campaign.Launched && campaign.PledgeEditable(pl.Status),
		Late: campaign.IsLate(c.RegistrationDeadline, srv.now()), Errors: errs}
	targets := map[int64]campaign.Target{}
	for _, pt := range shown.People {
		targets[pt.PersonID] = pt.Target
	}
	for _, p := range people.People {
		m.People = append(m.People, view.PledgePerson{ID: p.ID, Name: p.FullName, Position: p.Position, Target: string(targets[p.ID])})
	}
	path := "/campaigns/" + strconv.FormatInt(c.ID, 10)
	return srv.render(w, r, status, view.PledgePage(srv.page(r, "Đăng ký thi đua", crumbCampaigns,
		view.Crumb{Label: c.Name, Href: path}, view.Crumb{Label: "Đăng ký thi đua"}), m))
}

func (srv *Server) pledgeShow(w http.ResponseWriter, r *http.Request) error {
	c, unitID, err := srv.myPledgeCampaign(r)
	if err != nil {
		return err
	}
	pl, err := srv.store.Pledge(r.Context(), c.ID, unitID)
	if err != nil {
		return err
	}
	return srv.pledgeFormPage(w, r, http.StatusOK, c, unitID, pl, nil, view.Errors{})
}

// pledgeFromForm reads the pledge form against the campaign's criteria.
func pledgeFromForm(r *http.Request, c campaign.Campaign, unitID int64, version int) (campaign.Pledge, validate.Problems) {
	p := validate.Problems{}
	pl := campaign.Pledge{CampaignID: c.ID, UnitID: unitID, Version: version, Commitments: map[int64]string{},
		CollectiveTarget: campaign.Target(text(r, "collective_target"))}
	if pl.CollectiveTarget != "" && !pl.CollectiveTarget.Collective() {
		p.Add("collective_target", "Chọn danh hiệu tập thể trong danh sách.")
		pl.CollectiveTarget = ""
	}
	for _, cr := range c.Criteria {
		pl.Commitments[cr.ID] = text(r, fmt.Sprintf("commitment_%d", cr.ID))
	}
	for key, vals := range r.PostForm {
		rest, ok := strings.CutPrefix(key, "target_")
		if !ok || len(vals) == 0 || vals[0] == "" {
			continue
		}
		id, err := parseID(rest)
		t := campaign.Target(vals[0])
		if err != nil || !t.Individual() {
			p.Add("people", "Chọn danh hiệu cá nhân trong danh sách.")
			continue
		}
		pl.People = append(pl.People, campaign.PersonTarget{PersonID: id, Target: t})
	}
	return pl, p
}

var pledgeFieldOrder = []string{"collective_target", "commitments", "people"}

func (srv *Server) pledgeSave(w http.ResponseWriter, r *http.Request) error {
	c, unitID, err := srv.myPledgeCampaign(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	input, p := pledgeFromForm(r, c, unitID, version)
	submit := r.PostFormValue("then") == "submit"
	cur, err := srv.store.Pledge(ctx, c.ID, unitID)
	if err != nil {
		return err
	}
	if p.OK() {
		staff, err := srv.store.UnitStaff(ctx, unitID)
		if err != nil {
			return err
		}
		check := input.Validate
		if submit {
			check = input.CanSubmit
		}
		for k, v := range check(c.Criteria, staff) {
			p.Add(k, v)
		}
	}
	if p.OK() {
		err := srv.store.SavePledge(ctx, actor(r), input)
		if err == nil && submit {
			err = srv.store.PledgeTransition(ctx, actor(r), c.ID, unitID, version+1, campaign.PledgeSubmit, campaign.ByUnit, "", srv.now())
			if errors.Is(err, store.ErrConflict) {
				err = nil // saved; someone changed it in between: show the current state
			}
		}
		if errors.Is(err, store.ErrConflict) {
			p.Add("", "Người khác vừa sửa bản đăng ký này. Nội dung bạn nhập vẫn được giữ dưới đây; hãy kiểm tra rồi bấm Lưu lần nữa.")
			input.Version = cur.Version
			return srv.pledgeFormPage(w, r, http.StatusConflict, c, unitID, cur, &input, formErrors(p, pledgeFieldOrder))
		}
		if err = saveErrors(err, p); err != nil {
			return err
		}
		if p.OK() {
			if submit {
				srv.flash(r, "Đã gửi bản đăng ký thi đua tới Văn phòng Sở.")
			} else {
				srv.flash(r, "Đã lưu nháp bản đăng ký thi đua.")
			}
			return redirect(w, r, fmt.Sprintf("/campaigns/%d/pledge", c.ID))
		}
	}
	// Keep the user's input on the form with the problems.
	cur.Version = version
	return srv.pledgeFormPage(w, r, http.StatusUnprocessableEntity, c, unitID, cur, &input, formErrors(p, pledgeFieldOrder))
}

// reviewTarget loads the campaign and the unit of the office's review path.
func (srv *Server) reviewTarget(r *http.Request) (campaign.Campaign, int64, string, error) {
	id, err := pathID(r)
	if err != nil {
		return campaign.Campaign{}, 0, "", err
	}
	unitID, err := parseID(r.PathValue("unit"))
	if err != nil {
		return campaign.Campaign{}, 0, "", err
	}
	c, err := srv.store.Campaign(r.Context(), id, store.CampaignScope{All: true})
	if err != nil {
		return c, 0, "", err
	}
	participates := false
	for _, u := range c.UnitIDs {
		participates = participates || u == unitID
	}
	if !participates {
		return c, 0, "", errNotFoundPage
	}
	u, err := srv.store.Unit(r.Context(), unitID)
	return c, unitID, u.Name, err
}

func (srv *Server) pledgeReviewPage(w http.ResponseWriter, r *http.Request, status int, reason string, errs view.Errors) error {
	c, unitID, unitName, err := srv.reviewTarget(r)
	if err != nil {
		return err
	}
	pl, err := srv.store.Pledge(r.Context(), c.ID, unitID)
	if err != nil {
		return err
	}
	decides, err := srv.actsAsOffice(r.Context(), unitID)
	if err != nil {
		return err
	}
	checkers, err := srv.ownWorkCheckers(r.Context(), unitID)
	if err != nil {
		return err
	}
	m := view.PledgeReview{Campaign: c, UnitID: unitID, UnitName: unitName, Pledge: pl, Reason: reason, Errors: errs, OwnUnit: !decides,
		Checkers: checkers, CanDecide: c.Status == campaign.Launched && pl.Status == campaign.PledgeSubmitted && decides}
	path := "/campaigns/" + strconv.FormatInt(c.ID, 10)
	return srv.render(w, r, status, view.PledgeReviewPage(srv.page(r, "Đăng ký thi đua: "+unitName, crumbCampaigns,
		view.Crumb{Label: c.Name, Href: path}, view.Crumb{Label: unitName}), m))
}

func (srv *Server) pledgeReview(w http.ResponseWriter, r *http.Request) error {
	return srv.pledgeReviewPage(w, r, http.StatusOK, "", view.Errors{})
}

func (srv *Server) pledgeAccept(w http.ResponseWriter, r *http.Request) error {
	return srv.pledgeDecide(w, r, campaign.PledgeAccept)
}

func (srv *Server) pledgeReturn(w http.ResponseWriter, r *http.Request) error {
	return srv.pledgeDecide(w, r, campaign.PledgeReturn)
}

func (srv *Server) pledgeDecide(w http.ResponseWriter, r *http.Request, e campaign.PledgeEvent) error {
	c, unitID, unitName, err := srv.reviewTarget(r)
	if err != nil {
		return err
	}
	if decides, err := srv.actsAsOffice(r.Context(), unitID); err != nil {
		return err
	} else if !decides {
		return errForbidden // four eyes: not what one prepared oneself
	}
	if err := parseForm(r); err != nil {
		return err
	}
	version, err := formVersion(r)
	if err != nil {
		return err
	}
	reason := text(r, "reason")
	if e == campaign.PledgeReturn && (reason == "" || validate.Len(reason) > 2000) {
		msg := "Nhập lý do trả lại để đơn vị biết cần sửa gì."
		if reason != "" {
			msg = "Lý do không quá 2000 ký tự."
		}
		return srv.pledgeReviewPage(w, r, http.StatusUnprocessableEntity, reason,
			view.Errors{Fields: map[string]string{"reason": msg}, Order: []string{"reason"}})
	}
	if err := srv.store.PledgeTransition(r.Context(), actor(r), c.ID, unitID, version, e, campaign.ByOffice, reason, srv.now()); err != nil {
		return err
	}
	if e == campaign.PledgeAccept {
		srv.flash(r, "Đã chấp nhận bản đăng ký của "+unitName+".")
	} else {
		srv.flash(r, "Đã trả lại bản đăng ký của "+unitName+".")
	}
	return redirect(w, r, fmt.Sprintf("/campaigns/%d", c.ID))
}
