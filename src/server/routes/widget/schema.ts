// Schemas of the widget routes: sites (admin) and the public configuration and response endpoints.
import { z } from 'zod';
import { WidgetSurvey } from '../../../listen/channels/widget/index.js';
import { LIMITS } from '../../../shared/limits.js';

/** Create a widget site. */
export const WidgetSiteCreate = z
  .object({
    name: z.string().trim().min(1).max(200),
    origins: z.array(z.string().max(300)).max(50),
    surveys: z.array(WidgetSurvey).max(50),
  })
  .strict();

/** `{ siteKey }` path parameters. */
export const SiteKeyParams = z.object({ siteKey: z.string().max(100) });

/** A response from the widget. */
export const WidgetResponseBody = z
  .object({
    surveyId: z.uuid(),
    token: z.string().min(10).max(2000),
    answers: z.record(z.string().max(64), z.unknown()),
    language: z
      .string()
      .regex(/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})?$/)
      .optional(),
    user: z
      .object({ id: z.string().min(1).max(200).optional(), email: z.email().max(320).optional() })
      .strict()
      .optional(),
    url: z.string().max(LIMITS.questionTextLength).optional(),
  })
  .strict();
