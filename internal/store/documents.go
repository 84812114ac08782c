package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/attach"
	"tdkt/internal/bloc"
)

// The files attached to campaigns (the launching documents) and to bloc-years
// (the signed covenant, the evidence of a score).

func fileAudit(f attach.File) map[string]any {
	return map[string]any{"name": f.Name, "kind": string(f.Kind), "size": f.Size(), "sha256": fmt.Sprintf("%x", f.SHA256)}
}

// AddCampaignDocument stores a document of a campaign (its launching
// document, văn bản phát động).
func (s *Store) AddCampaignDocument(ctx context.Context, a Actor, campaignID int64, f attach.File) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := campaignByID(ctx, tx, campaignID, CampaignScope{All: true}, true); err != nil {
			return err
		}
		id, err := insertAttachment(ctx, tx, a, f)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_documents (attachment_id, campaign_id) VALUES ($1, $2)`, id, campaignID); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "campaign.document", "campaign", campaignID, nil, fileAudit(f), "")
	})
	if err != nil {
		return fmt.Errorf("campaign document: %w", err)
	}
	return nil
}

func scanAttachments(rows pgx.Rows) ([]Attachment, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Attachment, error) {
		var at Attachment
		var kind string
		err := row.Scan(&at.ID, &at.Name, &kind, &at.MediaType, &at.Size, &at.SHA256, &at.CreatedBy, &at.CreatedAt)
		at.Kind = attach.Kind(kind)
		return at, err
	})
}

// CampaignDocuments lists a campaign's documents, oldest first.
func (s *Store) CampaignDocuments(ctx context.Context, campaignID int64) ([]Attachment, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id IN
		(SELECT attachment_id FROM campaign_documents WHERE campaign_id = $1) ORDER BY id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("campaign documents: %w", err)
	}
	out, err := scanAttachments(rows)
	if err != nil {
		return nil, fmt.Errorf("campaign documents: %w", err)
	}
	return out, nil
}

// CampaignDocument returns a document of the campaign; another campaign's
// document is ErrNotFound.
func (s *Store) CampaignDocument(ctx context.Context, campaignID, attachmentID int64) (Attachment, []byte, error) {
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM campaign_documents WHERE campaign_id = $1 AND attachment_id = $2)`,
		campaignID, attachmentID).Scan(&ok); err != nil {
		return Attachment{}, nil, err
	}
	if !ok {
		return Attachment{}, nil, ErrNotFound
	}
	return s.Attachment(ctx, attachmentID)
}

// BlocDocument is a file of a bloc-year: the signed covenant (ScoreID 0)
// or the evidence of a score.
type BlocDocument struct {
	Attachment
	ScoreID int64
}

// AddBlocDocument stores the signed covenant of a bloc-year (scoreID 0) or
// evidence for a score; evidence is added while scoring is open and the
// score awaits verification.
func (s *Store) AddBlocDocument(ctx context.Context, a Actor, yearID, scoreID int64, f attach.File) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		y, err := lockBlocYear(ctx, tx, yearID, false)
		if err != nil {
			return err
		}
		action, object, objectID := "bloc_year.covenant_document", "bloc_year", yearID
		if scoreID != 0 {
			sc, err := scoreByID(ctx, tx, yearID, scoreID)
			if err != nil {
				return err
			}
			if y.Phase != bloc.Scoring || sc.Status != bloc.ScoreSelf {
				return &RuleError{"Chỉ bổ sung minh chứng cho điểm tự chấm chưa được thẩm định, trong thời gian chấm điểm."}
			}
			action, object, objectID = "bloc_score.evidence", "bloc_score", scoreID
		}
		id, err := insertAttachment(ctx, tx, a, f)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO bloc_documents (attachment_id, bloc_year_id, score_id) VALUES ($1, $2, $3)`,
			id, yearID, nullID(scoreID)); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, action, object, objectID, nil, fileAudit(f), "")
	})
	if err != nil {
		return fmt.Errorf("bloc document: %w", err)
	}
	return nil
}

// BlocDocuments lists the files of a bloc-year, oldest first.
func (s *Store) BlocDocuments(ctx context.Context, yearID int64) ([]BlocDocument, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.name, a.kind, a.media_type, a.size, a.sha256, COALESCE(a.created_by, 0), a.created_at,
			COALESCE(d.score_id, 0)
		FROM bloc_documents d JOIN attachments a ON a.id = d.attachment_id WHERE d.bloc_year_id = $1 ORDER BY a.id`, yearID)
	if err != nil {
		return nil, fmt.Errorf("bloc documents: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (BlocDocument, error) {
		var d BlocDocument
		var kind string
		err := row.Scan(&d.ID, &d.Name, &kind, &d.MediaType, &d.Size, &d.SHA256, &d.CreatedBy, &d.CreatedAt, &d.ScoreID)
		d.Kind = attach.Kind(kind)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("bloc documents: %w", err)
	}
	return out, nil
}

// BlocYearDocument returns a file of the bloc-year; another year's file is
// ErrNotFound.
func (s *Store) BlocYearDocument(ctx context.Context, yearID, attachmentID int64) (Attachment, []byte, error) {
	var ok bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM bloc_documents WHERE bloc_year_id = $1 AND attachment_id = $2)`,
		yearID, attachmentID).Scan(&ok); err != nil {
		return Attachment{}, nil, err
	}
	if !ok {
		return Attachment{}, nil, ErrNotFound
	}
	return s.Attachment(ctx, attachmentID)
}
