/**
 * Which publisher Integration Packs this service released into, and when, read from the
 * PromotionLog: a TEST run records `testIntegrationPackId` (at `testDeployedAt`), a PRODUCTION run
 * `integrationPackId` (at `adminApprovedAt`). Boomi itself keeps no release dates on a pack.
 */
import type { Pool } from 'pg';

export interface PackRelease {
  integrationPackId: string;
  /** The latest release into the pack recorded in the PromotionLog (ISO-8601 UTC). */
  releasedAt: string;
}

export interface PackReleaseFilter {
  /** Only releases of this root process. */
  prodComponentId?: string;
}

// One row per release: each record can name a test pack and a production pack.
const RELEASES = `
  SELECT test_integration_pack_id AS pack_id, coalesce(test_deployed_at, updated_at) AS released_at, prod_component_id
    FROM promotions WHERE test_integration_pack_id IS NOT NULL
  UNION ALL
  SELECT integration_pack_id, coalesce(admin_approved_at, updated_at), prod_component_id
    FROM promotions WHERE integration_pack_id IS NOT NULL`;

export class PackReleasesRepository {
  constructor(private readonly pool: Pool) {}

  /** One entry per pack, the most recently released first. */
  async latest(filter: PackReleaseFilter = {}): Promise<PackRelease[]> {
    const result = await this.pool.query<{ pack_id: string; released_at: Date }>(
      `SELECT pack_id, max(released_at) AS released_at FROM (${RELEASES}) releases
        WHERE $1::text IS NULL OR prod_component_id = $1
        GROUP BY pack_id ORDER BY released_at DESC, pack_id`,
      [filter.prodComponentId ?? null],
    );
    return result.rows.map((row) => ({
      integrationPackId: row.pack_id,
      releasedAt: row.released_at.toISOString(),
    }));
  }
}
