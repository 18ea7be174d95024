// Read-only share links of a dashboard view (pure zod: the dashboard imports the types).
import { z } from 'zod';
import { Id, listOf, Timestamp } from './common.js';

/** A share link (never its token, which only its creation answer carries). */
export const ShareLink = z.object({
  id: Id,
  path: z.string().describe('The shared view: a dashboard page with its filters, e.g. /gaps?range=90d'),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
});
export type ShareLink = z.output<typeof ShareLink>;
/** The organisation's share links, newest first. */
export const ShareLinkList = listOf(ShareLink);
export type ShareLinkList = z.output<typeof ShareLinkList>;
/** A new share link with its URL (the token is in this answer only). */
export const ShareLinkCreated = ShareLink.extend({
  url: z.string().describe('<origin>/shared/<token>: opens the view read-only without logging in'),
});
export type ShareLinkCreated = z.output<typeof ShareLinkCreated>;
