// Shapes of the comment (text analytics) answers the dashboard reads. TODO(contract): switch to the
// server's response types once `web/src/types.ts` re-exports them.
import type { Interval } from './types.js';

/** One theme of `GET /api/v1/text/themes/impact`. */
export interface ThemeImpact {
  theme: string;
  name: string;
  mentions: number;
  share: number;
  scoreWith: number | null;
  scoreWithout: number | null;
  comparison: { difference: number; ci: Interval | null; p: number | null } | null;
  pAdjusted: number | null;
  priority: number | null;
}

/** Body of `GET /api/v1/text/themes/impact`. */
export interface ThemeImpactAnswer {
  measure: string;
  comments: number;
  overall: number | null;
  themes: ThemeImpact[];
}

/** A comment as search and verbatims give it. */
export interface Comment {
  id: string;
  text: string | null;
  occurredAt: string;
  channel?: string;
  touchpointId?: string | null;
  sentiment?: { label: string; score: number } | null;
  themes?: { id: string; name: string }[];
}
