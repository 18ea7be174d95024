// Live feedback for the dashboard: a server-sent-events stream of new records of the caller's organisation.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { feedbackFeed } from '../../../listen/index.js';
import { presentFeedback } from '../../presenters.js';
import { defineRoute, media } from '../../route.js';
import { Uuid } from '../shared-schema.js';

const StreamQuery = z
  .object({
    source: z.enum(['survey', 'review', 'ticket', 'social', 'import', 'api']).optional(),
    survey: Uuid.optional(),
  })
  .strict();

const open = new Set<ServerResponse>();

/** End every open stream (the server is closing): browsers reconnect to another process. */
export function endFeedbackStreams(): void {
  for (const res of open) res.end();
  open.clear();
}

/** GET /api/v1/feedback/stream */
export const feedbackStreamRoute = defineRoute({
  summary:
    'Server-sent events: each new feedback record of your organisation as an `event: feedback` (JSON as in GET /api/v1/feedback), within a second of being stored, from any server process',
  tags: ['feedback'],
  schema: {
    querystring: StreamQuery,
    response: {
      200: media('text/event-stream', 'Server-sent events: `event: feedback` with a FeedbackItem as data'),
    },
  },
  handler: async ({ query, principal, deps, req, reply }) => {
    // HEAD (Fastify answers it with this handler) gets the headers only: a stream would never end.
    if (req.method === 'HEAD') {
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-store')
        .send();
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': req.id,
    });
    res.write('retry: 3000\n\n');
    open.add(res);
    const unsubscribe = await feedbackFeed(deps.sql).subscribe(principal.orgId, (items) => {
      for (const f of items) {
        if (query.source && f.source !== query.source) continue;
        if (query.survey && f.surveyId !== query.survey) continue;
        res.write(`id: ${f.id}\nevent: feedback\ndata: ${JSON.stringify(presentFeedback(f))}\n\n`);
      }
    });
    // A comment every 15 s keeps proxies from closing an idle stream.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    res.write(': connected\n\n');
    const done = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
    };
    res.on('close', done);
    res.on('error', done);
    // The reply was hijacked: the stream is written above, nothing is returned.
    return undefined;
  },
});
