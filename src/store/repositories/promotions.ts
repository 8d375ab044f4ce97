/**
 * PromotionLog records. Every update names the row version it read; a stale version is
 * refused with CONFLICT so two writers never silently overwrite each other's decisions.
 */
import type { Pool } from 'pg';
import { isPromoError, PromoError } from '../../domain/errors.ts';
import type {
  AdminReviewStatus,
  PeerReviewStatus,
  PromotionLog,
  PromotionStatus,
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
  /** Compared case-insensitively. */
  initiatedBy?: string;
  targetEnvironment?: PromotionLog['targetEnvironment'];
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
  'rolledBackAt',
  'rolledBackBy',
  'rollbackReason',
] as const satisfies readonly (keyof PromotionLog)[];

const PATCHABLE = new Set<string>(WRITABLE_FIELDS.filter((f) => f !== 'promotionId'));

// Keyset paging sorts newest first; the cursor keeps created_at at full (microsecond) precision.
const SELECT = `SELECT *, created_at::text AS page_created_at FROM promotions`;

function toPromotion(row: Record<string, unknown>): PromotionLog {
  const { pageCreatedAt: _ignored, ...promotion } = fromRow<PromotionLog & { pageCreatedAt?: string }>(row);
  return promotion;
}

function refuseBrokenRule(error: unknown): never {
  if (isCheckViolation(error)) {
    throw new PromoError('INVALID_REQUEST', `PromotionLog field rule broken (${constraintName(error)})`);
  }
  throw error;
}

/** How often a read-decide-write is retried when another writer got in between. */
const CONFLICT_ATTEMPTS = 5;

export class PromotionsRepository {
  constructor(private readonly pool: Pool) {}

  /** Inserts a new record; an existing promotionId is a CONFLICT. */
  async create(promotion: NewPromotion): Promise<PromotionLog> {
    const { columns, placeholders, values } = insertParts(promotion, WRITABLE_FIELDS);
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
    const sets = fields.map((f, i) => `${snakeCase(f)} = $${i + 3}`);
    const values = fields.map((f) => patch[f as keyof PromotionPatch]);
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
      return refuseBrokenRule(error);
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
    if (filter.initiatedBy) add((p) => `lower(initiated_by) = lower(${p})`, filter.initiatedBy);
    if (filter.targetEnvironment) add((p) => `target_environment = ${p}`, filter.targetEnvironment);
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
