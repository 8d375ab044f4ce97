-- One row per Package and Deploy run (its id is the DBOS workflow id) and its step history.

CREATE TABLE deployment_runs (
  run_id text PRIMARY KEY CHECK (run_id <> ''),
  promotion_id text NOT NULL,
  branch_id text,
  mode text NOT NULL,
  deployment_target text NOT NULL CHECK (deployment_target IN ('TEST', 'PRODUCTION')),
  state text NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  request jsonb NOT NULL,
  caller_email text NOT NULL,
  caller_roles text[] NOT NULL DEFAULT '{}',
  idempotency_key text,
  -- Durable facts a run records for itself (e.g. a pack it created), merged key by key.
  context jsonb NOT NULL DEFAULT '{}',
  executor_id text,
  response jsonb,
  error_code text,
  error_message text CHECK (char_length(error_message) <= 5000),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  ended_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((state IN ('SUCCEEDED', 'FAILED', 'CANCELLED')) = (ended_at IS NOT NULL))
);

-- Spec §4 check 9: at most one active run per promotion and per branch.
CREATE UNIQUE INDEX deployment_runs_one_active_per_promotion
  ON deployment_runs (promotion_id) WHERE state IN ('PENDING', 'RUNNING');
CREATE UNIQUE INDEX deployment_runs_one_active_per_branch
  ON deployment_runs (branch_id) WHERE state IN ('PENDING', 'RUNNING') AND branch_id IS NOT NULL;
CREATE INDEX deployment_runs_promotion_idx ON deployment_runs (promotion_id, created_at DESC);

-- Every insert or update of a step takes the next number, so event readers (SSE, other
-- instances) resume after the last change they saw.
CREATE SEQUENCE deployment_run_step_changes;

CREATE TABLE deployment_run_steps (
  id bigserial PRIMARY KEY,
  change_seq bigint NOT NULL DEFAULT nextval('deployment_run_step_changes'),
  run_id text NOT NULL REFERENCES deployment_runs (run_id) ON DELETE CASCADE,
  name text NOT NULL,
  state text NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  error text CHECK (char_length(error) <= 5000),
  boomi_call_count integer NOT NULL DEFAULT 0,
  -- e.g. 'POST /MergeRequest', in call order.
  boomi_calls text[] NOT NULL DEFAULT '{}',
  detail jsonb,
  -- A step interrupted by a crash runs again: same row, attempts + 1.
  attempts integer NOT NULL DEFAULT 1,
  -- A step re-run after a crash updates its row instead of adding one.
  UNIQUE (run_id, name)
);
CREATE INDEX deployment_run_steps_changes_idx ON deployment_run_steps (run_id, change_seq);
