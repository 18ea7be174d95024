// Requests for the OpenAPI fuzz: fast-check arbitraries made from the JSON Schemas of the generated
// OpenAPI document (valid values), the same with wrong types and hostile values mixed in at any depth
// (NUL bytes, lone surrogates, huge and tiny numbers, long strings, deep objects), and path and query
// values as a client would put them in a URL.
import fc from 'fast-check';

type Json = Record<string, unknown>;

/** Values a careless or hostile client sends where anything else was expected. */
function deepObject(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    'nul\u0000byte',
    '\u0000',
    'half an emoji \uD83D',
    '\uDC00 low alone',
    '',
    ' ',
    'x'.repeat(70_000),
    '9'.repeat(400),
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '../../../etc/passwd',
    "' or 1=1 --",
    '<script>alert(1)</script>',
    '%00',
    '{"a":1}',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '2026-02-30T25:61:00Z',
    '0001-01-01',
    '275760-09-13T00:00:00Z',
    1e308,
    -1e308,
    5e-324,
    2 ** 63,
    -(2 ** 63),
    Number.MAX_SAFE_INTEGER + 2,
    2_147_483_648,
    -2_147_483_649,
    -40_000,
    0,
    -0,
    1.5,
    true,
    false,
    null,
    [],
    {},
    [null],
    { __proto__: null, constructor: { prototype: { polluted: true } } },
    deepObject(200),
    deepArray(200),
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Values for fields whose schema alone cannot say what is valid (a time zone, a language tag). */
const HINTS: Record<string, fc.Arbitrary<unknown>> = {
  tz: fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata'),
  timeZone: fc.constantFrom('UTC', 'Europe/Paris'),
  defaultTimeZone: fc.constantFrom('UTC', 'Europe/Paris'),
  language: fc.constantFrom('en', 'fr', 'de'),
  lang: fc.constantFrom('en', 'fr'),
  currency: fc.constantFrom('EUR', 'USD', 'GBP'),
};

/** `fromSchema` for a named field: its hint (when it has one) or its schema. */
export function forField(
  doc: { components?: { schemas?: Record<string, Json> } },
  name: string,
  s: Json | undefined,
  opts: { chaos: boolean; ids: readonly string[] },
  depth = 0,
): fc.Arbitrary<unknown> {
  const hint = HINTS[name];
  const arb = fromSchema(doc, s, opts, depth);
  return hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: arb }) : arb;
}

/** An arbitrary for the JSON Schema `s` of the document `doc`; `chaos`: mix hostile values in at every level. */
export function fromSchema(
  doc: { components?: { schemas?: Record<string, Json> } },
  s: Json | undefined,
  opts: { chaos: boolean; ids: readonly string[] },
  depth = 0,
): fc.Arbitrary<unknown> {
  const inner = valid(doc, s, opts, depth);
  return opts.chaos ? fc.oneof({ weight: 4, arbitrary: inner }, { weight: 1, arbitrary: hostile }) : inner;
}

function valid(
  doc: { components?: { schemas?: Record<string, Json> } },
  s: Json | undefined,
  opts: { chaos: boolean; ids: readonly string[] },
  depth: number,
): fc.Arbitrary<unknown> {
  if (!s || depth > 8) return fc.constant(null);
  const next = (x: unknown) => fromSchema(doc, x as Json, opts, depth + 1);
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/components/schemas/', '');
    return depth > 5 ? fc.constant(null) : valid(doc, doc.components?.schemas?.[name], opts, depth + 1);
  }
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (Array.isArray(alts) && alts.length > 0)
    return fc.oneof(...alts.map((a) => valid(doc, a, opts, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length > 0) return valid(doc, s.allOf[0] as Json, opts, depth + 1);
  const type = s.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => valid(doc, { ...s, type: t }, opts, depth)));
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const min = bound(s.minimum, s.exclusiveMinimum, 1, -1_000_000);
      const max = bound(s.maximum, s.exclusiveMaximum, -1, 1_000_000);
      return fc.integer({ min: Math.ceil(min), max: Math.max(Math.ceil(min), Math.floor(max)) });
    }
    case 'number': {
      const min = bound(s.minimum, s.exclusiveMinimum, 1e-9, -1e6);
      const max = bound(s.maximum, s.exclusiveMaximum, -1e-9, 1e6);
      return fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return stringOf(s, opts.ids);
    case 'array': {
      const minLength = Math.min(Number(s.minItems ?? 0), 3);
      const maxLength = Math.max(minLength, Math.min(Number(s.maxItems ?? 4), 4));
      return fc.array(next(s.items), { minLength, maxLength });
    }
    default: {
      if (type === 'object' || s.properties || s.additionalProperties) {
        const props = (s.properties ?? {}) as Record<string, Json>;
        const required = (s.required ?? []) as string[];
        const record = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, next(v)])), {
          requiredKeys: required.filter((k) => k in props),
        });
        const extra =
          s.additionalProperties && typeof s.additionalProperties === 'object'
            ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), next(s.additionalProperties), {
                maxKeys: 3,
              })
            : fc.constant({});
        const chaosKeys = opts.chaos
          ? fc.option(fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 2 }), { nil: {} })
          : fc.constant({});
        return fc
          .tuple(record, extra, chaosKeys)
          .map(([r, e, c]) => ({ ...(e as object), ...(c as object), ...(r as object) }));
      }
      return fc.jsonValue({ maxDepth: 2 });
    }
  }
}

function bound(inclusive: unknown, exclusive: unknown, step: number, fallback: number): number {
  if (typeof exclusive === 'number') return Math.max(-1e9, Math.min(1e9, exclusive + step));
  if (typeof inclusive === 'number') return Math.max(-1e9, Math.min(1e9, inclusive));
  return fallback;
}

function stringOf(s: Json, ids: readonly string[]): fc.Arbitrary<string> {
  const minLength = Number(s.minLength ?? 0);
  const maxLength = Math.max(minLength, Math.min(Number(s.maxLength ?? 40), 60));
  switch (s.format) {
    case 'uuid':
      return ids.length > 0 ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
    case 'date-time':
      return fc
        .date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  if (typeof s.pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(s.pattern))
        .filter((x) => x.length >= minLength && x.length <= Math.max(maxLength, 200));
    } catch {
      // a pattern fast-check cannot generate from: plain strings
    }
  }
  return fc.string({ minLength, maxLength });
}

/** A path or query value as a client puts it in a URL; lone surrogates become invalid UTF-8 escapes. */
export function urlValue(v: unknown): string {
  const text = Array.isArray(v)
    ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(',')
    : typeof v === 'object' && v !== null
      ? JSON.stringify(v)
      : String(v);
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '')) + '%ED%A0%BD';
  }
}
