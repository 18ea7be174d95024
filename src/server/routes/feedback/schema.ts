// Schemas of the feedback routes.
import { z } from 'zod';
import { DateRange, Paging, Uuid } from '../shared-schema.js';

/** List-feedback query. */
export const FeedbackQuery = Paging.extend(DateRange.shape)
  .extend({
    source: z.enum(['survey', 'review', 'ticket', 'social', 'import', 'api']).optional(),
    survey: Uuid.optional(),
    touchpoint: Uuid.optional(),
    contact: Uuid.optional(),
    journey: Uuid.optional(),
    channel: z.string().min(1).max(50).optional(),
    hasText: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();
