// Rating scales of imported files: read from the mapping, or detected from the column's values.

/** A rating scale. */
export interface Scale {
  min: number;
  max: number;
}

/** Use this scale for rows whose `column` is in [from, to) or equals `equals` (ISO dates compare as text). */
export interface RatingRule extends Scale {
  column: string;
  from?: string;
  to?: string;
  equals?: string;
}

/** How a rating column's scale is known: fixed, by rules, or detected (`auto`, the default). */
export interface RatingSpec {
  scale?: 'auto' | Scale;
  rules?: RatingRule[];
}

/** What detection found in a rating column. */
export interface ScaleReport {
  /** `single`: one scale for every row; `mixed`: mostly the small scale, with a few rows above it. */
  mode: 'single' | 'mixed';
  scale: Scale;
  /** the larger scale used, in mixed mode, for values above the small one */
  upper?: Scale;
  values: number;
  above: number;
}

// A column is "mixed" when under this share of its values lie above 5: a 1-10 column has far more.
const MIXED_SHARE = 0.1;

/**
 * Detect a column's scale from all its values: all within 1-5 → 1-5; within 0-10 with a real share
 * above 5 → 1-10 (0-10 if a 0 appears); within 0-100 → 0-100. Mostly 1-5 with a few values above
 * 5 (under 10%) → mixed: values above 5 are read on 1-10, the rest on 1-5.
 */
export function detectScale(values: number[]): ScaleReport | undefined {
  if (values.length === 0) return undefined;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let above = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v > 5) above++;
  }
  const base = lo < 1 ? 0 : 1;
  if (hi <= 5) return { mode: 'single', scale: { min: base, max: 5 }, values: values.length, above };
  if (hi <= 10) {
    if (base === 1 && above / values.length < MIXED_SHARE) {
      return {
        mode: 'mixed',
        scale: { min: 1, max: 5 },
        upper: { min: 1, max: 10 },
        values: values.length,
        above,
      };
    }
    return { mode: 'single', scale: { min: base, max: 10 }, values: values.length, above };
  }
  return { mode: 'single', scale: { min: 0, max: 100 }, values: values.length, above };
}

function matches(rule: RatingRule, record: Record<string, unknown>): boolean {
  const raw = record[rule.column];
  if (raw === null || raw === undefined || String(raw).trim() === '') return false;
  const v = String(raw).trim();
  const numeric = (a: string, b: string) =>
    Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a.localeCompare(b);
  if (rule.equals !== undefined && v !== rule.equals) return false;
  if (rule.from !== undefined && numeric(v, rule.from) < 0) return false;
  if (rule.to !== undefined && numeric(v, rule.to) >= 0) return false;
  return true;
}

/** The scale of one value: the first matching rule, the fixed scale, or the detected one; a string says why none fits. */
export function resolveScale(
  spec: RatingSpec | undefined,
  detected: ScaleReport | undefined,
  value: number,
  record: Record<string, unknown>,
): Scale | string {
  for (const rule of spec?.rules ?? []) {
    if (matches(rule, record)) return { min: rule.min, max: rule.max };
  }
  if (spec?.scale && spec.scale !== 'auto') return spec.scale;
  if (!detected) return 'no scale could be detected';
  if (detected.mode === 'mixed' && detected.upper && value > detected.scale.max) return detected.upper;
  return detected.scale;
}
