-- Identities are compared in a normalised form (src/domain/identity.ts identityKey): the audit
-- log keeps the OIDC subject beside the email, and promotions keep the initiator's key so the
-- initiatedBy filter compares the same form the self-approval rule does.

ALTER TABLE audit_log ADD COLUMN subject text;

ALTER TABLE promotions ADD COLUMN initiated_by_key text;
-- Existing rows: the same steps in SQL (format characters, default-ignorables and whitespace
-- removed, NFKC, case folded); new rows get the key from identityKey() as they are written.
UPDATE promotions
   SET initiated_by_key = lower(upper(normalize(
         regexp_replace(initiated_by, '[\s\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB]', '', 'g'),
         NFKC)));
ALTER TABLE promotions ALTER COLUMN initiated_by_key SET NOT NULL;
DROP INDEX promotions_initiator_idx;
CREATE INDEX promotions_initiator_key_idx ON promotions (initiated_by_key, created_at DESC, promotion_id DESC);
