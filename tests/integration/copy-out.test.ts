// COPY ... TO STDOUT read in a transaction: a COPY that arrives in one burst ends its statement too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCopyOut } from '../../src/platform/db/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms),
    ),
  ]);

describe('readCopyOut', () => {
  // Sizes from a few kB to about 60 kB: results that reach the driver in one burst, more than its stream
  // buffers before anyone listens. Before readCopyOut resumed the connection, one of the first dozen
  // such transactions never committed.
  it('finishes every transaction around a COPY of 3–60 kB, with every row read', async () => {
    for (let i = 0; i < 120; i++) {
      const rows = 50 + (i % 40) * 20;
      let lines = 0;
      let bytes = 0;
      await withTimeout(
        db.sql.begin('isolation level repeatable read read only', async (tx) => {
          await readCopyOut(
            tx.unsafe(`copy (select g, repeat('x', 60) from generate_series(1, ${rows}) g) to stdout`),
            (chunk) => {
              bytes += chunk.length;
              for (let j = chunk.indexOf(10); j !== -1; j = chunk.indexOf(10, j + 1)) lines++;
            },
          );
        }),
        5_000,
        `transaction ${i} (${rows} rows)`,
      );
      expect(lines).toBe(rows);
      expect(bytes).toBeGreaterThan(rows * 60);
    }
  });

  it('rethrows an error of the chunk handler after the COPY ended, leaving the connection usable', async () => {
    await expect(
      db.sql.begin(async (tx) => {
        await readCopyOut(tx.unsafe('copy (select generate_series(1, 1000)) to stdout'), () => {
          throw new Error('stop here');
        });
      }),
    ).rejects.toThrow('stop here');
    const [row] = await db.sql`select 1 as one`;
    expect(row?.one).toBe(1);
  });
});
