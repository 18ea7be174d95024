// One query: which time zones and segment dimensions an organisation's rollup keeps.
import type { Sql } from '../../platform/db/index.js';

/** Rollup settings; UTC days are always kept. */
export interface RollupSettings {
  timeZones: string[];
  dimensions: string[];
}

/** Read an organisation's rollup settings (none stored: UTC only, no segment dimensions). */
export async function getRollupSettings(sql: Sql, orgId: string): Promise<RollupSettings> {
  const [row] = await sql<RollupSettings[]>`
    select time_zones as "timeZones", dimensions from analytics_settings where org_id = ${orgId}`;
  return row ?? { timeZones: [], dimensions: [] };
}
