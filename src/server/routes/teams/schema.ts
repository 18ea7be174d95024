// Schemas of the team routes.
import { z } from 'zod';
import { Uuid } from '../shared-schema.js';

const Escalation = z
  .object({
    emails: z.array(z.email()).max(20).optional(),
    slackUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  })
  .strict();

/** Create-team body. */
export const TeamCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    memberIds: z.array(Uuid).max(500).optional(),
    touchpointIds: z.array(Uuid).max(500).optional(),
    escalation: Escalation.optional(),
  })
  .strict();

/** Change-team body. */
export const TeamUpdate = TeamCreate.partial().strict();
