// Schemas of the survey routes.
import { z } from 'zod';
import { NewSurveyDefinition } from '../../../listen/index.js';
import { IdParams, Uuid } from '../shared-schema.js';

const Status = z.enum(['draft', 'live', 'closed']);

/** Create-survey body. */
export const SurveyCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    status: Status.optional(),
    touchpointId: Uuid.nullable().optional(),
    // Without a default language, the organisation's is taken.
    definition: NewSurveyDefinition,
  })
  .strict();

/** Update-survey body: a new definition makes a new version. */
export const SurveyUpdate = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    status: Status.optional(),
    touchpointId: Uuid.nullable().optional(),
    // Without a default language, the current version's is kept.
    definition: NewSurveyDefinition.optional(),
  })
  .strict();

/** A survey and one of its versions. */
export const SurveyVersionParams = IdParams.extend({
  version: z.coerce.number().int().min(1).max(2_147_483_647),
}).strict();
