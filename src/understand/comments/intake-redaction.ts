// Redaction at intake: comment text and free-text answers lose their personal data before the row is
// written, streamed or queued. The organisation's setting decides only whether the original is kept
// aside (feedback.text_original, never streamed); feedback.text is always the redacted text.
import type { Sql } from '../../platform/db/index.js';
import { redactPii } from '../text/index.js';

/** A comment as it is stored at intake. */
export interface IntakeText {
  /** The text with personal data replaced by placeholders ([CARD], [PHONE], …). */
  text: string | null;
  /** The text as given; stored only where the organisation keeps originals. */
  original: string | null;
}

/** Redact a comment for storage. */
export function redactIntakeText(text: string | null | undefined): IntakeText {
  if (text == null) return { text: null, original: null };
  return { text: redactPii(text).text, original: text };
}

/** Redact personal data in every string of a JSON value (survey answers: text, matrix rows, other). */
export function redactJsonStrings(v: unknown): unknown {
  if (typeof v === 'string') return redactPii(v).text;
  if (Array.isArray(v)) return v.map(redactJsonStrings);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactJsonStrings(x)]));
  }
  return v;
}

/** Answers with their personal data redacted, or null where there was none (the common case). */
export function redactIntakeAnswers(answers: Record<string, unknown>): Record<string, unknown> | null {
  const redacted = redactJsonStrings(answers) as Record<string, unknown>;
  return JSON.stringify(redacted) === JSON.stringify(answers) ? null : redacted;
}

/**
 * SQL for "this organisation keeps original text", read inside the writing statement so that a
 * settings change is honoured by the very next write (no cache can keep an original after it).
 */
export function keepsOriginalSql(sql: Sql, orgId: string) {
  return sql`coalesce((select keep_original_text from text_settings where org_id = ${orgId}), false)`;
}
