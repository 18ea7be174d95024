// The HTTP application: plugins, authentication, the route table, OpenAPI, health checks and the dashboard.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  authenticateApiKey,
  authenticateSession,
  authenticateShareLink,
  can,
  type Permission,
  type Principal,
  recentlyVerified,
  SHARE_COOKIE,
} from '../platform/auth/index.js';
import { packageRoot } from '../platform/config/index.js';
import type { Sql } from '../platform/db/index.js';
import { ForbiddenError, UnauthorizedError } from '../platform/errors/index.js';
import { JobQueue, requestStarted } from '../platform/jobs/index.js';
import type { Logger } from '../platform/log/index.js';
import { ReadRouter } from '../platform/replica/index.js';
import type { SignInSettings } from '../platform/sso/index.js';
import { LIMITS } from '../shared/limits.js';
import { redactUrl } from './access-log.js';
import { registerAnalyticsEtags } from './etag.js';
import {
  checkSessionOrigin,
  registerBodyGuards,
  registerSecurityHeaders,
  registerTextGuard,
} from './guards.js';
import { registerMetrics } from './metrics.js';
import { problemResponse, swaggerOptions } from './openapi.js';
import { errorHandler, sendProblem } from './problem.js';
import { responseSerializer } from './response-check.js';
import { inRequest, type RouteInput } from './route.js';
import { SESSION_COOKIE } from './routes/auth/routes.js';
import { endFeedbackStreams } from './routes/feedback/stream-routes.js';
import { registerWidgetCors } from './routes/widget/routes.js';
import { ROUTES } from './routes.js';
import { shareMayCall } from './share-access.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** The pool this request's dashboard reads use (primary or replica), chosen once. */
    readPool: Sql | undefined;
  }
  interface FastifyContextConfig {
    auth?: Permission | 'public';
  }
}

/** What the app needs from its process. */
export interface AppOptions {
  sql: Sql;
  logger: Logger;
  bodyLimit?: number;
  rateLimitPerMinute?: number;
  /** Folder of the built dashboard; defaults to dist/web in the package. */
  webDir?: string;
  /** The job queue routes enqueue on; one is made (and stopped with the app) when not given. */
  jobs?: JobQueue;
  /** A pool on a streaming replica for dashboard and analytics reads (NORTHSTAR_READ_DATABASE_URL). */
  readSql?: Sql | undefined;
  /** Reads go to the primary while the replica is further behind than this (default 30 s). */
  readMaxLagSeconds?: number;
  /** Bearer token for GET /metrics (NORTHSTAR_METRICS_TOKEN); without one there is no /metrics. */
  metricsToken?: string | undefined;
  /** Origins besides the request's own host from which cookie sessions may make changes (NORTHSTAR_PUBLIC_URL). */
  trustedOrigins?: string[];
  /**
   * Check every JSON response against its route's schema and fail the request when it does not match
   * (tests and development; costs a parse per response). Default: NORTHSTAR_CHECK_RESPONSES=1.
   */
  checkResponses?: boolean;
  /** Password login on or off, and single sign-on (NORTHSTAR_PASSWORD_LOGIN, NORTHSTAR_OIDC_*); default password only. */
  signIn?: SignInSettings;
  /**
   * How old (ms) the analytics version that reads share may be (NORTHSTAR_ANALYTICS_STALENESS_MS, see
   * docs/analytics.md); a caller's own changes are always in its reads. Default 0: every read is exact.
   */
  analyticsStalenessMs?: number;
}

async function authenticate(
  sql: Sql,
  req: FastifyRequest,
  trustedOrigins: readonly string[],
): Promise<Principal | undefined> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m?.[1]) throw new UnauthorizedError('Authorization header must be "Bearer <API key>"');
    const key = await authenticateApiKey(sql, m[1]);
    if (!key) throw new UnauthorizedError('The API key is not valid (unknown or revoked)');
    // A key acts for its organisation with the role it was given.
    return { orgId: key.orgId, role: key.role, kind: 'api_key', id: key.id };
  }
  const token = req.cookies[SESSION_COOKIE];
  if (token) {
    const user = await authenticateSession(sql, token);
    // A browser sends the cookie by itself: changes must come from the dashboard's origin.
    if (user) checkSessionOrigin(req, trustedOrigins);
    if (user) return { orgId: user.orgId, role: user.role, kind: 'user', id: user.id };
  }
  // A read-only share link: a viewer of its organisation, limited further to SHARE_READS (preParsing).
  const share = req.cookies[SHARE_COOKIE];
  if (share) {
    const link = await authenticateShareLink(sql, share);
    if (link) return { orgId: link.orgId, role: 'viewer', kind: 'share_link', id: link.id };
  }
  return undefined;
}

/** Build the Fastify app (not listening): used by `serve` and, in process, by tests. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: opts.bodyLimit ?? LIMITS.bodyBytes,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    },
    return503OnClosing: true,
    // Requests are logged by the onResponse hook below, with tokens and query values removed.
    logController: new LogController({ disableRequestLogging: true }),
    // Signed personal tokens travel in paths (/e/{token}/{score}) and run to a few hundred characters.
    routerOptions: { maxParamLength: 1_000 },
  }).withTypeProvider<ZodTypeProvider>();

  const signIn: SignInSettings = opts.signIn ?? { passwordLogin: true, sso: undefined };
  // Dashboard reads: the replica when there is one, caught up, and the caller has not just written.
  const reads = new ReadRouter(opts.sql, opts.readSql, { maxLagSeconds: opts.readMaxLagSeconds ?? 30 });
  reads.start();
  app.addHook('onClose', async () => reads.stop());
  // One choice per request, so an analytics answer and the version it is tagged with come from the same database.
  const readPool = (req: FastifyRequest): Sql => {
    req.readPool ??= reads.pool(req.principal ? `${req.principal.kind}:${req.principal.id}` : undefined);
    return req.readPool;
  };

  const jobs = opts.jobs ?? new JobQueue({ sql: opts.sql, log: opts.logger, maintenance: false });
  if (!opts.jobs) app.addHook('onClose', async () => jobs.stop());

  // Open event streams would hold the server open: end them first (clients reconnect elsewhere).
  app.addHook('preClose', async () => endFeedbackStreams());

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(
    responseSerializer(opts.checkResponses ?? process.env.NORTHSTAR_CHECK_RESPONSES === '1'),
  );
  app.setErrorHandler(errorHandler);
  app.decorateRequest('principal', undefined);
  app.decorateRequest('readPool', undefined);
  // While closing, answers to in-flight requests end their keep-alive connection, so close()
  // does not wait for idle sockets to time out.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Background work in this process (comment enrichment) gives way while requests are in flight
  // (event streams, open for as long as a dashboard is, are not waited for).
  app.addHook('onRequest', async (req, reply) => {
    if (req.routeOptions.url === '/api/v1/feedback/stream') return;
    reply.raw.once('close', requestStarted());
  });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      {
        req: { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip },
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
      },
      'request completed',
    );
  });

  await app.register(fastifyCookie);
  // JSON-only API; plain HTML form posts where a form is the contract (the hosted survey page works
  // without JavaScript, the email pages).
  await registerBodyGuards(app as unknown as FastifyInstance);
  registerTextGuard(app as unknown as FastifyInstance);
  registerSecurityHeaders(app as unknown as FastifyInstance);
  registerAnalyticsEtags(app as unknown as FastifyInstance, readPool, {
    stalenessMs: opts.analyticsStalenessMs ?? 0,
    lastWrite: (who) => reads.lastWrite(who),
  });
  await registerWidgetCors(app as unknown as FastifyInstance, opts.sql);
  await app.register(fastifyRateLimit, {
    global: true,
    max: opts.rateLimitPerMinute ?? 600,
    timeWindow: 60_000,
    // One budget per API key or session once it has been proven; anonymous callers, and credentials
    // not yet proven (made-up keys or cookies among them), share their IP's.
    keyGenerator: (req) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const session = bearer ? undefined : req.cookies?.[SESSION_COOKIE];
      return recentlyVerified({ bearer, session }) ?? `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) => {
      const err = new Error(
        `Rate limit exceeded: at most ${ctx.max} requests per minute; retry in ${ctx.after}`,
      ) as Error & {
        statusCode: number;
      };
      err.statusCode = 429;
      return err;
    },
  });
  await app.register(fastifySwagger, swaggerOptions);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    try {
      // Answer within a second whatever the database does (a load balancer's probe must not hang).
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('no answer within 0.8 s'), { code: 'CONNECT_TIMEOUT' })),
          800,
        );
      });
      const probe = opts.sql`select 1`.execute();
      probe.catch(() => {});
      await Promise.race([probe, late]).finally(() => clearTimeout(timer));
      const replica = reads.status();
      return replica.configured
        ? { status: 'ready', replica: { lagSeconds: replica.lagSeconds } }
        : { status: 'ready' };
    } catch (err) {
      req.log.warn({ err }, 'database not reachable');
      return sendProblem(reply, req, {
        status: 503,
        code: 'database_unreachable',
        detail: 'The database is not reachable',
      });
    }
  });
  registerMetrics(app as unknown as FastifyInstance, opts.sql, opts.metricsToken, () => reads.status());
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      schema: {
        ...route.schema,
        response: { ...route.schema.response, default: problemResponse },
        summary: route.summary,
        tags: route.tags,
        security: route.auth === 'public' ? [] : [{ apiKey: [] }, { session: [] }],
      },
      config: {
        auth: route.auth,
        ...(route.rateLimit
          ? {
              rateLimit: {
                max: route.rateLimit,
                timeWindow: 60_000,
                keyGenerator: (r: FastifyRequest) => `ip:${r.ip}:${route.url}`,
              },
            }
          : {}),
      },
      // Authentication runs before the body is read but after the rate limit (an onRequest hook), so
      // that requests with wrong credentials are counted and limited like any other.
      preParsing: async (req, _reply, payload) => {
        if (route.auth === 'public') return payload;
        const principal = await authenticate(opts.sql, req, opts.trustedOrigins ?? []);
        if (!principal)
          throw new UnauthorizedError(
            'Authentication required: send "Authorization: Bearer <API key>" or log in',
          );
        if (principal.kind === 'share_link' && !shareMayCall(route.method, route.url))
          throw new ForbiddenError('A share link may only read the analytics of the shared view');
        if (!can(principal.role, route.auth)) {
          throw new ForbiddenError(`Your role (${principal.role}) may not ${route.auth} here`);
        }
        req.principal = principal;
        return payload;
      },
      handler: async (req, reply) => {
        const who = req.principal ? `${req.principal.kind}:${req.principal.id}` : undefined;
        const input = {
          body: req.body,
          query: req.query,
          params: req.params,
          principal: req.principal as Principal,
          deps: { sql: opts.sql, readSql: readPool(req), jobs, signIn },
          req,
          reply,
        } as unknown as RouteInput<never, never, never>;
        let result: unknown;
        try {
          result = await route.handler(input);
          // Its own next reads must see this change: the primary for a while.
          if (who && req.method !== 'GET' && req.method !== 'HEAD') reads.noteWrite(who);
        } catch (err) {
          throw inRequest(err, route.fields);
        }
        return reply.statusCode === 204 ? reply.send() : result;
      },
    });
  }

  const webDir = opts.webDir ?? path.join(packageRoot(), 'dist', 'web');
  if (existsSync(path.join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, maxAge: '1h' });
  }
  // The survey widget and the hosted page's script, built by widget/build.mjs.
  const widgetDir = path.join(packageRoot(), 'dist', 'widget');
  if (existsSync(widgetDir)) {
    await app.register(fastifyStatic, {
      root: widgetDir,
      prefix: '/widget/',
      decorateReply: false,
      maxAge: '1h',
    });
  }
  app.setNotFoundHandler(async (req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/') && existsSync(path.join(webDir, 'index.html'))) {
      // The dashboard routes in the browser: unknown paths get the app shell.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', webDir);
    }
    if (req.method === 'GET' && req.url === '/') {
      return reply
        .type('text/html')
        .send(
          '<!doctype html><title>Northstar</title><p>The dashboard is not built. Run <code>npm run build</code>.</p>',
        );
    }
    return sendProblem(reply, req, {
      status: 404,
      code: 'route_not_found',
      detail: `No route ${req.method} ${req.url.split('?')[0]}`,
    });
  });
  // Callers only listen, inject and close: the plain instance type is enough for them.
  return app as unknown as FastifyInstance;
}
