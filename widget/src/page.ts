// The hosted survey page's script: progressive enhancement of the server-rendered form. Without it the
// page still works as plain form posts; with it, steps change in place and answers save as you go.
import type { PageData } from '../../src/listen/channels/hosted/page.js';
import { readAnswer } from '../../src/listen/channels/hosted/render.js';
import { mountSurvey, type NamedProblem } from './ui.js';

function start(): void {
  const data = document.getElementById('ns-data');
  const root = document.getElementById('ns-root');
  if (!data || !root?.querySelector('form')) return;
  const d = JSON.parse(data.textContent ?? '{}') as PageData;
  const post = (url: string, body: unknown) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
      keepalive: true,
    });
  const auth = { ft: d.ft, ...(d.t ? { t: d.t } : {}) };
  // Whatever was picked before this script ran is kept.
  const form = new FormData(root.querySelector('form')!);
  const q = form.get('q');
  const question = d.def.questions.find((x) => x.id === q);
  const early = question ? readAnswer(question, (name) => form.getAll(name).map(String)) : undefined;
  if (question && early !== undefined && early !== false) d.answers[question.id] = early;
  mountSurvey(
    root,
    {
      def: d.def,
      lang: d.lang,
      answers: d.answers,
      done: d.done,
      seed: d.seed,
      attrs: d.attrs,
      action: d.action,
      hidden: { ...auth },
    },
    {
      save: (answers, done) => {
        post(`${d.action}/partial`, { ...auth, answers, done }).catch(() => {});
      },
      complete: async (answers) => {
        const res = await post(`${d.action}/complete`, { ...auth, answers });
        if (res.ok) return [];
        const body = (await res.json().catch(() => ({}))) as {
          invalid_params?: NamedProblem[];
          detail?: string;
        };
        return (
          body.invalid_params ?? [
            { name: `answers.${String(q)}`, reason: body.detail ?? `error ${res.status}` },
          ]
        );
      },
    },
  );
}

start();
