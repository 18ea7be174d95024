// The widget's survey renderer: the shared renderer and controller inside a shadow root, so the host
// page's styles cannot touch the survey and ours cannot leak out. Loaded on demand by the loader.

import { esc, word } from '../../src/listen/channels/hosted/render.js';
import { SURVEY_CSS } from '../../src/listen/channels/hosted/style.js';
import { chooseLanguage, evaluate, localise } from '../../src/listen/surveys/logic.js';
import type { NorthstarApi, RenderRequest } from './types.js';
import { mountSurvey, type NamedProblem } from './ui.js';

const FRAME = `:host{all:initial}
.ns-w{position:fixed;z-index:2147483000;bottom:1rem;right:1rem;width:min(24rem,calc(100vw - 2rem));max-height:calc(100vh - 2rem);overflow:auto;background:#fff;border-radius:.5rem;box-shadow:0 10px 30px rgba(0,0,0,.25);padding:1rem 1rem .5rem}
.ns-w.bottom-left{right:auto;left:1rem}
.ns-w.center{top:50%;left:50%;right:auto;bottom:auto;transform:translate(-50%,-50%)}
.ns-w h2{font-size:1rem;margin:0 2rem .75rem 0}
.ns-x{position:absolute;top:.5rem;right:.5rem;width:2.75rem;height:2.75rem;border:0;background:none;font-size:1.5rem;line-height:1;cursor:pointer;color:#4b5563;border-radius:.375rem}
.ns-x:focus-visible{outline:3px solid #1d4ed8}`;

function render(r: RenderRequest): void {
  const { survey } = r;
  if (!r.force && survey.targeting && !evaluate(survey.targeting, {}, { attributes: r.attrs })) {
    r.end();
    return;
  }
  const def = survey.def;
  const lang = chooseLanguage(def, { link: r.lang, acceptLanguage: navigator.languages?.join(',') });
  const el = document.createElement('div');
  el.setAttribute('data-northstar', survey.id);
  // The host page's own rules (div { display: none }, say) must not hide the widget.
  el.style.setProperty('display', 'block', 'important');
  const shadow = el.attachShadow({ mode: 'open' });
  const title = esc(localise(def.title, lang, def.defaultLanguage));
  shadow.innerHTML = `<style>${SURVEY_CSS}${FRAME}</style><div class="ns ns-w ${survey.position}" role="dialog" aria-labelledby="ns-w-t" lang="${esc(lang)}"><button type="button" class="ns-x" aria-label="${esc(word(lang, 'close'))}">×</button><h2 id="ns-w-t">${title}</h2><div class="ns-root"></div></div>`;
  let ended = false;
  const end = (outcome: 'done' | 'dismissed') => {
    if (!ended) r.end(outcome);
    ended = true;
  };
  const close = () => {
    el.remove();
    end('dismissed');
  };
  shadow.querySelector('.ns-x')!.addEventListener('click', close);
  shadow.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Escape') close();
  });
  mountSurvey(
    shadow.querySelector<HTMLElement>('.ns-root')!,
    {
      def,
      lang,
      answers: {},
      done: [],
      seed: survey.token.slice(-16),
      attrs: r.attrs,
      action: '#',
      hidden: {},
    },
    {
      save: () => {},
      complete: async (answers) => {
        const res = await fetch(`${r.host}/api/v1/public/widget/${encodeURIComponent(r.site)}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'omit',
          body: JSON.stringify({
            surveyId: survey.id,
            token: survey.token,
            answers,
            language: lang,
            ...(r.user ? { user: r.user } : {}),
            url: location.href.slice(0, 2000),
          }),
        });
        if (res.ok) return [];
        const body = (await res.json().catch(() => ({}))) as { invalid_params?: NamedProblem[] };
        if (!body.invalid_params) throw new Error(String(res.status));
        return body.invalid_params;
      },
    },
    () => {
      end('done');
      setTimeout(() => el.remove(), 5000);
    },
  );
  document.body.appendChild(el);
  r.shown();
}

const w = window as unknown as { northstar?: NorthstarApi };
if (w.northstar)
  w.northstar._render = (r) => {
    try {
      render(r);
    } catch {
      r.end();
    }
  };
