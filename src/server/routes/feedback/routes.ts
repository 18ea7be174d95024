// Reading the unified feedback records.
import { listFeedback } from '../../../listen/index.js';
import * as api from '../../../shared/api/index.js';
import { presentFeedback } from '../../presenters.js';
import { defineRoute } from '../../route.js';
import { FeedbackQuery } from './schema.js';

/** GET /api/v1/feedback */
export const listFeedbackRoute = defineRoute({
  summary: 'List feedback records, newest first, with filters and cursor paging',
  tags: ['feedback'],
  schema: { querystring: FeedbackQuery, response: { 200: api.FeedbackPage } },
  handler: async ({ query, principal, deps }) => {
    const page = await listFeedback(deps.sql, principal.orgId, {
      limit: query.limit,
      cursor: query.cursor,
      source: query.source,
      surveyId: query.survey,
      touchpointId: query.touchpoint,
      contactId: query.contact,
      journeyId: query.journey,
      channel: query.channel,
      from: query.from,
      to: query.to,
      hasText: query.hasText,
    });
    return { items: page.items.map(presentFeedback), nextCursor: page.nextCursor };
  },
});
