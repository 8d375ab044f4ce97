-- The peer reviewer's identity in the comparable form (src/domain/identity.ts identityKey), as
-- migration 010 did for the initiator: the admin-approval queue's four-eyes filter ("not the
-- peer reviewer") compares the same form the REVIEWER_CANNOT_APPROVE check does.

ALTER TABLE promotions ADD COLUMN peer_reviewed_by_key text;
-- Existing rows: the same steps in SQL as migration 010; new writes get the key from identityKey().
UPDATE promotions
   SET peer_reviewed_by_key = lower(upper(normalize(
         regexp_replace(peer_reviewed_by, '[\s\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB]', '', 'g'),
         NFKC)))
 WHERE peer_reviewed_by IS NOT NULL;
