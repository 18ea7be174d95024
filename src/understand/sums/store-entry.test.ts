import { describe, expect, it } from 'vitest';
import { OverBudget, RETRY_MS } from './store-budget.js';
import { currentOf, emptyEntry, freshCatchUp, type StoreEntry, startBuild } from './store-entry.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('a store entry', () => {
  it('runs one catch-up at a time, and one more for every reader that came while it ran', async () => {
    const e = emptyEntry<string, number>();
    let runs = 0;
    const gates: Array<() => void> = [];
    const catchUp = () =>
      new Promise<void>((resolve) => {
        runs++;
        gates.push(resolve);
      });
    const first = freshCatchUp(e, catchUp);
    const second = freshCatchUp(e, catchUp);
    const third = freshCatchUp(e, catchUp);
    expect(second).toBe(third);
    expect(runs).toBe(1);
    gates.shift()?.();
    await first;
    await tick();
    expect(runs).toBe(2);
    gates.shift()?.();
    await second;
    expect(e.running).toBeNull();
    expect(e.queued).toBeNull();
  });

  it('empties itself when a catch-up fails', async () => {
    const e: StoreEntry<string, number> = { ...emptyEntry(), index: 'ix', stamp: 1 };
    await freshCatchUp(e, () => Promise.reject(new Error('lost')));
    expect(e.index).toBeNull();
    expect(e.stamp).toBeNull();
  });

  it('waits out a refused build, and forgets an entry whose build failed otherwise', async () => {
    const entries = new Map<string, StoreEntry<string, number>>();
    const refused = emptyEntry<string, number>();
    entries.set('a', refused);
    await startBuild(entries, 'a', refused, () => Promise.reject(new OverBudget()));
    expect(refused.refusedUntil).toBeGreaterThan(Date.now() + RETRY_MS - 5_000);
    expect(entries.get('a')).toBe(refused);
    let built = 0;
    const build = () => {
      built++;
      return Promise.resolve();
    };
    expect(await currentOf(refused, true, build, () => Promise.resolve())).toBeNull();
    expect(built).toBe(0);
    const failed = emptyEntry<string, number>();
    entries.set('b', failed);
    await startBuild(entries, 'b', failed, () => Promise.reject(new Error('gone')));
    expect(entries.has('b')).toBe(false);
  });

  it('answers null while building unless asked to wait, then the structure once caught up', async () => {
    const entries = new Map<string, StoreEntry<string, number>>();
    const e = emptyEntry<string, number>();
    entries.set('a', e);
    let catchUps = 0;
    const build = () =>
      startBuild(entries, 'a', e, async () => {
        await tick();
        e.index = 'ix';
        e.stamp = 1;
      });
    const catchUp = async () => {
      catchUps++;
    };
    expect(await currentOf(e, false, build, catchUp)).toBeNull();
    expect(e.building).not.toBeNull();
    expect(await currentOf(e, true, build, catchUp)).toBe('ix');
    expect(catchUps).toBe(1);
  });
});
