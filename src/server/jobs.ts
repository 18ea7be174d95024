// The job table: every background job a worker process runs, one line each.
import type { JobDefinition } from '../platform/jobs/index.js';

/** Every job the worker role polls for. Add a line per job (its module declares it with `defineJob`). */
export const JOBS: JobDefinition[] = [];
