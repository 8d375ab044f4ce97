-- The PromotionLog (spec §3; design §1.1) plus prodComponentId, packageVersion, timestamps and a
-- row version for optimistic concurrency. Limits mirror FIELD_LIMITS in src/domain/promotion.ts.

CREATE TABLE promotions (
  promotion_id text PRIMARY KEY CHECK (promotion_id <> ''),
  dev_account_id text NOT NULL,
  prod_account_id text NOT NULL,
  dev_package_id text NOT NULL,
  prod_package_id text,
  prod_component_id text,
  package_version text CHECK (char_length(package_version) <= 20),
  initiated_by text NOT NULL CHECK (initiated_by <> ''),
  initiated_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN (
    'IN_PROGRESS', 'COMPLETED', 'FAILED', 'TEST_DEPLOYED', 'DEPLOYED', 'PEER_REJECTED', 'ADMIN_REJECTED')),
  components_total integer NOT NULL DEFAULT 0 CHECK (components_total >= 0),
  components_created integer NOT NULL DEFAULT 0 CHECK (components_created >= 0),
  components_updated integer NOT NULL DEFAULT 0 CHECK (components_updated >= 0),
  components_failed integer NOT NULL DEFAULT 0 CHECK (components_failed >= 0),
  error_message text CHECK (char_length(error_message) <= 5000),
  result_detail text CHECK (char_length(result_detail) <= 5000),
  peer_review_status text CHECK (peer_review_status IN ('PENDING_PEER_REVIEW', 'PEER_APPROVED', 'PEER_REJECTED')),
  peer_reviewed_by text,
  peer_reviewed_at timestamptz,
  peer_review_comments text CHECK (char_length(peer_review_comments) <= 500),
  admin_review_status text CHECK (admin_review_status IN ('PENDING_ADMIN_REVIEW', 'ADMIN_APPROVED', 'ADMIN_REJECTED')),
  admin_approved_by text,
  admin_approved_at timestamptz,
  admin_comments text CHECK (char_length(admin_comments) <= 500),
  branch_id text,
  branch_name text,
  integration_pack_id text,
  integration_pack_name text,
  process_name text,
  target_environment text NOT NULL CHECK (target_environment IN ('TEST', 'PRODUCTION')),
  -- The design spells this boolean as a string.
  is_hotfix text CHECK (is_hotfix IN ('true', 'false')),
  hotfix_justification text CHECK (char_length(hotfix_justification) <= 1000),
  test_promotion_id text,
  test_deployed_at timestamptz,
  test_integration_pack_id text,
  test_integration_pack_name text,
  promoted_from_test_by text,
  withdrawn_at timestamptz,
  withdrawal_reason text CHECK (char_length(withdrawal_reason) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  row_version integer NOT NULL DEFAULT 1,
  CONSTRAINT promotions_hotfix_needs_justification
    CHECK (is_hotfix IS DISTINCT FROM 'true' OR coalesce(hotfix_justification, '') <> '')
);

-- List queries page newest first by (created_at, promotion_id), optionally filtered.
CREATE INDEX promotions_created_idx ON promotions (created_at DESC, promotion_id DESC);
CREATE INDEX promotions_status_idx ON promotions (status, created_at DESC, promotion_id DESC);
CREATE INDEX promotions_peer_review_idx ON promotions (peer_review_status, created_at DESC, promotion_id DESC)
  WHERE peer_review_status IS NOT NULL;
CREATE INDEX promotions_admin_review_idx ON promotions (admin_review_status, created_at DESC, promotion_id DESC)
  WHERE admin_review_status IS NOT NULL;
-- Emails compare case-insensitively everywhere (self-approval, filters).
CREATE INDEX promotions_initiator_idx ON promotions (lower(initiated_by), created_at DESC, promotion_id DESC);
CREATE INDEX promotions_test_promotion_idx ON promotions (test_promotion_id) WHERE test_promotion_id IS NOT NULL;
