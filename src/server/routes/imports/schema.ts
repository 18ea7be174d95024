// Schemas of the import routes.
import { z } from 'zod';
import { Uuid } from '../shared-schema.js';

const Scale = z.object({ min: z.number(), max: z.number() }).strict();

/** Start-an-import body: the file's text (CSV with a header row, or JSON lines) and its mapping. */
export const ImportCreate = z
  .object({
    kind: z.enum(['responses', 'reviews', 'tickets', 'contacts']),
    fileName: z
      .string()
      .min(1)
      .max(200)
      .regex(/\.(csv|jsonl|ndjson)$/i, 'must end in .csv or .jsonl'),
    content: z.string().min(1),
    mapping: z
      .object({
        columns: z.record(z.string().max(200), z.string().max(200)).default({}),
        rating: z
          .object({
            scale: z.union([z.literal('auto'), Scale]).optional(),
            rules: z
              .array(
                Scale.extend({
                  column: z.string(),
                  from: z.string().optional(),
                  to: z.string().optional(),
                  equals: z.string().optional(),
                }),
              )
              .max(20)
              .optional(),
          })
          .strict()
          .optional(),
        channel: z.string().max(50).optional(),
        surveyId: Uuid.optional(),
      })
      .strict()
      .default({ columns: {} }),
    skipInvalid: z.boolean().default(false),
  })
  .strict();
