// Whether segment rules select every contact whatever its data (as the contacts page's "every contact"
// rule, an email or no email): such an audience is counted from the kept count, not by a scan. Pure.
import type { z } from 'zod';
import type { SegmentRule, SegmentTest } from './rules.js';

type Test = z.infer<typeof SegmentTest>;
/** Kleene truth: true, false or null (unknown), as SQL evaluates the compiled condition. */
type Truth = boolean | null;

/** At most this many assignments of the tests' truth are tried; a larger rule set is not recognised. */
const MAX_ASSIGNMENTS = 4096;

function tests(rule: SegmentRule, out: Test[]): void {
  if ('all' in rule) for (const r of rule.all) tests(r, out);
  else if ('any' in rule) for (const r of rule.any) tests(r, out);
  else if ('not' in rule) tests(rule.not, out);
  else out.push(rule as Test);
}

const columnOf = (t: Test) => (t.field ? `field:${t.field}` : `attribute:${t.attribute}`);

/**
 * True only when the rules hold for every contact. Sound, not complete: `exists` / `not_exists` of a
 * column are one two-valued variable per column (the compiled `is [not] null`); every other distinct
 * test is a variable of its own that may be true, false or unknown (SQL's null), whatever the others are. The
 * rules are evaluated as segmentCondition compiles them (`not` is `not coalesce(x, false)`) under every
 * assignment; a rule set needing over MAX_ASSIGNMENTS assignments is not recognised.
 */
export function everyContactPasses(rule: SegmentRule): boolean {
  const all: Test[] = [];
  tests(rule, all);
  const presence = [...new Set(all.filter((t) => t.op === 'exists' || t.op === 'not_exists').map(columnOf))];
  // The same test twice compiles to the same expression: one variable.
  const others = [
    ...new Set(all.filter((t) => t.op !== 'exists' && t.op !== 'not_exists').map((t) => JSON.stringify(t))),
  ];
  const total = 2 ** presence.length * 3 ** others.length;
  if (total > MAX_ASSIGNMENTS) return false;
  const present = new Map<string, boolean>();
  const value = new Map<string, Truth>();
  const evaluate = (r: SegmentRule): Truth => {
    if ('all' in r) {
      const parts = r.all.map(evaluate);
      return parts.includes(false) ? false : parts.includes(null) ? null : true;
    }
    if ('any' in r) {
      const parts = r.any.map(evaluate);
      return parts.includes(true) ? true : parts.includes(null) ? null : false;
    }
    if ('not' in r) return evaluate(r.not) !== true;
    const t = r as Test;
    if (t.op === 'exists') return present.get(columnOf(t)) as boolean;
    if (t.op === 'not_exists') return !present.get(columnOf(t));
    return value.get(JSON.stringify(t)) as Truth;
  };
  const truths: Truth[] = [true, false, null];
  for (let a = 0; a < total; a++) {
    let rest = a;
    for (const c of presence) {
      present.set(c, rest % 2 === 1);
      rest = Math.floor(rest / 2);
    }
    for (const t of others) {
      value.set(t, truths[rest % 3] as Truth);
      rest = Math.floor(rest / 3);
    }
    if (evaluate(rule) !== true) return false;
  }
  return true;
}
