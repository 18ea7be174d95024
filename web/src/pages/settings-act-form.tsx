// Helpers of the act settings forms: who may change them, and the API's field errors by form field.
import { ApiError } from '../api.js';
import type { Session } from '../types.js';

/** Whether the signed-in user may change teams, rules and webhooks (the API's `configure`). */
export const canConfigure = (session: Session): boolean =>
  ['owner', 'admin', 'analyst'].includes(session.user.role);

/**
 * The problem's `invalid_params` keyed by form field: `pick` maps an API field name (`when.atMost`,
 * without a leading `body.`) to the form's field, or null for the form as a whole.
 */
export function fieldErrors(error: unknown, pick: (name: string) => string | null): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!(error instanceof ApiError)) return errors;
  for (const p of error.problem.invalid_params ?? []) {
    const key = pick(p.name.replace(/^body\.?/, '')) ?? 'form';
    errors[key] = errors[key] ? `${errors[key]}; ${p.reason}` : p.reason;
  }
  return errors;
}

/** A comma- or line-separated list, trimmed, blanks dropped. */
export const splitList = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A field's error message, referenced by the field's `aria-describedby`. */
export function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p className="act-field-error" id={id}>
      {text}
    </p>
  ) : null;
}
