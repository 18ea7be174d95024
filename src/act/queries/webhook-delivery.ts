// Statements of the delivery worker: claim due outbox rows with a lease (across organisations: the
// worker serves them all), and record each attempt, its outcome on the delivery, and the endpoint's
// failure state.
import type { Sql, TransactionSql } from '../../platform/db/index.js';
import type { Claimed } from '../webhooks.js';

/**
 * Lease up to `limit` due deliveries of enabled endpoints for 60 seconds (a crashed worker's claims
 * come back after it), oldest due first, skipping rows other workers hold; each with its endpoint's
 * URL and secret.
 */
export async function claimDueDeliveries(sql: Sql, limit: number): Promise<Claimed[]> {
  return sql<Claimed[]>`
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
}

/** Log one attempt (error at most 1,000 characters). */
export async function insertAttempt(
  tx: TransactionSql,
  orgId: string,
  deliveryId: string,
  a: { status: number | null; error: string | null; durationMs: number },
): Promise<void> {
  await tx`insert into webhook_attempts (org_id, delivery_id, status_code, error, duration_ms)
      values (${orgId}, ${deliveryId}, ${a.status}, ${a.error?.slice(0, 1_000) ?? null}, ${a.durationMs})`;
}

/**
 * Record an attempt's outcome on the delivery and release its lease: delivered now (`ok`), failed
 * for good (`wait` null), or pending again in `wait` seconds.
 */
export async function updateDeliveryOutcome(
  tx: TransactionSql,
  orgId: string,
  deliveryId: string,
  o: { attempts: number; status: number | null; error: string | null; ok: boolean; wait: number | null },
): Promise<void> {
  const { attempts, status, error, ok, wait } = o;
  await tx`
      update webhook_deliveries set attempts = ${attempts}, locked_until = null, last_status = ${status},
        last_error = ${error?.slice(0, 1_000) ?? null},
        status = ${ok ? 'delivered' : wait === null ? 'failed' : 'pending'},
        delivered_at = ${ok ? tx`now()` : null},
        next_attempt_at = ${wait === null ? tx`next_attempt_at` : tx`now() + make_interval(secs => ${wait})`}
      where org_id = ${orgId} and id = ${deliveryId}`;
}

/** The endpoint answered: it is not failing. */
export async function clearEndpointFailure(
  tx: TransactionSql,
  orgId: string,
  endpointId: string,
): Promise<void> {
  await tx`update webhook_endpoints set failing_since = null where org_id = ${orgId} and id = ${endpointId}`;
}

/**
 * The endpoint failed: failing since now unless it was already; failing for longer than
 * `disableAfterS` seconds disables it, with the reason (since when, and the last error) shown.
 */
export async function recordEndpointFailure(
  tx: TransactionSql,
  orgId: string,
  endpointId: string,
  f: { disableAfterS: number; error: string | null },
): Promise<void> {
  await tx`
        update webhook_endpoints set failing_since = coalesce(failing_since, now()),
          enabled = case when failing_since < now() - make_interval(secs => ${f.disableAfterS}) then false else enabled end,
          disabled_at = case when failing_since < now() - make_interval(secs => ${f.disableAfterS}) then now() else disabled_at end,
          disabled_reason = case when failing_since < now() - make_interval(secs => ${f.disableAfterS})
            then 'failing since ' || to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC; last error: ' || ${f.error?.slice(0, 300) ?? ''}
            else disabled_reason end
        where org_id = ${orgId} and id = ${endpointId}`;
}
