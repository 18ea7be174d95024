// The hosted survey page: a whole HTML document around the renderer's step, ending or notice.
import { localise, type Question, surveyPath } from '../../surveys/index.js';
import { currentQuestion, pathPosition, referencedAttributes } from './path.js';
import { esc, renderEnding, renderNotice, renderStep, word } from './render.js';
import { SURVEY_CSS } from './style.js';
import type { Visit } from './visits.js';

/** A step to show instead of the current one (a refused answer, with its problems). */
export interface ShownStep {
  question: Question;
  value: unknown;
  problems: { name?: string; reason: string }[];
}

/** What the page's script needs to carry on without reloading (see widget/src/page.ts). */
export interface PageData {
  def: Visit['survey']['definition'];
  lang: string;
  answers: Visit['answers'];
  done: string[];
  seed: string;
  ft: string;
  t?: string;
  attrs: Record<string, unknown>;
  action: string;
}

/** The whole page for a visit: the ending when done, a notice when closed, else the current step. */
export function renderVisitPage(
  visit: Visit,
  opts: { scriptUrl?: string | undefined; shown?: ShownStep } = {},
): string {
  const def = visit.survey.definition;
  const lang = visit.lang;
  const title = localise(def.title, lang, def.defaultLanguage);
  const action = `/s/${visit.survey.id}`;
  let main: string;
  let withScript = false;
  let error = false;
  if (visit.completed) {
    main = renderEnding(
      def,
      lang,
      surveyPath(def, visit.answers, visit.ctx).ending,
      visit.answers,
      visit.ctx,
    );
  } else if (visit.survey.status !== 'live') {
    main = renderNotice(lang, 'closed');
  } else {
    const cur = opts.shown
      ? {
          question: opts.shown.question,
          ...(pathPosition(visit, opts.shown.question.id) ?? { position: 1, total: 1 }),
        }
      : currentQuestion(visit);
    if (!cur) {
      main = renderEnding(
        def,
        lang,
        surveyPath(def, visit.answers, visit.ctx).ending,
        visit.answers,
        visit.ctx,
      );
    } else {
      error = Boolean(opts.shown && opts.shown.problems.length > 0);
      const hidden: Record<string, string> = { ft: visit.formToken, q: cur.question.id };
      if (visit.personalToken) hidden.t = visit.personalToken;
      main = renderStep({
        def,
        lang,
        question: cur.question,
        answers: visit.answers,
        ctx: visit.ctx,
        seed: visit.seed,
        value: opts.shown ? opts.shown.value : visit.answers[cur.question.id],
        problems: opts.shown?.problems ?? [],
        position: cur.position,
        total: cur.total,
        action,
        hidden,
      });
      withScript = true;
    }
  }
  const data: PageData = {
    def,
    lang,
    answers: visit.answers,
    done: visit.done,
    seed: visit.seed,
    ft: visit.formToken,
    ...(visit.personalToken ? { t: visit.personalToken } : {}),
    attrs: referencedAttributes(def, visit.ctx.attributes ?? {}),
    action,
  };
  // JSON inside <script> must not close the element: escape every "<".
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const script =
    withScript && opts.scriptUrl
      ? `<script type="application/json" id="ns-data">${json}</script><script src="${esc(opts.scriptUrl)}" defer></script>`
      : '';
  return `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${error ? `${esc(word(lang, 'error'))}: ` : ''}${esc(title)}</title><style>${SURVEY_CSS}</style></head><body><main class="ns" id="ns-main"><h1>${esc(title)}</h1><div id="ns-root">${main}</div></main>${script}</body></html>`;
}
