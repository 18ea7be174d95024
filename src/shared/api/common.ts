// Shapes every response shares: ids, timestamps, intervals, pages, problems. Pure zod: the dashboard
// imports the types (`import type`) and the server checks its responses against the schemas.
import { z } from 'zod';
import { PROBLEM_CODES } from '../../platform/errors/index.js';

/** An id (UUID text). */
export const Id = z.string().describe('A UUID');
/** A moment as ISO 8601 text in UTC, e.g. `2026-03-01T09:30:00.000Z`. */
export const Timestamp = z.iso.datetime({ offset: true });
/** A confidence interval; `level` is 0.95 for a 95% interval. */
export const ConfidenceInterval = z.object({ low: z.number(), high: z.number(), level: z.number() });
/** A JSON object whose keys are free (attributes, metadata, answers). */
export const JsonObject = z.record(z.string(), z.unknown());
/** A field and what is wrong with it. */
export const InvalidParam = z.object({ name: z.string(), reason: z.string() });

/** An RFC 9457 problem, as every error leaves the API (`application/problem+json`). */
export const Problem = z.object({
  type: z.string().describe('https://northstar.dev/problems/<code with dashes>'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.enum(PROBLEM_CODES).describe('The stable machine code (see docs/api.md)'),
  instance: z.string().optional(),
  invalid_params: z.array(InvalidParam).optional(),
  request_id: z.string().optional(),
});

/** `{ items }`: a whole list. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
/** `{ items, nextCursor }`: one page; pass `nextCursor` as `cursor` for the next (null: the last page). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A 204 response: no body. */
export const NoContent = z.null().describe('No content');

/** Per-item results of a batch: counts by status, and each item's outcome in input order. */
export const batchOf = <T extends z.ZodType>(created: T) =>
  z.object({
    summary: z.record(z.string(), z.number().int()).describe('Items by status: created, duplicate, invalid'),
    results: z.array(
      z.union([
        created,
        z.object({ index: z.number().int(), status: z.literal('invalid'), errors: z.array(InvalidParam) }),
      ]),
    ),
  });

// The types of the bodies above, for the dashboard (`import type`).
export type Id = z.output<typeof Id>;
export type Timestamp = z.output<typeof Timestamp>;
export type ConfidenceInterval = z.output<typeof ConfidenceInterval>;
export type JsonObject = z.output<typeof JsonObject>;
export type InvalidParam = z.output<typeof InvalidParam>;
export type Problem = z.output<typeof Problem>;
export type NoContent = z.output<typeof NoContent>;
