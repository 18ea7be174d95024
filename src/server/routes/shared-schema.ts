// Reusable schema fragments: ids, date ranges, paging.
import { z } from 'zod';
import { LIMITS } from '../../shared/limits.js';

/** A UUID path or query parameter. */
export const Uuid = z.uuid({ message: 'must be a UUID' });

/** `{ id }` path parameters. */
export const IdParams = z.object({ id: Uuid });

/** An ISO date or date-time in a query string. */
export const IsoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((s) => new Date(s));

/** `from`/`to` query parameters (from inclusive, to exclusive). */
export const DateRange = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });

/** Paging query parameters. */
export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
  cursor: z.string().max(200).optional(),
});

/** An IANA time zone name. */
export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Paris');
