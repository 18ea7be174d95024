// Schema of the SurveyJS import route.
import { z } from 'zod';

/** Import body: the SurveyJS JSON, and whether to create a draft survey from it. */
export const SurveyJsImportBody = z
  .object({
    surveyjs: z.record(z.string(), z.unknown()),
    name: z.string().trim().min(1).max(200).optional(),
    create: z.boolean().default(false),
  })
  .strict();
