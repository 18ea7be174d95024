// The audit log: who did what, when and from where; append-only (the database refuses changes).
import type { Sql, TransactionSql } from '../db/index.js';

/** One audited action. */
export interface AuditEntry {
  orgId: string;
  /** Who: "user:<id>", "key:<id>", "cli" or "system". */
  actor: string;
  /** What, as resource.verb: "api_key.create", "contact.erase", "contact.export", "text_settings.update". */
  action: string;
  /** On what: usually the resource id. */
  target?: string | null | undefined;
  /** From where: the client's IP, when the action came over HTTP. */
  ip?: string | null | undefined;
  /** Anything else worth keeping (never secrets or customer text). */
  detail?: Record<string, unknown> | undefined;
}

/** An entry as read back. */
export interface AuditRecord {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

/** Record an action (inside the caller's transaction when given one, so it is kept only if it commits). */
export async function recordAudit(sql: Sql | TransactionSql, entry: AuditEntry): Promise<void> {
  await sql`
    insert into audit_log (org_id, actor, action, target, ip, detail)
    values (${entry.orgId}, ${entry.actor}, ${entry.action}, ${entry.target ?? null}, ${entry.ip ?? null},
      ${sql.json((entry.detail ?? {}) as never)})`;
}

/** The actor string for a principal. */
export function actorOf(principal: { kind: 'user' | 'api_key' | 'share_link'; id: string }): string {
  const kind = principal.kind === 'user' ? 'user' : principal.kind === 'api_key' ? 'key' : 'share';
  return `${kind}:${principal.id}`;
}

/** A page of the organisation's audit log, newest first; `before` is the last id of the previous page. */
export async function listAudit(
  sql: Sql,
  orgId: string,
  q: {
    from?: Date | undefined;
    to?: Date | undefined;
    actor?: string | undefined;
    action?: string | undefined;
    before?: string | undefined;
    limit: number;
  },
): Promise<AuditRecord[]> {
  return sql<AuditRecord[]>`
    select id::text, at, actor, action, target, ip, detail from audit_log
    where org_id = ${orgId}
      ${q.from ? sql`and at >= ${q.from}` : sql``}
      ${q.to ? sql`and at < ${q.to}` : sql``}
      ${q.actor ? sql`and actor = ${q.actor}` : sql``}
      ${q.action ? sql`and action = ${q.action}` : sql``}
      ${q.before ? sql`and id < ${q.before}::bigint` : sql``}
    order by id desc limit ${q.limit}`;
}
