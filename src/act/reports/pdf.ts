// A digest as a PDF, drawn by pdfkit in the server process (no browser): sections of plain text with
// the numbers the email carries.
import PDFDocument from 'pdfkit';
import type { Digest } from './content.js';
import { ciText, day, metricName, moveText, num, periodText, scoreLine, verdictText } from './format.js';

/** Render a digest to PDF bytes. */
export function renderDigestPdf(d: Digest): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${d.name} - ${periodText(d.period)}`, Author: 'Northstar' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#1b1f24').text(text);
    doc.moveDown(0.3).font('Helvetica').fontSize(10).fillColor('#1b1f24');
  };
  const line = (text: string, color = '#1b1f24') => doc.fillColor(color).text(text, { paragraphGap: 2 });

  doc.font('Helvetica-Bold').fontSize(18).text(d.name);
  doc.font('Helvetica').fontSize(10).fillColor('#555');
  doc.text(
    `${d.frequency === 'weekly' ? 'Weekly' : 'Monthly'} digest, ${periodText(d.period)}` +
      ` (moves against ${periodText(d.previous)})${d.team ? `, team ${d.team}` : ''}`,
  );
  doc.text(`Touchpoints: ${d.touchpoints.map((t) => t.name).join(', ') || 'none'}`);
  doc.text(`Generated ${d.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`);

  heading('Scores');
  if (d.scores.length === 0) line('No scored feedback in this period.');
  for (const s of d.scores) {
    line(scoreLine(s));
    const move = moveText(s);
    if (move) line(`   Significant move: ${move}`, s.move && s.move.difference >= 0 ? '#1a7f37' : '#b42318');
  }
  if (d.scores.length > 0 && d.scores.every((s) => !s.move)) {
    line('No significant moves against the period before.', '#555');
  }

  heading('Top themes and their impact on NPS');
  if (d.themes.length === 0) line('No enriched comments in this period.');
  for (const t of d.themes) {
    line(
      `${t.name}: ${t.mentions} comments (${num(100 * t.share)}%), NPS with ${num(t.npsWith)} vs without ` +
        `${num(t.npsWithout)}, difference ${num(t.difference)} (${ciText(t.ci)})`,
    );
  }

  heading('Cases');
  line(`${d.cases.open} open, ${d.cases.breaching} breaching their SLA.`);
  for (const c of d.cases.items) {
    line(
      `${c.breached ? 'BREACHING ' : ''}${c.priority} case ${c.id.slice(0, 8)}, ${c.status}, due ${day(c.dueAt)}` +
        `${c.nps === null ? '' : `, NPS answer ${c.nps}`}`,
      c.breached ? '#b42318' : '#1b1f24',
    );
  }

  heading('Initiatives');
  if (d.initiatives.length === 0) line('No initiative targets these touchpoints.');
  for (const i of d.initiatives) {
    line(
      `${i.title} (${i.status}, ${metricName(i.metric)}): ${verdictText(i.verdict)}` +
        (i.estimate === null ? '' : `, effect ${num(i.estimate)} (${ciText(i.ci)})`),
    );
  }
  doc.end();
  return done;
}
