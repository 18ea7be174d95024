// Text PostgreSQL cannot store: NUL characters and lone UTF-16 surrogates (half of an emoji).

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or undefined when it can. */
export function unstorableReason(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored';
  if (LONE_SURROGATE.test(s))
    return 'contains a lone UTF-16 surrogate (invalid Unicode), which cannot be stored';
  return undefined;
}

/**
 * Every string (and object key) in a JSON value that cannot be stored, each named by its path
 * ("answers.reason", "items.3.text"); at most `max` of them.
 */
export function findUnstorableText(
  value: unknown,
  prefix: string,
  max = 20,
): Array<{ name: string; reason: string }> {
  const out: Array<{ name: string; reason: string }> = [];
  const walk = (v: unknown, at: string, depth: number) => {
    if (out.length >= max || depth > 64) return;
    if (typeof v === 'string') {
      const reason = unstorableReason(v);
      if (reason) out.push({ name: at, reason });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], at ? `${at}.${i}` : String(i), depth + 1);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const name = at ? `${at}.${k}` : k;
        const keyReason = unstorableReason(k);
        if (keyReason) out.push({ name, reason: `field name ${keyReason}` });
        walk(x, name, depth + 1);
      }
    }
  };
  walk(value, prefix, 0);
  return out;
}
