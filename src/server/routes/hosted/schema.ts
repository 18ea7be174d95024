// Schemas of the hosted survey page: the page query, the plain form post, and the script's JSON bodies.
import { z } from 'zod';
import { LIMITS } from '../../../shared/limits.js';
import { Uuid } from '../shared-schema.js';

const Token = z.string().min(10).max(2000);

/** `/s/:id` path parameters. */
export const SurveyPageParams = z.object({ id: z.string().max(100) });

/**
 * Page query: a personal token and a language; other parameters (campaign tags) are ignored. Both are
 * lenient: a mangled link still opens the page (a bad token is refused on the page, an unknown language
 * falls back).
 */
export const SurveyPageQuery = z.looseObject({
  t: z.string().max(2000).optional(),
  lang: z.string().max(35).optional(),
});

/** A plain form post: field name → value(s). Which fields matter depends on the question. */
export const SurveyFormBody = z.record(
  z.string().max(200),
  z.union([
    z.string().max(LIMITS.commentLength),
    z.array(z.string().max(LIMITS.commentLength)).max(LIMITS.choicesPerQuestion),
  ]),
);

/** The page script's partial save. */
export const PartialBody = z
  .object({
    ft: Token,
    t: Token.optional(),
    answers: z.record(z.string().max(64), z.unknown()),
    done: z.array(z.string().max(64)).max(LIMITS.questionsPerSurvey),
  })
  .strict();

/** The page script's completion. */
export const CompleteBody = z
  .object({ ft: Token, t: Token.optional(), answers: z.record(z.string().max(64), z.unknown()) })
  .strict();

/** Create a personal single-use link. */
export const PersonalLinkCreate = z
  .object({ contactId: Uuid.optional(), expiresAt: z.iso.datetime({ offset: true }).optional() })
  .strict();
