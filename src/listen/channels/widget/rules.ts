// What a widget site shows and when: its surveys with triggers, targeting, sampling and position. Pure
// zod, no I/O: the API contract (`src/shared/api`) documents stored sites with it.
import { z } from 'zod';
import { Condition } from '../../surveys/definition.js';

const UrlRule = z
  .object({
    op: z.enum(['equals', 'contains', 'starts_with', 'ends_with', 'regex']),
    value: z.string().min(1).max(500),
  })
  .strict()
  .refine((r) => {
    if (r.op !== 'regex') return true;
    try {
      new RegExp(r.value);
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

/** When the widget offers a survey: a page view, a custom event, time on page, exit intent, or scroll depth; each optionally on matching URLs. */
export const Trigger = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pageview'), url: UrlRule.optional() }).strict(),
  z.object({ type: z.literal('event'), name: z.string().min(1).max(100), url: UrlRule.optional() }).strict(),
  z
    .object({ type: z.literal('time'), seconds: z.number().int().min(1).max(3600), url: UrlRule.optional() })
    .strict(),
  z.object({ type: z.literal('exit'), url: UrlRule.optional() }).strict(),
  /** Once the visitor has scrolled this share of the page (a page that does not scroll counts as read). */
  z
    .object({ type: z.literal('scroll'), percent: z.number().int().min(1).max(100), url: UrlRule.optional() })
    .strict(),
]);

const Days = z.number().int().min(1).max(3650);
/**
 * How often one visitor (one browser) may be offered the survey. Without it, a visitor who answered or
 * closed it is never offered it again. With it, each rule given holds: not within `displayGapDays` of the
 * last display, not within `responseGapDays` of the last response (omitted: never again after a response),
 * and at most `maxDisplays` displays in all.
 */
export const WidgetFrequency = z
  .object({
    displayGapDays: Days.optional(),
    responseGapDays: Days.optional(),
    maxDisplays: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .refine(
    (f) => Object.keys(f).length > 0,
    'give at least one of displayGapDays, responseGapDays, maxDisplays',
  );
/** How often one visitor may be offered a survey. */
export type WidgetFrequency = z.infer<typeof WidgetFrequency>;

/** One survey on a site. */
export const WidgetSurvey = z
  .object({
    surveyId: z.uuid(),
    triggers: z.array(Trigger).min(1).max(20),
    /** A condition on the attributes given to `northstar.identify` (questions cannot be used here). */
    targeting: Condition.optional(),
    /** Percentage of visitors offered the survey (sticky per browser). */
    sampling: z.number().min(0).max(100).default(100),
    position: z.enum(['bottom-right', 'bottom-left', 'center']).default('bottom-right'),
    /** Recontact rules per visitor, kept in the visitor's browser. */
    frequency: WidgetFrequency.optional(),
  })
  .strict();
/** One survey on a site. */
export type WidgetSurvey = z.infer<typeof WidgetSurvey>;
