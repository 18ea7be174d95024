// The invitation email: the survey's first question as one-click links, an open pixel and an unsubscribe link.
import { localise, type SurveyDefinition } from '../../surveys/index.js';

/** The first question's one-click scale, when it has one (NPS 0-10, CSAT 1-5). */
export function oneClickScale(
  def: SurveyDefinition,
): { questionId: string; min: number; max: number } | undefined {
  const q = def.questions[0];
  if (!q) return undefined;
  if (q.type === 'nps') return { questionId: q.id, min: 0, max: 10 };
  if (q.type === 'csat') return { questionId: q.id, min: 1, max: 5 };
  return undefined;
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const WORDS: Record<
  string,
  { start: string; unsubscribe: string; reminder: string; low: string; high: string }
> = {
  en: {
    start: 'Answer the survey',
    unsubscribe: 'Unsubscribe from survey emails',
    reminder: 'A reminder: we would still love to hear from you.',
    low: 'Not at all likely',
    high: 'Extremely likely',
  },
  fr: {
    start: 'Répondre au questionnaire',
    unsubscribe: 'Ne plus recevoir ces e-mails',
    reminder: 'Petit rappel : votre avis nous intéresse toujours.',
    low: 'Pas du tout probable',
    high: 'Très probable',
  },
  de: {
    start: 'Zur Umfrage',
    unsubscribe: 'Keine Umfrage-E-Mails mehr erhalten',
    reminder: 'Eine kurze Erinnerung: Ihre Meinung ist uns weiterhin wichtig.',
    low: 'Sehr unwahrscheinlich',
    high: 'Sehr wahrscheinlich',
  },
  es: {
    start: 'Responder a la encuesta',
    unsubscribe: 'Dejar de recibir correos de encuestas',
    reminder: 'Un recordatorio: nos encantaría conocer su opinión.',
    low: 'Nada probable',
    high: 'Muy probable',
  },
};

/** The languages the invitation's own words are written in (those of the hosted survey page). */
export const INVITATION_LANGUAGES = Object.keys(WORDS);

/** Render an invitation (or a reminder) to `links.base` (`<public url>/e/<token>`). */
export function renderInvitation(input: {
  definition: SurveyDefinition;
  language: string;
  subject: string;
  intro: string;
  reminder: boolean;
  links: { base: string; survey: string };
  name: string | null;
}): { subject: string; html: string; text: string } {
  const def = input.definition;
  const lang = input.language;
  const w = WORDS[lang.split('-')[0] ?? 'en'] ?? WORDS.en!;
  const scale = oneClickScale(def);
  const q = def.questions[0];
  const question = q ? localise(q.text, lang, def.defaultLanguage) : '';
  const greeting = input.name ? `${esc(input.name)},` : '';
  const intro = [input.reminder ? w.reminder : '', input.intro].filter(Boolean);
  const unsubscribe = `${input.links.base}/unsubscribe`;
  let body: string;
  let text: string;
  if (scale) {
    const cells: string[] = [];
    const lines: string[] = [];
    for (let v = scale.min; v <= scale.max; v++) {
      const href = `${input.links.base}/${v}`;
      cells.push(
        `<td style="padding:2px"><a href="${esc(href)}" style="display:inline-block;min-width:28px;padding:8px 4px;border:1px solid #8a8f98;border-radius:4px;text-align:center;color:#1b1f24;text-decoration:none;font:600 15px sans-serif" aria-label="${v}">${v}</a></td>`,
      );
      lines.push(`${v}: ${href}`);
    }
    const ends =
      q?.type === 'nps'
        ? `<tr><td colspan="${cells.length}" style="font:12px sans-serif;color:#555"><span>${esc(w.low)}</span><span style="float:right">${esc(w.high)}</span></td></tr>`
        : '';
    body = `<p style="font:16px sans-serif">${esc(question)}</p><table role="presentation" cellspacing="0" cellpadding="0"><tr>${cells.join('')}</tr>${ends}</table>`;
    text = `${question}\n${lines.join('\n')}`;
  } else {
    body = `<p><a href="${esc(input.links.survey)}" style="font:600 16px sans-serif">${esc(w.start)}</a></p>`;
    text = `${w.start}: ${input.links.survey}`;
  }
  const html = `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><title>${esc(input.subject)}</title></head><body style="margin:0;padding:16px;background:#fff">
${greeting ? `<p style="font:16px sans-serif">${greeting}</p>` : ''}${intro.map((p) => `<p style="font:16px sans-serif">${esc(p)}</p>`).join('')}
${body}
<p style="font:12px sans-serif;color:#555"><a href="${esc(unsubscribe)}" style="color:#555">${esc(w.unsubscribe)}</a></p>
<img src="${esc(`${input.links.base}/open.gif`)}" width="1" height="1" alt="" style="display:block;border:0">
</body></html>`;
  return {
    subject: input.subject,
    html,
    text: `${greeting ? `${input.name},\n\n` : ''}${intro.join('\n\n')}${intro.length ? '\n\n' : ''}${text}\n\n${w.unsubscribe}: ${unsubscribe}\n`,
  };
}
