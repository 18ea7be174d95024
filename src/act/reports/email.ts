// A digest as an email: HTML with a plain-text part; the PDF goes along as an attachment.
import type { Digest } from './content.js';
import {
  ciText,
  day,
  metricName,
  moveText,
  num,
  periodText,
  scoreLine,
  subjectOf,
  verdictText,
} from './format.js';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subject, HTML and text of a digest email; `link` opens the report in the dashboard. */
export function renderDigestEmail(d: Digest, link: string): { subject: string; html: string; text: string } {
  const subject = subjectOf(d);
  const text: string[] = [subject, ''];
  const html: string[] = [];
  const section = (title: string) => {
    html.push(`<h2 style="font:600 17px sans-serif;margin:20px 0 6px">${esc(title)}</h2>`);
    text.push('', title.toUpperCase());
  };
  const item = (t: string, color = '#1b1f24') => {
    html.push(`<p style="font:14px sans-serif;margin:2px 0;color:${color}">${esc(t)}</p>`);
    text.push(t);
  };

  section('Scores');
  if (d.scores.length === 0) item('No scored feedback in this period.');
  for (const s of d.scores) {
    item(scoreLine(s));
    const move = moveText(s);
    if (move) item(`Significant move: ${move}`, s.move && s.move.difference >= 0 ? '#1a7f37' : '#b42318');
  }
  section('Top themes and their impact on NPS');
  if (d.themes.length === 0) item('No enriched comments in this period.');
  for (const t of d.themes) {
    item(
      `${t.name}: ${t.mentions} comments (${num(100 * t.share)}%), NPS with ${num(t.npsWith)} vs without ${num(t.npsWithout)}, difference ${num(t.difference)} (${ciText(t.ci)})`,
    );
  }
  section('Cases');
  item(`${d.cases.open} open, ${d.cases.breaching} breaching their SLA.`);
  for (const c of d.cases.items.slice(0, 5)) {
    item(`${c.breached ? 'Breaching: ' : ''}${c.priority} case, ${c.status}, due ${day(c.dueAt)}`);
  }
  section('Initiatives');
  if (d.initiatives.length === 0) item('No initiative targets these touchpoints.');
  for (const i of d.initiatives) {
    item(
      `${i.title} (${i.status}, ${metricName(i.metric)}): ${verdictText(i.verdict)}${i.estimate === null ? '' : `, effect ${num(i.estimate)} (${ciText(i.ci)})`}`,
    );
  }
  text.push('', `The full report is attached as a PDF; open it in Northstar: ${link}`, '');
  return {
    subject,
    html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="margin:0;padding:16px;background:#fff;color:#1b1f24">
<h1 style="font:600 20px sans-serif;margin:0 0 4px">${esc(d.name)}</h1>
<p style="font:13px sans-serif;color:#555;margin:0">${esc(`${d.frequency === 'weekly' ? 'Weekly' : 'Monthly'} digest, ${periodText(d.period)}${d.team ? `, team ${d.team}` : ''}`)}</p>
${html.join('\n')}
<p style="font:13px sans-serif;color:#555;margin-top:20px">The full report is attached as a PDF. <a href="${esc(link)}">Open it in Northstar</a>.</p>
</body></html>`,
    text: text.join('\n'),
  };
}
