-- Shared infrastructure tables: the account-wide Boomi rate limiter and instance heartbeats.

CREATE TABLE boomi_rate_limits (
  limiter_key text PRIMARY KEY,
  -- GCRA theoretical arrival time, in epoch milliseconds (database clock)
  tat_ms double precision NOT NULL
);

-- One row per service instance (DBOS executor id); a live instance resumes the pending
-- workflows of an instance whose beat is older than the reaper's threshold.
CREATE TABLE heartbeats (
  executor_id text PRIMARY KEY,
  application_version text NOT NULL,
  hostname text NOT NULL,
  pid integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  beat_at timestamptz NOT NULL DEFAULT now(),
  -- Set once by the instance that took over this executor's pending workflows.
  reaped_at timestamptz,
  reaped_by text
);
