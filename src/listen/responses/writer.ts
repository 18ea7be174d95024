// Group commit for single submissions. Each response is checked as it arrives, then waits for the
// next write: submissions that arrive while a write is under way are written together by one
// transaction (one statement per survey, one WAL flush, one rollup update per statement), and each
// caller is answered only after that transaction committed, so an acknowledged response is durable
// exactly as before. A submission that arrives alone is written alone, by the one-statement path.
// Whatever the group cannot take as it is (an answer the fresh definition refuses, a contact the
// group could not resolve, a failed transaction) goes through the one-statement path on its own,
// which answers it exactly as a lone submission would be answered.

import type { Sql } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors/index.js';
import { type BatchItemResult, writeResponses } from './batch.js';
import type { ResponseInput, StoredResponse } from './types.js';

/** What storing one response came to. */
export interface Outcome {
  response: StoredResponse;
  duplicate: boolean;
}

/** Store one response on its own (the one-statement path); `checked` when its checks just passed. */
export type WriteOne = (
  sql: Sql,
  orgId: string,
  surveyId: string,
  input: ResponseInput,
  checked: boolean,
) => Promise<Outcome>;

/** Look up the response an idempotency key already stored. */
export type FindPrior = (
  sql: Sql,
  orgId: string,
  surveyId: string,
  key: string,
) => Promise<StoredResponse | undefined>;

interface Waiting {
  orgId: string;
  surveyId: string;
  input: ResponseInput;
  resolve: (outcome: Outcome) => void;
  reject: (err: unknown) => void;
}

/** At most this many submissions per transaction. */
const MAX_GROUP = 500;
/** Transactions under way at once: while one waits for its commit, the next one is being written. */
const MAX_IN_FLIGHT = 2;

/** The group writer of one pool. */
export class GroupWriter {
  private readonly queue: Waiting[] = [];
  private inFlight = 0;
  /** Transactions and the submissions they carried, since start (for the benchmark and tests). */
  readonly stats = { transactions: 0, grouped: 0, alone: 0, fallbacks: 0 };

  constructor(
    private readonly sql: Sql,
    private readonly one: WriteOne,
    private readonly findPrior: FindPrior,
  ) {}

  /** Store a response that passed its checks; resolves once it is committed. */
  submit(orgId: string, surveyId: string, input: ResponseInput): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ orgId, surveyId, input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const group = this.queue.splice(0, MAX_GROUP);
      this.inFlight++;
      this.write(group)
        .catch((err) => {
          for (const w of group) w.reject(err);
        })
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }

  private alone(w: Waiting, checked = false): Promise<void> {
    return this.one(this.sql, w.orgId, w.surveyId, w.input, checked).then(w.resolve, w.reject);
  }

  private async write(group: Waiting[]): Promise<void> {
    if (group.length === 1) {
      this.stats.alone++;
      return this.alone(group[0]!, true);
    }
    const bySurvey = new Map<string, Waiting[]>();
    for (const w of group) {
      const key = `${w.orgId}/${w.surveyId}`;
      const list = bySurvey.get(key);
      if (list) list.push(w);
      else bySurvey.set(key, [w]);
    }
    const written = new Map<Waiting, { result: BatchItemResult; stored: StoredResponse | undefined }>();
    try {
      await this.sql.begin(async (tx) => {
        for (const list of bySurvey.values()) {
          const { orgId, surveyId } = list[0]!;
          const { results, stored } = await writeResponses(
            tx as unknown as Sql,
            orgId,
            surveyId,
            list.map((w) => w.input),
            { root: this.sql, cached: true, refuseTakenEmails: true },
          );
          list.forEach((w, i) => {
            written.set(w, { result: results[i]!, stored: stored[i] });
          });
        }
      });
    } catch (err) {
      // Refused before or at commit (a survey closed or edited meanwhile, a touchpoint deleted, a
      // constraint): nothing was written, so each submission is tried on its own and gets its own
      // answer. A lost connection leaves the commit's fate unknown: that error is the answer.
      const refused = err instanceof AppError || (err as Error).name === 'PostgresError';
      if (!refused) throw err;
      this.stats.fallbacks += group.length;
      await Promise.all(group.map((w) => this.alone(w)));
      return;
    }
    this.stats.transactions++;
    this.stats.grouped += group.length;
    await Promise.all(
      group.map(async (w) => {
        const { result, stored } = written.get(w)!;
        if (result.status === 'created' && stored) return w.resolve({ response: stored, duplicate: false });
        if (result.status === 'duplicate' && w.input.idempotencyKey) {
          const prior = await this.findPrior(this.sql, w.orgId, w.surveyId, w.input.idempotencyKey).catch(
            (err: unknown) => {
              w.reject(err);
              return null;
            },
          );
          if (prior) return w.resolve({ response: prior, duplicate: true });
          if (prior === null) return;
        }
        // Refused by the group's checks: the one-statement path names the problem in its own words.
        this.stats.fallbacks++;
        return this.alone(w);
      }),
    );
  }
}

const writers = new WeakMap<Sql, GroupWriter>();

/** The group writer of a pool (made on first use). */
export function groupWriter(sql: Sql, one: WriteOne, findPrior: FindPrior): GroupWriter {
  let writer = writers.get(sql);
  if (!writer) {
    writer = new GroupWriter(sql, one, findPrior);
    writers.set(sql, writer);
  }
  return writer;
}

/** How the pool's group writer has written so far (none yet: undefined). */
export function groupWriterStats(sql: Sql): GroupWriter['stats'] | undefined {
  return writers.get(sql)?.stats;
}
