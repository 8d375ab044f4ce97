-- Notifications (spec §13): a transactional outbox. A notification row is written in the same
-- transaction as the state change it announces; the delivery worker later plans one delivery per
-- (channel, address) and sends each, with retries, from any instance.

CREATE TABLE notifications (
  -- The stable id receivers deduplicate on (webhook `id`, Promo-Notification-Id, Message-ID).
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Newest-first paging order.
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  -- One notification per announced change: a re-run step writing it again is a no-op.
  dedupe_key text NOT NULL UNIQUE CHECK (char_length(dedupe_key) BETWEEN 1 AND 600),
  event_type text NOT NULL,
  promotion_id text NOT NULL,
  subject text NOT NULL,
  event jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Set once the worker has resolved the recipients into deliveries.
  planned_at timestamptz
);
CREATE INDEX notifications_unplanned_idx ON notifications (seq) WHERE planned_at IS NULL;
CREATE INDEX notifications_promotion_idx ON notifications (promotion_id, seq DESC);

CREATE TABLE notification_deliveries (
  -- Stable per (notification, channel, address): the email's Message-ID is built from it.
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'webhook')),
  -- An email address, or a webhook URL (never shown whole: it may carry a secret token).
  address text NOT NULL,
  -- kept: no SMTP server configured, the email is kept for the console inbox instead.
  state text NOT NULL CHECK (state IN ('pending', 'sending', 'delivered', 'failed', 'kept')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- While `sending`: until when the claiming worker owns it; past it, another worker may take it.
  lease_until timestamptz,
  last_error text CHECK (char_length(last_error) <= 1000),
  delivered_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (notification_id, channel, address)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at)
  WHERE state = 'pending';
CREATE INDEX notification_deliveries_lease_idx ON notification_deliveries (lease_until)
  WHERE state = 'sending';
