// Reads from a streaming replica (NORTHSTAR_READ_DATABASE_URL): dashboard and analytics reads go to the
// replica pool unless the caller wrote within the last few seconds (it must see its own writes) or the
// replica is behind by more than the allowed lag or not answering; then they go to the primary.
import type { Sql } from '../db/index.js';

/** Where a read went and why (for logs and tests). */
export type ReadTarget = 'replica' | 'primary';

/** The replica's lag as last measured: seconds, or null before the first answer or while it does not answer. */
export interface ReplicaStatus {
  configured: boolean;
  lagSeconds: number | null;
}

export class ReadRouter {
  private lag: number | null = null;
  private readonly writes = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly primary: Sql,
    private readonly replica: Sql | undefined,
    private readonly opts: { stickyMs?: number; maxLagSeconds?: number; pollMs?: number } = {},
  ) {}

  /** Measure the lag now and then every `pollMs` (default 2 s); nothing without a replica. */
  start(): void {
    if (!this.replica || this.timer) return;
    void this.measure();
    this.timer = setInterval(() => void this.measure(), this.opts.pollMs ?? 2_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Seconds the replica is behind: 0 when it has replayed all it received, else the age of the last
   * transaction it replayed. null when it does not answer.
   */
  async measure(): Promise<number | null> {
    if (!this.replica) return null;
    try {
      const [row] = await this.replica<{ lag: number }[]>`
        select case
          when not pg_is_in_recovery() then 0
          when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
          else coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0)
        end::float8 as lag`;
      this.lag = row ? Math.max(0, row.lag) : null;
    } catch {
      this.lag = null;
    }
    return this.lag;
  }

  status(): ReplicaStatus {
    return { configured: this.replica !== undefined, lagSeconds: this.lag };
  }

  /** A caller (`who`: principal kind and id) changed something: its reads go to the primary a while. */
  noteWrite(who: string): void {
    const now = Date.now();
    this.writes.set(who, now);
    // Forget callers whose window has passed (bounded memory).
    if (this.writes.size > 10_000) {
      const sticky = this.opts.stickyMs ?? 10_000;
      for (const [k, at] of this.writes) if (now - at > sticky) this.writes.delete(k);
    }
  }

  /** When this caller last changed something through this process (ms since the epoch), if recently. */
  lastWrite(who: string): number | undefined {
    return this.writes.get(who);
  }

  /** Where this caller's read goes. */
  target(who: string | undefined): ReadTarget {
    if (!this.replica || this.lag === null) return 'primary';
    if (this.lag > (this.opts.maxLagSeconds ?? 30)) return 'primary';
    const wrote = who ? this.writes.get(who) : undefined;
    if (wrote !== undefined && Date.now() - wrote < (this.opts.stickyMs ?? 10_000)) return 'primary';
    return 'replica';
  }

  /** The pool for this caller's read. */
  pool(who: string | undefined): Sql {
    return this.target(who) === 'replica' && this.replica ? this.replica : this.primary;
  }
}
