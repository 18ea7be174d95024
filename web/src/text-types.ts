// Types of the comment (text analytics) answers, from the server's response schemas.
import type * as api from '../../src/shared/api/index.js';

/** Body of `GET /api/v1/text/themes/impact`. */
export type ThemeImpactAnswer = api.ThemeImpact;
/** One theme of it. */
export type ThemeImpact = api.ThemeImpact['themes'][number];
/** Body of `GET /api/v1/text/search`. */
export type CommentPage = api.CommentPage;
/** Body of `GET /api/v1/text/themes/{id}/verbatims`. */
export type Verbatims = api.Verbatims;
/** Body of `GET /api/v1/text/themes/suggestions`. */
export type ThemeSuggestions = api.ThemeSuggestions;
/** Body of `GET /api/v1/text/themes/trend`. */
export type ThemeTrend = api.ThemeTrend;
