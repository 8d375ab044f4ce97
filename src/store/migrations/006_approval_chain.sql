-- The approval chain (spec §10): withdrawal and rollback as statuses, branch tracking, the test
-- record's promotion stamp and how many environments its test run reached, and a guard that a
-- recorded decision (peer rejection, denial, withdrawal) is never undone by a later write.
-- (withdrawn_at and withdrawal_reason exist since 002.)

ALTER TABLE promotions DROP CONSTRAINT promotions_status_check;
ALTER TABLE promotions ADD CONSTRAINT promotions_status_check CHECK (status IN (
  'IN_PROGRESS', 'COMPLETED', 'FAILED', 'TEST_DEPLOYED', 'DEPLOYED', 'PEER_REJECTED', 'ADMIN_REJECTED',
  'WITHDRAWN', 'ROLLED_BACK'));

ALTER TABLE promotions
  ADD COLUMN branch_cleanup_pending boolean NOT NULL DEFAULT false,
  ADD COLUMN promoted_to_production_at timestamptz,
  ADD COLUMN production_promotion_id text,
  ADD COLUMN test_deployed_environment_count integer CHECK (test_deployed_environment_count >= 0);

-- Existing test records: count the environments their last successful TEST run deployed to.
UPDATE promotions p
   SET test_deployed_environment_count = (
     SELECT count(*) FROM jsonb_array_elements(coalesce(
         (SELECT r.response -> 'deployedEnvironments' FROM deployment_runs r
           WHERE r.promotion_id = p.promotion_id AND r.deployment_target = 'TEST' AND r.state = 'SUCCEEDED'
           ORDER BY r.ended_at DESC LIMIT 1),
         '[]'::jsonb)) e
      WHERE e ->> 'status' = 'DEPLOYED')
 WHERE p.status = 'TEST_DEPLOYED';

-- Existing test records already promoted by a production record (or in place).
UPDATE promotions t
   SET production_promotion_id = d.promotion_id, promoted_to_production_at = d.updated_at
  FROM promotions d
 WHERE d.test_promotion_id = t.promotion_id AND d.status = 'DEPLOYED' AND t.production_promotion_id IS NULL;

-- The janitor's work list: final-state records whose branch is still to be deleted.
CREATE INDEX promotions_branch_cleanup_idx ON promotions (updated_at)
  WHERE branch_cleanup_pending;
-- The production-readiness queue.
CREATE INDEX promotions_readiness_idx ON promotions (created_at DESC, promotion_id DESC)
  WHERE status = 'TEST_DEPLOYED' AND production_promotion_id IS NULL;

-- A decision stands (issue 13): once rejected, denied or withdrawn, neither the status nor the
-- rejecting review status may change again — whatever writes (a run finishing late included).
CREATE FUNCTION promotions_keep_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.status IN ('PEER_REJECTED', 'ADMIN_REJECTED', 'WITHDRAWN') AND NEW.status IS DISTINCT FROM OLD.status)
     OR (OLD.peer_review_status = 'PEER_REJECTED' AND NEW.peer_review_status IS DISTINCT FROM OLD.peer_review_status)
     OR (OLD.admin_review_status = 'ADMIN_REJECTED' AND NEW.admin_review_status IS DISTINCT FROM OLD.admin_review_status)
  THEN
    RAISE EXCEPTION 'promotion % has a recorded decision (%) that cannot be overwritten', OLD.promotion_id, OLD.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'promotions_decision_stands';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER promotions_decision_stands BEFORE UPDATE ON promotions
  FOR EACH ROW EXECUTE FUNCTION promotions_keep_decision();
