/**
 * PromotionLog records. Every update names the row version it read; a stale version is
 * refused with CONFLICT so two writers never silently overwrite each other's decisions.
 */
import { isPromoError, PromoError } from '../../domain/errors.ts';
import { identityKey } from '../../domain/identity.ts';
import {
  FINAL_STATUSES,
  type AdminReviewStatus,
  type PeerReviewStatus,
  type PromotionLog,
  type PromotionStatus,
} from '../../domain/promotion.ts';
import {
  type Page,
  constraintName,
  decodeCursor,
  encodeCursor,
  fromRow,
  insertParts,
  isCheckViolation,
  isUniqueViolation,
  pageSize,
  type Queryable,
  snakeCase,
} from '../sql.ts';

type Generated = 'createdAt' | 'updatedAt' | 'rowVersion';
type RequiredOnCreate =
  | 'promotionId'
  | 'devAccountId'
  | 'prodAccountId'
  | 'devPackageId'
  | 'initiatedBy'
  | 'initiatedAt'
  | 'status'
  | 'targetEnvironment';

/** A new record: the design's required fields, anything else optional (null / 0 when left out). */
export type NewPromotion = Pick<PromotionLog, RequiredOnCreate> &
  Partial<Omit<PromotionLog, RequiredOnCreate | Generated>>;

/** Fields an update may change; promotionId and the generated fields never change. */
export type PromotionPatch = Partial<Omit<PromotionLog, 'promotionId' | Generated>>;

export interface PromotionFilter {
  status?: PromotionStatus | PromotionStatus[];
  peerReviewStatus?: PeerReviewStatus;
  adminReviewStatus?: AdminReviewStatus;
  /** Compared in the normalised form of domain/identity.ts. */
  initiatedBy?: string;
  targetEnvironment?: PromotionLog['targetEnvironment'];
  /** Queues (spec §10): never this person's own promotions (compared like initiatedBy). */
  notInitiatedBy?: string;
  /** Queues: not peer-reviewed by this person (four eyes). */
  notPeerReviewedBy?: string;
  /** Queues: test records not yet promoted to production. */
  notPromoted?: boolean;
  /** Queues: no run of the promotion active (nothing can be decided meanwhile). */
  noActiveRun?: boolean;
}

export interface PageRequest {
  /** 1..200, default 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

const WRITABLE_FIELDS = [
  'promotionId',
  'devAccountId',
  'prodAccountId',
  'devPackageId',
  'prodPackageId',
  'prodComponentId',
  'packageVersion',
  'initiatedBy',
  'initiatedAt',
  'status',
  'componentsTotal',
  'componentsCreated',
  'componentsUpdated',
  'componentsFailed',
  'errorMessage',
  'resultDetail',
  'peerReviewStatus',
  'peerReviewedBy',
  'peerReviewedAt',
  'peerReviewComments',
  'adminReviewStatus',
  'adminApprovedBy',
  'adminApprovedAt',
  'adminComments',
  'branchId',
  'branchName',
  'integrationPackId',
  'integrationPackName',
  'processName',
  'targetEnvironment',
  'isHotfix',
  'hotfixJustification',
  'testPromotionId',
  'testDeployedAt',
  'testIntegrationPackId',
  'testIntegrationPackName',
  'promotedFromTestBy',
  'withdrawnAt',
  'withdrawalReason',
  'branchCleanupPending',
  'promotedToProductionAt',
  'productionPromotionId',
  'testDeployedEnvironmentCount',
  'rolledBackAt',
  'rolledBackBy',
  'rollbackReason',
] as const satisfies readonly (keyof PromotionLog)[];

const PATCHABLE = new Set<string>(WRITABLE_FIELDS.filter((f) => f !== 'promotionId'));

// Keyset paging sorts newest first; the cursor keeps created_at at full (microsecond) precision.
const SELECT = `SELECT *, created_at::text AS page_created_at FROM promotions`;

/** Columns of the table (and the page key) that are not fields of the PromotionLog. */
const NOT_FIELDS: ReadonlySet<string> = new Set([
  'page_created_at',
  'initiated_by_key',
  'peer_reviewed_by_key',
]);

function toPromotion(row: Record<string, unknown>): PromotionLog {
  return fromRow<PromotionLog>(row, NOT_FIELDS);
}

/** The columns holding an identity's comparable form, beside the identity itself. */
const IDENTITY_KEYS = ['initiatedByKey', 'peerReviewedByKey'] as const;

/**
 * The comparable forms travel with every write of the initiator and of the peer reviewer (the
 * `initiatedBy` filter and the queues' four-eyes filter compare them, as the checks do).
 */
function withIdentityKeys<T extends { initiatedBy?: string; peerReviewedBy?: string | null }>(
  record: T,
): T & { initiatedByKey?: string; peerReviewedByKey?: string | null } {
  const keyed: T & { initiatedByKey?: string; peerReviewedByKey?: string | null } = { ...record };
  if (record.initiatedBy !== undefined) keyed.initiatedByKey = identityKey(record.initiatedBy);
  if (record.peerReviewedBy !== undefined) {
    keyed.peerReviewedByKey = record.peerReviewedBy === null ? null : identityKey(record.peerReviewedBy);
  }
  return keyed;
}

function refuseBrokenRule(error: unknown, promotionId?: string): never {
  // Migration 006's guard: a rejection, denial or withdrawal is never overwritten. CONFLICT makes
  // a read-decide-write loop re-read the record and decide again on the recorded decision.
  if (isCheckViolation(error) && constraintName(error) === 'promotions_decision_stands') {
    throw new PromoError('CONFLICT', `Promotion ${promotionId ?? ''} has a recorded decision that stands`);
  }
  if (isCheckViolation(error)) {
    throw new PromoError('INVALID_REQUEST', `PromotionLog field rule broken (${constraintName(error)})`);
  }
  throw error;
}

/** No run of the record's promotion is active. */
const NO_ACTIVE_RUN = `NOT EXISTS (SELECT 1 FROM deployment_runs r
  WHERE r.promotion_id = promotions.promotion_id AND r.state IN ('PENDING', 'RUNNING'))`;

/** The queue filters of spec §10 (see PromotionFilter). */
function queueConditions(
  filter: PromotionFilter,
  add: (sql: (p: string) => string, value: unknown) => void,
  where: string[],
): void {
  if (filter.notInitiatedBy) add((p) => `initiated_by_key <> ${p}`, identityKey(filter.notInitiatedBy));
  if (filter.notPeerReviewedBy) {
    add(
      (p) => `(peer_reviewed_by_key IS NULL OR peer_reviewed_by_key <> ${p})`,
      identityKey(filter.notPeerReviewedBy),
    );
  }
  if (filter.notPromoted) where.push('production_promotion_id IS NULL');
  if (filter.noActiveRun) where.push(NO_ACTIVE_RUN);
}

/** How often a read-decide-write is retried when another writer got in between. */
const CONFLICT_ATTEMPTS = 5;

export class PromotionsRepository {
  // The pool, or one transaction's client (store/transaction.ts).
  constructor(private readonly pool: Queryable) {}

  /** Inserts a new record; an existing promotionId is a CONFLICT. */
  async create(promotion: NewPromotion): Promise<PromotionLog> {
    const { columns, placeholders, values } = insertParts(withIdentityKeys(promotion), [
      ...WRITABLE_FIELDS,
      ...IDENTITY_KEYS,
    ]);
    try {
      const result = await this.pool.query(
        `INSERT INTO promotions (${columns}) VALUES (${placeholders})
         RETURNING *, created_at::text AS page_created_at`,
        values,
      );
      return toPromotion(result.rows[0]!);
    } catch (error) {
      if (isUniqueViolation(error, 'promotions_pkey')) {
        throw new PromoError('CONFLICT', `Promotion ${promotion.promotionId} already exists`);
      }
      return refuseBrokenRule(error);
    }
  }

  async get(promotionId: string): Promise<PromotionLog | null> {
    const result = await this.pool.query(`${SELECT} WHERE promotion_id = $1`, [promotionId]);
    return result.rows[0] ? toPromotion(result.rows[0]) : null;
  }

  /**
   * Applies `patch` if the record still has `expectedRowVersion`; returns the new record
   * (row version + 1), null when there is no such promotion, CONFLICT when it changed meanwhile.
   */
  async update(
    promotionId: string,
    patch: PromotionPatch,
    expectedRowVersion: number,
  ): Promise<PromotionLog | null> {
    const fields = Object.keys(patch).filter((f) => patch[f as keyof PromotionPatch] !== undefined);
    const unknown = fields.filter((f) => !PATCHABLE.has(f));
    if (unknown.length > 0) {
      throw new PromoError('INVALID_REQUEST', `PromotionLog fields cannot be updated: ${unknown.join(', ')}`);
    }
    const row: Record<string, unknown> = withIdentityKeys(patch);
    fields.push(...IDENTITY_KEYS.filter((key) => row[key] !== undefined));
    const sets = fields.map((f, i) => `${snakeCase(f)} = $${i + 3}`);
    const values = fields.map((f) => row[f]);
    let result;
    try {
      result = await this.pool.query(
        `UPDATE promotions
            SET ${[...sets, 'row_version = row_version + 1', 'updated_at = now()'].join(', ')}
          WHERE promotion_id = $1 AND row_version = $2
          RETURNING *, created_at::text AS page_created_at`,
        [promotionId, expectedRowVersion, ...values],
      );
    } catch (error) {
      return refuseBrokenRule(error, promotionId);
    }
    if (result.rows[0]) return toPromotion(result.rows[0]);
    const current = await this.get(promotionId);
    if (!current) return null;
    throw new PromoError(
      'CONFLICT',
      `Promotion ${promotionId} changed meanwhile (row version ${current.rowVersion}, expected ${expectedRowVersion}); reload and retry`,
    );
  }

  /**
   * Optimistic concurrency with retry, the one loop for every read-decide-write on a record:
   * reads the record, runs `work` on it (which writes against `current.rowVersion`), and when a
   * writer got in between (CONFLICT) reads again and re-runs `work` — at most `attempts` times.
   */
  async updateWithRetry<T>(
    promotionId: string,
    work: (current: PromotionLog | null) => Promise<T>,
    attempts = CONFLICT_ATTEMPTS,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(promotionId);
      try {
        return await work(current);
      } catch (error) {
        if (!(isPromoError(error) && error.code === 'CONFLICT') || attempt >= attempts) throw error;
      }
    }
  }

  /**
   * The branch janitor's work (spec §10): records in a final state that still name a branch,
   * with no run of theirs active, oldest first.
   */
  async listBranchesToClean(limit = 100): Promise<{ promotionId: string; branchId: string }[]> {
    const result = await this.pool.query<{ promotion_id: string; branch_id: string }>(
      `SELECT promotion_id, branch_id FROM promotions
        WHERE status = ANY($1::text[]) AND branch_id IS NOT NULL AND ${NO_ACTIVE_RUN}
        ORDER BY updated_at, promotion_id LIMIT $2`,
      [FINAL_STATUSES, limit],
    );
    return result.rows.map((row) => ({ promotionId: row.promotion_id, branchId: row.branch_id }));
  }

  /**
   * Clears a deleted branch from its record — only while the record is still final, still names
   * that branch and has no active run, so it never races a concurrent change. Null when it no
   * longer qualifies.
   */
  async clearDeletedBranch(promotionId: string, branchId: string): Promise<PromotionLog | null> {
    const result = await this.pool.query(
      `UPDATE promotions
          SET branch_id = NULL, branch_cleanup_pending = false,
              row_version = row_version + 1, updated_at = now()
        WHERE promotion_id = $1 AND branch_id = $2 AND status = ANY($3::text[]) AND ${NO_ACTIVE_RUN}
        RETURNING *, created_at::text AS page_created_at`,
      [promotionId, branchId, FINAL_STATUSES],
    );
    return result.rows[0] ? toPromotion(result.rows[0]) : null;
  }

  /** Newest first, filtered; pass `nextCursor` back for the following page. */
  async list(filter: PromotionFilter = {}, page: PageRequest = {}): Promise<Page<PromotionLog>> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      values.push(value);
      where.push(sql(`$${values.length}`));
    };
    if (filter.status !== undefined) {
      add(
        (p) => `status = ANY(${p}::text[])`,
        Array.isArray(filter.status) ? filter.status : [filter.status],
      );
    }
    if (filter.peerReviewStatus) add((p) => `peer_review_status = ${p}`, filter.peerReviewStatus);
    if (filter.adminReviewStatus) add((p) => `admin_review_status = ${p}`, filter.adminReviewStatus);
    if (filter.initiatedBy) add((p) => `initiated_by_key = ${p}`, identityKey(filter.initiatedBy));
    if (filter.targetEnvironment) add((p) => `target_environment = ${p}`, filter.targetEnvironment);
    queueConditions(filter, add, where);
    if (page.cursor !== undefined) {
      const key = decodeCursor(page.cursor, 2);
      if (!key || typeof key[0] !== 'string' || typeof key[1] !== 'string') {
        throw new PromoError(
          'INVALID_REQUEST',
          'cursor is not valid; use the nextCursor of the previous page',
        );
      }
      values.push(key[0], key[1]);
      where.push(`(created_at, promotion_id) < ($${values.length - 1}::timestamptz, $${values.length})`);
    }
    const limit = pageSize(page.limit);
    values.push(limit + 1);
    const result = await this.pool.query(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, promotion_id DESC LIMIT $${values.length}`,
      values,
    );
    const rows = result.rows.slice(0, limit);
    const last = rows[rows.length - 1];
    const nextCursor =
      result.rows.length > limit && last ? encodeCursor([last.page_created_at, last.promotion_id]) : null;
    return { items: rows.map(toPromotion), nextCursor };
  }
}
