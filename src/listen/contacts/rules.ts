// The shape of segment rules (tests on contact attributes combined with all/any/not). Pure zod, no
// I/O: the API contract (`src/shared/api`) documents stored rules with it.
import { z } from 'zod';

const Scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** One test on a contact: an attribute (or `email`, `externalId`) compared with a value. */
export const SegmentTest = z
  .object({
    attribute: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/)
      .optional(),
    field: z.enum(['email', 'externalId', 'name']).optional(),
    op: z.enum([
      'eq',
      'neq',
      'gt',
      'gte',
      'lt',
      'lte',
      'in',
      'contains',
      'exists',
      'not_exists',
      'ends_with',
    ]),
    value: z.union([Scalar, z.array(Scalar).max(1000)]).optional(),
  })
  .strict()
  .refine(
    (t) => (t.attribute === undefined) !== (t.field === undefined),
    'name exactly one of attribute or field',
  );

/** Segment rules: tests combined with all/any/not, nested at most 5 deep. */
export type SegmentRule =
  | z.infer<typeof SegmentTest>
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule };

/** Schema of segment rules. */
export const SegmentRule: z.ZodType<SegmentRule> = z.lazy(() =>
  z.union([
    SegmentTest,
    z.object({ all: z.array(SegmentRule).min(1).max(50) }).strict(),
    z.object({ any: z.array(SegmentRule).min(1).max(50) }).strict(),
    z.object({ not: SegmentRule }).strict(),
  ]),
);
