// The act worker loop: applies case rules to new feedback and delivers due webhooks. It wakes on
// the feedback announcements every intake path sends after commit, and polls besides, so feedback
// stored by any process (or announced by none) is taken within a second.
import type { Sql } from '../platform/db/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import type { Logger } from '../platform/log/index.js';
import { processCaseIntake } from './intake.js';
import { sendDailyDigests } from './notify.js';
import { deliverDueWebhooks } from './webhooks.js';

const POLL_MS = 500;

/** Start the loop in a worker process; returns the function that stops it (waiting for the current round). */
export function startActWorker(opts: {
  sql: Sql;
  jobs: JobQueue;
  log: Logger;
  pollMs?: number;
}): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    // Keep going while a round found work: a backlog drains at the speed of the work.
    for (let i = 0; i < 50 && !stopped; i++) {
      const n = await processCaseIntake(opts.sql, opts.jobs, { log: opts.log });
      const d = await deliverDueWebhooks(opts.sql);
      if (n === 0 && d === 0) break;
    }
  };
  const tick = () => {
    if (stopped) return;
    running = running
      .then(round)
      .catch((err) => opts.log.warn({ err }, 'act worker round failed'))
      .finally(() => {
        if (again && !stopped) {
          again = false;
          tick();
        }
      });
  };
  timer = setInterval(tick, opts.pollMs ?? POLL_MS);
  timer.unref();
  // The owners' daily digest: looked for every minute, sent once a day per organisation.
  const digest = setInterval(() => {
    sendDailyDigests(opts.sql).catch((err) => opts.log.warn({ err }, 'daily digest failed'));
  }, 60_000);
  digest.unref();
  let listener: Promise<{ unlisten(): Promise<void> }> | undefined = opts.sql
    .listen('northstar_feedback', () => {
      again = true;
      tick();
    })
    .catch(() => undefined as never);
  tick();
  return async () => {
    stopped = true;
    clearInterval(digest);
    if (timer) clearInterval(timer);
    timer = undefined;
    const l = listener;
    listener = undefined;
    if (l) await (await l)?.unlisten().catch(() => {});
    await running;
  };
}
