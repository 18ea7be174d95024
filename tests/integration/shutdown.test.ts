// Graceful shutdown: requests in flight finish; new ones are turned away; the database closes last.
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
afterAll(() => db?.drop());

describe('graceful shutdown', () => {
  it('finishes in-flight requests before closing', async () => {
    db = await createTestDatabase();
    const app = await buildApp({ sql: db.sql, logger: createLogger('silent') });
    // A request that holds a database connection for a while, as a slow query would.
    app.get('/slow', async () => {
      const [row] = await db.sql<{ ok: number }[]>`select 1 as ok from pg_sleep(0.4)`;
      return { done: row?.ok };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    const inFlight = fetch(`${url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await new Promise((r) => setTimeout(r, 100));
    const closed = app.close();
    const result = await inFlight;
    await closed;
    expect(result).toEqual({ status: 200, body: { done: 1 } });
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
