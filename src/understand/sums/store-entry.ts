// One organisation's entry in an in-memory store that is built once and then caught up on every read
// (the comment indexes, the contact indexes): the structure and its snapshot, the build in flight, and
// the catch-up in flight with the one queued behind it. Pure scheduling; the store says how to build
// and how to catch up.
import { OverBudget, RETRY_MS } from './store-budget.js';

/** An organisation's entry: the structure (null: none loaded) and the work under way on it. */
export interface StoreEntry<I, S> {
  index: I | null;
  stamp: S | null;
  /** The build in flight. */
  building: Promise<void> | null;
  /** The catch-up in flight, and the one queued behind it (readers that came after the first began). */
  running: Promise<void> | null;
  queued: Promise<void> | null;
  usedAt: number;
  refusedUntil: number;
}

/** A new, empty entry. */
export function emptyEntry<I, S>(): StoreEntry<I, S> {
  return {
    index: null,
    stamp: null,
    building: null,
    running: null,
    queued: null,
    usedAt: 0,
    refusedUntil: 0,
  };
}

/** The entry of `key`, made by `make` when there is none, marked as read now. */
export function entryOf<E extends StoreEntry<unknown, unknown>>(
  entries: Map<string, E>,
  key: string,
  make: () => E,
): E {
  let e = entries.get(key);
  if (!e) {
    e = make();
    entries.set(key, e);
  }
  e.usedAt = Date.now();
  return e;
}

/**
 * Start the entry's build, or join the one in flight. A failed build empties the entry: refused over the
 * budget, it is not tried again for RETRY_MS; any other failure forgets the entry (the next read starts
 * afresh).
 */
export function startBuild<E extends StoreEntry<unknown, unknown>>(
  entries: Map<string, E>,
  key: string,
  e: E,
  build: () => Promise<void>,
): Promise<void> {
  if (e.building) return e.building;
  e.building = build()
    .catch((err: unknown) => {
      e.index = null;
      e.stamp = null;
      if (err instanceof OverBudget) e.refusedUntil = Date.now() + RETRY_MS;
      else if (entries.get(key) === e) entries.delete(key);
    })
    .finally(() => {
      e.building = null;
    });
  return e.building;
}

/**
 * A catch-up that begins after this call: the one queued behind a running catch-up (joined by every
 * reader that came meanwhile), or a new one. Its snapshot is taken after the caller arrived, so the
 * structure then holds everything committed before the read. A failed catch-up empties the entry.
 */
export function freshCatchUp(e: StoreEntry<unknown, unknown>, catchUp: () => Promise<void>): Promise<void> {
  if (e.queued) return e.queued;
  const run = () => {
    e.queued = null;
    const p = catchUp()
      .catch(() => {
        e.index = null;
        e.stamp = null;
      })
      .finally(() => {
        if (e.running === p) e.running = null;
      });
    e.running = p;
    return p;
  };
  if (!e.running) return run();
  e.queued = e.running.then(run);
  return e.queued;
}

/**
 * The entry's structure, current as of this call, or null (not loaded: a build is started in the
 * background, or with `wait` awaited; or refused over the budget lately).
 */
export async function currentOf<I>(
  e: StoreEntry<I, unknown>,
  wait: boolean,
  build: () => Promise<void>,
  catchUp: () => Promise<void>,
): Promise<I | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!e.index) {
      if (e.refusedUntil > Date.now()) return null;
      const building = build();
      if (!wait) return null;
      await building;
      continue;
    }
    const ix = e.index;
    await freshCatchUp(e, catchUp);
    if (e.index === ix) return ix;
  }
  return null;
}
