// Request schemas of the outcomes routes. Numbers may come as text: the service checks each item and
// names every problem (`items[3].amount`), so the schema stays permissive about number formats.
import { z } from 'zod';
import { Uuid } from '../shared-schema.js';

const Amount = z.union([z.string().max(40), z.number()]);

/** One outcome: a business event or fact about a contact. */
export const OutcomeCreate = z.object({
  key: z.string().min(1).max(200).describe('idempotency key: the same key is stored once'),
  contactId: z.string().max(100).optional(),
  contactExternalId: z.string().max(200).optional(),
  contactEmail: z.string().max(320).optional(),
  kind: z
    .string()
    .max(40)
    .describe(
      'revenue, order, invoice, mrr, arr, renewal, churn, complaint, support_cost, or a custom lower_snake name',
    ),
  occurredAt: z.string().max(40).describe('ISO 8601 date-time'),
  amount: Amount.optional().describe('money as a decimal (text keeps it exact), with currency'),
  currency: z.string().max(3).optional(),
  value: Amount.optional().describe('any other numeric outcome'),
  flag: z
    .union([z.boolean(), z.string().max(5)])
    .optional()
    .describe('a yes/no outcome'),
});
export type OutcomeCreate = z.infer<typeof OutcomeCreate>;

/** A batch of outcomes, all or nothing. */
export const OutcomeBatch = z.object({ items: z.array(OutcomeCreate).min(1).max(50_000) });

/** A CSV file of outcomes. */
export const OutcomeImport = z.object({
  fileName: z.string().max(200).optional(),
  content: z.string().min(1),
});

/** Listing filters. */
export const OutcomeQuery = z.object({
  contactId: Uuid.optional(),
  kind: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
