// Statements on webhook endpoints (`webhook_endpoints`) and the outbox a change writes events to
// (`webhook_deliveries`, one row per subscribed endpoint), and the delivery log an endpoint shows.
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import type { EventType, WebhookDelivery, WebhookEndpoint } from '../webhooks.js';

const SELECT = (sql: Sql, orgId: string) => sql`
  select id, url, description, events, enabled, disabled_reason as "disabledReason", disabled_at as "disabledAt",
    failing_since as "failingSince", created_at as "createdAt"
  from webhook_endpoints where org_id = ${orgId}`;

/** Insert an endpoint with its (sealed) secret; returns its id. */
export async function insertWebhook(
  sql: Sql,
  orgId: string,
  e: { url: string; description: string | null; events: EventType[]; secret: string },
): Promise<string> {
  const [row] = await sql<WebhookEndpoint[]>`
    insert into webhook_endpoints (org_id, url, description, events, secret)
    values (${orgId}, ${e.url}, ${e.description}, ${e.events}, ${e.secret})
    returning id`;
  return row!.id;
}

/** One endpoint, if it is the organisation's. */
export async function selectWebhook(
  sql: Sql,
  orgId: string,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  const [row] = await sql<WebhookEndpoint[]>`${SELECT(sql, orgId)} and id = ${id}`;
  return row;
}

/** Every endpoint of the organisation, oldest first. */
export async function selectWebhooks(sql: Sql, orgId: string): Promise<WebhookEndpoint[]> {
  return sql<WebhookEndpoint[]>`${SELECT(sql, orgId)} order by created_at`;
}

/**
 * Write an endpoint's fields; disabling it records when and why (unless already recorded), enabling
 * it clears that, and `clearFailure` (enabled again) forgets since when it was failing.
 */
export async function updateWebhookRow(
  sql: Sql,
  orgId: string,
  id: string,
  e: {
    url: string;
    events: EventType[];
    description: string | null;
    enabled: boolean;
    clearFailure: boolean;
  },
): Promise<void> {
  await sql`
    update webhook_endpoints set url = ${e.url},
      events = ${e.events},
      description = ${e.description},
      enabled = ${e.enabled},
      disabled_reason = case when ${e.enabled}::boolean then null
        else coalesce(disabled_reason, 'disabled by a user') end,
      disabled_at = case when ${e.enabled}::boolean then null else coalesce(disabled_at, now()) end,
      failing_since = case when ${e.clearFailure}::boolean then null else failing_since end
    where org_id = ${orgId} and id = ${id}`;
}

/** Delete an endpoint (its deliveries go with it); whether it existed. */
export async function deleteWebhookRow(sql: Sql, orgId: string, id: string): Promise<boolean> {
  const rows = await sql`delete from webhook_endpoints where org_id = ${orgId} and id = ${id} returning id`;
  return rows.length > 0;
}

/**
 * Put an event in the outbox for every enabled endpoint of the organisation subscribed to its type
 * (each delivery with its own message id); returns how many.
 */
export async function insertDeliveries(
  tx: Sql | TransactionSql,
  orgId: string,
  type: EventType,
  payload: unknown,
): Promise<number> {
  const rows = await tx`
    insert into webhook_deliveries (org_id, endpoint_id, message_id, event_type, payload)
    select org_id, id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ${type}, ${tx.json(payload as never)}
    from webhook_endpoints where org_id = ${orgId} and enabled and ${type} = any(events)
    returning id`;
  return rows.length;
}

/** The endpoint's deliveries, newest first, each with its attempts (optionally of one status). */
export async function selectDeliveries(
  sql: Sql,
  orgId: string,
  endpointId: string,
  opts: { limit: number; status?: string | undefined },
): Promise<WebhookDelivery[]> {
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

/** Make a delivery not yet delivered due now; whether there was one. */
export async function requeueDelivery(
  sql: Sql,
  orgId: string,
  endpointId: string,
  deliveryId: string,
): Promise<boolean> {
  const rows = await sql`
    update webhook_deliveries set status = 'pending', next_attempt_at = now(), locked_until = null
    where org_id = ${orgId} and endpoint_id = ${endpointId} and id = ${deliveryId} and status <> 'delivered'
    returning id`;
  return rows.length > 0;
}

/** Whether the delivery is the endpoint's (in the organisation). */
export async function deliveryExists(
  sql: Sql,
  orgId: string,
  endpointId: string,
  deliveryId: string,
): Promise<boolean> {
  const exists =
    await sql`select 1 from webhook_deliveries where org_id = ${orgId} and endpoint_id = ${endpointId} and id = ${deliveryId}`;
  return exists.length > 0;
}
