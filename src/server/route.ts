// The shape of one API route: method, path, who may call it, zod schemas (input and responses), and a handler.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Permission, Principal } from '../platform/auth/index.js';
import type { Sql } from '../platform/db/index.js';
import { AppError } from '../platform/errors/index.js';
import type { JobQueue } from '../platform/jobs/index.js';
import type { SignInSettings } from '../platform/sso/index.js';

/** What every handler gets besides its parsed input. */
export interface Deps {
  sql: Sql;
  /**
   * The pool for dashboard and analytics reads: the streaming replica when one is configured, caught
   * up, and the caller has not just written (its reads must see its writes); else the primary.
   */
  readSql: Sql;
  /** The job queue, to enqueue background work. */
  jobs: JobQueue;
  /** How users sign in here: password login on or off, single sign-on when configured. */
  signIn: SignInSettings;
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

/** A response that is not JSON (an HTML page, an image, an event stream), by media type. */
export interface MediaResponse {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}

/** The responses of a route by status: a zod schema of the JSON body, or a non-JSON media response. */
export type ResponseSchemas = Record<number, z.ZodType | MediaResponse>;

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A value as a handler may return it for a JSON schema of `T`: Dates stand for the strings they serialize to. */
export type Wire<T> = T extends string
  ? string extends T
    ? T | Date
    : T
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<Wire<U>>
    : T extends Date
      ? T
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** What a handler may return: a body of one of its JSON responses (nothing for 204), or a page or image. */
type Returned<R> = {
  [K in keyof R]: R[K] extends z.ZodNull
    ? null | undefined
    : R[K] extends z.ZodType
      ? Wire<z.output<R[K]>>
      : string | Buffer | undefined;
}[keyof R];

/**
 * Services name the domain fields at fault (`surveyId`, `timeZones.2`); a route says where each is in
 * its request (`{ surveyId: 'query.survey', timeZones: 'body.timeZones' }`). Fields not in the map keep
 * their name.
 */
export type FieldMap = Readonly<Record<string, string>>;

/** `{ name: 'query.name' }` for each name: service fields that are query parameters of the same name. */
export const queryFields = (...names: string[]): FieldMap =>
  Object.fromEntries(names.map((n) => [n, `query.${n}`]));

/** A service error's invalid params renamed to where the fields are in the request (the error is kept). */
export function inRequest(err: unknown, fields: FieldMap | undefined): unknown {
  if (!fields || !(err instanceof AppError)) return err;
  for (const p of err.invalidParams) {
    const dot = p.name.indexOf('.');
    const head = dot < 0 ? p.name : p.name.slice(0, dot);
    const to = fields[head];
    if (to !== undefined) p.name = to + (dot < 0 ? '' : p.name.slice(dot));
  }
  return err;
}

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
    /** Every success response: the OpenAPI document and the response check are made from these. */
    response: ResponseSchemas;
  };
  /** Per-route rate limit per minute, for public endpoints. */
  rateLimit?: number;
  /** Largest body (bytes) this route takes, where it differs from the server's. */
  bodyLimit?: number;
  /** Where the fields its services name in their errors are in the request (see `inRequest`). */
  fields?: FieldMap;
  // Handler input types are checked in `defineRoute`; the table stores them erased.
  handler: (input: RouteInput<never, never, never>) => Promise<unknown>;
}

/**
 * Define a route with its handler typed from its schemas: the input from `body`/`querystring`/`params`, and
 * the value it returns against the `response` schemas (checked again at run time when responses are checked).
 */
export function defineRoute<
  R extends ResponseSchemas,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(def: {
  summary: string;
  tags: string[];
  schema: { body?: B; querystring?: Q; params?: P; response: R };
  rateLimit?: number;
  bodyLimit?: number;
  fields?: FieldMap;
  handler: (input: RouteInput<Out<B>, Out<Q>, Out<P>>) => Promise<Returned<R>>;
}): Omit<RouteDef, 'method' | 'url' | 'auth'> {
  return def as unknown as Omit<RouteDef, 'method' | 'url' | 'auth'>;
}

/** A non-JSON response of one media type (its body is text or bytes, described but not checked). */
export function media(type: string, description: string): MediaResponse {
  return { description, content: { [type]: { schema: z.string().describe(description) } } };
}
