BEGIN;

-- Uploaded files (dossier documents, campaign and covenant documents,
-- evidence). The bytes live here so that app servers stay stateless. Rows
-- are never changed; the table that uses a file links to it.
CREATE TABLE attachments (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
	kind       text NOT NULL CHECK (kind IN ('pdf', 'png', 'jpeg', 'docx', 'xlsx')),
	media_type text NOT NULL,
	size       bigint NOT NULL CHECK (size > 0 AND size <= 20 * 1024 * 1024),
	sha256     bytea NOT NULL CHECK (length(sha256) = 32),
	data       bytea NOT NULL CHECK (length(data) = size),
	created_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now()
);
-- PDFs, images and Office files are compressed already.
ALTER TABLE attachments ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE FUNCTION attachments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'attachments are immutable';
END $$;
CREATE TRIGGER attachments_immutable BEFORE UPDATE ON attachments
	FOR EACH ROW EXECUTE FUNCTION attachments_immutable();

-- In-app notifications: something asks the user to act.
CREATE TABLE notifications (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id    bigint NOT NULL REFERENCES users (id),
	title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	link       text NOT NULL DEFAULT '' CHECK (link = '' OR link LIKE '/%'),
	created_at timestamptz NOT NULL DEFAULT now(),
	read_at    timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

COMMIT;
