import { describe, expect, it } from 'vitest';
import { visibleRuns } from '../components/background-work.js';
import { measureLabel } from '../components/live-feed.js';
import type { FeedbackItem, TextRun } from '../types.js';
import { parseMapping } from './imports-page.js';

describe('parseMapping', () => {
  it('reads column=field lines, trimming spaces and skipping blank lines', () => {
    expect(parseMapping(' review_id = sourceId \n\nbody=text\r\nstars=rating\n')).toEqual({
      columns: { review_id: 'sourceId', body: 'text', stars: 'rating' },
      bad: [],
    });
  });

  it('names the lines it cannot read', () => {
    expect(parseMapping('a=b\nno equals sign\n=text\nc=\n').bad).toEqual([2, 3, 4]);
  });
});

describe('measureLabel', () => {
  const base: FeedbackItem = {
    id: 'f',
    source: 'survey',
    sourceId: 'r',
    responseId: null,
    surveyId: null,
    contactId: null,
    journeyId: null,
    stageId: null,
    touchpointId: null,
    channel: 'web',
    occurredAt: '2026-11-23T10:00:00Z',
    measures: { nps: null, csat: null, ces: null, rating: null, ratingScale: null },
    text: null,
    language: null,
    attributes: {},
    metadata: {},
    enrichment: null,
  };
  it('names the score a record carries', () => {
    expect(measureLabel({ ...base, measures: { ...base.measures, nps: 0 } })).toBe('NPS 0');
    expect(measureLabel({ ...base, measures: { ...base.measures, csat: 4 } })).toBe('CSAT 4');
    expect(measureLabel({ ...base, measures: { ...base.measures, ces: 6 } })).toBe('CES 6');
    expect(measureLabel({ ...base, measures: { ...base.measures, rating: 0.75, ratingScale: 5 } })).toBe(
      'Rating 75%',
    );
    expect(measureLabel(base)).toBe('Comment');
  });
});

describe('visibleRuns', () => {
  const run = (status: TextRun['status'], finishedAt: string | null): TextRun => ({
    id: status,
    kind: 'rerun',
    status,
    reason: '',
    revision: null,
    done: 0,
    total: null,
    progress: 0,
    result: null,
    error: null,
    startedAt: null,
    createdAt: '2026-11-23T10:00:00Z',
    finishedAt,
  });
  it('keeps unfinished runs and those finished in the last ten minutes', () => {
    const now = Date.parse('2026-11-23T10:30:00Z');
    const shown = visibleRuns(
      [
        run('queued', null),
        run('running', null),
        run('done', '2026-11-23T10:25:00Z'),
        run('failed', '2026-11-23T10:10:00Z'),
        run('superseded', '2026-11-23T10:29:00Z'),
      ],
      now,
    );
    expect(shown.map((r) => r.status)).toEqual(['queued', 'running', 'done']);
  });
});
