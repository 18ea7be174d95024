// Schemas of the import routes.
import { z } from 'zod';
import { ImportMappingSchema } from '../../../listen/imports/index.js';

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
    mapping: ImportMappingSchema.default({ columns: {} }),
    skipInvalid: z.boolean().default(false),
  })
  .strict();
