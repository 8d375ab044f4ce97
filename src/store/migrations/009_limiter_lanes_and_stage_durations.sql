-- Issue 16: priority lanes in the shared Boomi limiter, and the history async stages are polled by.

-- The last slots granted per key (oldest first), for the sliding-window cap on bursts.
ALTER TABLE boomi_rate_limits ADD COLUMN recent_ms double precision[] NOT NULL DEFAULT '{}';

-- One row per service instance that has Boomi calls waiting on a key: the lane of its best
-- waiter and since when it has been waiting in that lane (its place in line among instances).
-- A row not refreshed within its lease (a crashed instance) no longer holds anyone up.
CREATE TABLE boomi_limiter_heads (
  limiter_key text NOT NULL,
  instance_id text NOT NULL,
  lane_rank int NOT NULL,
  since_ms double precision NOT NULL,
  expires_ms double precision NOT NULL,
  PRIMARY KEY (limiter_key, instance_id)
);

-- Books the next slot of p_key for instance p_instance, or tells it when to ask again.
-- Only the best head may book (lowest lane rank, then longest waiting; an instance that books
-- goes to the back of its lane), and only a slot at most one interval ahead, so a lower lane
-- never holds more than one slot per instance when a higher lane starts waiting.
-- Slot = max(now, tat - tolerance, the window_calls-th last slot + window): GCRA with a burst
-- of tolerance/interval + 1, capped at window_calls per window_ms. Times are the database's
-- (p_now only in tests, which drive the clock).
CREATE FUNCTION boomi_limiter_book(
  p_key text, p_instance text, p_rank int, p_waiting int,
  p_interval double precision, p_tolerance double precision,
  p_window_calls int, p_window_ms double precision, p_lease_ms double precision,
  p_now double precision DEFAULT NULL)
RETURNS TABLE (slot_in_ms double precision, retry_in_ms double precision)
LANGUAGE plpgsql AS $$
DECLARE
  v_now double precision;
  v_tat double precision;
  v_recent double precision[];
  v_count int;
  v_best text;
  v_slot double precision;
BEGIN
  INSERT INTO boomi_rate_limits (limiter_key, tat_ms) VALUES (p_key, 0)
  ON CONFLICT (limiter_key) DO NOTHING;
  SELECT tat_ms, recent_ms INTO v_tat, v_recent
    FROM boomi_rate_limits WHERE limiter_key = p_key FOR UPDATE;
  v_now := coalesce(p_now, extract(epoch from clock_timestamp()) * 1000);

  INSERT INTO boomi_limiter_heads AS h (limiter_key, instance_id, lane_rank, since_ms, expires_ms)
  VALUES (p_key, p_instance, p_rank, v_now, v_now + p_lease_ms)
  ON CONFLICT (limiter_key, instance_id) DO UPDATE SET
    since_ms = CASE WHEN h.lane_rank = EXCLUDED.lane_rank AND h.expires_ms > v_now
                    THEN h.since_ms ELSE EXCLUDED.since_ms END,
    lane_rank = EXCLUDED.lane_rank,
    expires_ms = EXCLUDED.expires_ms;
  SELECT instance_id INTO v_best FROM boomi_limiter_heads
   WHERE limiter_key = p_key AND expires_ms > v_now
   ORDER BY lane_rank, since_ms, instance_id LIMIT 1;

  v_slot := greatest(v_now, v_tat - p_tolerance);
  v_count := coalesce(array_length(v_recent, 1), 0);
  IF v_count >= p_window_calls THEN
    v_slot := greatest(v_slot, v_recent[v_count - p_window_calls + 1] + p_window_ms);
  END IF;

  IF v_best IS DISTINCT FROM p_instance OR v_slot - v_now > p_interval THEN
    RETURN QUERY SELECT NULL::double precision,
      greatest(p_interval / 4, v_slot - p_interval - v_now);
    RETURN;
  END IF;

  UPDATE boomi_rate_limits
     SET tat_ms = greatest(v_tat, v_slot) + p_interval,
         recent_ms = (array_append(v_recent, v_slot))[greatest(1, v_count + 2 - p_window_calls):]
   WHERE limiter_key = p_key;
  IF p_waiting <= 1 THEN
    DELETE FROM boomi_limiter_heads WHERE limiter_key = p_key AND instance_id = p_instance;
  ELSE
    -- To the back of the line: behind every other head, ties included.
    UPDATE boomi_limiter_heads
       SET since_ms = greatest(v_now, (SELECT max(since_ms) FROM boomi_limiter_heads
                                        WHERE limiter_key = p_key)) + 0.001
     WHERE limiter_key = p_key AND instance_id = p_instance;
  END IF;
  DELETE FROM boomi_limiter_heads WHERE limiter_key = p_key AND expires_ms < v_now - 60000;
  RETURN QUERY SELECT v_slot - v_now, NULL::double precision;
END
$$;

-- How long each async Boomi stage took, as seen by this service's polls: the last poll that
-- found it pending and the poll that found it finished, in ms after the wait began.
CREATE TABLE stage_durations (
  id bigserial PRIMARY KEY,
  stage text NOT NULL,
  pending_ms double precision,
  done_ms double precision NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stage_durations_recent ON stage_durations (stage, id DESC);
