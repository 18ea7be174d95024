// Statements of the demo initiatives, inside the loader's transaction: an initiative, its milestones
// and its notes.
import type { TransactionSql } from 'postgres';

/** Insert an initiative (cost in euro cents, or none); returns its id. */
export async function insertDemoInitiative(
  tx: TransactionSql,
  orgId: string,
  i: {
    title: string;
    hypothesis: string;
    metric: string;
    touchpointIds: string[];
    controlTouchpointIds: string[];
    themes: string[];
    status: string;
    startedOn: string;
    costCents: number | undefined;
    createdAt: Date;
    updatedAt: Date;
  },
): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
      INSERT INTO initiatives (org_id, title, hypothesis, metric, touchpoint_ids, control_touchpoint_ids, themes,
        status, started_at, cost_minor, cost_currency, created_at, updated_at)
      VALUES (${orgId}, ${i.title}, ${i.hypothesis}, ${i.metric}, ${i.touchpointIds}::uuid[],
        ${i.controlTouchpointIds}::uuid[], ${i.themes}::text[], ${i.status}, ${i.startedOn}::date,
        ${i.costCents ?? null}::bigint, ${i.costCents === undefined ? null : 'EUR'},
        ${i.createdAt}, ${i.updatedAt})
      RETURNING id`;
  return (row as { id: string }).id;
}

/** Insert a milestone of an initiative (done at `doneAt`, or not done). */
export async function insertDemoMilestone(
  tx: TransactionSql,
  orgId: string,
  initiativeId: string,
  m: { title: string; dueOn: string; doneAt: Date | null },
): Promise<void> {
  await tx`
        INSERT INTO initiative_milestones (org_id, initiative_id, title, due_on, done_at)
        VALUES (${orgId}, ${initiativeId}, ${m.title}, ${m.dueOn}::date,
          ${m.doneAt})`;
}

/** Insert a note on an initiative. */
export async function insertDemoNote(
  tx: TransactionSql,
  orgId: string,
  initiativeId: string,
  body: string,
  createdAt: Date,
): Promise<void> {
  await tx`
        INSERT INTO initiative_notes (org_id, initiative_id, body, created_at)
        VALUES (${orgId}, ${initiativeId}, ${body}, ${createdAt})`;
}
