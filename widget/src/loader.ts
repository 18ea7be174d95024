// The widget loader: the one <script> a site adds. It reads data-* configuration, defines
// window.northstar (identify, track, show), fetches the site's surveys and watches their triggers
// (page view with URL rules, custom events, time on page, exit intent, scroll depth). The renderer loads
// only when a survey is due. What this browser was shown and answered is kept per survey in localStorage
// (in memory when storage is unavailable) for the recontact rules. Everything fails silently: the host
// page never sees an error from us.
import type { NorthstarApi, RenderRequest, WidgetSurveyConfig } from './types.js';

type UrlRule = { op: string; value: string } | undefined;
/** A visitor's history with one survey: displays, last display and response (ms), ended (answered or closed). */
type Seen = { n?: number; d?: number; r?: number; e?: number };

(() => {
  const w = window as unknown as { northstar?: NorthstarApi };
  const prior = w.northstar;
  if (prior?._v) return;
  try {
    const script = document.currentScript as HTMLScriptElement | null;
    const data = script?.dataset ?? {};
    const host = (data.host || (script ? new URL(script.src).origin : '')).replace(/\/$/, '');
    const site = data.site || '';
    let user: RenderRequest['user'];
    let attrs: Record<string, unknown> = {};
    let surveys: WidgetSurveyConfig[] | undefined;
    let busy = false;
    let renderer: Promise<void> | undefined;
    const later: [string, unknown[]][] = [];

    // Storage may be blocked (privacy modes, sandboxed frames): memory keeps this page's decisions then.
    const mem: Record<string, string> = {};
    const store = (k: string, v?: string): string | null => {
      if (v !== undefined) mem[k] = v;
      try {
        if (v === undefined) return localStorage.getItem(k) ?? mem[k] ?? null;
        localStorage.setItem(k, v);
      } catch {}
      return mem[k] ?? null;
    };
    const seen = (k: string): Seen | 'out' => {
      const v = store(k);
      if (v === 'out') return v;
      try {
        return v ? (JSON.parse(v) as Seen) : {};
      } catch {
        return { e: 1 }; // an earlier version's 'done' or 'dismissed'
      }
    };
    const note = (k: string, change: (s: Seen) => void) => {
      const s = seen(k);
      if (s === 'out') return;
      change(s);
      store(k, JSON.stringify(s));
    };
    // Whether the recontact rules let this visitor be offered the survey now.
    const due = (survey: WidgetSurveyConfig, s: Seen) => {
      const f = survey.frequency;
      if (!f) return !s.e;
      const ago = (t: number | undefined, days: number | undefined) =>
        t !== undefined && days !== undefined && Date.now() - t < days * 864e5;
      return (
        (s.n ?? 0) < (f.maxDisplays ?? 1e9) &&
        !ago(s.d, f.displayGapDays) &&
        (s.r === undefined || (f.responseGapDays !== undefined && !ago(s.r, f.responseGapDays)))
      );
    };
    const urlOk = (r: UrlRule) => {
      if (!r) return true;
      const u = location.href;
      const v = r.value;
      try {
        return r.op === 'equals'
          ? u === v || location.pathname === v
          : r.op === 'starts_with'
            ? u.startsWith(v) || location.pathname.startsWith(v)
            : r.op === 'ends_with'
              ? u.endsWith(v) || location.pathname.endsWith(v)
              : r.op === 'regex'
                ? new RegExp(v).test(u)
                : u.includes(v);
      } catch {
        return false;
      }
    };
    const load = () =>
      (renderer ||= new Promise<void>((ok, fail) => {
        const s = document.createElement('script');
        s.src = `${host}/widget/renderer.js`;
        s.async = true;
        s.onload = () => ok();
        s.onerror = () => {
          renderer = undefined;
          fail();
        };
        document.head.appendChild(s);
      }));

    const offer = (survey: WidgetSurveyConfig, force: boolean) => {
      const key = `ns_w_${survey.id}`;
      if (busy) return;
      if (!force) {
        const s = seen(key);
        if (s === 'out' || !due(survey, s)) return;
        // Sampling is sticky per browser: a visitor left out stays out.
        if (s.n === undefined && s.e === undefined && Math.random() * 100 >= survey.sampling) {
          store(key, 'out');
          return;
        }
      }
      busy = true;
      load()
        .then(() =>
          api._render?.({
            host,
            site,
            survey,
            user,
            attrs,
            lang: data.lang,
            force,
            shown: () =>
              note(key, (s) => {
                s.n = (s.n ?? 0) + 1;
                s.d = Date.now();
              }),
            end: (outcome) => {
              busy = false;
              if (outcome)
                note(key, (s) => {
                  s.e = 1;
                  if (outcome === 'done') s.r = Date.now();
                });
            },
          }),
        )
        .catch(() => {
          busy = false;
        });
    };
    const fire = (type: string, name?: string) => {
      for (const s of surveys ?? [])
        if (
          s.triggers.some(
            (t) => t.type === type && (type !== 'event' || ('name' in t && t.name === name)) && urlOk(t.url),
          )
        )
          offer(s, false);
    };

    const api: NorthstarApi = {
      _v: 1,
      identify(u, a) {
        user = typeof u === 'string' ? { id: u } : (u ?? undefined);
        attrs = { ...attrs, ...(a ?? {}) };
      },
      track(event) {
        if (!surveys) later.push(['track', [event]]);
        else if (event === '$pageview') fire('pageview');
        else fire('event', String(event));
      },
      show(id) {
        if (!surveys) later.push(['show', [id]]);
        const s = surveys?.find((x) => x.id === id);
        if (s) offer(s, true);
      },
    };
    w.northstar = api;
    for (const [m, args] of prior?.q ?? [])
      (api as unknown as Record<string, (...a: unknown[]) => void>)[m]?.(...args);

    if (!site || !host) return;
    fetch(`${host}/api/v1/public/widget/${encodeURIComponent(site)}/config`, { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : undefined))
      .then((cfg: { surveys: WidgetSurveyConfig[] } | undefined) => {
        if (!cfg) return;
        surveys = cfg.surveys;
        fire('pageview');
        for (const s of surveys)
          for (const t of s.triggers)
            if (t.type === 'time') setTimeout(() => urlOk(t.url) && offer(s, false), t.seconds * 1000);
        if (surveys.some((s) => s.triggers.some((t) => t.type === 'exit')))
          document.addEventListener('mouseout', (e) => {
            if (!e.relatedTarget && e.clientY <= 0) fire('exit');
          });
        // Scroll depth: the share of the page seen so far (a page that does not scroll is all seen).
        const depth = () => {
          const h = document.documentElement.scrollHeight;
          const pct = h > innerHeight ? ((scrollY + innerHeight) / h) * 100 : 100;
          for (const s of surveys ?? [])
            if (s.triggers.some((t) => t.type === 'scroll' && pct >= t.percent && urlOk(t.url)))
              offer(s, false);
        };
        if (surveys.some((s) => s.triggers.some((t) => t.type === 'scroll'))) {
          addEventListener('scroll', depth, { passive: true });
          depth();
        }
        for (const [m, args] of later.splice(0))
          (api as unknown as Record<string, (...a: unknown[]) => void>)[m]?.(...args);
      })
      .catch(() => {});
  } catch {}
})();
