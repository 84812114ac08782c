package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/auth"
	"tdkt/internal/campaign"
)

// Pledge returns the pledge of unit for a campaign; a unit that has not
// started one gets an empty pledge (status PledgeNone). The caller checks
// that the campaign is in the reader's scope.
func (s *Store) Pledge(ctx context.Context, campaignID, unitID int64) (campaign.Pledge, error) {
	return pledgeOf(ctx, s.pool, campaignID, unitID, false)
}

func pledgeOf(ctx context.Context, q querier, campaignID, unitID int64, lock bool) (campaign.Pledge, error) {
	p := campaign.Pledge{CampaignID: campaignID, UnitID: unitID, Commitments: map[int64]string{}}
	sql := `SELECT id, year, status, collective_target, late, submitted_at, decided_at, return_reason, version
		FROM pledges WHERE campaign_id = $1 AND unit_id = $2`
	if lock {
		sql += ` FOR UPDATE`
	}
	var submitted, decided *time.Time
	err := q.QueryRow(ctx, sql, campaignID, unitID).Scan(&p.ID, &p.Year, &p.Status, &p.CollectiveTarget, &p.Late,
		&submitted, &decided, &p.ReturnReason, &p.Version)
	if mapErr(err, nil) == ErrNotFound {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("pledge: %w", err)
	}
	p.SubmittedAt, p.DecidedAt = orZero(submitted), orZero(decided)
	rows, err := q.Query(ctx, `SELECT criterion_id, text FROM pledge_commitments WHERE pledge_id = $1`, p.ID)
	if err != nil {
		return p, fmt.Errorf("pledge commitments: %w", err)
	}
	var cid int64
	var text string
	if _, err := pgx.ForEachRow(rows, []any{&cid, &text}, func() error { p.Commitments[cid] = text; return nil }); err != nil {
		return p, fmt.Errorf("pledge commitments: %w", err)
	}
	rows, err = q.Query(ctx, `SELECT x.person_id, pe.full_name, x.target FROM pledge_people x JOIN people pe ON pe.id = x.person_id
		WHERE x.pledge_id = $1 ORDER BY pe.full_name COLLATE "vi-VN-x-icu", pe.id`, p.ID)
	if err != nil {
		return p, fmt.Errorf("pledge people: %w", err)
	}
	p.People, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (campaign.PersonTarget, error) {
		var pt campaign.PersonTarget
		return pt, row.Scan(&pt.PersonID, &pt.Name, &pt.Target)
	})
	if err != nil {
		return p, fmt.Errorf("pledge people: %w", err)
	}
	return p, nil
}

// UnitStaff returns the active people of a unit: id → name.
func (s *Store) UnitStaff(ctx context.Context, unitID int64) (map[int64]string, error) {
	return unitStaff(ctx, s.pool, unitID)
}

func unitStaff(ctx context.Context, q querier, unitID int64) (map[int64]string, error) {
	rows, err := q.Query(ctx, `SELECT id, full_name FROM people WHERE unit_id = $1 AND active`, unitID)
	if err != nil {
		return nil, fmt.Errorf("unit staff: %w", err)
	}
	out := map[int64]string{}
	var id int64
	var name string
	if _, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error { out[id] = name; return nil }); err != nil {
		return nil, fmt.Errorf("unit staff: %w", err)
	}
	return out, nil
}

type pledgeAudit struct {
	Status           string            `json:"status"`
	CollectiveTarget string            `json:"collective_target,omitempty"`
	Commitments      map[int64]string  `json:"commitments,omitempty"`
	People           map[int64]string  `json:"people,omitempty"`
	Late             bool              `json:"late,omitempty"`
	Extra            map[string]string `json:"extra,omitempty"`
}

func auditPledge(p campaign.Pledge) pledgeAudit {
	a := pledgeAudit{Status: string(p.Status), CollectiveTarget: string(p.CollectiveTarget), Commitments: p.Commitments, Late: p.Late,
		People: map[int64]string{}}
	for _, pt := range p.People {
		a.People[pt.PersonID] = string(pt.Target)
	}
	return a
}

// pledgeContext locks nothing but checks that the campaign takes pledges
// from the unit: launched and the unit participating.
func pledgeCampaign(ctx context.Context, tx pgx.Tx, campaignID, unitID int64) (campaign.Campaign, error) {
	c, err := campaignByID(ctx, tx, campaignID, CampaignScope{UnitID: unitID}, false)
	if err != nil {
		return c, err
	}
	if c.Status != campaign.Launched {
		return c, &RuleError{"Phong trào không còn nhận đăng ký thi đua."}
	}
	return c, nil
}

// SavePledge saves the unit's pledge as a draft (creating it on first
// save). version is 0 for a pledge not yet created.
func (s *Store) SavePledge(ctx context.Context, a Actor, p campaign.Pledge) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := pledgeCampaign(ctx, tx, p.CampaignID, p.UnitID)
		if err != nil {
			return err
		}
		old, err := pledgeOf(ctx, tx, p.CampaignID, p.UnitID, true)
		if err != nil {
			return err
		}
		if old.Version != p.Version {
			return ErrConflict
		}
		if !campaign.PledgeEditable(old.Status) {
			return &RuleError{"Bản đăng ký đã gửi nên không sửa được nữa."}
		}
		staff, err := unitStaff(ctx, tx, p.UnitID)
		if err != nil {
			return err
		}
		if pr := p.Validate(c.Criteria, staff); !pr.OK() {
			for _, msg := range pr {
				return &RuleError{msg}
			}
		}
		if old.ID == 0 {
			err = tx.QueryRow(ctx, `INSERT INTO pledges (campaign_id, unit_id, year, collective_target) VALUES ($1, $2, $3, $4)
				ON CONFLICT (campaign_id, unit_id) DO NOTHING RETURNING id`, p.CampaignID, p.UnitID, c.Year, p.CollectiveTarget).Scan(&p.ID)
			if mapErr(err, nil) == ErrNotFound {
				return ErrConflict // created concurrently by someone else
			}
			if err != nil {
				return mapErr(err, nil)
			}
			p.Status = campaign.PledgeDraft
		} else {
			p.ID, p.Status = old.ID, old.Status
			if _, err := tx.Exec(ctx, `UPDATE pledges SET collective_target = $2, version = version + 1, updated_at = now() WHERE id = $1`,
				p.ID, p.CollectiveTarget); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM pledge_commitments WHERE pledge_id = $1`, p.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM pledge_people WHERE pledge_id = $1`, p.ID); err != nil {
				return err
			}
		}
		var cids []int64
		var texts []string
		for id, t := range p.Commitments {
			if t != "" {
				cids, texts = append(cids, id), append(texts, t)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO pledge_commitments (pledge_id, criterion_id, text)
			SELECT $1, unnest($2::bigint[]), unnest($3::text[])`, p.ID, cids, texts); err != nil {
			return mapErr(err, nil)
		}
		var pids []int64
		var targets []string
		for _, pt := range p.People {
			pids, targets = append(pids, pt.PersonID), append(targets, string(pt.Target))
		}
		if _, err := tx.Exec(ctx, `INSERT INTO pledge_people (pledge_id, person_id, target)
			SELECT $1, unnest($2::bigint[]), unnest($3::text[])`, p.ID, pids, targets); err != nil {
			return mapErr(err, nil)
		}
		action := "pledge.update"
		var before any = auditPledge(old)
		if old.ID == 0 {
			action, before = "pledge.create", nil
		}
		return insertEvent(ctx, tx, a, action, "pledge", p.ID, before, auditPledge(p), "")
	})
	if err != nil {
		return fmt.Errorf("save pledge: %w", err)
	}
	return nil
}

// PledgeTransition submits (the unit), accepts or returns (the office) a
// pledge at time at. A pledge sent after the registration deadline is
// marked late and still needs the office's acceptance.
func (s *Store) PledgeTransition(ctx context.Context, a Actor, campaignID, unitID int64, version int,
	e campaign.PledgeEvent, who campaign.Actor, reason string, at time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := pledgeCampaign(ctx, tx, campaignID, unitID)
		if err != nil {
			return err
		}
		p, err := pledgeOf(ctx, tx, campaignID, unitID, true)
		if err != nil {
			return err
		}
		if p.ID == 0 || p.Version != version {
			return ErrConflict
		}
		to, ok := campaign.PledgeNext(p.Status, e, who)
		if !ok {
			return ErrConflict
		}
		now := at
		late := p.Late
		switch e {
		case campaign.PledgeSubmit:
			staff, err := unitStaff(ctx, tx, unitID)
			if err != nil {
				return err
			}
			if pr := p.CanSubmit(c.Criteria, staff); !pr.OK() {
				return &RuleError{"Bản đăng ký chưa đủ nội dung: chọn danh hiệu tập thể và nhập cam kết cho mọi tiêu chí trước khi gửi."}
			}
			late = campaign.IsLate(c.RegistrationDeadline, now)
		case campaign.PledgeReturn:
			if reason == "" {
				return &RuleError{"Nhập lý do trả lại bản đăng ký."}
			}
		}
		_, err = tx.Exec(ctx, `UPDATE pledges SET status = $2, late = $3, version = version + 1, updated_at = now(),
				submitted_at = CASE WHEN $4 = 'submit' THEN $5 ELSE submitted_at END,
				decided_at = CASE WHEN $4 = 'submit' THEN NULL ELSE $5 END,
				return_reason = CASE WHEN $4 = 'return' THEN $6 WHEN $4 = 'submit' THEN return_reason ELSE '' END
			WHERE id = $1`, p.ID, to, late, string(e), now, reason)
		if err != nil {
			return err
		}
		if err := notifyPledge(ctx, tx, c, unitID, e, late); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "pledge."+string(e), "pledge", p.ID,
			map[string]any{"status": p.Status}, map[string]any{"status": to, "late": late}, reason)
	})
	if err != nil {
		return fmt.Errorf("pledge %s: %w", e, err)
	}
	return nil
}

// RegisteredPeople returns, for a year, each person's individual target
// from submitted or accepted pledges (R41 `registration_required`).
func (s *Store) RegisteredPeople(ctx context.Context, year int) (map[int64]campaign.Target, error) {
	rows, err := s.pool.Query(ctx, `SELECT x.person_id, x.target FROM pledge_people x JOIN pledges p ON p.id = x.pledge_id
		WHERE p.year = $1 AND p.status IN ('submitted', 'accepted')`, year)
	if err != nil {
		return nil, fmt.Errorf("registered people: %w", err)
	}
	out := map[int64]campaign.Target{}
	var id int64
	var t campaign.Target
	if _, err := pgx.ForEachRow(rows, []any{&id, &t}, func() error { out[id] = t; return nil }); err != nil {
		return nil, fmt.Errorf("registered people: %w", err)
	}
	return out, nil
}

// notifyPledge asks the next person to act: the office for a sent pledge,
// the unit's department head for a returned one.
func notifyPledge(ctx context.Context, tx pgx.Tx, c campaign.Campaign, unitID int64, e campaign.PledgeEvent, late bool) error {
	var unit string
	if err := tx.QueryRow(ctx, `SELECT name FROM units WHERE id = $1`, unitID).Scan(&unit); err != nil {
		return err
	}
	switch e {
	case campaign.PledgeSubmit:
		title := fmt.Sprintf("%s đã gửi đăng ký thi đua phong trào “%s”.", unit, c.Name)
		if late {
			title = fmt.Sprintf("%s đã gửi đăng ký thi đua phong trào “%s” sau hạn: cần Văn phòng Sở xem xét chấp nhận.", unit, c.Name)
		}
		return notifyRole(ctx, tx, auth.Office, Notice{Title: title, Target: Target{TargetPledgeReview, c.ID, unitID}})
	case campaign.PledgeReturn:
		return notifyUnitHeads(ctx, tx, []int64{unitID}, Notice{
			Title:  fmt.Sprintf("Văn phòng Sở trả lại bản đăng ký thi đua phong trào “%s”: xem lý do và sửa.", c.Name),
			Target: Target{Kind: TargetPledge, ID: c.ID}})
	}
	return nil
}
