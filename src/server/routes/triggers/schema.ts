// Schemas of the trigger routes.
import { z } from 'zod';
import { SegmentRule } from '../../../listen/contacts/index.js';
import { AttributeValue, IdentifiedContactRef as ContactRef } from '../contacts/schema.js';
import { TimeZone, Uuid } from '../shared-schema.js';

/** A trigger: contact X just finished touchpoint Y. */
export const TriggerCreate = z
  .object({
    touchpointId: Uuid,
    contact: ContactRef,
    eventId: z.string().min(1).max(200).optional(),
    attributes: z.record(z.string().max(63), AttributeValue).optional(),
  })
  .strict();

const Hour = z.number().int().min(0).max(23);

/** Create-trigger-rule body. */
export const TriggerRuleCreate = z
  .object({
    touchpointId: Uuid,
    surveyId: Uuid,
    channel: z.enum(['email', 'link']).default('email'),
    sampleRate: z.number().gt(0).max(1).default(1),
    quietHours: z.object({ start: Hour, end: Hour }).strict().optional(),
    defaultTimeZone: TimeZone.optional(),
    conditions: SegmentRule.optional(),
  })
  .strict();

/** List-decisions query. */
export const DecisionQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    decision: z.enum(['invite', 'skip']).optional(),
  })
  .strict();
