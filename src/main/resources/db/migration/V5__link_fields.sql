-- UTM tagging and link fields (tags, expires_at, title). A job keeps the UTM parameters it was submitted with
-- (null without them: its result has no tagged_url column) and whether its input had a link-field column (its result
-- then has a warning column). A row keeps the tagged URL it shortens and its link fields as JSON (null for none).
ALTER TABLE jobs ADD COLUMN utm_json VARCHAR;
ALTER TABLE jobs ADD COLUMN link_fields BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE job_rows ADD COLUMN tagged_url VARCHAR;
ALTER TABLE job_rows ADD COLUMN fields_json VARCHAR;
