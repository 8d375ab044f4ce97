-- Rollback of a deployment run (spec §12): the PromotionLog's ROLLED_BACK status and who rolled
-- back, when and why. The status list is the approval chain's (006 adds WITHDRAWN and ROLLED_BACK
-- too); redefining it here with the same values is harmless whichever of the two runs first.

ALTER TABLE promotions DROP CONSTRAINT promotions_status_check;
ALTER TABLE promotions ADD CONSTRAINT promotions_status_check CHECK (status IN (
  'IN_PROGRESS', 'COMPLETED', 'FAILED', 'TEST_DEPLOYED', 'DEPLOYED', 'PEER_REJECTED', 'ADMIN_REJECTED',
  'WITHDRAWN', 'ROLLED_BACK'));

ALTER TABLE promotions
  ADD COLUMN rolled_back_at timestamptz,
  ADD COLUMN rolled_back_by text,
  ADD COLUMN rollback_reason text CHECK (char_length(rollback_reason) <= 500);

-- A rollback is a run of its own (same run and step tables, so /deployments/{id} and /events work
-- for it); it names the run it rolls back.
ALTER TABLE deployment_runs ADD COLUMN rolls_back_run_id text REFERENCES deployment_runs (run_id);
CREATE INDEX deployment_runs_rolls_back_idx ON deployment_runs (rolls_back_run_id)
  WHERE rolls_back_run_id IS NOT NULL;
