/**
 * The audit log: who did what to which target, with what outcome, when. Append-only — a
 * trigger in the schema refuses UPDATE, DELETE and TRUNCATE, so only appends exist here.
 */
import { PromoError } from '../../domain/errors.ts';
import { type Page, type Queryable, decodeCursor, encodeCursor, fromRow, pageSize } from '../sql.ts';

export interface AuditEntry {
  id: number;
  occurredAt: string;
  /** Email of the caller, or e.g. `system`. */
  actor: string;
  /** The OIDC subject (`sub`) of the caller's token, when it was one; the stable id beside the email. */
  subject: string | null;
  /** e.g. `package-and-deploy`, `peer-review`, `deny`, `token.create`. */
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** e.g. `SUCCESS`, `REFUSED:SELF_APPROVAL_NOT_ALLOWED`, `FAILED`. */
  outcome: string;
  detail: unknown;
}

export type NewAuditEntry = Pick<AuditEntry, 'actor' | 'action' | 'outcome'> &
  Partial<Pick<AuditEntry, 'targetType' | 'targetId' | 'detail' | 'subject'>>;

export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
}

function toEntry(row: Record<string, unknown>): AuditEntry {
  const entry = fromRow<AuditEntry>(row);
  return { ...entry, id: Number(entry.id) };
}

export class AuditLogRepository {
  // The pool, or one transaction's client (store/transaction.ts).
  constructor(private readonly pool: Queryable) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const result = await this.pool.query(
      `INSERT INTO audit_log (actor, action, target_type, target_id, outcome, detail, subject)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING *`,
      [
        entry.actor,
        entry.action,
        entry.targetType ?? null,
        entry.targetId ?? null,
        entry.outcome,
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
        entry.subject ?? null,
      ],
    );
    return toEntry(result.rows[0]!);
  }

  /** Newest first, keyset-paged. */
  async list(
    filter: AuditFilter = {},
    page: { limit?: number; cursor?: string } = {},
  ): Promise<Page<AuditEntry>> {
    const where: string[] = [];
    const values: unknown[] = [];
    const conditions: [keyof AuditFilter, string][] = [
      ['actor', 'lower(actor) = lower($)'],
      ['action', 'action = $'],
      ['targetType', 'target_type = $'],
      ['targetId', 'target_id = $'],
    ];
    for (const [field, sql] of conditions) {
      if (filter[field] === undefined) continue;
      values.push(filter[field]);
      where.push(sql.replace('$', `$${values.length}`));
    }
    if (page.cursor !== undefined) {
      const key = decodeCursor(page.cursor, 1);
      if (!key || typeof key[0] !== 'number') {
        throw new PromoError(
          'INVALID_REQUEST',
          'cursor is not valid; use the nextCursor of the previous page',
        );
      }
      values.push(key[0]);
      where.push(`id < $${values.length}`);
    }
    const limit = pageSize(page.limit);
    values.push(limit + 1);
    const result = await this.pool.query(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${values.length}`,
      values,
    );
    const items = result.rows.slice(0, limit).map(toEntry);
    const last = items[items.length - 1];
    return { items, nextCursor: result.rows.length > limit && last ? encodeCursor([last.id]) : null };
  }
}
