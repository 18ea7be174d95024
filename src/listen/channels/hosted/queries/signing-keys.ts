// Statements on `signing_keys`: the organisation's token-signing secret of a version.
import type { Sql } from '../../../../platform/db/index.js';

/** The secret of the key version, created (from `fresh`) when the organisation has none yet. */
export async function ensureSigningKey(
  sql: Sql,
  orgId: string,
  version: number,
  fresh: Buffer,
): Promise<Buffer> {
  await sql`insert into signing_keys (org_id, id, secret) values (${orgId}, ${version}, ${fresh})
    on conflict do nothing`;
  const [row] = await sql<{ secret: Buffer }[]>`
    select secret from signing_keys where org_id = ${orgId} and id = ${version}`;
  return row!.secret;
}
