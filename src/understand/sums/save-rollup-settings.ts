// One transaction: store rollup settings and rebuild the organisation's rollup to match them.
import type { Sql } from '../../platform/db/index.js';
import { ValidationError } from '../../platform/errors/index.js';
import type { RollupSettings } from './rollup-settings.js';

/**
 * Store the settings and recompute the organisation's rollup in the same transaction. Every zone must
 * be known to the database itself (the trigger buckets with it on every write, so an unknown zone would
 * make feedback writes fail). The rebuild holds a SHARE lock on feedback (writes wait) for about one
 * scan of the organisation's feedback.
 */
export async function saveRollupSettings(sql: Sql, orgId: string, s: RollupSettings): Promise<void> {
  await sql.begin(async (tx) => {
    const known = await tx<{ name: string }[]>`
      select name from pg_timezone_names where name = any(${s.timeZones})`;
    const names = new Set(known.map((k) => k.name));
    s.timeZones.forEach((tz, i) => {
      if (!names.has(tz)) {
        throw new ValidationError('Unknown time zone', [
          { name: `timeZones.${i}`, reason: 'the database does not know this time zone' },
        ]);
      }
    });
    await tx`
      insert into analytics_settings (org_id, time_zones, dimensions, updated_at)
      values (${orgId}, ${s.timeZones}, ${s.dimensions}, now())
      on conflict (org_id) do update set time_zones = excluded.time_zones, dimensions = excluded.dimensions,
        updated_at = now()`;
    await tx`select feedback_rollup_rebuild(${orgId})`;
    // The theme rollup keeps the same zones.
    await tx`select feedback_theme_rollup_rebuild(${orgId})`;
  });
}
