// `northstar demo`: load the demo organisation (once), then serve it and print how to get in.
import { randomBytes } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { loadDemoGaps } from '../demo/gaps.js';
import { loadDemoData } from '../demo/index.js';
import { createApiKey, createUser, hashPassword } from '../platform/auth/index.js';
import { loadConfig } from '../platform/config/index.js';
import { type Database, openDatabase, type Sql, survivePoolWriteAfterClose } from '../platform/db/index.js';
import { JobQueue } from '../platform/jobs/index.js';
import { createLogger } from '../platform/log/index.js';
import { findOrganisationBySlug } from '../platform/tenancy/index.js';
import { requestChurnTraining } from '../prove/index.js';
import { closeOnSignals, startServer, survivesDatabaseLoss } from '../server/index.js';
import { requestRerun } from '../understand/comments/index.js';

const DEMO_SLUG = 'demo';
const DEMO_EMAIL = 'admin@demo.northstar.test';

/**
 * Ask for the demo's comments to be enriched (language, PII, sentiment, themes) by a background run,
 * which a server's worker starts at once; its progress shows under Text analytics.
 */
export async function enrichDemoComments(sql: Sql, orgId: string): Promise<void> {
  const jobs = new JobQueue({ sql, log: createLogger('error'), maintenance: false });
  try {
    await requestRerun(sql, jobs, orgId, 'demo data loaded');
    // a first churn model on the demo's outcomes, so the value pages show risk on first start
    await requestChurnTraining(jobs, orgId);
  } finally {
    await jobs.stop();
  }
}

/** Load the demo data if absent; give the demo admin a fresh password and mint an API key. */
export async function prepareDemo(
  db: Database,
  opts: { seed?: number; progress?: boolean } = {},
): Promise<{ orgId: string; loaded: boolean; email: string; password: string; apiKey: string }> {
  let org = await findOrganisationBySlug(db.sql, DEMO_SLUG);
  let loaded = false;
  if (!org) {
    const bar = opts.progress
      ? new SingleBar({ format: 'Loading demo data [{bar}] {percentage}% {stage}', hideCursor: true })
      : undefined;
    bar?.start(100, 0, { stage: '' });
    await loadDemoData(db.sql, {
      slug: DEMO_SLUG,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      onProgress: (done, total, stage) =>
        bar?.update(Math.round((100 * done) / Math.max(total, 1)), { stage }),
    });
    bar?.update(100, { stage: 'done' });
    bar?.stop();
    org = await findOrganisationBySlug(db.sql, DEMO_SLUG);
    loaded = true;
    if (org) await loadDemoGaps(db.sql, org.id, opts.seed !== undefined ? { seed: opts.seed } : {});
    if (org) await enrichDemoComments(db.sql, org.id);
  }
  if (!org) throw new Error('The demo organisation could not be loaded');
  // A fresh password each run: the old one was only ever shown on screen and is stored hashed.
  const password = randomBytes(9).toString('base64url');
  const updated = await db.sql`update users set password_hash = ${await hashPassword(password)}
    where org_id = ${org.id} and email = ${DEMO_EMAIL} returning id`;
  if (updated.length === 0) {
    await createUser(db.sql, org.id, { email: DEMO_EMAIL, name: 'Demo Admin', role: 'owner', password });
  }
  const { key } = await createApiKey(db.sql, org.id, `demo ${new Date().toISOString().slice(0, 10)}`);
  return { orgId: org.id, loaded, email: DEMO_EMAIL, password, apiKey: key };
}

/** Register the verb. */
export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'Load a realistic demo organisation (first run only), then serve it and print the login and an API key',
    )
    .option('--no-serve', 'load the demo data and print the credentials, without serving')
    .option('--seed <n>', 'random seed for the demo data', '42')
    .action(async (opts: { serve: boolean; seed: string }) => {
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got "${opts.seed}"`);
      const started = Date.now();
      const config = loadConfig();
      const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
      const db = await openDatabase(config, log);
      try {
        const demo = await prepareDemo(db, { seed, progress: process.stderr.isTTY === true });
        // Its workers start jobs at once (the first churn model among them): guard before they do.
        if (opts.serve) survivesDatabaseLoss(log);
        const server = opts.serve ? await startServer(db, config, log) : undefined;
        const url = server?.url ?? `http://localhost:${config.port}`;
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          [
            '',
            `Northstar demo ${demo.loaded ? 'loaded' : 'already loaded'} (${db.kind} database ${db.where}) in ${seconds} s.`,
            '',
            `  Dashboard:  ${url}`,
            `  Login:      ${demo.email}`,
            `  Password:   ${demo.password}`,
            '',
            `API key: ${demo.apiKey}`,
            '',
            'Try the API:',
            `  curl -H "Authorization: Bearer ${demo.apiKey}" "${url}/api/v1/scores?metric=nps&interval=month"`,
            '',
          ].join('\n'),
        );
        if (server) {
          closeOnSignals(server, log);
          survivePoolWriteAfterClose(log);
        } else await db.close();
      } catch (err) {
        await db.close().catch(() => {});
        throw err;
      }
    });
}
