package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"tdkt/internal/auth"
	"tdkt/internal/org"
)

var userFields = map[string]string{"users_username_key": "username", "users_person_id_key": "person_id"}

// User is an account as the application sees it.
type User struct {
	ID       int64
	Username string
	Name     string // the person's name, or the display name of an account without person
	PersonID int64
	UnitID   int64
	UnitName string
	Roles    auth.RoleSet
	Disabled bool
	// MustChangePassword: the password was set by an admin; the user
	// chooses a new one before doing anything else.
	MustChangePassword bool
	SessionEpoch       int
	RolesVersion       int
	LastLoginAt        time.Time
	Version            int
	Unread             int // unread notifications; filled by SessionUser only
}

const userColumns = `u.id, u.username, COALESCE(p.full_name, u.display_name), COALESCE(u.person_id, 0),
	COALESCE(p.unit_id, 0), COALESCE(un.name, ''), u.roles, u.disabled, u.must_change_password, u.session_epoch, u.roles_version,
	u.last_login_at, u.version`

const userJoins = ` FROM users u LEFT JOIN people p ON p.id = u.person_id LEFT JOIN units un ON un.id = p.unit_id `

func scanUser(row pgx.CollectableRow) (User, error) {
	var u User
	var roles []string
	var last *time.Time
	err := row.Scan(&u.ID, &u.Username, &u.Name, &u.PersonID, &u.UnitID, &u.UnitName, &roles, &u.Disabled,
		&u.MustChangePassword, &u.SessionEpoch, &u.RolesVersion, &last, &u.Version)
	for _, r := range roles {
		u.Roles = append(u.Roles, auth.Role(r))
	}
	u.Roles = u.Roles.Sorted()
	u.LastLoginAt = orZero(last)
	return u, err
}

// User returns one account.
func (s *Store) User(ctx context.Context, id int64) (User, error) {
	return userWhere(ctx, s.pool, `u.id = $1`, id)
}

// SessionUser returns the signed-in account with its unread notification
// count, in one round trip.
func (s *Store) SessionUser(ctx context.Context, id int64) (User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+`,
		(SELECT count(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)`+userJoins+`WHERE u.id = $1`, id)
	if err != nil {
		return User{}, fmt.Errorf("session user: %w", err)
	}
	u, err := pgx.CollectOneRow(rows, func(row pgx.CollectableRow) (User, error) {
		var unread int
		u, err := scanUser(unreadRow{row, &unread})
		u.Unread = unread
		return u, err
	})
	if err != nil {
		return User{}, fmt.Errorf("session user: %w", mapErr(err, nil))
	}
	return u, nil
}

// unreadRow lets scanUser read a row that has one extra column at the end.
type unreadRow struct {
	pgx.CollectableRow
	unread *int
}

func (r unreadRow) Scan(dest ...any) error { return r.CollectableRow.Scan(append(dest, r.unread)...) }

func userWhere(ctx context.Context, q querier, where string, arg any) (User, error) {
	rows, err := q.Query(ctx, `SELECT `+userColumns+userJoins+`WHERE `+where, arg)
	if err != nil {
		return User{}, fmt.Errorf("user: %w", err)
	}
	u, err := pgx.CollectOneRow(rows, scanUser)
	if err != nil {
		return User{}, fmt.Errorf("user: %w", mapErr(err, nil))
	}
	return u, nil
}

// UserForLogin returns the account named username and its password hash.
func (s *Store) UserForLogin(ctx context.Context, username string) (User, string, error) {
	u, err := userWhere(ctx, s.pool, `u.username = $1`, username)
	if err != nil {
		return User{}, "", err
	}
	var hash string
	if err := s.pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&hash); err != nil {
		return User{}, "", fmt.Errorf("user hash: %w", mapErr(err, nil))
	}
	return u, hash, nil
}

// PasswordHash returns the password hash of account id.
func (s *Store) PasswordHash(ctx context.Context, id int64) (string, error) {
	var hash string
	if err := s.pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&hash); err != nil {
		return "", fmt.Errorf("user hash: %w", mapErr(err, nil))
	}
	return hash, nil
}

// ListUsers returns every account by username.
func (s *Store) ListUsers(ctx context.Context) ([]User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+userJoins+`ORDER BY u.disabled, u.username`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	users, err := pgx.CollectRows(rows, scanUser)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return users, nil
}

// NewUser is an account to create.
type NewUser struct {
	PersonID     int64 // 0 for an account without a person (e.g. a technical admin)
	Username     string
	DisplayName  string
	PasswordHash string
	Roles        auth.RoleSet
	// MustChangePassword makes the user choose a new password at first sign-in.
	MustChangePassword bool
}

type userAudit struct {
	Username string   `json:"username"`
	PersonID int64    `json:"person_id,omitempty"`
	Roles    []string `json:"roles"`
	Disabled bool     `json:"disabled"`
}

// CreateUser inserts an account and returns its id.
func (s *Store) CreateUser(ctx context.Context, a Actor, n NewUser) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, err = createOnce(ctx, tx, a, "user", func() (int64, error) {
			if n.PersonID != 0 {
				var ok bool
				if err := tx.QueryRow(ctx, `SELECT active FROM people WHERE id = $1`, n.PersonID).Scan(&ok); err != nil || !ok {
					return 0, &RuleError{"Người được chọn không tồn tại hoặc đã nghỉ."}
				}
			}
			var id int64
			err := tx.QueryRow(ctx, `
				INSERT INTO users (person_id, username, display_name, password_hash, roles, must_change_password, password_changed_at)
				VALUES (NULLIF($1, 0), $2, $3, $4, $5, $6, now()) RETURNING id`,
				n.PersonID, n.Username, n.DisplayName, n.PasswordHash, n.Roles.Sorted().Strings(), n.MustChangePassword).Scan(&id)
			if err != nil {
				return 0, mapErr(err, userFields)
			}
			return id, insertEvent(ctx, tx, a, "user.create", "user", id, nil,
				userAudit{n.Username, n.PersonID, n.Roles.Sorted().Strings(), false}, "")
		})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create user: %w", err)
	}
	return id, nil
}

// updateUser locks account id, checks its version, runs set and records the event.
func (s *Store) updateUser(ctx context.Context, a Actor, id int64, version int, action, reason string, change func(tx pgx.Tx, old User) (User, error)) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, id); err != nil {
			return err
		}
		old, err := userWhere(ctx, tx, `u.id = $1`, id)
		if err != nil {
			return err
		}
		if version != 0 && old.Version != version {
			return ErrConflict
		}
		now, err := change(tx, old)
		if err != nil {
			return err
		}
		return insertEvent(ctx, tx, a, action, "user", id,
			userAudit{old.Username, old.PersonID, old.Roles.Strings(), old.Disabled},
			userAudit{now.Username, now.PersonID, now.Roles.Strings(), now.Disabled}, reason)
	})
	if err != nil {
		return fmt.Errorf("%s %d: %w", action, id, err)
	}
	return nil
}

// SetUserRoles replaces the roles of an account. Its sessions pick up the
// change on their next request with a new session token.
func (s *Store) SetUserRoles(ctx context.Context, a Actor, id int64, version int, roles auth.RoleSet) error {
	return s.updateUser(ctx, a, id, version, "user.roles", "", func(tx pgx.Tx, old User) (User, error) {
		_, err := tx.Exec(ctx, `UPDATE users SET roles = $2, roles_version = roles_version + 1,
			version = version + 1, updated_at = now() WHERE id = $1`, id, roles.Sorted().Strings())
		old.Roles = roles.Sorted()
		return old, err
	})
}

// SetUserDisabled disables (ending every session) or re-enables an account.
func (s *Store) SetUserDisabled(ctx context.Context, a Actor, id int64, version int, disabled bool, reason string) error {
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return s.updateUser(ctx, a, id, version, action, reason, func(tx pgx.Tx, old User) (User, error) {
		if old.Disabled == disabled {
			return old, ErrConflict
		}
		if p := auth.CheckDisable(a.UserID, old.ID); disabled && !p.OK() {
			return old, &RuleError{p.First()}
		}
		_, err := tx.Exec(ctx, `UPDATE users SET disabled = $2, session_epoch = session_epoch + 1,
			version = version + 1, updated_at = now() WHERE id = $1`, id, disabled)
		old.Disabled = disabled
		return old, err
	})
}

// PasswordSetter says who sets a password.
type PasswordSetter int

const (
	// ByUser: users change their own password, knowing the old one.
	ByUser PasswordSetter = iota
	// ByAdmin: an admin resets it; the user must choose a new one at the
	// next sign-in.
	ByAdmin
	// ByOperator: reset from the command line by whoever runs the server.
	ByOperator
)

// SetPassword stores a new password hash and ends every session of the
// account; it returns the new session epoch so that the caller's own
// session can stay valid when users change their own password.
func (s *Store) SetPassword(ctx context.Context, a Actor, id int64, hash string, by PasswordSetter) (epoch int, err error) {
	action := "user.password_reset"
	if by == ByUser {
		action = "user.password_change"
	}
	err = s.updateUser(ctx, a, id, 0, action, "", func(tx pgx.Tx, old User) (User, error) {
		err := tx.QueryRow(ctx, `UPDATE users SET password_hash = $2, password_changed_at = now(),
			must_change_password = $3, session_epoch = session_epoch + 1, version = version + 1, updated_at = now()
			WHERE id = $1 RETURNING session_epoch`, id, hash, by == ByAdmin).Scan(&epoch)
		return old, err
	})
	return epoch, err
}

// EndOtherSessions ends every session of the account (the caller keeps its
// own by storing the returned epoch in it): for a lost or shared computer.
func (s *Store) EndOtherSessions(ctx context.Context, a Actor, id int64) (epoch int, err error) {
	err = s.updateUser(ctx, a, id, 0, "user.sessions_end", "", func(tx pgx.Tx, old User) (User, error) {
		err := tx.QueryRow(ctx, `UPDATE users SET session_epoch = session_epoch + 1, updated_at = now()
			WHERE id = $1 RETURNING session_epoch`, id).Scan(&epoch)
		return old, err
	})
	return epoch, err
}

// RecordLogin notes a successful sign-in.
func (s *Store) RecordLogin(ctx context.Context, id int64) error {
	if _, err := s.pool.Exec(ctx, `UPDATE users SET last_login_at = now() WHERE id = $1`, id); err != nil {
		return fmt.Errorf("record login: %w", err)
	}
	return nil
}

// DemoUsernames lists the accounts the demo seed creates.
var DemoUsernames = []string{"admin", "vanphong", "giamdoc", "lanhdao", "tp.ngansach", "tp.dautu",
	"hd.tri", "hd.loc", "hd.quang", "hd.dung", "hd.nam", // members of the council (demo/council.go)
	"vp.linh",                       // a second member of the office (four eyes on its own unit's work)
	"khoi.sonoivu", "khoi.sotuphap"} // bloc_member accounts of external agencies (demo/campaigns.go)

// DemoPasswordInUse reports whether a demo account still has the demo password.
func (s *Store) DemoPasswordInUse(ctx context.Context) (bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT password_hash FROM users WHERE username = ANY($1) AND NOT disabled`, DemoUsernames)
	if err != nil {
		return false, fmt.Errorf("demo passwords: %w", err)
	}
	hashes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return false, fmt.Errorf("demo passwords: %w", err)
	}
	for _, h := range hashes {
		if ok, _ := auth.CheckPassword(h, auth.DemoPassword); ok {
			return true, nil
		}
	}
	return false, nil
}

// UsernameOfPerson returns the login of the person's account, or "" when none.
func (s *Store) UsernameOfPerson(ctx context.Context, personID int64) (string, error) {
	var name string
	err := s.pool.QueryRow(ctx, `SELECT username FROM users WHERE person_id = $1`, personID).Scan(&name)
	if err != nil && mapErr(err, nil) != ErrNotFound {
		return "", fmt.Errorf("username of person %d: %w", personID, err)
	}
	return name, nil
}

// PeopleWithoutAccount returns the active people of active units who have no
// account yet, in Vietnamese name order: the choices for a new account.
func (s *Store) PeopleWithoutAccount(ctx context.Context) ([]org.Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+personColumns+` FROM people p JOIN units u ON u.id = p.unit_id
		WHERE p.active AND u.active AND NOT EXISTS (SELECT 1 FROM users x WHERE x.person_id = p.id)
		ORDER BY p.full_name COLLATE "vi-VN-x-icu", u.name COLLATE "vi-VN-x-icu", p.id`)
	if err != nil {
		return nil, fmt.Errorf("people without account: %w", err)
	}
	people, err := pgx.CollectRows(rows, scanPerson)
	if err != nil {
		return nil, fmt.Errorf("people without account: %w", err)
	}
	return people, nil
}

// OfficeUnits lists the units of the office's active staff (Văn phòng
// Sở): the units whose own work leadership checks (four eyes).
func (s *Store) OfficeUnits(ctx context.Context) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT p.unit_id FROM users u JOIN people p ON p.id = u.person_id
		WHERE 'office' = ANY(u.roles) AND NOT u.disabled ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("office units: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("office units: %w", err)
	}
	return ids, nil
}

// OwnWorkCheckers names who does the office's part on an office unit's own
// work (four eyes): its office members who do not head it, then
// leadership; each as "Name (position)".
func (s *Store) OwnWorkCheckers(ctx context.Context, unitID int64) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT p.full_name || COALESCE(' (' || NULLIF(p.position, '') || ')', '')
		FROM users u JOIN people p ON p.id = u.person_id
		WHERE NOT u.disabled AND (('office' = ANY(u.roles) AND p.unit_id = $1 AND NOT 'dept_head' = ANY(u.roles)) OR 'leader' = ANY(u.roles))
		ORDER BY 'leader' = ANY(u.roles), p.full_name COLLATE "vi-VN-x-icu", u.id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("own work checkers: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("own work checkers: %w", err)
	}
	return names, nil
}
