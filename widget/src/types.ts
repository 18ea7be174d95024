// Plain types shared by the loader and the renderer (no code: the loader stays tiny).
import type { WidgetConfig } from '../../src/listen/channels/widget/index.js';

/** One survey of the site's configuration. */
export type WidgetSurveyConfig = WidgetConfig['surveys'][number];

/** What the loader hands the renderer to show one survey. */
export interface RenderRequest {
  host: string;
  site: string;
  survey: WidgetSurveyConfig;
  user: { id?: string; email?: string } | undefined;
  attrs: Record<string, unknown>;
  lang: string | undefined;
  /** Shown by `northstar.show()`: targeting is skipped. */
  force: boolean;
  /** Called when the survey is on screen (a display, for the recontact rules). */
  shown(): void;
  /** Called once: 'done' (answered), 'dismissed' (closed), or undefined (not shown: targeting). */
  end(outcome?: 'done' | 'dismissed'): void;
}

/** The one global: `window.northstar`. */
export interface NorthstarApi {
  identify(user: string | { id?: string; email?: string } | null, attributes?: Record<string, unknown>): void;
  track(event: string): void;
  show(surveyId: string): void;
  /** Calls queued by a snippet before the loader ran. */
  q?: [string, unknown[]][];
  /** Set by the renderer when it loads. */
  _render?: (r: RenderRequest) => void;
  _v?: number;
}
