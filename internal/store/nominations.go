package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/attach"
	"tdkt/internal/award"
	"tdkt/internal/dossier"
)

var nominationFields = map[string]string{"nominations_subject_key": "subject"}

// Nomination is one proposed award for a person or a collective.
type Nomination struct {
	ID            int64
	DossierID     int64
	PersonID      int64 // 0 for a collective
	SubjectUnitID int64 // 0 for a person
	SubjectName   string
	Position      string // a person's position
	AwardCode     string
	Summary       string // the achievement summary
	Justification string // why an ineligible pick is proposed anyway
	Flagged       bool   // the engine said not eligible when picked
	PickVerdict   []byte // JSON: the engine's verdict when picked
	State         dossier.NominationState
	MarkReason    string
	Verdict       []byte // JSON: the engine's verdict at appraisal
	RuleSet       string
	AppraisedAt   time.Time
	Version       int
	// Docs is the award's checklist for a full dossier as the administrator
	// keeps it (award_types.required_docs, seeded from the catalogue).
	Docs []award.DocKind
}

// AwardName is the award type's Vietnamese name.
func (n Nomination) AwardName() string { return award.Name(n.AwardCode) }

// RequiredDocs is the award's checklist for a kind of commendation: the
// stored one (Docs) for a full dossier, the law's two for an ad hoc award.
func (n Nomination) RequiredDocs(k award.CommendationKind) []award.DocKind {
	t, ok := award.Lookup(n.AwardCode)
	if !ok {
		return nil
	}
	if k != award.AdHoc && n.Docs != nil {
		return n.Docs
	}
	return t.DocsFor(k)
}

const nominationColumns = `n.id, n.dossier_id, COALESCE(n.person_id, 0), COALESCE(n.subject_unit_id, 0),
	COALESCE(p.full_name, su.name, ''), COALESCE(p.position, ''), n.award_code, n.summary, n.justification, n.flagged,
	n.pick_verdict, n.state, n.mark_reason, n.verdict, n.rule_set, n.appraised_at, n.version, at.required_docs`

const nominationFrom = ` FROM nominations n JOIN award_types at ON at.code = n.award_code
	LEFT JOIN people p ON p.id = n.person_id LEFT JOIN units su ON su.id = n.subject_unit_id`

func scanNomination(row pgx.CollectableRow) (Nomination, error) {
	var n Nomination
	var state string
	var at *time.Time
	var docs []string
	err := row.Scan(&n.ID, &n.DossierID, &n.PersonID, &n.SubjectUnitID, &n.SubjectName, &n.Position, &n.AwardCode,
		&n.Summary, &n.Justification, &n.Flagged, &n.PickVerdict, &state, &n.MarkReason, &n.Verdict, &n.RuleSet, &at, &n.Version, &docs)
	n.State, n.AppraisedAt = dossier.NominationState(state), orZero(at)
	n.Docs = make([]award.DocKind, len(docs))
	for i, d := range docs {
		n.Docs[i] = award.DocKind(d)
	}
	return n, err
}

// NewNomination is a department head's pick.
type NewNomination struct {
	PersonID      int64 // or
	SubjectUnitID int64 // for the unit itself (a collective award)
	AwardCode     string
	Summary       string
	Justification string
	Eligible      bool // the engine's verdict when picked
	Verdict       any  // the engine's verdict, stored as JSON
}

// lockEditable locks a dossier in scope that its department may still
// change (draft or returned).
func lockEditable(ctx context.Context, tx pgx.Tx, sc Scope, id int64) (Dossier, error) {
	d, err := lockDossier(ctx, tx, sc, id)
	if err != nil {
		return d, err
	}
	if !d.State.Editable() {
		return d, &RuleError{"Hồ sơ đang ở trạng thái “" + d.State.Label() + "” nên không sửa được."}
	}
	return d, nil
}

// AddNomination adds a nomination to an editable dossier. The subject must
// belong to the dossier's unit; a subject already proposed for the award
// in this round, or given or proposed for it in another round of the same
// year, is refused (R14).
func (s *Store) AddNomination(ctx context.Context, a Actor, sc Scope, dossierID int64, n NewNomination) (int64, error) {
	ids, err := s.AddNominations(ctx, a, sc, dossierID, []NewNomination{n})
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// NominationError is a refused nomination of several added at once: its
// index in the list and why.
type NominationError struct {
	Index int
	Err   error
}

func (e *NominationError) Error() string { return fmt.Sprintf("nomination %d: %v", e.Index, e.Err) }
func (e *NominationError) Unwrap() error { return e.Err }

// AddNominations adds several nominations to a dossier in one
// transaction: all or none; a refused one is a *NominationError. A
// repeated submission adds nothing again.
func (s *Store) AddNominations(ctx context.Context, a Actor, sc Scope, dossierID int64, ns []NewNomination) ([]int64, error) {
	var ids []int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		ids = nil
		first, err := createOnce(ctx, tx, a, "nomination", func() (int64, error) {
			d, err := lockEditable(ctx, tx, sc, dossierID)
			if err != nil {
				return 0, err
			}
			for i, n := range ns {
				id, err := addNomination(ctx, tx, a, d, n)
				if err != nil {
					if len(ns) > 1 {
						return 0, &NominationError{Index: i, Err: err}
					}
					return 0, err
				}
				ids = append(ids, id)
			}
			if len(ids) == 0 {
				return 0, &RuleError{"Chọn người hoặc tập thể được đề nghị."}
			}
			return ids[0], nil
		})
		if err == nil && len(ids) == 0 {
			ids = []int64{first}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add nomination: %w", err)
	}
	return ids, nil
}

func addNomination(ctx context.Context, tx pgx.Tx, a Actor, d Dossier, n NewNomination) (int64, error) {
	at, ok := award.Lookup(n.AwardCode)
	if !ok {
		return 0, &RuleError{"Chọn danh hiệu hoặc hình thức khen thưởng trong danh mục."}
	}
	if (at.Subject == award.Individual) != (n.PersonID != 0) || (n.PersonID == 0) == (n.SubjectUnitID == 0) {
		return 0, &RuleError{"Đối tượng đề nghị không phù hợp với danh hiệu, hình thức khen thưởng đã chọn."}
	}
	if n.SubjectUnitID != 0 && n.SubjectUnitID != d.UnitID {
		return 0, ErrNotFound
	}
	if n.PersonID != 0 {
		var ok bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM people WHERE id = $1 AND unit_id = $2 AND active)`,
			n.PersonID, d.UnitID).Scan(&ok)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, ErrNotFound
		}
	}
	if !n.Eligible && len([]rune(n.Justification)) < 5 {
		return 0, &RuleError{"Người được chọn chưa đủ điều kiện theo kết quả kiểm tra: hãy ghi rõ lý do vẫn đề nghị."}
	}
	var other string
	err := tx.QueryRow(ctx, `
		SELECT r.title FROM nominations n JOIN dossiers d ON d.id = n.dossier_id JOIN rounds r ON r.id = n.round_id
		WHERE n.award_code = $1 AND n.round_id <> $2 AND r.year = $3
			AND (n.person_id = $4 OR n.subject_unit_id = $5) AND d.state <> 'withdrawn'
			AND n.state NOT IN ('ineligible', 'failed', 'rejected_external', 'revoked')
		LIMIT 1`, n.AwardCode, d.RoundID, d.RoundYear, n.PersonID, n.SubjectUnitID).Scan(&other)
	if err == nil {
		return 0, &RuleError{fmt.Sprintf("Đối tượng này đã được đề nghị %s năm %d trong đợt xét “%s”; một thành tích chỉ được khen thưởng một lần.",
			at.Name, d.RoundYear, other)}
	} else if err != pgx.ErrNoRows {
		return 0, err
	}
	verdict, err := json.Marshal(n.Verdict)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO nominations (dossier_id, round_id, person_id, subject_unit_id, award_code, commendation, summary,
			justification, flagged, pick_verdict, created_by)
		VALUES ($1, $2, NULLIF($3, 0), NULLIF($4, 0), $5, $6, $7, $8, $9, $10, NULLIF($11, 0)) RETURNING id`,
		d.ID, d.RoundID, n.PersonID, n.SubjectUnitID, n.AwardCode, string(d.Commendation()), n.Summary,
		n.Justification, !n.Eligible, verdict, a.UserID).Scan(&id)
	if err != nil {
		return 0, mapErr(err, nominationFields)
	}
	after := map[string]any{"nomination_id": id, "person_id": n.PersonID, "unit_id": n.SubjectUnitID,
		"award": n.AwardCode, "flagged": !n.Eligible}
	return id, insertEvent(ctx, tx, a, "nomination.add", "dossier", d.ID, nil, after, n.Justification)
}

// nominationInScope locks a nomination of a dossier in scope, and the dossier.
func nominationInScope(ctx context.Context, tx pgx.Tx, sc Scope, dossierID, id int64, editable bool) (Dossier, Nomination, error) {
	var d Dossier
	var err error
	if editable {
		d, err = lockEditable(ctx, tx, sc, dossierID)
	} else {
		d, err = lockDossier(ctx, tx, sc, dossierID)
	}
	if err != nil {
		return d, Nomination{}, err
	}
	rows, err := tx.Query(ctx, `SELECT `+nominationColumns+nominationFrom+` WHERE n.id = $1 AND n.dossier_id = $2 FOR UPDATE OF n`, id, d.ID)
	if err != nil {
		return d, Nomination{}, err
	}
	n, err := pgx.CollectOneRow(rows, scanNomination)
	return d, n, mapErr(err, nil)
}

// Nomination returns one nomination of a dossier in scope.
func (s *Store) Nomination(ctx context.Context, sc Scope, dossierID, id int64) (Nomination, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+nominationColumns+nominationFrom+` JOIN dossiers d ON d.id = n.dossier_id
		WHERE n.id = $1 AND n.dossier_id = $2 AND `+scopeSQL(3), id, dossierID, sc.All, sc.UnitID)
	if err != nil {
		return Nomination{}, fmt.Errorf("nomination %d: %w", id, err)
	}
	n, err := pgx.CollectOneRow(rows, scanNomination)
	if err != nil {
		return Nomination{}, fmt.Errorf("nomination %d: %w", id, mapErr(err, nil))
	}
	return n, nil
}

// UpdateNomination saves the achievement summary and justification.
func (s *Store) UpdateNomination(ctx context.Context, a Actor, sc Scope, dossierID int64, n Nomination) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		d, old, err := nominationInScope(ctx, tx, sc, dossierID, n.ID, true)
		if err != nil {
			return err
		}
		if old.Version != n.Version {
			return ErrConflict
		}
		if old.Flagged && len([]rune(n.Justification)) < 5 {
			return &RuleError{"Đề nghị này chưa đủ điều kiện theo kết quả kiểm tra: hãy ghi rõ lý do vẫn đề nghị."}
		}
		_, err = tx.Exec(ctx, `UPDATE nominations SET summary = $2, justification = $3, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $4`, n.ID, n.Summary, n.Justification, n.Version)
		if err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "nomination.update", "dossier", d.ID,
			map[string]any{"nomination_id": n.ID, "summary": old.Summary, "justification": old.Justification},
			map[string]any{"nomination_id": n.ID, "summary": n.Summary, "justification": n.Justification}, "")
	})
	if err != nil {
		return fmt.Errorf("update nomination %d: %w", n.ID, err)
	}
	return nil
}

// RemoveNomination takes a nomination out of an editable dossier, with its
// documents' links (the files and the history stay).
func (s *Store) RemoveNomination(ctx context.Context, a Actor, sc Scope, dossierID, id int64, version int) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		d, old, err := nominationInScope(ctx, tx, sc, dossierID, id, true)
		if err != nil {
			return err
		}
		if old.Version != version {
			return ErrConflict
		}
		if _, err := tx.Exec(ctx, `DELETE FROM nominations WHERE id = $1`, id); err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, "nomination.remove", "dossier", d.ID,
			map[string]any{"nomination_id": id, "person_id": old.PersonID, "unit_id": old.SubjectUnitID, "award": old.AwardCode}, nil, "")
	})
	if err != nil {
		return fmt.Errorf("remove nomination %d: %w", id, err)
	}
	return nil
}

// Mark is the office's appraisal conclusion on one nomination.
type Mark struct {
	DossierID    int64
	NominationID int64
	Version      int
	Mark         dossier.NominationState // eligible, ineligible or on_hold
	Reason       string
	Verdict      any    // the engine's verdict now: stored as a snapshot
	RuleSet      string // R32
}

// MarkNomination records the office's conclusion on a nomination of a
// dossier being appraised, with the engine's verdict as a snapshot.
func (s *Store) MarkNomination(ctx context.Context, a Actor, m Mark) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := createOnce(ctx, tx, a, "nomination.mark", func() (int64, error) {
			d, old, err := nominationInScope(ctx, tx, Scope{All: true}, m.DossierID, m.NominationID, false)
			if err != nil {
				return 0, err
			}
			if d.State != dossier.Appraising {
				return 0, &RuleError{"Chỉ kết luận được khi hồ sơ đang thẩm định."}
			}
			if old.Version != m.Version {
				return 0, ErrConflict
			}
			ev, ok := dossier.MarkEvent(m.Mark)
			if !ok {
				return 0, &RuleError{"Chọn kết luận: đủ điều kiện, không đủ điều kiện hoặc tạm dừng xét."}
			}
			to := m.Mark
			if old.State != m.Mark {
				var err error
				to, err = dossier.FireNomination(old.State, ev, []dossier.Actor{dossier.Office}, m.Reason)
				if ge, ok := err.(*dossier.GuardError); ok {
					return 0, &RuleError{ge.Message}
				}
				if err != nil {
					return 0, ErrConflict
				}
			}
			verdict, err := json.Marshal(m.Verdict)
			if err != nil {
				return 0, err
			}
			tag, err := tx.Exec(ctx, `UPDATE nominations SET state = $2, mark_reason = $3, verdict = $4, rule_set = $5,
					appraised_by = NULLIF($6, 0), appraised_at = now(), version = version + 1, updated_at = now()
				WHERE id = $1 AND version = $7 AND state = $8`,
				old.ID, string(to), m.Reason, verdict, m.RuleSet, a.UserID, old.Version, string(old.State))
			if err != nil {
				return 0, err
			}
			if tag.RowsAffected() != 1 {
				return 0, ErrConflict
			}
			return old.ID, insertEvent(ctx, tx, a, "nomination.mark", "dossier", d.ID,
				map[string]any{"nomination_id": old.ID, "state": old.State},
				map[string]any{"nomination_id": old.ID, "state": to, "rule_set": m.RuleSet}, m.Reason)
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("mark nomination %d: %w", m.NominationID, err)
	}
	return nil
}

// NewDoc is an accepted upload for a dossier.
type NewDoc struct {
	NominationID int64 // 0: for the whole dossier
	DocKind      award.DocKind
	Certified    bool
	File         attach.File
}

// AddDossierDoc stores an upload and links it to an editable dossier (and
// one of its nominations) as the given kind of document. A replay of the
// same form submission stores nothing twice.
func (s *Store) AddDossierDoc(ctx context.Context, a Actor, sc Scope, dossierID int64, doc NewDoc) (int64, error) {
	ids, err := s.AddDossierDocs(ctx, a, sc, dossierID, []NewDoc{doc})
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// AddDossierDocs attaches several documents in one transaction: all or
// none. A repeated submission attaches nothing again.
func (s *Store) AddDossierDocs(ctx context.Context, a Actor, sc Scope, dossierID int64, docs []NewDoc) ([]int64, error) {
	var ids []int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		ids = nil
		first, err := createOnce(ctx, tx, a, "dossier_attachment", func() (int64, error) {
			d, err := lockEditable(ctx, tx, sc, dossierID)
			if err != nil {
				return 0, err
			}
			for _, doc := range docs {
				id, err := addDossierDoc(ctx, tx, a, d, doc)
				if err != nil {
					return 0, err
				}
				ids = append(ids, id)
			}
			if len(ids) == 0 {
				return 0, &RuleError{"Chọn tệp cần tải lên."}
			}
			return ids[0], nil
		})
		if err == nil && len(ids) == 0 {
			ids = []int64{first} // a repeated submission: the first document it attached
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add dossier document: %w", err)
	}
	return ids, nil
}

func addDossierDoc(ctx context.Context, tx pgx.Tx, a Actor, d Dossier, doc NewDoc) (int64, error) {
	if !doc.DocKind.Valid() {
		return 0, &RuleError{"Chọn loại tài liệu trong danh sách."}
	}
	if doc.DocKind.DossierLevel() {
		doc.NominationID = 0 // made once, for the whole dossier
	}
	if doc.NominationID != 0 {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM nominations WHERE id = $1 AND dossier_id = $2)`,
			doc.NominationID, d.ID).Scan(&ok); err != nil {
			return 0, err
		}
		if !ok {
			return 0, ErrNotFound
		}
	}
	fileID, err := insertAttachment(ctx, tx, a, doc.File)
	if err != nil {
		return 0, err
	}
	copyKind := "original"
	if doc.Certified {
		copyKind = "certified_copy"
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO dossier_attachments (dossier_id, nomination_id, attachment_id, doc_kind, copy_kind, created_by)
		VALUES ($1, NULLIF($2, 0), $3, $4, $5, NULLIF($6, 0)) RETURNING id`,
		d.ID, doc.NominationID, fileID, string(doc.DocKind), copyKind, a.UserID).Scan(&id)
	if err != nil {
		return 0, mapErr(err, nil)
	}
	after := map[string]any{"document_id": id, "nomination_id": doc.NominationID, "doc_kind": doc.DocKind,
		"name": doc.File.Name, "sha256": doc.File.Hex(), "size": doc.File.Size(), "copy": copyKind}
	return id, insertEvent(ctx, tx, a, "dossier.attach", "dossier", d.ID, nil, after, "")
}

// RemoveDossierDoc unlinks a document from an editable dossier (the file
// stays, for the history).
func (s *Store) RemoveDossierDoc(ctx context.Context, a Actor, sc Scope, dossierID, docID int64) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		d, err := lockEditable(ctx, tx, sc, dossierID)
		if err != nil {
			return err
		}
		var name, kind string
		err = tx.QueryRow(ctx, `DELETE FROM dossier_attachments l USING attachments f
			WHERE l.id = $1 AND l.dossier_id = $2 AND f.id = l.attachment_id RETURNING f.name, l.doc_kind`, docID, d.ID).Scan(&name, &kind)
		if err != nil {
			return mapErr(err, nil)
		}
		return insertEvent(ctx, tx, a, "dossier.detach", "dossier", d.ID,
			map[string]any{"document_id": docID, "name": name, "doc_kind": kind}, nil, "")
	})
	if err != nil {
		return fmt.Errorf("remove dossier document %d: %w", docID, err)
	}
	return nil
}

// DossierFile returns a document's file and bytes when its dossier is in scope.
func (s *Store) DossierFile(ctx context.Context, sc Scope, dossierID, docID int64) (Attachment, []byte, error) {
	var fileID int64
	err := s.pool.QueryRow(ctx, `SELECT l.attachment_id FROM dossier_attachments l JOIN dossiers d ON d.id = l.dossier_id
		WHERE l.id = $1 AND l.dossier_id = $2 AND `+scopeSQL(3), docID, dossierID, sc.All, sc.UnitID).Scan(&fileID)
	if err != nil {
		return Attachment{}, nil, fmt.Errorf("dossier document %d: %w", docID, mapErr(err, nil))
	}
	return s.Attachment(ctx, fileID)
}

// Registered reports which of the people and units registered a pledge
// (đăng ký thi đua) for year that was submitted or accepted (R41): people
// by their line in a unit's pledge, units by a collective target.
func (s *Store) Registered(ctx context.Context, year int, personIDs, unitIDs []int64) (people, units map[int64]bool, err error) {
	people, units = map[int64]bool{}, map[int64]bool{}
	var b pgx.Batch
	queueRegistered(&b, year, personIDs, unitIDs, people, units)
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return nil, nil, fmt.Errorf("registered: %w", err)
	}
	return people, units, nil
}

// queueRegistered queues Registered's two queries on b, filling people and
// units when the batch runs.
func queueRegistered(b *pgx.Batch, year int, personIDs, unitIDs []int64, people, units map[int64]bool) {
	b.Queue(`SELECT DISTINCT pp.person_id FROM pledge_people pp JOIN pledges p ON p.id = pp.pledge_id
		WHERE p.year = $1 AND p.status IN ('submitted', 'accepted') AND pp.person_id = ANY($2)`, year, personIDs).
		Query(func(rows pgx.Rows) error {
			var id int64
			_, err := pgx.ForEachRow(rows, []any{&id}, func() error { people[id] = true; return nil })
			return err
		})
	b.Queue(`SELECT DISTINCT unit_id FROM pledges
		WHERE year = $1 AND status IN ('submitted', 'accepted') AND collective_target <> '' AND unit_id = ANY($2)`, year, unitIDs).
		Query(func(rows pgx.Rows) error {
			var id int64
			_, err := pgx.ForEachRow(rows, []any{&id}, func() error { units[id] = true; return nil })
			return err
		})
}
