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
  NORTHSTAR_ANALYTICS_STALENESS_MS: z.coerce.number().int().min(0).max(10_000).default(1_000),
  NORTHSTAR_ANALYTICS_INDEX: z
    .string()
    .toLowerCase()
    .pipe(z.enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no']))
    .default('on'),
  NORTHSTAR_ANALYTICS_INDEX_ROWS: z.coerce.number().int().min(0).default(20_000_000),
  NORTHSTAR_COMMENT_INDEX_MB: z.coerce.number().int().min(0).default(1_024),
  NORTHSTAR_ANALYTICS_INDEX_WARM: z
    .string()
    .toLowerCase()
    .pipe(z.enum(['on', 'off']))
    .optional(),
  NORTHSTAR_PUBLIC_URL: z.string().url().optional(),
  NORTHSTAR_METRICS_TOKEN: z.string().min(16).optional(),
  NORTHSTAR_PASSWORD_LOGIN: z.enum(['true', 'false']).default('true'),
  NORTHSTAR_OIDC_ISSUER: z.string().url().optional(),
  NORTHSTAR_OIDC_CLIENT_ID: z.string().min(1).optional(),
  NORTHSTAR_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  NORTHSTAR_OIDC_REDIRECT_URL: z.string().url().optional(),
  NORTHSTAR_OIDC_ORG: z.string().min(1).optional(),
  NORTHSTAR_OIDC_DEFAULT_ROLE: z.enum(['admin', 'analyst', 'agent', 'viewer']).default('viewer'),
  NORTHSTAR_OIDC_ALLOWED_DOMAINS: z.string().optional(),
  NORTHSTAR_OIDC_LABEL: z.string().min(1).max(60).default('single sign-on'),
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
  /** How old (ms) the analytics version that dashboard reads share may be; 0: every read is exact. */
  analyticsStalenessMs: number;
  /** The in-memory columnar index of analytics reads: on or off, and the rows one process holds at most. */
  analyticsIndex: { enabled: boolean; maxRows: number };
  /** Bytes all organisations' comment indexes of one process hold at most (NORTHSTAR_COMMENT_INDEX_MB). */
  commentIndexBytes: number;
  /**
   * Whether the web server builds the organisations' indexes, then the surveys' answer stores, in the
   * background after it listens (NORTHSTAR_ANALYTICS_INDEX_WARM; on, except off by default when NODE_ENV is test).
   */
  analyticsIndexWarm: boolean;
  publicUrl: string | undefined;
  /** Bearer token that GET /metrics requires; unset: no /metrics. */
  metricsToken: string | undefined;
  /** Whether email and password login is open (NORTHSTAR_PASSWORD_LOGIN; true unless set to false). */
  passwordLogin: boolean;
  /** OpenID Connect single sign-on, when NORTHSTAR_OIDC_ISSUER is set (see docs/security.md). */
  sso: SsoConfig | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
}

/** Single sign-on with one OpenID Connect provider for the deployment; users land in one organisation. */
export interface SsoConfig {
  issuer: string;
  clientId: string;
  /** Unset: a public client (PKCE only, no client authentication). */
  clientSecret: string | undefined;
  /** This server's callback, registered at the provider: https://HOST/api/v1/auth/oidc/callback. */
  redirectUrl: string;
  /** Slug of the organisation users sign in to (default NORTHSTAR_ORG_SLUG). */
  orgSlug: string;
  /** Role of users created at their first sign-in. */
  defaultRole: 'admin' | 'analyst' | 'agent' | 'viewer';
  /** Email domains allowed in (lower case); empty: any the provider vouches for. */
  allowedDomains: string[];
  /** What the login page's button names ("Sign in with …"). */
  label: string;
}

function ssoConfig(e: z.infer<typeof Env>): SsoConfig | undefined {
  if (!e.NORTHSTAR_OIDC_ISSUER) return undefined;
  const missing = (['NORTHSTAR_OIDC_CLIENT_ID', 'NORTHSTAR_OIDC_REDIRECT_URL'] as const).filter((k) => !e[k]);
  if (missing.length > 0) {
    throw new Error(
      `Invalid configuration:\n${missing.map((k) => `  ${k}: required when NORTHSTAR_OIDC_ISSUER is set`).join('\n')}`,
    );
  }
  return {
    issuer: e.NORTHSTAR_OIDC_ISSUER,
    clientId: e.NORTHSTAR_OIDC_CLIENT_ID!,
    clientSecret: e.NORTHSTAR_OIDC_CLIENT_SECRET,
    redirectUrl: e.NORTHSTAR_OIDC_REDIRECT_URL!,
    orgSlug: e.NORTHSTAR_OIDC_ORG ?? e.NORTHSTAR_ORG_SLUG,
    defaultRole: e.NORTHSTAR_OIDC_DEFAULT_ROLE,
    allowedDomains: (e.NORTHSTAR_OIDC_ALLOWED_DOMAINS ?? '')
      .split(',')
      .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean),
    label: e.NORTHSTAR_OIDC_LABEL,
  };
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
    analyticsStalenessMs: e.NORTHSTAR_ANALYTICS_STALENESS_MS,
    analyticsIndex: {
      enabled: !['off', 'false', '0', 'no'].includes(e.NORTHSTAR_ANALYTICS_INDEX),
      maxRows: e.NORTHSTAR_ANALYTICS_INDEX_ROWS,
    },
    commentIndexBytes: e.NORTHSTAR_COMMENT_INDEX_MB * 1_048_576,
    analyticsIndexWarm:
      (e.NORTHSTAR_ANALYTICS_INDEX_WARM ?? (env.NODE_ENV === 'test' ? 'off' : 'on')) === 'on',
    publicUrl: e.NORTHSTAR_PUBLIC_URL,
    metricsToken: e.NORTHSTAR_METRICS_TOKEN,
    passwordLogin: e.NORTHSTAR_PASSWORD_LOGIN === 'true',
    sso: ssoConfig(e),
    logLevel: e.LOG_LEVEL,
  };
}
