// Outbound events as Standard Webhooks (v1 symmetric signatures) from a transactional outbox:
// endpoints with their own secret, at-least-once delivery with backoff and jitter, a delivery log,
// manual retry, and endpoints disabled after failing for a day.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { Sql, TransactionSql } from '../platform/db/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../platform/errors/index.js';
import {
  claimDueDeliveries,
  clearEndpointFailure,
  insertAttempt,
  recordEndpointFailure,
  updateDeliveryOutcome,
} from './queries/webhook-delivery.js';
import {
  deleteWebhookRow,
  deliveryExists,
  insertDeliveries,
  insertWebhook,
  requeueDelivery,
  selectDeliveries,
  selectWebhook,
  selectWebhooks,
  updateWebhookRow,
} from './queries/webhooks.js';
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
  const id = await insertWebhook(sql, orgId, {
    url: input.url,
    description: input.description ?? null,
    events: [...new Set(input.events)],
    secret: seal(secret),
  });
  return { ...(await getWebhook(sql, orgId, id)), secret };
}

/** One endpoint, or not found. */
export async function getWebhook(sql: Sql, orgId: string, id: string): Promise<WebhookEndpoint> {
  const row = await selectWebhook(sql, orgId, id);
  if (!row) throw new NotFoundError(`Webhook ${id} not found`);
  return row;
}

/** Every endpoint of the organisation. */
export async function listWebhooks(sql: Sql, orgId: string): Promise<WebhookEndpoint[]> {
  return selectWebhooks(sql, orgId);
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
  await updateWebhookRow(sql, orgId, id, {
    url: input.url ?? current.url,
    events: input.events ? [...new Set(input.events)] : current.events,
    description: input.description !== undefined ? input.description : current.description,
    enabled: input.enabled ?? current.enabled,
    clearFailure: enabling,
  });
  return getWebhook(sql, orgId, id);
}

/** Delete an endpoint and its delivery log. */
export async function deleteWebhook(sql: Sql, orgId: string, id: string): Promise<void> {
  if (!(await deleteWebhookRow(sql, orgId, id))) throw new NotFoundError(`Webhook ${id} not found`);
}

/**
 * Put an event in the outbox for every enabled endpoint subscribed to it. Call it inside the
 * transaction of the change the event reports, so the event exists exactly when the change does.
 */
export async function emitEvent(tx: Tx, orgId: string, type: EventType, data: unknown): Promise<number> {
  const payload = { type, timestamp: new Date().toISOString(), data };
  return insertDeliveries(tx, orgId, type, payload);
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
  return selectDeliveries(sql, orgId, endpointId, opts);
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
  if (!(await requeueDelivery(sql, orgId, endpointId, deliveryId))) {
    if (!(await deliveryExists(sql, orgId, endpointId, deliveryId)))
      throw new NotFoundError(`Delivery ${deliveryId} not found`);
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

/** A delivery claimed by a worker, with its endpoint's URL and (sealed) secret. */
export interface Claimed {
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
  const claimed = await claimDueDeliveries(sql, limit);
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
    await insertAttempt(tx, c.orgId, c.id, { status, error, durationMs });
    await updateDeliveryOutcome(tx, c.orgId, c.id, { attempts, status, error, ok, wait });
    if (ok) {
      await clearEndpointFailure(tx, c.orgId, c.endpointId);
    } else {
      // Sustained failure: no success for a day disables the endpoint, with the reason shown.
      await recordEndpointFailure(tx, c.orgId, c.endpointId, {
        disableAfterS: DISABLE_AFTER_MS / 1000,
        error,
      });
    }
  });
}
