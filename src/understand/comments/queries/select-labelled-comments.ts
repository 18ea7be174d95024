// Query: comments with a categorical label in a metadata field or a contact attribute, as training data.
import type { Sql } from '../../../platform/db/index.js';

/** Where a comment's label is read: `metadata.<key>` (imported columns) or `attr.<key>` (contact attributes). */
export interface LabelField {
  source: 'metadata' | 'attributes';
  key: string;
}

/** Parse `metadata.<key>` or `attr.<key>`; undefined when the name has another form. */
export function parseLabelField(name: string): LabelField | undefined {
  const m = /^(metadata|attr)\.(.+)$/.exec(name);
  if (!m) return undefined;
  return { source: m[1] === 'attr' ? 'attributes' : 'metadata', key: m[2] as string };
}

/** Newest comments whose label field is set, with the label as text. */
export async function selectLabelledComments(
  sql: Sql,
  orgId: string,
  field: LabelField,
  limit: number,
): Promise<Array<{ text: string; label: string }>> {
  const column = sql(field.source);
  return sql<Array<{ text: string; label: string }>>`
    select coalesce(text_original, text) as text, ${column} ->> ${field.key} as label
    from feedback
    where org_id = ${orgId} and text is not null and ${column} ->> ${field.key} is not null
    order by occurred_at desc
    limit ${limit}`;
}
