// The survey controller in the browser: renders one step at a time with the shared renderer, checks each
// answer as the server would, follows the survey's logic, and hands answers to its transport. Used by
// the hosted page's script and by the website widget alike.
import {
  checkStep,
  readAnswer,
  renderEnding,
  renderStep,
  word,
} from '../../src/listen/channels/hosted/render.js';
import type { SurveyDefinition } from '../../src/listen/surveys/definition.js';
import { type AnswerProblem, type Answers, surveyPath } from '../../src/listen/surveys/logic.js';

/** A respondent's state, as the page or the widget starts it. */
export interface SurveyState {
  def: SurveyDefinition;
  lang: string;
  answers: Answers;
  done: string[];
  seed: string;
  attrs: Record<string, unknown>;
  /** Form action and hidden fields (so the rendered form also works as a plain post). */
  action: string;
  hidden: Record<string, string>;
}

/** Problems the server named, as `answers.<questionId>[.<part>]`. */
export interface NamedProblem {
  name: string;
  reason: string;
}

/** Where answers go. */
export interface Transport {
  /** Save partial answers (best effort; may do nothing). */
  save(answers: Answers, done: string[]): void;
  /** Submit the response: nothing on success, the named problems when refused; throws when unreachable. */
  complete(answers: Answers): Promise<NamedProblem[]>;
}

/** Mount a survey in `root` (an element, in a document or a shadow root); returns when it is drawn. */
export function mountSurvey(root: HTMLElement, s: SurveyState, t: Transport, onEnd?: () => void): void {
  const ctx = { attributes: s.attrs };
  let shown: { id: string; value: unknown; problems: AnswerProblem[] } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;

  const path = () => surveyPath(s.def, s.answers, ctx);
  const current = () => {
    const qs = path().questions;
    const i = qs.findIndex((q) => !s.done.includes(q.id));
    return i < 0 ? undefined : { q: qs[i]!, i, qs };
  };

  const focus = (selector: string) => {
    const el = root.querySelector<HTMLElement>(selector);
    if (el) {
      if (!el.hasAttribute('tabindex') && !/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName))
        el.tabIndex = -1;
      el.focus();
    }
  };

  const draw = (moveFocus: boolean) => {
    const cur = current();
    if (!cur) {
      root.innerHTML = renderEnding(s.def, s.lang, path().ending, s.answers, ctx);
      if (moveFocus) focus('.ns-end');
      onEnd?.();
      return;
    }
    const own = shown && shown.id === cur.q.id ? shown : undefined;
    root.innerHTML = renderStep({
      def: s.def,
      lang: s.lang,
      question: cur.q,
      answers: s.answers,
      ctx,
      seed: s.seed,
      value: own ? own.value : s.answers[cur.q.id],
      problems: own?.problems ?? [],
      position: cur.i + 1,
      total: cur.qs.length,
      action: s.action,
      hidden: { ...s.hidden, q: cur.q.id },
    });
    if (own && own.problems.length > 0) focus('[aria-invalid="true"]');
    else if (moveFocus) focus('.ns-q');
  };

  const read = (form: HTMLFormElement, q: NonNullable<ReturnType<typeof current>>['q']) => {
    const data = new FormData(form);
    return readAnswer(q, (name) => data.getAll(name).map(String));
  };

  const finish = async () => {
    busy = true;
    let problems: NamedProblem[] | undefined;
    try {
      problems = await t.complete(s.answers);
    } catch {
      problems = undefined;
    }
    const named = problems?.map((p) => /^answers\.([^.]+)(?:\.(.+))?$/.exec(p.name)).find(Boolean);
    if (!problems || (problems.length > 0 && !named)) {
      // Unreachable server or a refusal we cannot place: stay on the last question with a message.
      const last = path().questions.at(-1);
      if (last) {
        s.done = s.done.filter((id) => id !== last.id);
        shown = { id: last.id, value: s.answers[last.id], problems: [{ reason: word(s.lang, 'offline') }] };
      }
      busy = false;
      draw(true);
      return;
    }
    busy = false;
    if (named) {
      const id = named[1]!;
      s.done = s.done.filter((x) => x !== id);
      shown = {
        id,
        value: s.answers[id],
        problems: problems
          .filter((p) => p.name === `answers.${id}` || p.name.startsWith(`answers.${id}.`))
          .map((p) =>
            p.name === `answers.${id}`
              ? { reason: p.reason }
              : { name: p.name.slice(id.length + 9), reason: p.reason },
          ),
      };
    }
    draw(true);
  };

  const flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    t.save(s.answers, s.done);
  };
  // Leaving the page (reload, tab closed) sends what is still waiting for its debounce.
  addEventListener('pagehide', flush);

  root.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    timer = undefined;
    const cur = current();
    const form = e.target as HTMLFormElement;
    if (!cur || busy) return;
    const back = (e as SubmitEvent).submitter?.getAttribute('value') === 'back';
    shown = undefined;
    if (back) {
      const prev = cur.qs[cur.i - 1];
      s.done = s.done.filter((id) => id !== prev?.id && id !== cur.q.id);
      t.save(s.answers, s.done);
      draw(true);
      return;
    }
    const value = read(form, cur.q);
    const problems = checkStep(cur.q, value);
    if (problems.length > 0) {
      shown = { id: cur.q.id, value, problems };
      draw(true);
      return;
    }
    if (value === undefined) delete s.answers[cur.q.id];
    else s.answers[cur.q.id] = value;
    if (!s.done.includes(cur.q.id)) s.done.push(cur.q.id);
    if (current()) {
      t.save(s.answers, s.done);
      draw(true);
    } else void finish();
  });

  // Save the question in progress as the respondent goes: a dropped connection loses at most a keystroke.
  root.addEventListener('change', (e) => {
    const cur = current();
    const form = (e.target as HTMLElement).closest('form');
    if (!cur || !form) return;
    const value = read(form, cur.q);
    if (value === undefined) delete s.answers[cur.q.id];
    else s.answers[cur.q.id] = value;
    clearTimeout(timer);
    timer = setTimeout(flush, 300);
  });

  draw(false);
}
