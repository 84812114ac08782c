package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/campaign"
)

// CampaignScope limits what a reader sees: the office sees everything; a unit's
// accounts see only the objects of their unit (anything else is ErrNotFound).
type CampaignScope struct {
	All    bool
	UnitID int64
}

const campaignColumns = `c.id, c.year, c.kind, c.name, c.theme, c.objectives, c.doc_number, c.doc_date, c.doc_issuer,
	c.launch_on, c.starts_on, c.ends_on, c.registration_deadline, c.mid_review_on, c.final_review_on, c.status,
	c.launched_at, c.closed_at, c.version`

func scanCampaign(row pgx.Row, c *campaign.Campaign, extra ...any) error {
	var docDate, starts, ends, mid, final, launched, closed *time.Time
	dest := append([]any{&c.ID, &c.Year, &c.Kind, &c.Name, &c.Theme, &c.Objectives, &c.DocNumber, &docDate, &c.DocIssuer,
		&c.LaunchOn, &starts, &ends, &c.RegistrationDeadline, &mid, &final, &c.Status, &launched, &closed, &c.Version}, extra...)
	err := row.Scan(dest...)
	c.DocDate, c.StartsOn, c.EndsOn, c.MidReviewOn, c.FinalReviewOn = orZero(docDate), orZero(starts), orZero(ends), orZero(mid), orZero(final)
	c.LaunchedAt, c.ClosedAt = orZero(launched), orZero(closed)
	return err
}

// CampaignItem is one line of the campaign list.
type CampaignItem struct {
	campaign.Campaign
	Units      int // participating units
	Registered int // pledges sent (submitted or accepted)
	MyPledge   campaign.PledgeStatus
}

// campaignScope is the SQL condition on campaigns c for a scope ($1 = unit id).
const campaignScope = `($2 OR (c.status <> 'draft' AND EXISTS
	(SELECT 1 FROM campaign_units cu WHERE cu.campaign_id = c.id AND cu.unit_id = $1)))`

// ListCampaigns returns the campaigns in scope, newest year first.
func (s *Store) ListCampaigns(ctx context.Context, sc CampaignScope) ([]CampaignItem, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+campaignColumns+`,
			(SELECT count(*) FROM campaign_units cu WHERE cu.campaign_id = c.id),
			(SELECT count(*) FROM pledges p WHERE p.campaign_id = c.id AND p.status IN ('submitted', 'accepted')),
			COALESCE((SELECT p.status FROM pledges p WHERE p.campaign_id = c.id AND p.unit_id = $1), '')
		FROM campaigns c WHERE `+campaignScope+` ORDER BY c.year DESC, c.launch_on DESC, c.id DESC LIMIT 500`, sc.UnitID, sc.All)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (CampaignItem, error) {
		var it CampaignItem
		err := scanCampaign(row, &it.Campaign, &it.Units, &it.Registered, &it.MyPledge)
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	return out, nil
}

// Campaign returns one campaign in scope with its criteria and units.
func (s *Store) Campaign(ctx context.Context, id int64, sc CampaignScope) (campaign.Campaign, error) {
	return campaignByID(ctx, s.pool, id, sc, false)
}

func campaignByID(ctx context.Context, q querier, id int64, sc CampaignScope, lock bool) (campaign.Campaign, error) {
	var c campaign.Campaign
	sql := `SELECT ` + campaignColumns + ` FROM campaigns c WHERE c.id = $3 AND ` + campaignScope
	if lock {
		sql += ` FOR UPDATE`
	}
	if err := scanCampaign(q.QueryRow(ctx, sql, sc.UnitID, sc.All, id), &c); err != nil {
		return c, fmt.Errorf("campaign %d: %w", id, mapErr(err, nil))
	}
	rows, err := q.Query(ctx, `SELECT id, title, target FROM campaign_criteria WHERE campaign_id = $1 ORDER BY position`, id)
	if err != nil {
		return c, fmt.Errorf("campaign %d criteria: %w", id, err)
	}
	c.Criteria, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (campaign.Criterion, error) {
		var cr campaign.Criterion
		return cr, row.Scan(&cr.ID, &cr.Title, &cr.Target)
	})
	if err != nil {
		return c, fmt.Errorf("campaign %d criteria: %w", id, err)
	}
	rows, err = q.Query(ctx, `SELECT cu.unit_id FROM campaign_units cu JOIN units u ON u.id = cu.unit_id
		WHERE cu.campaign_id = $1 ORDER BY u.sort_order, u.name COLLATE "vi-VN-x-icu", u.id`, id)
	if err != nil {
		return c, fmt.Errorf("campaign %d units: %w", id, err)
	}
	if c.UnitIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return c, fmt.Errorf("campaign %d units: %w", id, err)
	}
	return c, nil
}

// campaignAudit is what the audit trail records of a campaign.
type campaignAudit struct {
	Year                 int                  `json:"year"`
	Kind                 string               `json:"kind"`
	Name                 string               `json:"name"`
	Theme                string               `json:"theme,omitempty"`
	DocNumber            string               `json:"doc_number,omitempty"`
	DocDate              string               `json:"doc_date,omitempty"`
	LaunchOn             string               `json:"launch_on"`
	RegistrationDeadline string               `json:"registration_deadline"`
	Status               string               `json:"status"`
	Criteria             []campaign.Criterion `json:"criteria"`
	UnitIDs              []int64              `json:"unit_ids"`
}

func auditCampaign(c campaign.Campaign) campaignAudit {
	return campaignAudit{c.Year, string(c.Kind), c.Name, c.Theme, c.DocNumber, isoDate(c.DocDate), isoDate(c.LaunchOn),
		isoDate(c.RegistrationDeadline), string(c.Status), c.Criteria, c.UnitIDs}
}

// checkCampaignUnits refuses units that are missing or inactive.
func checkCampaignUnits(ctx context.Context, tx pgx.Tx, ids []int64) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM units WHERE id = ANY($1) AND active`, ids).Scan(&n); err != nil {
		return err
	}
	if n != len(uniqueUnitIDs(ids)) {
		return &RuleError{"Có đơn vị tham gia không tồn tại hoặc đã ngừng hoạt động."}
	}
	return nil
}

func uniqueUnitIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// writeCampaignParts replaces the criteria and units of a draft campaign.
func writeCampaignParts(ctx context.Context, tx pgx.Tx, c *campaign.Campaign) error {
	c.UnitIDs = uniqueUnitIDs(c.UnitIDs)
	if err := checkCampaignUnits(ctx, tx, c.UnitIDs); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM campaign_criteria WHERE campaign_id = $1`, c.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM campaign_units WHERE campaign_id = $1`, c.ID); err != nil {
		return err
	}
	for i := range c.Criteria {
		if err := tx.QueryRow(ctx, `INSERT INTO campaign_criteria (campaign_id, position, title, target) VALUES ($1, $2, $3, $4) RETURNING id`,
			c.ID, i+1, c.Criteria[i].Title, c.Criteria[i].Target).Scan(&c.Criteria[i].ID); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO campaign_units (campaign_id, unit_id) SELECT $1, unnest($2::bigint[])`, c.ID, c.UnitIDs); err != nil {
		return err
	}
	return nil
}

// CreateCampaign saves a new draft campaign and returns its id.
func (s *Store) CreateCampaign(ctx context.Context, a Actor, c campaign.Campaign) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "campaign", func() (int64, error) {
			err := tx.QueryRow(ctx, `INSERT INTO campaigns (year, kind, name, theme, objectives, doc_number, doc_date, doc_issuer,
					launch_on, starts_on, ends_on, registration_deadline, mid_review_on, final_review_on)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
				c.Year, c.Kind, c.Name, c.Theme, c.Objectives, c.DocNumber, date(c.DocDate), c.DocIssuer, c.LaunchOn,
				date(c.StartsOn), date(c.EndsOn), c.RegistrationDeadline, date(c.MidReviewOn), date(c.FinalReviewOn)).Scan(&c.ID)
			if err != nil {
				return 0, mapErr(err, nil)
			}
			if err := writeCampaignParts(ctx, tx, &c); err != nil {
				return 0, err
			}
			c.Status = campaign.Draft
			return c.ID, insertEvent(ctx, tx, a, "campaign.create", "campaign", c.ID, nil, auditCampaign(c), "")
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create campaign: %w", err)
	}
	return id, nil
}

// UpdateCampaign saves a draft campaign when its version is still current.
// A launched campaign keeps its criteria and units (pledges refer to them);
// only its texts and dates change.
func (s *Store) UpdateCampaign(ctx context.Context, a Actor, c campaign.Campaign) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		old, err := campaignByID(ctx, tx, c.ID, CampaignScope{All: true}, true)
		if err != nil {
			return err
		}
		if old.Version != c.Version {
			return ErrConflict
		}
		if p := old.CanEdit(); !p.OK() {
			return &RuleError{p.First()}
		}
		_, err = tx.Exec(ctx, `UPDATE campaigns SET year = $2, kind = $3, name = $4, theme = $5, objectives = $6, doc_number = $7,
				doc_date = $8, doc_issuer = $9, launch_on = $10, starts_on = $11, ends_on = $12, registration_deadline = $13,
				mid_review_on = $14, final_review_on = $15, version = version + 1, updated_at = now()
			WHERE id = $1`, c.ID, c.Year, c.Kind, c.Name, c.Theme, c.Objectives, c.DocNumber, date(c.DocDate), c.DocIssuer,
			c.LaunchOn, date(c.StartsOn), date(c.EndsOn), c.RegistrationDeadline, date(c.MidReviewOn), date(c.FinalReviewOn))
		if err != nil {
			return mapErr(err, nil)
		}
		if old.Status == campaign.Draft {
			if err := writeCampaignParts(ctx, tx, &c); err != nil {
				return err
			}
		} else {
			c.Criteria, c.UnitIDs = old.Criteria, old.UnitIDs
		}
		c.Status = old.Status
		return insertEvent(ctx, tx, a, "campaign.update", "campaign", c.ID, auditCampaign(old), auditCampaign(c), "")
	})
	if err != nil {
		return fmt.Errorf("update campaign %d: %w", c.ID, err)
	}
	return nil
}

// CampaignTransition launches, closes or reopens a campaign. Launching
// notifies the participating units' department heads.
func (s *Store) CampaignTransition(ctx context.Context, a Actor, id int64, version int, e campaign.Event, reason string) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := campaignByID(ctx, tx, id, CampaignScope{All: true}, true)
		if err != nil {
			return err
		}
		if c.Version != version {
			return ErrConflict
		}
		to, ok := campaign.Next(c.Status, e)
		if !ok {
			return ErrConflict
		}
		if campaign.NeedsReason(e) && reason == "" {
			return &RuleError{"Nhập lý do mở lại phong trào."}
		}
		if e == campaign.Launch {
			if p := c.CanLaunch(); !p.OK() {
				if msg := p.First("criteria", "units", "registration_deadline", "launch_on"); msg != "" {
					return &RuleError{msg}
				}
				return &RuleError{"Phong trào chưa đủ thông tin để phát động: hãy sửa rồi thử lại."}
			}
		}
		_, err = tx.Exec(ctx, `UPDATE campaigns SET status = $2, version = version + 1, updated_at = now(),
				launched_at = CASE WHEN $3 = 'launch' THEN now() ELSE launched_at END,
				closed_at = CASE WHEN $3 = 'close' THEN now() WHEN $3 = 'reopen' THEN NULL ELSE closed_at END
			WHERE id = $1`, id, to, string(e))
		if err != nil {
			return err
		}
		if e == campaign.Launch {
			if err := notifyCampaignLaunch(ctx, tx, c); err != nil {
				return err
			}
		}
		return insertEvent(ctx, tx, a, "campaign."+string(e), "campaign", id,
			map[string]string{"status": string(c.Status)}, map[string]string{"status": string(to)}, reason)
	})
	if err != nil {
		return fmt.Errorf("campaign %d %s: %w", id, e, err)
	}
	return nil
}

// CampaignUnits returns each participating unit's pledge line: status,
// lateness, collective target and counts of individual targets.
func (s *Store) CampaignUnits(ctx context.Context, id int64) ([]campaign.UnitPledge, error) {
	rows, err := s.pool.Query(ctx, `SELECT u.id, u.name, COALESCE(p.id, 0), COALESCE(p.status, ''), COALESCE(p.late, false),
			COALESCE(p.collective_target, ''), COALESCE(pp.ldtt, 0), COALESCE(pp.cstdcs, 0), COALESCE(pp.cstd_tinh, 0)
		FROM campaign_units cu JOIN units u ON u.id = cu.unit_id
		LEFT JOIN pledges p ON p.campaign_id = cu.campaign_id AND p.unit_id = cu.unit_id
		LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE target = 'ldtt') AS ldtt, count(*) FILTER (WHERE target = 'cstdcs') AS cstdcs,
				count(*) FILTER (WHERE target = 'cstd_tinh') AS cstd_tinh FROM pledge_people x WHERE x.pledge_id = p.id) pp ON true
		WHERE cu.campaign_id = $1 ORDER BY u.sort_order, u.name COLLATE "vi-VN-x-icu", u.id`, id)
	if err != nil {
		return nil, fmt.Errorf("campaign %d units: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (campaign.UnitPledge, error) {
		var l campaign.UnitPledge
		var ldtt, cstdcs, tinh int
		err := row.Scan(&l.UnitID, &l.UnitName, &l.PledgeID, &l.Status, &l.Late, &l.CollectiveTarget, &ldtt, &cstdcs, &tinh)
		l.People = map[campaign.Target]int{campaign.LDTT: ldtt, campaign.CSTDCS: cstdcs, campaign.CSTDTinh: tinh}
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("campaign %d units: %w", id, err)
	}
	return out, nil
}

// CampaignEvents returns the audit events of a campaign and its pledges,
// oldest first, for the campaign's history.
func (s *Store) CampaignEvents(ctx context.Context, id int64) ([]CampaignEvent, error) {
	rows, err := s.pool.Query(ctx, `SELECT e.at, e.action, e.reason, COALESCE(NULLIF(p.full_name, ''), NULLIF(us.display_name, ''), us.username, 'Hệ thống'),
			COALESCE(un.name, '')
		FROM events e
		LEFT JOIN users us ON us.id = e.actor_id LEFT JOIN people p ON p.id = us.person_id
		LEFT JOIN pledges pl ON e.object_type = 'pledge' AND pl.id = e.object_id
		LEFT JOIN units un ON un.id = pl.unit_id
		WHERE (e.object_type = 'campaign' AND e.object_id = $1)
			OR (e.object_type = 'pledge' AND e.object_id IN (SELECT id FROM pledges WHERE campaign_id = $1))
		ORDER BY e.id DESC LIMIT 200`, id)
	if err != nil {
		return nil, fmt.Errorf("campaign %d events: %w", id, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (CampaignEvent, error) {
		var e CampaignEvent
		return e, row.Scan(&e.At, &e.Action, &e.Reason, &e.Who, &e.Unit)
	})
	if err != nil {
		return nil, fmt.Errorf("campaign %d events: %w", id, err)
	}
	return out, nil
}

// CampaignEvent is one line of an object's history.
type CampaignEvent struct {
	At     time.Time
	Action string
	Reason string
	Who    string
	Unit   string // the unit the event concerns, when any
}

// notifyCampaignLaunch tells the participating units' department heads.
func notifyCampaignLaunch(ctx context.Context, tx pgx.Tx, c campaign.Campaign) error {
	return notifyUnitHeads(ctx, tx, c.UnitIDs, Notice{
		Title:  fmt.Sprintf("Phong trào “%s” đã được phát động: đăng ký thi đua trước ngày %s.", c.Name, c.RegistrationDeadline.Format("02/01/2006")),
		Target: Target{Kind: TargetPledge, ID: c.ID},
	})
}
