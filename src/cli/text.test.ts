// `northstar text` end to end in process, on small CSV files the test writes itself.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../../tests/support/cli.js';

let dir = '';
const file = (name: string) => join(dir, name);

const run = runCaptured;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'northstar-text-'));
  const good = ['Great staff, very helpful', 'Lovely shop and friendly cashier', 'Fast delivery, perfect'];
  const bad = [
    'Rude staff and long queue',
    'Delivery was late and the parcel damaged',
    'Too expensive, awful',
  ];
  const rows = ['id,comment,nps,tags'];
  for (let i = 0; i < 60; i++) {
    const pos = i % 3 !== 0;
    const text = (pos ? good : bad)[i % 3] as string;
    rows.push(
      `${i},"${text}",${pos ? 9 + (i % 2) : i % 7},${text.includes('staff') || text.includes('cashier') ? 'staff' : 'other'}`,
    );
  }
  rows.push('61,"Contact me at jane@example.com, my name is Jane Doe",10,other');
  rows.push('62,,8,other');
  writeFileSync(file('comments.csv'), `${rows.join('\n')}\n`);
  // Three-class sentiment labels in mixed casing, and a root-cause column (any set of classes).
  const three = ['text,sentiment,cause'];
  const examples = [
    ['The staff were lovely and quick', 'Positive', 'staff'],
    ['Rude staff, awful visit', 'NEGATIVE', 'staff'],
    ['When does the store open on Sunday?', 'neutral', 'opening hours'],
    ['Charged twice for one order', 'negative', 'billing'],
    ['Is the invoice sent by post?', 'Neutral', 'billing'],
    ['Great price on my invoice, thanks', 'positive', 'billing'],
  ];
  for (let i = 0; i < 60; i++) {
    const [t, sentiment, cause] = examples[i % examples.length] as string[];
    three.push(`"${t} (${i})",${sentiment},${cause}`);
  }
  writeFileSync(file('three.csv'), `${three.join('\n')}\n`);
  writeFileSync(
    file('latin1.csv'),
    Buffer.from('texte,nps\n"Très bon accueil, très agréable",10\n"Prix élevés",3\n', 'latin1'),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The first call imports every verb of the CLI (server included): slow on a busy machine.
describe('northstar text', { timeout: 60_000 }, () => {
  it('analyze --json gives one result per row with language, sentiment, themes and redactions', async () => {
    const r = await run([
      'text',
      'analyze',
      '--file',
      file('comments.csv'),
      '--text-column',
      'comment',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<Record<string, unknown> & { row: number; text: string }>;
    expect(rows).toHaveLength(62);
    expect(rows[0]).toMatchObject({ row: 1, language: { language: 'en' } });
    const pii = rows.find((x) => x.row === 61);
    expect(pii?.text).toBe('Contact me at [EMAIL], my name is [NAME]');
    expect(rows.find((x) => x.row === 62)?.skipped).toBe('empty');
  });

  it('analyze prints a summary and theme impact on a score column', async () => {
    const r = await run([
      'text',
      'analyze',
      '-f',
      file('comments.csv'),
      '-t',
      'comment',
      '--score-column',
      'nps',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/62 rows/);
    expect(r.out).toMatch(/impact on nps \(nps\)/);
  });

  it('reads latin-1 files with --encoding', async () => {
    const r = await run([
      'text',
      'analyze',
      '-f',
      file('latin1.csv'),
      '-t',
      'texte',
      '--encoding',
      'latin1',
      '--json',
    ]);
    const rows = JSON.parse(r.out) as Array<{ text: string; language: { language: string } }>;
    expect(rows[0]?.text).toBe('Très bon accueil, très agréable');
    expect(rows[0]?.language.language).toBe('fr');
  });

  it('reads other delimiters with --delimiter', async () => {
    writeFileSync(file('semi.csv'), 'id;avis\n1;"Super accueil; merci"\n');
    const r = await run([
      'text',
      'analyze',
      '-f',
      file('semi.csv'),
      '-t',
      'avis',
      '--delimiter',
      ';',
      '--json',
    ]);
    expect((JSON.parse(r.out) as Array<{ text: string }>)[0]?.text).toBe('Super accueil; merci');
  });

  it('fails with the list of columns when the text column is missing', async () => {
    const r = await run(['text', 'analyze', '-f', file('comments.csv'), '-t', 'review']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/column "review" not found; the file has: "id", "comment", "nps", "tags"/);
  });

  it('train prints cross-validated accuracy, macro-F1 and ROC-AUC, writes a model analyze can use', async () => {
    const out = file('model.json');
    const r = await run([
      'text',
      'train',
      '-f',
      file('comments.csv'),
      '-t',
      'comment',
      '-l',
      'nps',
      '--cv',
      '3',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rule "nps"/);
    expect(r.out).toMatch(/3-fold cross-validation: accuracy \d\.\d+, macro-F1 \d\.\d+, ROC-AUC \d\.\d+/);
    expect(JSON.parse(readFileSync(out, 'utf8')).formatVersion).toBe(1);
    const a = await run([
      'text',
      'analyze',
      '-f',
      file('comments.csv'),
      '-t',
      'comment',
      '--model',
      out,
      '--json',
    ]);
    expect(a.code).toBe(0);
  });

  it('refuses a model file of another format version', async () => {
    const bad = file('old-model.json');
    writeFileSync(bad, JSON.stringify({ format: 'northstar-text-model', formatVersion: 0, classes: [] }));
    const r = await run(['text', 'analyze', '-f', file('comments.csv'), '-t', 'comment', '--model', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/model format version 0 is not supported/);
  });

  it('train on three-class labels reports per-class precision/recall/F1, macro-F1 and the confusion matrix', async () => {
    const out = file('three-model.json');
    const r = await run([
      'text',
      'train',
      '-f',
      file('three.csv'),
      '-t',
      'text',
      '-l',
      'sentiment',
      '--cv',
      '3',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.rule).toBe('sentiment3');
    expect(report.classes).toEqual(['negative', 'neutral', 'positive']);
    expect(report.cv.macroF1).toBeGreaterThan(0.9);
    expect(report.cv.perClass).toHaveLength(3);
    expect(report.cv.perClass[0]).toMatchObject({ label: 'negative', support: 20 });
    expect(report.cv.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(60);
    expect(typeof report.comparison.defaultMacroF1).toBe('number');
    const model = JSON.parse(readFileSync(out, 'utf8'));
    expect(model).toMatchObject({ kind: 'sentiment', softmax: true });
    const text = await run([
      'text',
      'train',
      '-f',
      file('three.csv'),
      '-t',
      'text',
      '-l',
      'sentiment',
      '--cv',
      '3',
      '--out',
      out,
    ]);
    expect(text.out).toMatch(/3-fold cross-validation: accuracy \d\.\d+, macro-F1 \d\.\d+/);
    expect(text.out).toMatch(/confusion matrix/);
    // The trained three-class model scores comments in analyze.
    const a = await run(['text', 'analyze', '-f', file('three.csv'), '-t', 'text', '--model', out, '--json']);
    expect(a.code).toBe(0);
    const rows = JSON.parse(a.out) as Array<{ sentiment: { label: string } }>;
    expect(rows[2]?.sentiment.label).toBe('neutral');
  });

  it('train on any set of categories (root causes) reports each class', async () => {
    const out = file('cause-model.json');
    const r = await run([
      'text',
      'train',
      '-f',
      file('three.csv'),
      '-t',
      'text',
      '-l',
      'cause',
      '--cv',
      '3',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.rule).toBe('categories');
    expect(report.classes).toEqual(['billing', 'opening hours', 'staff']);
    expect(report.cv.macroF1).toBeGreaterThan(0.8);
    expect(JSON.parse(readFileSync(out, 'utf8')).kind).toBe('categories');
  });

  it('train --themes trains a theme classifier from tags', async () => {
    const r = await run([
      'text',
      'train',
      '-f',
      file('comments.csv'),
      '-t',
      'comment',
      '-l',
      'tags',
      '--themes',
      '--cv',
      '3',
      '--out',
      file('themes.json'),
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/staff .* F1 .*\(taxonomy rules: F1 \d\.\d+\)/);
  });

  it("analyze --theme-model adds the trained classifier's themes; a theme model is refused as --model", async () => {
    const model = file('themes2.json');
    await run([
      'text',
      'train',
      '-f',
      file('comments.csv'),
      '-t',
      'comment',
      '-l',
      'tags',
      '--themes',
      '--out',
      model,
    ]);
    const r = await run([
      'text',
      'analyze',
      '-f',
      file('comments.csv'),
      '-t',
      'comment',
      '--theme-model',
      model,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ row: number; themes: Array<{ id: string; source?: string }> }>;
    expect(rows[1]?.themes.some((t) => t.id === 'staff' && t.source === 'model')).toBe(true);
    const bad = await run(['text', 'analyze', '-f', file('comments.csv'), '-t', 'comment', '--model', model]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/is a themes model, not a sentiment model; pass it with --theme-model/);
  });

  it('themes discovers clusters with labels', async () => {
    const r = await run(['text', 'themes', '-f', file('comments.csv'), '-t', 'comment', '-k', '3', '--json']);
    expect(r.code).toBe(0);
    const themes = JSON.parse(r.out) as Array<{ terms: string[]; size: number }>;
    expect(themes.length).toBeGreaterThan(0);
    expect(themes[0]?.terms.length).toBeGreaterThan(0);
  });
});
