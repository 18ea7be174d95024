// Process configuration, read once from the environment and validated.
export { packageRoot } from './paths.js';

import path from 'node:path';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  NORTHSTAR_READ_DATABASE_URL: z.string().url().optional(),
  NORTHSTAR_READ_MAX_LAG_SECONDS: z.coerce.number().min(0).default(30),
  NORTHSTAR_DATA_DIR: z.string().min(1).default('./northstar-data'),
  NORTHSTAR_ADMIN_EMAIL: z.string().email().optional(),
  NORTHSTAR_ADMIN_PASSWORD: z.string().min(10).optional(),
  NORTHSTAR_ORG_SLUG: z.string().default('default'),
  NORTHSTAR_ORG_NAME: z.string().default('My organisation'),
  NORTHSTAR_BODY_LIMIT: z.coerce.number().int().min(1024).default(1_048_576),
  NORTHSTAR_DB_POOL: z.coerce.number().int().min(1).max(200).default(25),
  NORTHSTAR_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  NORTHSTAR_PUBLIC_URL: z.string().url().optional(),
  NORTHSTAR_METRICS_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Validated process configuration. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** A streaming replica for dashboard and analytics reads (NORTHSTAR_READ_DATABASE_URL). */
  readDatabaseUrl: string | undefined;
  /** Reads go to the primary while the replica is further behind than this (seconds). */
  readMaxLagSeconds: number;
  dataDir: string;
  admin: { email: string; password: string } | undefined;
  org: { slug: string; name: string };
  bodyLimit: number;
  dbPoolSize: number;
  rateLimitPerMinute: number;
  publicUrl: string | undefined;
  /** Bearer token that GET /metrics requires; unset: no /metrics. */
  metricsToken: string | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
}

/** Read the configuration from an environment; throws a readable error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    readDatabaseUrl: e.NORTHSTAR_READ_DATABASE_URL,
    readMaxLagSeconds: e.NORTHSTAR_READ_MAX_LAG_SECONDS,
    dataDir: path.resolve(e.NORTHSTAR_DATA_DIR),
    admin:
      e.NORTHSTAR_ADMIN_EMAIL && e.NORTHSTAR_ADMIN_PASSWORD
        ? { email: e.NORTHSTAR_ADMIN_EMAIL, password: e.NORTHSTAR_ADMIN_PASSWORD }
        : undefined,
    org: { slug: e.NORTHSTAR_ORG_SLUG, name: e.NORTHSTAR_ORG_NAME },
    bodyLimit: e.NORTHSTAR_BODY_LIMIT,
    dbPoolSize: e.NORTHSTAR_DB_POOL,
    rateLimitPerMinute: e.NORTHSTAR_RATE_LIMIT,
    publicUrl: e.NORTHSTAR_PUBLIC_URL,
    metricsToken: e.NORTHSTAR_METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
  };
}
