package store

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/audit"
)

// auditKey seals the hash chain of the audit trail (HMAC-SHA256). It lives
// outside the database (see package audit) and is set once at start; with
// none, events are chained with plain SHA-256, as before keys existed
// (tests and the tools that never write events).
var auditKey atomic.Pointer[[]byte]

// SetAuditKey sets the key that seals every event written from now on and
// that verification uses. Call it once at start, before serving.
func SetAuditKey(key []byte) {
	k := bytes.Clone(key)
	auditKey.Store(&k)
}

func currentKey() []byte {
	if k := auditKey.Load(); k != nil {
		return *k
	}
	return nil
}

// eventContent is the hashed content of an event, the same bytes as the
// SQL function event_content of migration 000001 (time as epoch
// microseconds, jsonb in PostgreSQL's canonical text form, fields joined
// by U+001F).
func eventContent(at time.Time, actorID *int64, action, objectType string, objectID *int64, before, after *string,
	reason, requestID, clientIP string) []byte {
	opt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return []byte(strings.Join([]string{strconv.FormatInt(at.UnixMicro(), 10), opt(actorID), action, objectType,
		opt(objectID), str(before), str(after), reason, requestID, clientIP}, "\x1f"))
}

// chainHash is the hash of an event: HMAC-SHA256 with key of the previous
// hash and the content, or plain SHA-256 for an unkeyed (legacy) event.
func chainHash(key, prev, content []byte) []byte {
	if key == nil {
		h := sha256.New()
		h.Write(prev)
		h.Write(content)
		return h.Sum(nil)
	}
	m := hmac.New(sha256.New, key)
	m.Write(prev)
	m.Write(content)
	return m.Sum(nil)
}

// ChainHead returns the id and hash of the newest event (0 and nil when
// there is none): what a checkpoint records.
func (s *Store) ChainHead(ctx context.Context) (audit.Checkpoint, error) {
	c := audit.Checkpoint{At: s.now()}
	err := s.pool.QueryRow(ctx, `SELECT id, hash FROM events ORDER BY id DESC LIMIT 1`).Scan(&c.ID, &c.Hash)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return c, fmt.Errorf("chain head: %w", err)
	}
	return c, nil
}

// AuditReport is the result of checking the audit trail.
type AuditReport struct {
	Checked  int   // events read
	Keyed    int   // of which sealed with the key (the others, written before a key existed, come first)
	LastID   int64 // the newest event's id
	FirstBad int64 // the first event found changed, or whose predecessor or successors were removed; 0 when intact
	Reason   string
}

// OK reports whether the trail is intact.
func (r AuditReport) OK() bool { return r.FirstBad == 0 }

// VerifyAudit walks the whole audit trail in id order and recomputes its
// chain in Go with the key: every event must name its predecessor's hash,
// and its own hash must be the HMAC of that and its content (or, for
// events written before the key existed, a plain SHA-256; those may only
// come before the first sealed one, and a trail rewritten whole without
// the key no longer matches the checkpoints). Then every checkpoint taken outside the database must still
// be in the trail with the same hash, so that events deleted from the end
// are found too. The first bad event's id is reported.
func (s *Store) VerifyAudit(ctx context.Context, checkpoints []audit.Checkpoint) (AuditReport, error) {
	key := currentKey()
	var r AuditReport
	rows, err := s.pool.Query(ctx, `SELECT id, at, actor_id, action, object_type, object_id, before::text, after::text,
			reason, request_id, client_ip, prev_hash, hash
		FROM events ORDER BY id`)
	if err != nil {
		return r, fmt.Errorf("verify audit: %w", err)
	}
	defer rows.Close()
	heads := map[int64][]byte{}
	for _, c := range checkpoints {
		heads[c.ID] = c.Hash
	}
	bad := func(id int64, reason string) {
		if r.FirstBad == 0 {
			r.FirstBad, r.Reason = id, reason
		}
	}
	var (
		prev                                            []byte
		seenKeyed                                       bool
		id                                              int64
		at                                              time.Time
		actorID, objectID                               *int64
		action, objectType, reason, requestID, clientIP string
		before, after                                   *string
		prevHash, hash                                  []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &at, &actorID, &action, &objectType, &objectID, &before, &after,
		&reason, &requestID, &clientIP, &prevHash, &hash}, func() error {
		r.Checked++
		r.LastID = id
		if !bytes.Equal(prevHash, prev) {
			bad(id, "the event before it was removed or changed")
		}
		content := eventContent(at, actorID, action, objectType, objectID, before, after, reason, requestID, clientIP)
		switch {
		case key != nil && hmac.Equal(chainHash(key, prevHash, content), hash):
			seenKeyed = true
			r.Keyed++
		case seenKeyed:
			bad(id, "its content or hash was changed (not sealed with the key)")
		case !hmac.Equal(chainHash(nil, prevHash, content), hash):
			bad(id, "its content or hash was changed")
		}
		if h, ok := heads[id]; ok {
			if !bytes.Equal(h, hash) {
				bad(id, "its hash differs from the checkpoint taken outside the database")
			}
			delete(heads, id)
		}
		prev = hash
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("verify audit: %w", err)
	}
	// Checkpointed events that are gone: the oldest one is the first bad.
	var missing int64
	for cid := range heads {
		if missing == 0 || cid < missing {
			missing = cid
		}
	}
	if missing != 0 && (r.FirstBad == 0 || missing < r.FirstBad) {
		r.FirstBad = missing
		r.Reason = "checkpointed outside the database but missing from the trail (deleted)"
		if missing > r.LastID {
			r.Reason = fmt.Sprintf("the events after %d, up to %d at least (checkpointed outside the database), were deleted", r.LastID, missing)
		}
	}
	return r, nil
}

// VerifyEvents checks the audit trail's chain without checkpoints and
// returns the number of events checked and the id of the first bad one (0
// when the chain is intact).
func (s *Store) VerifyEvents(ctx context.Context) (checked int, firstBad int64, err error) {
	r, err := s.VerifyAudit(ctx, nil)
	return r.Checked, r.FirstBad, err
}
