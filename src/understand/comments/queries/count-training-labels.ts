// Query: how many comments carry each label a training run would read (to refuse a run that cannot train).
import type { Sql } from '../../../platform/db/index.js';
import type { LabelField } from './select-labelled-comments.js';
import type { TrainMetric } from './select-scored-comments.js';

/** Where a training run reads its labels: a score, a label field, or the hand-assigned themes. */
export type LabelSource = { metric: TrainMetric } | { field: LabelField } | { themes: true };

/** Comments with text per distinct label (at most 1,000 labels), as the trainer would read them. */
export async function countTrainingLabels(
  sql: Sql,
  orgId: string,
  source: LabelSource,
): Promise<Array<{ label: string; n: number }>> {
  if ('metric' in source) {
    const column = sql(source.metric);
    return sql<Array<{ label: string; n: number }>>`
      select ${column}::text as label, count(*)::int as n
      from feedback where org_id = ${orgId} and text is not null and ${column} is not null
      group by 1 limit 1000`;
  }
  if ('field' in source) {
    const column = sql(source.field.source);
    return sql<Array<{ label: string; n: number }>>`
      select ${column} ->> ${source.field.key} as label, count(*)::int as n
      from feedback
      where org_id = ${orgId} and text is not null and ${column} ->> ${source.field.key} is not null
      group by 1 limit 1000`;
  }
  return sql<Array<{ label: string; n: number }>>`
    select 'tagged' as label, count(distinct t.feedback_id)::int as n
    from feedback_theme_tags t join feedback f on f.org_id = t.org_id and f.id = t.feedback_id
    where t.org_id = ${orgId} and f.text is not null`;
}
