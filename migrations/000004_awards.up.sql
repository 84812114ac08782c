BEGIN;

-- The award catalogue (domain.md §2–§4): titles and forms of commendation.
-- Seeded from internal/award.Catalogue (a test keeps the two identical).
CREATE TABLE award_types (
	code           text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{2,60}$'),
	name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	subject        text NOT NULL CHECK (subject IN ('individual', 'collective')),
	kind           text NOT NULL CHECK (kind IN ('title', 'form')),
	authority      text NOT NULL CHECK (authority IN ('director', 'province_chair', 'minister', 'prime_minister', 'president')),
	threshold      numeric(4,3) NOT NULL CHECK (threshold > 0 AND threshold <= 1),
	ballot         boolean NOT NULL DEFAULT false,
	coefficient    numeric(6,2) NOT NULL CHECK (coefficient >= 0),
	required_docs  text[] NOT NULL DEFAULT '{}',
	rule           text NOT NULL DEFAULT '',
	article        text NOT NULL DEFAULT '',
	effective_from date NOT NULL,
	effective_to   date CHECK (effective_to IS NULL OR effective_to >= effective_from),
	sort_order     integer NOT NULL DEFAULT 0,
	version        integer NOT NULL DEFAULT 1,
	created_at     timestamptz NOT NULL DEFAULT now(),
	updated_at     timestamptz NOT NULL DEFAULT now()
);

INSERT INTO award_types (code, name, subject, kind, authority, threshold, ballot, coefficient, required_docs, rule, article, effective_from, sort_order) VALUES
	('ldtt', 'Lao động tiên tiến', 'individual', 'title', 'director', 0.5, false, 0.3, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet}', 'R1', 'Điều 24 Luật TĐKT 2022', DATE '2024-01-01', 10),
	('cstd_co_so', 'Chiến sĩ thi đua cơ sở', 'individual', 'title', 'director', 0.8, true, 1, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,ket_qua_bo_phieu,xac_nhan_sang_kien}', 'R3', 'Điều 23 Luật TĐKT 2022', DATE '2024-01-01', 20),
	('cstd_tinh', 'Chiến sĩ thi đua cấp tỉnh', 'individual', 'title', 'province_chair', 0.9, true, 3, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,ket_qua_bo_phieu,xac_nhan_pham_vi}', 'R5', 'Điều 22 Luật TĐKT 2022', DATE '2024-01-01', 30),
	('cstd_toan_quoc', 'Chiến sĩ thi đua toàn quốc', 'individual', 'title', 'prime_minister', 0.9, true, 4.5, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,ket_qua_bo_phieu,xac_nhan_pham_vi}', 'R6', 'Điều 21 Luật TĐKT 2022', DATE '2024-01-01', 40),
	('tap_the_ldtt', 'Tập thể lao động tiên tiến', 'collective', 'title', 'director', 0.5, false, 0.8, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet}', 'R7', 'Điều 28 Luật TĐKT 2022', DATE '2024-01-01', 50),
	('tap_the_ldxs', 'Tập thể lao động xuất sắc', 'collective', 'title', 'province_chair', 0.5, false, 1.5, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet}', 'R8', 'Điều 27 Luật TĐKT 2022', DATE '2024-01-01', 60),
	('co_thi_dua_ubnd_tinh', 'Cờ thi đua của UBND tỉnh', 'collective', 'title', 'province_chair', 0.8, true, 8, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,ket_qua_bo_phieu}', 'R42', 'Điều 26 Luật TĐKT 2022', DATE '2024-01-01', 70),
	('co_thi_dua_chinh_phu', 'Cờ thi đua của Chính phủ', 'collective', 'title', 'prime_minister', 0.8, true, 12, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,ket_qua_bo_phieu}', '', 'Điều 25 Luật TĐKT 2022', DATE '2024-01-01', 80),
	('giay_khen_giam_doc', 'Giấy khen của Giám đốc Sở', 'individual', 'form', 'director', 0.5, false, 0.3, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet}', 'GK', 'Điều 75, 76 Luật TĐKT 2022', DATE '2024-01-01', 90),
	('tap_the_giay_khen_giam_doc', 'Giấy khen của Giám đốc Sở (tập thể)', 'collective', 'form', 'director', 0.5, false, 0.6, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet}', 'GK', 'Điều 75, 76 Luật TĐKT 2022', DATE '2024-01-01', 100),
	('bang_khen_ubnd_tinh', 'Bằng khen của Chủ tịch UBND tỉnh', 'individual', 'form', 'province_chair', 0.5, false, 1.5, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,xac_nhan_xep_loai}', 'R9', 'Điểm d khoản 1 Điều 74 Luật TĐKT 2022', DATE '2024-01-01', 110),
	('tap_the_bang_khen_ubnd_tinh', 'Bằng khen của Chủ tịch UBND tỉnh (tập thể)', 'collective', 'form', 'province_chair', 0.5, false, 3, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,xac_nhan_xep_loai}', 'R9', 'Khoản 2 Điều 74 Luật TĐKT 2022', DATE '2024-01-01', 120),
	('bang_khen_bo_truong', 'Bằng khen của Bộ trưởng Bộ Tài chính', 'individual', 'form', 'minister', 0.5, false, 1.5, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,xac_nhan_xep_loai}', 'R9', 'Điểm d khoản 1 Điều 74 Luật TĐKT 2022', DATE '2024-01-01', 130),
	('tap_the_bang_khen_bo_truong', 'Bằng khen của Bộ trưởng Bộ Tài chính (tập thể)', 'collective', 'form', 'minister', 0.5, false, 3, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,xac_nhan_xep_loai}', 'R9', 'Khoản 2 Điều 74 Luật TĐKT 2022', DATE '2024-01-01', 140),
	('bang_khen_thu_tuong', 'Bằng khen của Thủ tướng Chính phủ', 'individual', 'form', 'prime_minister', 0.5, false, 3.5, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,xac_nhan_xep_loai}', 'R10', 'Điểm b khoản 1 Điều 73 Luật TĐKT 2022', DATE '2024-01-01', 150),
	('tap_the_bang_khen_thu_tuong', 'Bằng khen của Thủ tướng Chính phủ (tập thể)', 'collective', 'form', 'prime_minister', 0.5, false, 7, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,xac_nhan_xep_loai}', '', 'Khoản 2 Điều 73 Luật TĐKT 2022', DATE '2024-01-01', 160),
	('huan_chuong_lao_dong_hang_ba', 'Huân chương Lao động hạng Ba', 'individual', 'form', 'president', 0.5, false, 4.5, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,xac_nhan_xep_loai}', 'R11', 'Điểm e khoản 1 Điều 44 Luật TĐKT 2022', DATE '2024-01-01', 170),
	('tap_the_huan_chuong_lao_dong_hang_ba', 'Huân chương Lao động hạng Ba (tập thể)', 'collective', 'form', 'president', 0.5, false, 9, '{to_trinh,bao_cao_thanh_tich,bien_ban_hop_xet,xac_nhan_xep_loai}', '', 'Điều 44 Luật TĐKT 2022', DATE '2024-01-01', 180),
	('ky_niem_chuong_tai_chinh', 'Kỷ niệm chương "Vì sự nghiệp Tài chính Việt Nam"', 'individual', 'form', 'minister', 0.5, false, 0, '{to_trinh,bao_cao_thanh_tich,xac_nhan_thoi_gian_cong_tac,xac_nhan_xep_loai}', 'R13', 'Khoản 3 Điều 9 TT 79/2023/TT-BTC', DATE '2024-01-01', 190);

-- A year's ratings are locked by the office (R30): locked years are read-only.
CREATE TABLE rating_years (
	year       integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
	locked     boolean NOT NULL DEFAULT false,
	locked_at  timestamptz,
	locked_by  bigint REFERENCES users (id),
	version    integer NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);

-- Yearly staff quality ratings (NĐ 90/2020, NĐ 48/2023). unit_id is the
-- person's unit when rated (the department head who rated).
CREATE TABLE ratings (
	person_id  bigint NOT NULL REFERENCES people (id),
	year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	rating     text NOT NULL CHECK (rating IN ('htxs', 'htt', 'htnv', 'kht')),
	unit_id    bigint NOT NULL REFERENCES units (id),
	version    integer NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (person_id, year)
);
CREATE INDEX ratings_unit_year_idx ON ratings (unit_id, year);

-- Collective ratings of units (R7, R8, R9 collective).
CREATE TABLE unit_ratings (
	unit_id    bigint NOT NULL REFERENCES units (id),
	year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	rating     text NOT NULL CHECK (rating IN ('htxs', 'htt', 'htnv', 'kht')),
	version    integer NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (unit_id, year)
);

-- Titles and awards received, by year: from tdkt's own decisions, typed in,
-- or imported. Exactly one of person_id / unit_id.
CREATE TABLE award_history (
	id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id     bigint REFERENCES people (id),
	unit_id       bigint REFERENCES units (id),
	year          integer NOT NULL CHECK (year BETWEEN 1975 AND 2100),
	award_code    text NOT NULL REFERENCES award_types (code),
	kind          text NOT NULL CHECK (kind IN ('merit', 'campaign', 'ad_hoc', 'contribution')),
	decision_no   text NOT NULL DEFAULT '' CHECK (length(decision_no) <= 100),
	decision_date date,
	source        text NOT NULL CHECK (source IN ('decision', 'entered', 'imported')),
	note          text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
	version       integer NOT NULL DEFAULT 1,
	created_at    timestamptz NOT NULL DEFAULT now(),
	updated_at    timestamptz NOT NULL DEFAULT now(),
	CHECK (num_nonnulls(person_id, unit_id) = 1)
);
CREATE INDEX award_history_person_idx ON award_history (person_id, year) WHERE person_id IS NOT NULL;
CREATE INDEX award_history_unit_idx ON award_history (unit_id, year) WHERE unit_id IS NOT NULL;
-- One merit achievement is rewarded once (R14).
CREATE UNIQUE INDEX award_history_person_merit_key ON award_history (person_id, year, award_code)
	WHERE person_id IS NOT NULL AND kind = 'merit';
CREATE UNIQUE INDEX award_history_unit_merit_key ON award_history (unit_id, year, award_code)
	WHERE unit_id IS NOT NULL AND kind = 'merit';

-- Recognised initiatives and accepted research works; used_as_grounds marks
-- an initiative already used for an award (R15).
CREATE TABLE initiatives (
	id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id       bigint NOT NULL REFERENCES people (id),
	title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
	research        boolean NOT NULL DEFAULT false,
	scope           text NOT NULL CHECK (scope IN ('co_so', 'tinh', 'toan_quoc')),
	recognised_on   date NOT NULL,
	used_as_grounds boolean NOT NULL DEFAULT false,
	note            text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
	version         integer NOT NULL DEFAULT 1,
	created_at      timestamptz NOT NULL DEFAULT now(),
	updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX initiatives_person_idx ON initiatives (person_id);

-- Discipline cases, investigations, inspections and complaint verifications
-- (R18: an open case holds every nomination of its subject).
CREATE TABLE discipline_cases (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id  bigint REFERENCES people (id),
	unit_id    bigint REFERENCES units (id),
	kind       text NOT NULL CHECK (kind IN ('discipline', 'investigation', 'inspection', 'complaint')),
	opened_on  date NOT NULL,
	closed_on  date CHECK (closed_on IS NULL OR closed_on >= opened_on),
	level      text CHECK (level IN ('khien_trach', 'canh_cao', 'ha_bac_luong', 'giang_chuc', 'cach_chuc', 'buoc_thoi_viec')),
	ends_on    date CHECK (ends_on IS NULL OR ends_on >= opened_on),
	note       text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
	version    integer NOT NULL DEFAULT 1,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	CHECK (num_nonnulls(person_id, unit_id) = 1),
	CHECK (level IS NULL OR closed_on IS NOT NULL)
);
CREATE INDEX discipline_cases_person_idx ON discipline_cases (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX discipline_cases_unit_idx ON discipline_cases (unit_id) WHERE unit_id IS NOT NULL;

-- Periods of leave that do or do not count as working time (R2).
CREATE TABLE leaves (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id  bigint NOT NULL REFERENCES people (id),
	kind       text NOT NULL CHECK (kind IN ('maternity', 'injury', 'unpaid')),
	from_on    date NOT NULL,
	to_on      date NOT NULL CHECK (to_on >= from_on),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX leaves_person_idx ON leaves (person_id);

-- The administrator's values of the [P]/[U] rules (award.SettingDefs);
-- a missing key means the default.
CREATE TABLE settings (
	key        text PRIMARY KEY CHECK (key ~ '^[a-z0-9_]{1,60}$'),
	value      text NOT NULL CHECK (length(value) <= 200),
	version    integer NOT NULL DEFAULT 1,
	updated_by bigint REFERENCES users (id),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);

COMMIT;
