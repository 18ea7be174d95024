// The one survey renderer: plain HTML strings for a step, an ending and a notice, and the reading of a
// submitted form. Pure (no DOM, no I/O): the server renders the hosted page with it, and the widget
// build bundles the same module for the hosted page's script and the website widget.
import type { Question, SurveyDefinition } from '../../surveys/definition.js';
import {
  type AnswerProblem,
  type Answers,
  checkAnswer,
  checkComplete,
  type Ending,
  isEmpty,
  type Localised,
  localise,
  mayLeadOn,
  orderItems,
  pairParts,
  pipe,
  type RespondentContext,
  SCORE_RANGES,
} from '../../surveys/logic.js';

/** Words of the respondent interface, per language (English is the fallback). */
const UI: Record<string, Record<string, string>> = {
  en: {
    next: 'Next',
    back: 'Back',
    submit: 'Submit',
    progress: 'Question {n} of {t}',
    required: '(required)',
    error: 'Error',
    choose: 'Choose…',
    yes: 'I agree',
    thanks: 'Thank you!',
    done: 'Your answers have been recorded.',
    already: 'You have already answered this survey. Thank you!',
    closed: 'This survey is not open for answers.',
    continue: 'Continue',
    close: 'Close',
    offline: 'Could not send your answers. Check your connection and try again.',
    name: 'Name',
    email: 'Email',
    phone: 'Phone',
    company: 'Company',
    expectation: 'Expected',
    perception: 'Experienced',
    importance: 'Importance',
    performance: 'Performance',
    npsLo: 'Not at all likely',
    npsHi: 'Extremely likely',
    csatLo: 'Very dissatisfied',
    csatHi: 'Very satisfied',
    cesLo: 'Strongly disagree',
    cesHi: 'Strongly agree',
  },
  fr: {
    next: 'Suivant',
    back: 'Retour',
    submit: 'Envoyer',
    progress: 'Question {n} sur {t}',
    required: '(obligatoire)',
    error: 'Erreur',
    choose: 'Choisir…',
    yes: "J'accepte",
    thanks: 'Merci !',
    done: 'Vos réponses ont été enregistrées.',
    already: 'Vous avez déjà répondu à ce questionnaire. Merci !',
    closed: "Ce questionnaire n'est pas ouvert.",
    continue: 'Continuer',
    close: 'Fermer',
    offline: "Impossible d'envoyer vos réponses. Vérifiez votre connexion et réessayez.",
    name: 'Nom',
    email: 'E-mail',
    phone: 'Téléphone',
    company: 'Entreprise',
    expectation: 'Attendu',
    perception: 'Vécu',
    importance: 'Importance',
    performance: 'Performance',
    npsLo: 'Pas du tout probable',
    npsHi: 'Très probable',
    csatLo: 'Très insatisfait',
    csatHi: 'Très satisfait',
    cesLo: "Pas du tout d'accord",
    cesHi: "Tout à fait d'accord",
  },
  de: {
    next: 'Weiter',
    back: 'Zurück',
    submit: 'Absenden',
    progress: 'Frage {n} von {t}',
    required: '(Pflichtfeld)',
    error: 'Fehler',
    choose: 'Auswählen…',
    yes: 'Ich stimme zu',
    thanks: 'Vielen Dank!',
    done: 'Ihre Antworten wurden gespeichert.',
    already: 'Sie haben diese Umfrage bereits beantwortet. Danke!',
    closed: 'Diese Umfrage ist nicht geöffnet.',
    continue: 'Weiter',
    close: 'Schließen',
    offline:
      'Ihre Antworten konnten nicht gesendet werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    name: 'Name',
    email: 'E-Mail',
    phone: 'Telefon',
    company: 'Firma',
    expectation: 'Erwartet',
    perception: 'Erlebt',
    importance: 'Wichtigkeit',
    performance: 'Leistung',
    npsLo: 'Sehr unwahrscheinlich',
    npsHi: 'Sehr wahrscheinlich',
    csatLo: 'Sehr unzufrieden',
    csatHi: 'Sehr zufrieden',
    cesLo: 'Stimme gar nicht zu',
    cesHi: 'Stimme voll zu',
  },
  es: {
    next: 'Siguiente',
    back: 'Atrás',
    submit: 'Enviar',
    progress: 'Pregunta {n} de {t}',
    required: '(obligatoria)',
    error: 'Error',
    choose: 'Elegir…',
    yes: 'Acepto',
    thanks: '¡Gracias!',
    done: 'Sus respuestas se han guardado.',
    already: 'Ya ha respondido esta encuesta. ¡Gracias!',
    closed: 'Esta encuesta no está abierta.',
    continue: 'Continuar',
    close: 'Cerrar',
    offline: 'No se pudieron enviar sus respuestas. Compruebe su conexión e inténtelo de nuevo.',
    name: 'Nombre',
    email: 'Correo',
    phone: 'Teléfono',
    company: 'Empresa',
    expectation: 'Esperado',
    perception: 'Vivido',
    importance: 'Importancia',
    performance: 'Desempeño',
    npsLo: 'Nada probable',
    npsHi: 'Muy probable',
    csatLo: 'Muy insatisfecho',
    csatHi: 'Muy satisfecho',
    cesLo: 'Totalmente en desacuerdo',
    cesHi: 'Totalmente de acuerdo',
  },
};

/** A word of the interface in a language. */
export function word(lang: string, key: string): string {
  return UI[lang]?.[key] ?? UI[lang.split('-')[0] ?? '']?.[key] ?? UI.en?.[key] ?? key;
}

/** Escape text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Everything needed to render one step (one question) of a survey. */
export interface StepView {
  def: SurveyDefinition;
  lang: string;
  question: Question;
  answers: Answers;
  ctx: RespondentContext;
  /** Seed of the option order (the respondent's session). */
  seed: string;
  /** The value to show (the saved answer, or what was just submitted). */
  value: unknown;
  /** Problems with `value`, each with the part it names (row, attribute, field). */
  problems: AnswerProblem[];
  /** 1-based position on the respondent's path, and the path's length. */
  position: number;
  total: number;
  /** Form action and hidden fields (the form token, the question id). */
  action: string;
  hidden: Record<string, string>;
}

const nameOf = (sub?: string) => (sub ? `v.${sub}` : 'v');

function textOf(v: StepView, t: Localised | undefined): string {
  return esc(pipe(localise(t, v.lang, v.def.defaultLanguage), v.def, v.lang, v.answers, v.ctx));
}

/** Scale bounds and end labels of a scale question. */
function scaleOf(v: StepView, q: Question): { min: number; max: number; lo: string; hi: string } | undefined {
  if (q.type === 'nps' || q.type === 'csat' || q.type === 'ces') {
    const [min, max] = SCORE_RANGES[q.type];
    return { min, max, lo: word(v.lang, `${q.type}Lo`), hi: word(v.lang, `${q.type}Hi`) };
  }
  if (q.type === 'rating') return { min: q.scale.min, max: q.scale.max, lo: '', hi: '' };
  if ('scale' in q)
    return {
      min: q.scale.min,
      max: q.scale.max,
      lo: textOf(v, q.scale.labels?.min),
      hi: textOf(v, q.scale.labels?.max),
    };
  return undefined;
}

const SMILEYS = ['😞', '🙁', '😐', '🙂', '😀'];

function scaleRadios(
  name: string,
  id: string,
  min: number,
  max: number,
  value: unknown,
  invalid: boolean,
  display = 'numbers',
): string {
  let out = `<div class="ns-scale" style="--n:${max - min + 1}">`;
  for (let n = min; n <= max; n++) {
    const face =
      display === 'stars'
        ? `<span aria-hidden="true">★</span><span class="ns-sr">${n}</span>`
        : display === 'smileys'
          ? `<span aria-hidden="true">${SMILEYS[Math.round(((n - min) / (max - min)) * 4)]}</span><span class="ns-sr">${n}</span>`
          : `<span>${n}</span>`;
    out += `<label class="ns-pt${display === 'stars' ? ' ns-star' : ''}"><input type="radio" name="${name}" id="${id}-${n}" value="${n}"${value === n ? ' checked' : ''}${invalid ? ' aria-invalid="true"' : ''}>${face}</label>`;
  }
  return `${out}</div>`;
}

function ends(id: string, min: number, max: number, lo: string, hi: string): string {
  if (!lo && !hi) return '';
  return `<p class="ns-ends" id="${id}"><span>${min} = ${lo}</span><span>${max} = ${hi}</span></p>`;
}

function problemFor(problems: AnswerProblem[], sub?: string): string | undefined {
  return problems.find((p) => p.name === sub)?.reason;
}

function errorText(lang: string, reason: string | undefined, label = ''): string {
  return reason ? `${esc(word(lang, 'error'))}: ${label ? `${label} ` : ''}${esc(reason)}` : '';
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The fields of one question (inside its fieldset or beside its label). */
function renderControls(v: StepView, q: Question, qid: string): { body: string; describedBy: string[] } {
  const value = v.value;
  const whole = v.problems.length > 0;
  const describedBy: string[] = [];
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating': {
      const s = scaleOf(v, q)!;
      const endsId = `${qid}-ends`;
      const endsHtml = ends(endsId, s.min, s.max, s.lo, s.hi);
      if (endsHtml) describedBy.push(endsId);
      const display = q.type === 'rating' ? q.display : 'numbers';
      return { body: scaleRadios('v', qid, s.min, s.max, value, whole, display) + endsHtml, describedBy };
    }
    case 'single_choice':
    case 'multiple_choice': {
      const type = q.type === 'single_choice' ? 'radio' : 'checkbox';
      const chosen = Array.isArray(value) ? value : [value];
      const items = orderItems(q.options, q.randomize, `${v.seed}:${q.id}`)
        .map(
          (o) =>
            `<label class="ns-opt"><input type="${type}" name="v" value="${esc(o.id)}"${chosen.includes(o.id) ? ' checked' : ''}${whole ? ' aria-invalid="true"' : ''}> <span>${textOf(v, o.text)}</span></label>`,
        )
        .join('');
      return { body: `<div class="ns-opts">${items}</div>`, describedBy };
    }
    case 'matrix':
    case 'expectation_perception':
    case 'importance_performance': {
      const s = scaleOf(v, q)!;
      const endsId = `${qid}-ends`;
      const endsHtml = ends(endsId, s.min, s.max, s.lo, s.hi);
      if (endsHtml) describedBy.push(endsId);
      const rows = q.type === 'matrix' ? q.rows : q.attributes;
      const parts = pairParts(q);
      const labels = record('labels' in q ? q.labels : undefined) as Record<string, Localised | undefined>;
      const val = record(value);
      let body = endsHtml;
      for (const r of orderItems(rows, q.randomize, `${v.seed}:${q.id}`)) {
        const rid = `${qid}-${r.id}`;
        const rowErr = problemFor(v.problems, r.id);
        const errId = `${rid}-err`;
        const err = rowErr ? `<p class="ns-err" id="${errId}">${errorText(v.lang, rowErr)}</p>` : '';
        let inner = '';
        if (!parts) {
          inner = scaleRadios(nameOf(r.id), rid, s.min, s.max, val[r.id], Boolean(rowErr));
        } else {
          const pv = record(val[r.id]);
          for (const p of parts) {
            const pErr = problemFor(v.problems, `${r.id}.${p}`);
            const pid = `${rid}-${p}`;
            const label = labels[p] ? textOf(v, labels[p]) : esc(word(v.lang, p));
            inner += `<fieldset class="ns-sub"${pErr ? ` aria-describedby="${pid}-err"` : ''}><legend>${label}</legend>${pErr ? `<p class="ns-err" id="${pid}-err">${errorText(v.lang, pErr)}</p>` : ''}${scaleRadios(nameOf(`${r.id}.${p}`), pid, s.min, s.max, pv[p], Boolean(pErr))}</fieldset>`;
          }
        }
        body += `<fieldset class="ns-row"${rowErr ? ` aria-describedby="${errId}"` : ''}><legend>${textOf(v, r.text)}</legend>${err}${inner}</fieldset>`;
      }
      return { body, describedBy };
    }
    case 'contact_info': {
      const val = record(value);
      const auto: Record<string, [string, string]> = {
        name: ['text', 'name'],
        email: ['email', 'email'],
        phone: ['tel', 'tel'],
        company: ['text', 'organization'],
      };
      let body = '';
      for (const f of q.fields) {
        const [type, ac] = auto[f.field] ?? ['text', 'on'];
        const fid = `${qid}-${f.field}`;
        const err = problemFor(v.problems, f.field);
        const label = f.label ? textOf(v, f.label) : esc(word(v.lang, f.field));
        const cur = typeof val[f.field] === 'string' ? (val[f.field] as string) : '';
        body += `<div class="ns-field"><label for="${fid}">${label}${f.required ? ` <span class="ns-req">${esc(word(v.lang, 'required'))}</span>` : ''}</label>${err ? `<p class="ns-err" id="${fid}-err">${errorText(v.lang, err)}</p>` : ''}<input id="${fid}" name="${nameOf(f.field)}" type="${type}" autocomplete="${ac}" maxlength="320" value="${esc(cur)}"${err ? ` aria-invalid="true" aria-describedby="${fid}-err"` : ''}></div>`;
      }
      return { body, describedBy };
    }
    case 'consent':
      return {
        body: `<label class="ns-opt"><input type="checkbox" name="v" value="yes"${value === true ? ' checked' : ''}${whole ? ' aria-invalid="true"' : ''}> <span>${esc(word(v.lang, 'yes'))}</span></label>`,
        describedBy,
      };
    case 'dropdown':
    case 'text':
      return { body: '', describedBy };
  }
}

/** One question: a fieldset with a legend, or a label and its single control (text, dropdown). */
export function renderQuestion(v: StepView): string {
  const q = v.question;
  const qid = `ns-${q.id}`;
  const req = q.required ? ` <span class="ns-req">${esc(word(v.lang, 'required'))}</span>` : '';
  const text = textOf(v, q.text);
  const descId = `${qid}-desc`;
  const desc = q.description ? `<p class="ns-desc" id="${descId}">${textOf(v, q.description)}</p>` : '';
  const whole = problemFor(v.problems, undefined);
  const errId = `${qid}-err`;
  const err = whole ? `<p class="ns-err" id="${errId}">${errorText(v.lang, whole)}</p>` : '';
  const described = [q.description ? descId : '', whole ? errId : ''].filter(Boolean);
  if (q.type === 'text' || q.type === 'dropdown') {
    const attrs = `id="${qid}-in" name="v"${described.length ? ` aria-describedby="${described.join(' ')}"` : ''}${whole ? ' aria-invalid="true"' : ''}${q.required ? ' aria-required="true"' : ''}`;
    let control: string;
    if (q.type === 'dropdown') {
      const opts = orderItems(q.options, q.randomize, `${v.seed}:${q.id}`)
        .map(
          (o) =>
            `<option value="${esc(o.id)}"${v.value === o.id ? ' selected' : ''}>${textOf(v, o.text)}</option>`,
        )
        .join('');
      const ph = q.placeholder ? textOf(v, q.placeholder) : esc(word(v.lang, 'choose'));
      control = `<select ${attrs}><option value="">${ph}</option>${opts}</select>`;
    } else {
      const cur = typeof v.value === 'string' ? v.value : '';
      const max = q.maxLength ? ` maxlength="${q.maxLength}"` : '';
      const ph = q.placeholder ? ` placeholder="${textOf(v, q.placeholder)}"` : '';
      control = q.long
        ? `<textarea ${attrs} rows="4"${max}${ph}>${esc(cur)}</textarea>`
        : `<input type="text" ${attrs}${max}${ph} value="${esc(cur)}">`;
    }
    return `<div class="ns-q" id="${qid}"><label class="ns-l" for="${qid}-in">${text}${req}</label>${desc}${err}${control}</div>`;
  }
  const controls = renderControls(v, q, qid);
  const by = [...described, ...controls.describedBy];
  return `<fieldset class="ns-q" id="${qid}"${by.length ? ` aria-describedby="${by.join(' ')}"` : ''}><legend class="ns-l">${text}${req}</legend>${desc}${err}${controls.body}</fieldset>`;
}

/** A whole step: progress, the question, and the Next/Submit and Back buttons, as one plain form. */
export function renderStep(v: StepView): string {
  const hidden = Object.entries(v.hidden)
    .map(([k, val]) => `<input type="hidden" name="${esc(k)}" value="${esc(val)}">`)
    .join('');
  // "Submit" only where the answer cannot bring another question onto the path (see mayLeadOn).
  const last = v.position >= v.total && !mayLeadOn(v.def, v.question.id);
  const progress = word(v.lang, 'progress')
    .replace('{n}', String(v.position))
    .replace('{t}', String(v.total));
  const back =
    v.position > 1
      ? `<button type="submit" name="nav" value="back" class="ns-btn ns-sec">${esc(word(v.lang, 'back'))}</button>`
      : '';
  return `<form class="ns-form" method="post" action="${esc(v.action)}" novalidate>${hidden}<div class="ns-prog"><progress max="${v.total}" value="${v.position}" aria-labelledby="ns-prog-l"></progress><span id="ns-prog-l">${esc(progress)}</span></div>${renderQuestion(v)}<div class="ns-nav"><button type="submit" name="nav" value="next" class="ns-btn ns-pri">${esc(word(v.lang, last ? 'submit' : 'next'))}</button>${back}</div></form>`;
}

/** The ending's message (or the default thanks), with a link onward when it has one. */
export function renderEnding(
  def: SurveyDefinition,
  lang: string,
  ending: Ending | undefined,
  answers: Answers,
  ctx: RespondentContext,
): string {
  const t = (x: Localised | undefined) =>
    esc(pipe(localise(x, lang, def.defaultLanguage), def, lang, answers, ctx));
  const title = ending?.title ? t(ending.title) : esc(word(lang, 'thanks'));
  const text = ending ? t(ending.text) : esc(word(lang, 'done'));
  const link = ending?.redirectUrl
    ? `<p><a class="ns-btn ns-pri" href="${esc(ending.redirectUrl)}">${esc(word(lang, 'continue'))}</a></p>`
    : '';
  return `<div class="ns-end" role="status" tabindex="-1"><h2>${title}</h2><p>${text}</p>${link}</div>`;
}

/** A short notice in place of the survey (already answered, closed). */
export function renderNotice(lang: string, key: 'already' | 'closed'): string {
  return `<div class="ns-end" role="status"><p>${esc(word(lang, key))}</p></div>`;
}

/**
 * Read one question's answer from submitted form fields (`get(name)` gives every value of a field):
 * `v` for one value or a list, `v.<row>` for matrix rows, `v.<attribute>.<part>` for pairs and
 * `v.<field>` for contact fields. Empty input reads as undefined; a consent box left unticked as false.
 */
export function readAnswer(q: Question, get: (name: string) => string[]): unknown {
  const one = (name: string) => {
    const s = get(name)[0];
    return s === undefined || s.trim() === '' ? undefined : s;
  };
  const num = (s: string | undefined) => (s === undefined ? undefined : /^-?\d+$/.test(s) ? Number(s) : s);
  const compact = (o: Record<string, unknown>) => {
    for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
    return Object.keys(o).length > 0 ? o : undefined;
  };
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
      return num(one('v'));
    case 'single_choice':
    case 'dropdown':
      return one('v');
    case 'text': {
      const s = get('v')[0];
      return s === undefined || s.trim() === '' ? undefined : s;
    }
    case 'multiple_choice': {
      const all = get('v').filter((s) => s !== '');
      return all.length > 0 ? all : undefined;
    }
    case 'consent':
      return get('v').includes('yes');
    case 'contact_info':
      return compact(Object.fromEntries(q.fields.map((f) => [f.field, one(nameOf(f.field))])));
    case 'matrix':
      return compact(Object.fromEntries(q.rows.map((r) => [r.id, num(one(nameOf(r.id)))])));
    case 'expectation_perception':
    case 'importance_performance': {
      const parts = pairParts(q)!;
      return compact(
        Object.fromEntries(
          q.attributes.map((a) => [
            a.id,
            compact(Object.fromEntries(parts.map((p) => [p, num(one(nameOf(`${a.id}.${p}`)))]))),
          ]),
        ),
      );
    }
  }
}

/** Problems with one step's answer, as the respondent should see them (required, range, completeness). */
export function checkStep(q: Question, value: unknown): AnswerProblem[] {
  if (isEmpty(value)) {
    if (q.required) return [{ reason: 'is required' }];
    return q.type === 'contact_info' ? checkComplete(q, {}) : [];
  }
  return [...checkAnswer(q, value), ...checkComplete(q, value)];
}
