// Outbound events as Standard Webhooks (v1 symmetric signatures) from a transactional outbox:
// endpoints with their own secret, at-least-once delivery with backoff and jitter, a delivery log,
// manual retry, and endpoints disabled after failing for a day.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Sql, TransactionSql } from '../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors/index.js';
import { checkWebhookUrl, guardedPost, RefusedTargetError } from './url-guard.js';

/** Event types an endpoint can subscribe to. */
export const EVENT_TYPES = [
  'feedback.created',
  'response.created',
  'case.created',
  'case.updated',
  'case.closed',
  'case.sla_breached',
] as const;
/** One event type. */
export type EventType = (typeof EVENT_TYPES)[number];

type Tx = Sql | TransactionSql;

/** An endpoint as the API shows it (the secret only when created). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  events: EventType[];
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
}

// Secrets are signing keys, so they are stored in a form that can sign: sealed with AES-256-GCM
// under NORTHSTAR_SECRET_KEY when it is set, else as they are.
function sealKey(): Buffer | undefined {
  const k = process.env.NORTHSTAR_SECRET_KEY;
  return k ? createHash('sha256').update(k).digest() : undefined;
}

function seal(secret: string): string {
  const key = sealKey();
  if (!key) return secret;
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const enc = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
  return `sealed:${Buffer.concat([iv, c.getAuthTag(), enc]).toString('base64')}`;
}

function unseal(stored: string): string {
  if (!stored.startsWith('sealed:')) return stored;
  const key = sealKey();
  if (!key)
    throw new Error('Webhook secrets are sealed: set NORTHSTAR_SECRET_KEY to the key they were sealed with');
  const raw = Buffer.from(stored.slice(7), 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

/** Standard Webhooks v1 signature of one message. */
export function signWebhook(secret: string, msgId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${msgId}.${timestamp}.${body}`).digest('base64')}`;
}

const SELECT = (sql: Sql, orgId: string) => sql`
  select id, url, description, events, enabled, disabled_reason as "disabledReason", disabled_at as "disabledAt",
    failing_since as "failingSince", created_at as "createdAt"
  from webhook_endpoints where org_id = ${orgId}`;

function checkUrl(url: string): void {
  const problem = checkWebhookUrl(url);
  if (problem) throw new ValidationError(`Webhook URL ${problem}`, [{ name: 'url', reason: problem }]);
}

/** Create an endpoint; its secret (`whsec_…`) is returned this once. */
export async function createWebhook(
  sql: Sql,
  orgId: string,
  input: { url: string; events: EventType[]; description?: string | undefined },
): Promise<WebhookEndpoint & { secret: string }> {
  checkUrl(input.url);
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const [row] = await sql<WebhookEndpoint[]>`
    insert into webhook_endpoints (org_id, url, description, events, secret)
    values (${orgId}, ${input.url}, ${input.description ?? null}, ${[...new Set(input.events)]}, ${seal(secret)})
    returning id`;
  return { ...(await getWebhook(sql, orgId, row!.id)), secret };
}

/** One endpoint, or not found. */
export async function getWebhook(sql: Sql, orgId: string, id: string): Promise<WebhookEndpoint> {
  const [row] = await sql<WebhookEndpoint[]>`${SELECT(sql, orgId)} and id = ${id}`;
  if (!row) throw new NotFoundError(`Webhook ${id} not found`);
  return row;
}

/** Every endpoint of the organisation. */
export async function listWebhooks(sql: Sql, orgId: string): Promise<WebhookEndpoint[]> {
  return sql<WebhookEndpoint[]>`${SELECT(sql, orgId)} order by created_at`;
}

/** Change an endpoint; enabling it again clears the failure state. */
export async function updateWebhook(
  sql: Sql,
  orgId: string,
  id: string,
  input: {
    url?: string | undefined;
    events?: EventType[] | undefined;
    description?: string | null | undefined;
    enabled?: boolean | undefined;
  },
): Promise<WebhookEndpoint> {
  const current = await getWebhook(sql, orgId, id);
  if (input.url !== undefined) checkUrl(input.url);
  const enabling = input.enabled === true && !current.enabled;
  await sql`
    update webhook_endpoints set url = ${input.url ?? current.url},
      events = ${input.events ? [...new Set(input.events)] : current.events},
      description = ${input.description !== undefined ? input.description : current.description},
      enabled = ${input.enabled ?? current.enabled},
      disabled_reason = case when ${input.enabled ?? current.enabled}::boolean then null
        else coalesce(disabled_reason, 'disabled by a user') end,
      disabled_at = case when ${input.enabled ?? current.enabled}::boolean then null else coalesce(disabled_at, now()) end,
      failing_since = case when ${enabling}::boolean then null else failing_since end
    where org_id = ${orgId} and id = ${id}`;
  return getWebhook(sql, orgId, id);
}

/** Delete an endpoint and its delivery log. */
export async function deleteWebhook(sql: Sql, orgId: string, id: string): Promise<void> {
  const rows = await sql`delete from webhook_endpoints where org_id = ${orgId} and id = ${id} returning id`;
  if (rows.length === 0) throw new NotFoundError(`Webhook ${id} not found`);
}

/**
 * Put an event in the outbox for every enabled endpoint subscribed to it. Call it inside the
 * transaction of the change the event reports, so the event exists exactly when the change does.
 */
export async function emitEvent(tx: Tx, orgId: string, type: EventType, data: unknown): Promise<number> {
  const payload = { type, timestamp: new Date().toISOString(), data };
  const rows = await tx`
    insert into webhook_deliveries (org_id, endpoint_id, message_id, event_type, payload)
    select org_id, id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ${type}, ${tx.json(payload as never)}
    from webhook_endpoints where org_id = ${orgId} and enabled and ${type} = any(events)
    returning id`;
  return rows.length;
}

/** A delivery in the log. */
export interface WebhookDelivery {
  id: string;
  messageId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  log: Array<{ at: Date; statusCode: number | null; error: string | null; durationMs: number }>;
}

/** The endpoint's deliveries, newest first, each with its attempts. */
export async function listDeliveries(
  sql: Sql,
  orgId: string,
  endpointId: string,
  opts: { limit: number; status?: string | undefined },
): Promise<WebhookDelivery[]> {
  await getWebhook(sql, orgId, endpointId);
  return sql<WebhookDelivery[]>`
    select d.id, d.message_id as "messageId", d.event_type as "eventType", d.status, d.attempts,
      case when d.status = 'pending' then d.next_attempt_at end as "nextAttemptAt",
      d.last_status as "lastStatus", d.last_error as "lastError", d.delivered_at as "deliveredAt",
      d.created_at as "createdAt",
      coalesce((select json_agg(json_build_object('at', a.at, 'statusCode', a.status_code, 'error', a.error,
          'durationMs', a.duration_ms) order by a.id)
        from webhook_attempts a where a.org_id = d.org_id and a.delivery_id = d.id), '[]') as log
    from webhook_deliveries d
    where d.org_id = ${orgId} and d.endpoint_id = ${endpointId}
      ${opts.status ? sql`and d.status = ${opts.status}` : sql``}
    order by d.created_at desc, d.id limit ${opts.limit}`;
}

/** Send a delivery again now (a failed one, or a pending one without waiting for its backoff). */
export async function retryDelivery(
  sql: Sql,
  orgId: string,
  endpointId: string,
  deliveryId: string,
): Promise<void> {
  const endpoint = await getWebhook(sql, orgId, endpointId);
  if (!endpoint.enabled)
    throw new ConflictError('This endpoint is disabled: enable it first (PATCH enabled: true)', [
      { name: 'enabled', reason: endpoint.disabledReason ?? 'disabled' },
    ]);
  const rows = await sql`
    update webhook_deliveries set status = 'pending', next_attempt_at = now(), locked_until = null
    where org_id = ${orgId} and endpoint_id = ${endpointId} and id = ${deliveryId} and status <> 'delivered'
    returning id`;
  if (rows.length === 0) {
    const exists =
      await sql`select 1 from webhook_deliveries where org_id = ${orgId} and endpoint_id = ${endpointId} and id = ${deliveryId}`;
    if (exists.length === 0) throw new NotFoundError(`Delivery ${deliveryId} not found`);
    throw new ConflictError('This delivery was delivered already');
  }
}

/**
 * Seconds to wait after failed attempt n (1-based): the Standard Webhooks schedule (5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h: about 28 h in all), each with ±20% jitter so that a receiver coming
 * back is not hit by every sender at once. Null when no attempt is left.
 */
export function backoffSeconds(attempt: number, random: () => number = Math.random): number | null {
  const schedule = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];
  const base = schedule[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** An endpoint failing without a success for this long is disabled. */
export const DISABLE_AFTER_MS = 24 * 3_600_000;

interface Claimed {
  orgId: string;
  id: string;
  endpointId: string;
  messageId: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Deliver due outbox rows (any organisation): claim up to `limit` with a lease (a crashed worker's
 * claims come back after it), post each, log the attempt, and schedule the next one or give up.
 * Returns how many were attempted.
 */
export async function deliverDueWebhooks(sql: Sql, limit = 20): Promise<number> {
  const claimed = await sql<Claimed[]>`
    update webhook_deliveries d set locked_until = now() + interval '60 seconds'
    from webhook_endpoints e
    where e.org_id = d.org_id and e.id = d.endpoint_id
      and (d.org_id, d.id) in (
        select d2.org_id, d2.id from webhook_deliveries d2
          join webhook_endpoints e2 on e2.org_id = d2.org_id and e2.id = d2.endpoint_id and e2.enabled
        where d2.status = 'pending' and d2.next_attempt_at <= now()
          and (d2.locked_until is null or d2.locked_until < now())
        order by d2.next_attempt_at limit ${limit}
        for update of d2 skip locked)
    returning d.org_id as "orgId", d.id, d.endpoint_id as "endpointId", d.message_id as "messageId", d.payload,
      d.attempts, e.url, e.secret`;
  await Promise.all(claimed.map((c) => attempt(sql, c)));
  return claimed.length;
}

async function attempt(sql: Sql, c: Claimed): Promise<void> {
  const body = JSON.stringify(c.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    const signature = signWebhook(unseal(c.secret), c.messageId, timestamp, body);
    const res = await guardedPost(c.url, body, {
      'webhook-id': c.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature,
      'user-agent': 'Northstar-Webhooks/1',
    });
    status = res.status;
    if (res.status < 200 || res.status >= 300)
      error =
        res.status >= 300 && res.status < 400
          ? `redirect to ${res.body || 'elsewhere'} not followed`
          : `HTTP ${res.status}`;
  } catch (err) {
    error = (err instanceof RefusedTargetError ? 'refused: ' : '') + (err as Error).message;
  }
  const durationMs = Date.now() - started;
  const attempts = c.attempts + 1;
  const ok = error === null;
  const wait = ok ? null : backoffSeconds(attempts);
  await sql.begin(async (tx) => {
    await tx`insert into webhook_attempts (org_id, delivery_id, status_code, error, duration_ms)
      values (${c.orgId}, ${c.id}, ${status}, ${error?.slice(0, 1_000) ?? null}, ${durationMs})`;
    await tx`
      update webhook_deliveries set attempts = ${attempts}, locked_until = null, last_status = ${status},
        last_error = ${error?.slice(0, 1_000) ?? null},
        status = ${ok ? 'delivered' : wait === null ? 'failed' : 'pending'},
        delivered_at = ${ok ? tx`now()` : null},
        next_attempt_at = ${wait === null ? tx`next_attempt_at` : tx`now() + make_interval(secs => ${wait})`}
      where org_id = ${c.orgId} and id = ${c.id}`;
    if (ok) {
      await tx`update webhook_endpoints set failing_since = null where org_id = ${c.orgId} and id = ${c.endpointId}`;
    } else {
      // Sustained failure: no success for a day disables the endpoint, with the reason shown.
      await tx`
        update webhook_endpoints set failing_since = coalesce(failing_since, now()),
          enabled = case when failing_since < now() - make_interval(secs => ${DISABLE_AFTER_MS / 1000}) then false else enabled end,
          disabled_at = case when failing_since < now() - make_interval(secs => ${DISABLE_AFTER_MS / 1000}) then now() else disabled_at end,
          disabled_reason = case when failing_since < now() - make_interval(secs => ${DISABLE_AFTER_MS / 1000})
            then 'failing since ' || to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC; last error: ' || ${error?.slice(0, 300) ?? ''}
            else disabled_reason end
        where org_id = ${c.orgId} and id = ${c.endpointId}`;
    }
  });
}
