// The shape of one API route: method, path, who may call it, zod schemas, and a handler recipe.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Permission, Principal } from '../platform/auth/index.js';
import type { Sql } from '../platform/db/index.js';
import type { JobQueue } from '../platform/jobs/index.js';

/** What every handler gets besides its parsed input. */
export interface Deps {
  sql: Sql;
  /** The job queue, to enqueue background work. */
  jobs: JobQueue;
}

/** Parsed input of a route, typed from its schemas. */
export interface RouteInput<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  principal: Principal;
  deps: Deps;
  req: FastifyRequest;
  reply: FastifyReply;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One route of the table. `auth: 'public'` routes get no principal (and must not use it). */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  auth: Permission | 'public';
  summary: string;
  tags: string[];
  schema: {
    body?: z.ZodType;
    querystring?: z.ZodType;
    params?: z.ZodType;
    response?: Record<number, z.ZodType>;
  };
  /** Per-route rate limit per minute, for public endpoints. */
  rateLimit?: number;
  /** Largest body (bytes) this route takes, where it differs from the server's. */
  bodyLimit?: number;
  // Handler input types are checked in `defineRoute`; the table stores them erased.
  handler: (input: RouteInput<never, never, never>) => Promise<unknown>;
}

/** Define a route with its handler typed from its schemas. */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(def: {
  summary: string;
  tags: string[];
  schema: { body?: B; querystring?: Q; params?: P; response?: Record<number, z.ZodType> };
  rateLimit?: number;
  bodyLimit?: number;
  handler: (input: RouteInput<Out<B>, Out<Q>, Out<P>>) => Promise<unknown>;
}): Omit<RouteDef, 'method' | 'url' | 'auth'> {
  return def as unknown as Omit<RouteDef, 'method' | 'url' | 'auth'>;
}
