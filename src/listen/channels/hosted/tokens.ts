// Signed survey tokens: HMAC-SHA256 with a per-organisation key kept in the database.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createCache } from '../../../platform/cache/index.js';
import type { Sql } from '../../../platform/db/index.js';
import { ensureSigningKey } from './queries/signing-keys.js';

/**
 * What a token says. `k`: 'p' personal link (one response per token), 'f' form token (binds a page's
 * answers to one respondent session), 'w' widget display. `s`: survey id; `c`: contact id; `n`: nonce or
 * session key; `x`: expiry in epoch seconds; `ch`: the channel responses through it are recorded under.
 */
export interface TokenPayload {
  k: 'p' | 'f' | 'w';
  s: string;
  n: string;
  c?: string;
  x?: number;
  /** Channel the response is recorded under (default 'link'): e.g. 'email' for an invitation's link. */
  ch?: string;
}

const KEY_VERSION = 1;
// Keys never change once written; caching them spares a query per request.
const keys = createCache<Buffer>({ max: 10_000 });

async function signingKey(sql: Sql, orgId: string): Promise<Buffer> {
  const cached = keys.get(orgId);
  if (cached) return cached;
  const secret = await ensureSigningKey(sql, orgId, KEY_VERSION, randomBytes(32));
  keys.set(orgId, secret);
  return secret;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A new random nonce (128 bits, base64url). */
export function nonce(): string {
  return randomBytes(16).toString('base64url');
}

/** Sign a payload: `<base64url JSON>.<base64url HMAC>`. */
export async function signToken(sql: Sql, orgId: string, payload: TokenPayload): Promise<string> {
  const body = b64(JSON.stringify({ ...payload, v: KEY_VERSION }));
  const mac = createHmac('sha256', await signingKey(sql, orgId))
    .update(body)
    .digest();
  return `${body}.${b64(mac)}`;
}

/** Verify a token for an organisation and survey; undefined when forged, expired, or for another survey. */
export async function verifyToken(
  sql: Sql,
  orgId: string,
  surveyId: string,
  token: string,
  kind: TokenPayload['k'],
): Promise<TokenPayload | undefined> {
  const m = /^([A-Za-z0-9_-]{10,1000})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return undefined;
  const expected = createHmac('sha256', await signingKey(sql, orgId))
    .update(m[1]!)
    .digest();
  const given = Buffer.from(m[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let p: TokenPayload;
  try {
    p = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as TokenPayload;
  } catch {
    return undefined;
  }
  if (p.k !== kind || p.s !== surveyId || typeof p.n !== 'string') return undefined;
  if (p.ch !== undefined && (typeof p.ch !== 'string' || !/^[a-z_]{1,20}$/.test(p.ch))) return undefined;
  if (p.x !== undefined && p.x * 1000 < Date.now()) return undefined;
  return p;
}

/** What a token says, without checking its signature: only to look up what to verify it against. */
export function peekToken(token: string | undefined): TokenPayload | undefined {
  const body = token ? /^([A-Za-z0-9_-]{10,1000})\.[A-Za-z0-9_-]{43}$/.exec(token)?.[1] : undefined;
  if (!body) return undefined;
  try {
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    return typeof p === 'object' && p !== null && typeof p.n === 'string' ? p : undefined;
  } catch {
    return undefined;
  }
}
