// An app whose mail goes over real SMTP on loopback: the receiver, an outbox folder, the mailer pointed
// at both, a fresh database, a job queue (not working: tests run jobs by hand) and the app on them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { useMail } from '../../src/listen/channels/email/index.js';
import { JobQueue } from '../../src/platform/jobs/index.js';
import { createLogger } from '../../src/platform/log/index.js';
import { buildApp } from '../../src/server/index.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { startSmtpReceiver } from './receivers.js';

export interface MailTestApp {
  db: TestDatabase;
  app: FastifyInstance;
  jobs: JobQueue;
  smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  outbox: string;
  close(): Promise<void>;
}

/** Start it all; `from` is the sender the mailer writes. */
export async function createMailTestApp(from: string): Promise<MailTestApp> {
  const smtp = await startSmtpReceiver();
  const outbox = mkdtempSync(path.join(tmpdir(), 'northstar-outbox-'));
  // biome-ignore lint/correctness/useHookAtTopLevel: useMail configures the mailer; it is not a React hook.
  useMail({ smtpUrl: smtp.url, outboxDir: outbox, from, publicUrl: 'http://cx.acme.test' });
  const db = await createTestDatabase();
  const jobs = new JobQueue({ sql: db.sql, log: createLogger('silent'), maintenance: false });
  const app = await buildApp({ sql: db.sql, logger: createLogger('silent'), jobs, checkResponses: true });
  await app.ready();
  return {
    db,
    app,
    jobs,
    smtp,
    outbox,
    async close() {
      await app.close();
      await jobs.stop();
      await db.drop();
      await smtp.close();
      rmSync(outbox, { recursive: true, force: true });
    },
  };
}
